"""What the events app holds about a person: their registrations. See members.registry."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from convene.events.models import Registration
from convene.events.queries import registrations_of
from convene.events.services import cancel_registration, forget_registrations_of
from convene.members.registry import (
    Due,
    Erasure,
    Exported,
    PersonalData,
    Retention,
    declare,
    declare_retention,
)


def export_registrations(user: User) -> Exported:
    return [
        {
            "event": registration.event.title,
            "starts_at": registration.event.starts_at.isoformat(),
            "status": registration.status,
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "access_needs": registration.access_needs,
            "registered_at": registration.created_at.isoformat(),
            "checked_in_at": registration.checked_in_at.isoformat()
            if registration.checked_in_at
            else None,
        }
        for registration in registrations_of(user)
    ]


def erase_registrations(user: User, erasure: Erasure) -> int:
    """Places at events still to come are given up (the next on the waiting list gets
    the place); every registration then keeps its status, for attendance figures, and
    loses whatever said who it was."""
    coming = Registration.objects.filter(
        user=user,
        event__ends_at__gte=timezone.now(),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
    )
    for registration in coming:
        cancel_registration(registration)
    return forget_registrations_of(user)


declare(
    PersonalData(
        key="event_registrations",
        label="Your event registrations",
        explanation="Each event you registered for: the name, email, organisation and "
        "access or dietary needs you gave, and whether you came.",
        models=(Registration,),
        export=export_registrations,
        erase=erase_registrations,
        order=10,
    )
)


# --- Retention: access and dietary needs, once the event is over ---------------------


def _needs_past_their_time(now: datetime) -> QuerySet[Registration]:
    cutoff = now - timedelta(days=settings.RETENTION_ATTENDEE_NEEDS_DAYS)
    return (
        Registration.objects.filter(event__ends_at__lt=cutoff)
        .exclude(access_needs="")
        .order_by("event__ends_at", "pk")
    )


def due_attendee_needs(now: datetime) -> Due:
    waiting = _needs_past_their_time(now)
    oldest = waiting.values_list("event__ends_at", flat=True).first()
    return Due(count=waiting.count(), oldest=oldest)


@transaction.atomic
def erase_attendee_needs(now: datetime, limit: int) -> int:
    batch = list(_needs_past_their_time(now).values_list("pk", flat=True)[:limit])
    return Registration.objects.filter(pk__in=batch).update(access_needs="")


declare_retention(
    Retention(
        key="attendee_needs",
        label="Attendees' access and dietary needs",
        explanation="What attendees told us about their access or dietary needs is "
        "cleared once the event is this far behind us; the registration stays.",
        setting="RETENTION_ATTENDEE_NEEDS_DAYS",
        keep_days=lambda: int(settings.RETENTION_ATTENDEE_NEEDS_DAYS),
        due=due_attendee_needs,
        erase_batch=erase_attendee_needs,
    )
)
