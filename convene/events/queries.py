from django.contrib.auth.models import User
from django.db.models import QuerySet

from convene.events.models import Event, EventQuerySet, Registration


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
