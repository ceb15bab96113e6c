from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from convene.core.text import refuse_control_characters
from convene.events.models import Event
from convene.themes.models import Theme


class Author(models.Model):
    """Who a post is by, with the public profile readers see beside it."""

    name = models.CharField(max_length=150, validators=[refuse_control_characters])
    slug = models.SlugField(max_length=150, unique=True)
    role = models.CharField(
        max_length=150, help_text='For example "Development Officer - Policy".'
    )
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:author", args=[self.slug])


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> "PostQuerySet":
        """Public posts: published, with a publication time that has come."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__lte=timezone.now()
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, validators=[refuse_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences for listings, feeds and link previews.",
        validators=[refuse_control_characters],
    )
    body = models.TextField(help_text="Markdown.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text="A time in the future schedules the post: it appears then.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="posts")
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="The event this post reports on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
        )

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_scheduled(self) -> bool:
        """Published, but waiting for its time: readers cannot see it until then."""
        return (
            self.status == self.Status.PUBLISHED and self.published_at > timezone.now()
        )
