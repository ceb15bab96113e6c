from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.blog.models import Author, Post, PostQuerySet
from convene.core.staff import staff_may

# Listings, feeds and the home page show this many posts at most.
FEED_LENGTH = 20


def sees_drafts(user: User | AnonymousUser) -> bool:
    """Staff who may edit posts see drafts and scheduled posts."""
    return staff_may(user, "blog.change_post")


def published_posts() -> PostQuerySet:
    return Post.objects.published().select_related("author").prefetch_related("themes")


def visible_posts_for(user: User | AnonymousUser) -> PostQuerySet:
    """What the listing shows: public posts, and to staff also drafts and scheduled posts."""
    if sees_drafts(user):
        return Post.objects.select_related("author").prefetch_related("themes")
    return published_posts()


def posts_by(author: Author) -> PostQuerySet:
    return published_posts().filter(author=author)


def get_post_for(user: User | AnonymousUser, slug: str) -> Post:
    """The post at `slug` if `user` may read it.

    Drafts and scheduled posts answer 404 rather than 403 to everyone but staff, so their
    titles and existence stay private until they are published.
    """
    post = get_object_or_404(
        Post.objects.select_related("author", "event").prefetch_related("themes"),
        slug=slug,
    )
    if post.is_public:
        return post
    if sees_drafts(user):
        return post
    raise Http404("No such post.")
