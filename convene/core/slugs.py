from typing import Any

from django.db import models
from django.utils.text import slugify


def unique_slug(
    queryset: "models.QuerySet[Any]", text: str, *, max_length: int, fallback: str
) -> str:
    """A slug for `text` that no row in `queryset` has yet.

    Two posts or events may share a title ("Newsletter", "Community day"), so a taken slug gets
    -2, -3 …, cut so the suffix still fits the field. Text with no sluggable characters (say,
    only emoji) falls back to a fixed word so the URL is never empty.
    """
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(
        queryset.filter(slug__startswith=base[: max_length - 4]).values_list(
            "slug", flat=True
        )
    )
    slug = base
    number = 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug
