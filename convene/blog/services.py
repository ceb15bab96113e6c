from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from convene.blog.models import Author, Post
from convene.core.slugs import unique_slug
from convene.events.models import Event
from convene.themes.models import Theme


@transaction.atomic
def create_author(
    name: str, *, role: str, bio: str = "", user: User | None = None
) -> Author:
    author = Author(
        name=name.strip(),
        slug=unique_slug(Author.objects.all(), name, max_length=150, fallback="author"),
        role=role.strip(),
        bio=bio.strip(),
        user=user,
    )
    author.full_clean()
    author.save()
    return author


@transaction.atomic
def create_post(
    title: str,
    *,
    author: Author,
    summary: str,
    body: str,
    themes: Iterable[Theme] = (),
    event: Event | None = None,
    status: Post.Status = Post.Status.DRAFT,
    published_at: datetime | None = None,
) -> Post:
    """Write a post; a draft unless `status` says otherwise.

    A published post with `published_at` in the future is scheduled: readers see it from then.
    """
    post = Post(
        title=title.strip(),
        slug=unique_slug(Post.objects.all(), title, max_length=200, fallback="post"),
        author=author,
        summary=summary.strip(),
        body=body,
        event=event,
        status=status,
        published_at=published_at or timezone.now(),
    )
    post.full_clean()
    post.save()
    post.themes.set(themes)
    return post
