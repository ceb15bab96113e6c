from datetime import timedelta
from typing import Any

from django.utils import timezone

from convene.blog.models import Author, Post
from convene.blog.services import create_author, create_post
from convene.events.models import Event
from convene.events.services import create_event


def make_author(**overrides: Any) -> Author:
    fields: dict[str, Any] = {
        "name": "Priya Natarajan",
        "role": "Development Officer - Policy",
        "bio": "Priya works on policy with member organisations.",
    }
    fields.update(overrides)
    return create_author(fields.pop("name"), **fields)


def make_post(**overrides: Any) -> Post:
    """A published post from an hour ago, unless told otherwise."""
    fields: dict[str, Any] = {
        "title": "What we heard in Sheffield",
        "summary": "People at the tables told us what matters where they live.",
        "body": "## At the tables\n\nPeople talked about **young people**.",
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    if "author" not in fields:
        fields["author"] = make_author()
    return create_post(fields.pop("title"), **fields)


def make_event(**overrides: Any) -> Event:
    """A past event for a post to report on."""
    starts_at = timezone.now() - timedelta(days=7)
    fields: dict[str, Any] = {
        "title": "Community Voices: Sheffield",
        "slug": "community-voices-sheffield",
        "summary": "An afternoon of conversation about what matters locally.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
    }
    fields.update(overrides)
    return create_event(fields.pop("title"), **fields)
