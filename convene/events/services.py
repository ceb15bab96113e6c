from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from convene.conversations.models import DiscussionGroup
from convene.core.errors import Refusal
from convene.core.slugs import unique_slug
from convene.events.live import publish_door_changed
from convene.events.models import (
    Event,
    Registration,
    Series,
    Session,
    Speaker,
    Venue,
    new_check_in_code,
    normalise_check_in_code,
)
from convene.events.tasks import send_registration_email
from convene.themes.models import Theme


class RegistrationError(Refusal):
    """A registration or cancellation the rules refuse; the message is shown to the person."""


class CheckInError(Refusal):
    """A code the door refuses; the message is shown to the staff member at the door."""


# --- Building events (admin, demo) -----------------------------------------------------


@transaction.atomic
def create_series(name: str, *, slug: str = "", description: str = "") -> Series:
    series = Series(
        name=name.strip(),
        slug=slug
        or unique_slug(Series.objects.all(), name, max_length=150, fallback="series"),
        description=description.strip(),
    )
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def create_venue(
    name: str,
    *,
    address: str,
    postcode: str = "",
    accessibility: str = "",
    directions: str = "",
    map_url: str = "",
) -> Venue:
    venue = Venue(
        name=name.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
        accessibility=accessibility.strip(),
        directions=directions.strip(),
        map_url=map_url,
    )
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def create_speaker(
    name: str,
    *,
    role: str = "",
    organisation: str = "",
    bio: str = "",
    website: str = "",
    slug: str = "",
) -> Speaker:
    speaker = Speaker(
        name=name.strip(),
        slug=slug
        or unique_slug(Speaker.objects.all(), name, max_length=150, fallback="speaker"),
        role=role.strip(),
        organisation=organisation.strip(),
        bio=bio.strip(),
        website=website,
    )
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def create_event(
    title: str,
    *,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    slug: str = "",
    description: str = "",
    venue: Venue | None = None,
    series: Series | None = None,
    capacity: int | None = None,
    registration_open: bool = True,
    is_published: bool = True,
    themes: Iterable[Theme] = (),
) -> Event:
    event = Event(
        title=title.strip(),
        slug=slug
        or unique_slug(Event.objects.all(), title, max_length=200, fallback="event"),
        summary=summary.strip(),
        description=description.strip(),
        venue=venue,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        registration_open=registration_open,
        is_published=is_published,
    )
    event.full_clean()
    event.save()
    event.themes.set(list(themes))
    return event


@transaction.atomic
def add_session(
    event: Event,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    room: str = "",
    speakers: Iterable[Speaker] = (),
    slides_url: str = "",
    link_url: str = "",
) -> Session:
    session = Session(
        event=event,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        description=description.strip(),
        room=room.strip(),
        slides_url=slides_url,
        link_url=link_url,
    )
    session.full_clean()
    session.save()
    session.speakers.set(list(speakers))
    return session


# --- Registration ----------------------------------------------------------------------


def enqueue_registration_email(registration_id: int, kind: str) -> None:
    send_registration_email.enqueue(registration_id, kind)


def _unused_code(event: Event) -> str:
    # A clash is about one in a billion per pair, but the constraint would turn it into a 500.
    while True:
        code = new_check_in_code()
        if not Registration.objects.filter(event=event, code=code).exists():
            return code


def is_registered(event: Event, email: str, *, other_than: int | None = None) -> bool:
    """Whether the address holds a live registration (a place or the waiting list) for the
    event, besides registration `other_than`: one per address, as the database enforces."""
    if not email.strip():
        return False  # no address given (a walk-in, a phone call): nothing to compare
    live = Registration.objects.filter(
        event=event, email=email.strip().lower()
    ).exclude(status=Registration.Status.CANCELLED)
    if other_than is not None:
        live = live.exclude(pk=other_than)
    return live.exists()


def add_registration(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str,
    access_needs: str,
    user: User | None,
    phone: str = "",
    channel: str = Registration.Channel.WEB,
    entered_by: User | None = None,
    table_id: int | None = None,
) -> Registration:
    """Take a place if one is free, else a place on the waiting list. `event` is locked."""
    if (
        table_id is not None
        and not DiscussionGroup.objects.filter(event=event, pk=table_id).exists()
    ):
        raise RegistrationError("That table is not at this event: choose another.")
    email = email.strip().lower()
    if is_registered(event, email):
        raise RegistrationError(
            f"{email} is already registered for this event. Your ticket is in the "
            "confirmation email we sent, with a link to cancel if you cannot come."
        )
    taken = Registration.objects.filter(event=event).holding_places().count()
    places_left = event.places_left(taken)
    full = places_left is not None and places_left == 0
    registration = Registration(
        event=event,
        user=user,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        organisation=organisation.strip(),
        access_needs=access_needs.strip(),
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
        channel=channel,
        entered_by=entered_by,
        table_id=table_id,
        code=_unused_code(event),
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def register_attendee(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    access_needs: str = "",
    user: User | None = None,
    table: str = "",
) -> Registration:
    """Give someone a place, or a place on the waiting list when the event is full, at
    the table they chose (`table`: its id, or empty) if the event has tables.

    The event row is locked first, so two people asking for the last place at the same moment
    are served one after the other: one gets it, the other joins the waiting list.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_past:
        raise RegistrationError(
            "This event has already taken place, so registration has closed."
        )
    if not event.registration_open:
        raise RegistrationError("Registration for this event is closed.")
    registration = add_registration(
        event,
        name=name,
        email=email,
        organisation=organisation,
        access_needs=access_needs,
        user=user,
        table_id=int(table) if table.isdigit() else None,
    )
    kind = (
        "waiting"
        if registration.status == Registration.Status.WAITING
        else "confirmation"
    )
    transaction.on_commit(partial(enqueue_registration_email, registration.pk, kind))
    transaction.on_commit(partial(publish_door_changed, event.pk))
    return registration


@transaction.atomic
def record_registration(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    access_needs: str = "",
    checked_in_at: datetime | None = None,
    phone: str = "",
    channel: str = Registration.Channel.PAPER,
    entered_by: User | None = None,
) -> Registration:
    """Record a registration taken elsewhere (an import, a paper list, the demo).

    Unlike `register_attendee` it accepts past and closed events and sends no email: the
    people concerned registered some other way and must not be written to out of the blue.
    With `checked_in_at`, the person is recorded as having attended.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = add_registration(
        event,
        name=name,
        email=email,
        organisation=organisation,
        access_needs=access_needs,
        user=None,
        phone=phone,
        channel=channel,
        entered_by=entered_by,
    )
    if checked_in_at is not None:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = checked_in_at
        registration.save(update_fields=["status", "checked_in_at"])
    transaction.on_commit(partial(publish_door_changed, event.pk))
    return registration


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel a place (or a place on the waiting list) and give a freed place to the next.

    Returns the registration promoted from the waiting list, if any. Cancelling twice
    changes nothing.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status == Registration.Status.CANCELLED:
        return None
    if registration.status == Registration.Status.ATTENDED:
        raise RegistrationError(
            "You have been checked in, so this cannot be cancelled."
        )
    if event.is_past:
        raise RegistrationError("This event has already taken place.")
    held_a_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    transaction.on_commit(partial(publish_door_changed, event.pk))
    if not held_a_place:
        return None
    return _promote_next(event)


@transaction.atomic
def fill_free_places(event: Event) -> list[Registration]:
    """Give an event's free places (its capacity raised, say) to the waiting list, first
    come first served, and tell each person promoted; returns them.

    Without this, free places would go to whoever registers next, ahead of people waiting.
    A past event promotes no one: its waiting list can no longer come.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_past:
        return []
    promoted: list[Registration] = []
    while (registration := _promote_next(event)) is not None:
        promoted.append(registration)
    if promoted:
        transaction.on_commit(partial(publish_door_changed, event.pk))
    return promoted


@transaction.atomic
def update_registration_details(
    registration: Registration,
    *,
    name: str,
    email: str,
    organisation: str = "",
    access_needs: str = "",
) -> Registration:
    """Correct who a registration is for (a misspelt name, a new address): its place, status
    and check-in code stay as they are."""
    registration.name = name.strip()
    registration.email = email.strip().lower()
    registration.organisation = organisation.strip()
    registration.access_needs = access_needs.strip()
    registration.full_clean()
    registration.save(update_fields=["name", "email", "organisation", "access_needs"])
    # The door pages list recent arrivals by name.
    transaction.on_commit(partial(publish_door_changed, registration.event_id))
    return registration


def _promote_next(event: Event) -> Registration | None:
    taken = Registration.objects.filter(event=event).holding_places().count()
    places_left = event.places_left(taken)
    if places_left is not None and places_left == 0:
        return None
    promoted = Registration.objects.filter(event=event).waiting().first()
    if promoted is None:
        return None
    promoted.status = Registration.Status.CONFIRMED
    promoted.save(update_fields=["status"])
    transaction.on_commit(partial(enqueue_registration_email, promoted.pk, "promoted"))
    return promoted


# --- At the door -----------------------------------------------------------------------


def check_in_opens_at(event: Event) -> datetime:
    """The start of the event's first day, local time: a volunteer trying the desk out a
    week early doesn't mark real people as arrived. It stays open after the event, for
    attendance typed in later from a paper list."""
    start = timezone.localtime(event.starts_at)
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


def check_in_not_open_yet(event: Event) -> str:
    """What the door says before the event's day ("" once check-in is open)."""
    opens = check_in_opens_at(event)
    if timezone.now() >= opens:
        return ""
    day = timezone.localtime(opens).strftime("%A %-d %B %Y")
    return f"Check-in opens on the day of the event, {day}."


def already_checked_in(registration: Registration) -> str:
    """What the door says of a second check-in: when the first was, and by whom if known."""
    by = registration.checked_in_by
    who = f" by {by.get_full_name() or by.get_username()}" if by else ""
    when = ""
    if registration.checked_in_at is not None:
        arrived = timezone.localtime(registration.checked_in_at)
        when = f" at {arrived:%H:%M} on {arrived:%A %-d %B}"
    return (
        f"{registration.name} ({registration.code}) is already checked in{when}{who}. "
        "Nothing was changed."
    )


@transaction.atomic
def check_in(event: Event, *, code: str, by: User | None = None) -> Registration:
    """Mark the holder of `code` as arrived, checked in by `by`. Each code works once."""
    if not_yet := check_in_not_open_yet(event):
        raise CheckInError(not_yet)
    normalised = normalise_check_in_code(code)
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, code=normalised)
        .first()
    )
    if registration is None:
        raise CheckInError(
            f"No one is registered for this event with code {normalised}."
        )
    if registration.status == Registration.Status.ATTENDED:
        raise CheckInError(already_checked_in(registration))
    if registration.status == Registration.Status.CANCELLED:
        raise CheckInError(
            f"{registration.name} ({normalised}) cancelled this registration."
        )
    if registration.status == Registration.Status.WAITING:
        raise CheckInError(
            f"{registration.name} ({normalised}) is on the waiting list and has no place."
        )
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    # Every door page open for the event, on other volunteers' phones, shows the arrival.
    transaction.on_commit(partial(publish_door_changed, event.pk))
    return registration


@transaction.atomic
def forget_registrations_of(user: User) -> int:
    """Remove a departing member's personal details from their registrations.

    The registrations stay, unlinked and nameless, so past attendance figures do not change.
    """
    registrations = list(Registration.objects.filter(user=user))
    for registration in registrations:
        registration.user = None
        registration.name = "Former member"
        registration.email = f"removed-{registration.pk}@invalid"
        registration.phone = ""
        registration.organisation = ""
        registration.access_needs = ""
        registration.save(
            update_fields=[
                "user",
                "name",
                "email",
                "phone",
                "organisation",
                "access_needs",
            ]
        )
    # Door pages open for those events stop showing the name among recent arrivals.
    for event_id in {registration.event_id for registration in registrations}:
        transaction.on_commit(partial(publish_door_changed, event_id))
    return len(registrations)
