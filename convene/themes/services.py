from django.db import transaction
from django.utils.text import slugify

from convene.themes.models import Theme


@transaction.atomic
def create_theme(name: str, *, explanation: str) -> Theme:
    theme = Theme(
        name=name.strip(), slug=slugify(name)[:80], explanation=explanation.strip()
    )
    theme.full_clean()
    theme.save()
    return theme
