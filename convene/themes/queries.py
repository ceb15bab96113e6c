from typing import Any

from django.db.models import QuerySet

from convene.blog.queries import published_posts
from convene.conversations.queries import public_conversations
from convene.events.queries import public_events
from convene.themes.models import Theme


def all_themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def tagged_with(theme: Theme) -> dict[str, Any]:
    """Everything public that carries the theme, by kind, for the theme's page."""
    return {
        "posts": published_posts().filter(themes=theme),
        "events": public_events().filter(themes=theme),
        "conversations": public_conversations().filter(themes=theme),
    }
