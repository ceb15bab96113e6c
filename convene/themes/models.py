from django.db import models
from django.urls import reverse

from convene.core.text import refuse_control_characters


class Theme(models.Model):
    """One entry in the shared framework of themes that tags everything on the site.

    Posts, events and later conversations, stories and activities all point here, so a theme's
    page shows existing work beside new work under the same name.
    """

    name = models.CharField(
        max_length=80, unique=True, validators=[refuse_control_characters]
    )
    slug = models.SlugField(max_length=80, unique=True)
    explanation = models.CharField(
        max_length=300, help_text="One or two sentences saying what the theme covers."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("themes:detail", args=[self.slug])
