import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from convene.themes.models import Theme

# Check-in codes avoid letters and digits that are easy to confuse when read aloud or typed.
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_IN_CODE_LENGTH = 6


def new_check_in_code() -> str:
    return "".join(
        secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH)
    )


def normalise_check_in_code(typed: str) -> str:
    """Codes are read aloud and typed on phones: ignore case, spaces and dashes."""
    return "".join(typed.split()).replace("-", "").upper()


class Series(models.Model):
    """A run of related events, such as "Community Voices in the North"."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:series", args=[self.slug])


class Venue(models.Model):
    name = models.CharField(max_length=150)
    address = models.TextField(
        help_text="Street address, town and postcode, one part per line."
    )
    postcode = models.CharField(max_length=12, blank=True)
    accessibility = models.TextField(
        "accessibility notes",
        blank=True,
        help_text="Step-free access, hearing loop, toilets, quiet room, parking.",
    )
    directions = models.TextField(
        blank=True, help_text="Public transport and walking directions."
    )
    map_url = models.URLField("map link", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self) -> "EventQuerySet":
        return (
            self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at")
        )

    def past(self) -> "EventQuerySet":
        return (
            self.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at")
        )


class Event(models.Model):
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences for listings and feeds."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places available; empty for no limit."
    )
    registration_open = models.BooleanField(default=True)
    is_published = models.BooleanField(default=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def places_left(self, taken: int) -> int | None:
        """Places still free when `taken` are confirmed or attended; None means no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - taken, 0)


class Speaker(models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    role = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item in an event's programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    room = models.CharField(max_length=100, blank=True)
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    slides_url = models.URLField("slides", blank=True)
    link_url = models.URLField("further reading or recording", blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_places(self) -> "RegistrationQuerySet":
        """Registrations that take a place: confirmed, or already checked in."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED]
        )

    def waiting(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.WAITING).order_by(
            "created_at", "pk"
        )


class Registration(models.Model):
    """A place (or a place on the waiting list) at an event, and its check-in code."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"

    class Channel(models.TextChoices):
        WEB = "web", "On the website"
        PHONE = "phone", "By phone"
        DOOR = "door", "At the door"
        PAPER = "paper", "On a paper form"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(max_length=150)
    # Someone who walks in or phones may give no address: then no email is ever sent.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    access_needs = models.TextField("access or dietary needs", blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # Who typed it in, when someone else did (a phone call, a walk-in, a paper form).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    over_capacity = models.BooleanField(
        "let in over capacity",
        default=False,
        help_text="Let in at the door when the event was already full.",
    )
    # The table they chose when registering, or the organiser gave them.
    table = models.ForeignKey(
        "conversations.DiscussionGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seated",
    )
    code = models.CharField(max_length=CHECK_IN_CODE_LENGTH, default=new_check_in_code)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="one_check_in_code_per_event"
            ),
            # One live registration per email address per event; a cancelled one may be redone.
            # Walk-ins and phone-ins without an address are told apart by name and code.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="one_registration_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.event}"
