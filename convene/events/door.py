"""The door's writes: walk-ins, people who phone in or post a form, and arrivals keyed in from
the paper door list. Each is one transaction; each records its channel and who typed it in."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from convene.events.live import publish_door_changed
from convene.events.models import Event, Registration, normalise_check_in_code
from convene.events.services import (
    CheckInError,
    RegistrationError,
    add_registration,
    already_checked_in,
    check_in_not_open_yet,
    check_in_opens_at,
    enqueue_registration_email,
)


@transaction.atomic
def register_walk_in(
    event: Event,
    *,
    name: str,
    by: User | None,
    email: str = "",
    phone: str = "",
    organisation: str = "",
    access_needs: str = "",
    over_capacity: bool = False,
    arrived_at: datetime | None = None,
    table: str = "",
) -> Registration:
    """Register someone who turns up unannounced and check them in, now or at `arrived_at`
    (a walk-in written on the paper list, typed in later).

    A full event refuses them unless the door chose to let them in anyway; the registration
    then says so, so the figures afterwards show who came in over capacity.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not_yet := check_in_not_open_yet(event):
        raise RegistrationError(not_yet)
    if arrived_at is not None:
        check_arrival_time(event, arrived_at)
    taken = Registration.objects.filter(event=event).holding_places().count()
    full = event.places_left(taken) == 0
    if full and not over_capacity:
        raise RegistrationError(
            f"The event is full ({taken} of {event.capacity} places taken). To let "
            f"{name.strip() or 'them'} in anyway, tick “Let them in over capacity” "
            "and press the button again."
        )
    registration = add_registration(
        event,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        access_needs=access_needs,
        user=None,
        channel=Registration.Channel.DOOR,
        entered_by=by,
        table_id=int(table) if table.isdigit() else None,
    )
    registration.status = Registration.Status.ATTENDED
    registration.over_capacity = full
    registration.checked_in_at = arrived_at or timezone.now()
    registration.checked_in_by = by
    registration.save(
        update_fields=["status", "over_capacity", "checked_in_at", "checked_in_by"]
    )
    transaction.on_commit(partial(publish_door_changed, event.pk))
    return registration


@transaction.atomic
def register_on_behalf(
    event: Event,
    *,
    name: str,
    by: User,
    channel: str,
    email: str = "",
    phone: str = "",
    organisation: str = "",
    access_needs: str = "",
) -> Registration:
    """Register someone who phoned in or sent a paper form: a place, or the waiting list.

    Organisers may still take registrations once the website's form is closed. A confirmation
    email goes out only when an address was given.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if channel not in (Registration.Channel.PHONE, Registration.Channel.PAPER):
        raise RegistrationError("Say whether they phoned or sent a paper form.")
    if event.is_past:
        raise RegistrationError("This event has already taken place.")
    registration = add_registration(
        event,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        access_needs=access_needs,
        user=None,
        channel=channel,
        entered_by=by,
    )
    kind = (
        "waiting"
        if registration.status == Registration.Status.WAITING
        else "confirmation"
    )
    transaction.on_commit(partial(enqueue_registration_email, registration.pk, kind))
    transaction.on_commit(partial(publish_door_changed, event.pk))
    return registration


@dataclass
class PaperArrivals:
    """What keying in a paper door list did, person by person."""

    checked_in: list[Registration] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)  # why each one was not changed


def check_arrival_time(event: Event, arrived_at: datetime) -> None:
    """Refuse an arrival time that cannot be right: in the future, or before the doors opened."""
    if arrived_at > timezone.now():
        raise CheckInError(
            f"{timezone.localtime(arrived_at):%H:%M on %A %-d %B} has not happened yet. "
            "Give the time they arrived."
        )
    opens = check_in_opens_at(event)
    if arrived_at < opens:
        raise CheckInError(
            f"{timezone.localtime(arrived_at):%H:%M on %A %-d %B} is before the doors "
            f"opened on {timezone.localtime(opens):%A %-d %B}. Check the date and time."
        )


def _codes_in(typed: str) -> list[str]:
    """Codes typed from the sheet, separated by spaces, commas or new lines."""
    return [
        normalise_check_in_code(code)
        for code in typed.replace(",", " ").replace(";", " ").split()
    ]


@transaction.atomic
def record_paper_arrivals(
    event: Event,
    *,
    arrived_at: datetime,
    by: User,
    registration_ids: Iterable[int] = (),
    codes: str = "",
) -> PaperArrivals:
    """Check in the people ticked on the paper door list (chosen, or typed by their codes),
    at the time they arrived.

    A bad time or an unknown code refuses the whole batch. Someone already checked in,
    cancelled or waiting is left as they are and reported, so keying the same sheet twice
    changes nothing.
    """
    check_arrival_time(event, arrived_at)
    typed = _codes_in(codes)
    known = set(
        Registration.objects.filter(event=event, code__in=typed).values_list(
            "code", flat=True
        )
    )
    if unknown := [code for code in typed if code not in known]:
        raise CheckInError(
            f"No one is registered for this event with code {', '.join(unknown)}. "
            "Nothing was saved: check the codes and try again."
        )
    result = PaperArrivals()
    registrations = (
        # Lock only the registrations: who checked them in is read, not changed.
        Registration.objects.select_for_update(of=("self",))
        .select_related("checked_in_by")
        .filter(event=event)
        .filter(Q(pk__in=list(registration_ids)) | Q(code__in=typed))
        .order_by(Lower("name"), "pk")
    )
    for registration in registrations:
        if registration.status == Registration.Status.ATTENDED:
            result.left_alone.append(already_checked_in(registration))
            continue
        if registration.status != Registration.Status.CONFIRMED:
            result.left_alone.append(
                f"{registration.name} ({registration.code}) is "
                f"{registration.get_status_display().lower()}: not checked in."
            )
            continue
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = arrived_at
        registration.checked_in_by = by
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
        result.checked_in.append(registration)
    if result.checked_in:
        transaction.on_commit(partial(publish_door_changed, event.pk))
    return result
