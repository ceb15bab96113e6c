from django.db import transaction

from convene.core.slugs import unique_slug
from convene.themes.models import Theme


@transaction.atomic
def create_theme(name: str, *, explanation: str) -> Theme:
    theme = Theme(
        name=name.strip(),
        slug=unique_slug(Theme.objects.all(), name, max_length=80, fallback="theme"),
        explanation=explanation.strip(),
    )
    theme.full_clean()
    theme.save()
    return theme
