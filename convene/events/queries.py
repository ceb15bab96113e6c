from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from convene.events.links import CANCEL_SALT, TICKET_SALT, registration_id_from
from convene.events.models import (
    Event,
    EventQuerySet,
    Registration,
    Series,
    Session,
    Speaker,
)

ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]


@dataclass(frozen=True)
class RegistrationCounts:
    taken: int  # confirmed or attended: holding a place
    waiting: int
    attended: int


def public_events() -> EventQuerySet:
    return Event.objects.published().select_related("venue", "series")


def upcoming_events() -> EventQuerySet:
    return Event.objects.upcoming().select_related("venue", "series")


def past_events() -> EventQuerySet:
    return Event.objects.past().select_related("venue", "series")


def registrations_of(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-event__starts_at")
    )


def live_registration_of(
    user: User | AnonymousUser, event: Event
) -> Registration | None:
    """A logged-in person's own place (or waiting-list place) at the event, if they have one."""
    if not isinstance(user, User):
        return None
    return (
        registrations_of(user)
        .filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def get_series(slug: str) -> Series:
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        raise Http404("No such series.")
    return series


def _registration_from(token: str, *, salt: str) -> Registration:
    pk = registration_id_from(token, salt=salt)
    if pk is None:
        raise Http404("This link is not valid.")
    registration = (
        Registration.objects.select_related("event__venue", "event__series")
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise Http404("This link is not valid.")
    return registration


def get_registration_for_ticket(token: str) -> Registration:
    """The signed link in the confirmation email is the holder's only key."""
    return _registration_from(token, salt=TICKET_SALT)


def get_registration_for_cancel(token: str) -> Registration:
    return _registration_from(token, salt=CANCEL_SALT)


def registration_counts(event: Event) -> RegistrationCounts:
    counts = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status__in=["confirmed", "attended"])),
        waiting=Count("pk", filter=Q(status="waiting")),
        attended=Count("pk", filter=Q(status="attended")),
    )
    return RegistrationCounts(
        taken=counts["taken"], waiting=counts["waiting"], attended=counts["attended"]
    )


def waiting_position(registration: Registration) -> int:
    """1 for the next person to be offered a place."""
    earlier = (
        Registration.objects.filter(event=registration.event_id)
        .waiting()
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
    )
    return earlier.count() + 1


def series_events(series: Series) -> EventQuerySet:
    return public_events().filter(series=series).order_by("starts_at")


def place_in_series(event: Event) -> str:
    """'first', 'second' … for "the first event in the series"; empty without a series."""
    if event.series_id is None:
        return ""
    position = (
        Event.objects.published()
        .filter(series=event.series_id, starts_at__lt=event.starts_at)
        .count()
    )
    if position < len(ORDINALS):
        return ORDINALS[position]
    number = position + 1
    suffix = (
        "th"
        if 10 <= number % 100 <= 20
        else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def programme_of(event: Event) -> list[Session]:
    return list(
        event.sessions.prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.order_by("name"))
        )
    )


def speakers_of(event: Event) -> QuerySet[Speaker]:
    return Speaker.objects.filter(sessions__event=event).distinct().order_by("name")


def attendees_of(event: Event) -> QuerySet[Registration]:
    """Everyone who registered, for staff, in the order they registered."""
    return Registration.objects.filter(event=event).order_by("created_at", "pk")


def recent_check_ins(event: Event, *, limit: int = 10) -> QuerySet[Registration]:
    return Registration.objects.filter(
        event=event, status=Registration.Status.ATTENDED
    ).order_by("-checked_in_at")[:limit]


# Search results are for picking one person out at the door, not browsing the list.
DOOR_SEARCH_LIMIT = 25


def search_attendees(event: Event, text: str) -> QuerySet[Registration]:
    """Live registrations whose name (or organisation, or code) contains every typed word.

    Words may come in any order ("smith jo" finds Jo Smith); the database escapes % and _.
    """
    found = Registration.objects.filter(event=event).exclude(
        status=Registration.Status.CANCELLED
    )
    words = text.split()
    if not words:
        return found.none()
    for word in words:
        found = found.filter(
            Q(name__icontains=word)
            | Q(organisation__icontains=word)
            | Q(code=word.upper())
        )
    return found.select_related("checked_in_by").order_by(Lower("name"), "pk")[
        :DOOR_SEARCH_LIMIT
    ]


def door_list(event: Event) -> QuerySet[Registration]:
    """Everyone with a place, alphabetical: the printed list and the paper key-in page."""
    return (
        Registration.objects.filter(event=event)
        .holding_places()
        .select_related("checked_in_by", "table")
        .order_by(Lower("name"), "pk")
    )
