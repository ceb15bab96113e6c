"""Build events and registrations through the services, as the site does."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from convene.events.models import Event, Registration
from convene.events.services import (
    add_session,
    create_event,
    create_series,
    create_speaker,
    create_venue,
    register_attendee,
)

_counter = iter(range(1, 1_000_000))


def in_days(days: int, hour: int = 10) -> datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_event(**overrides: Any) -> Event:
    n = next(_counter)
    fields: dict[str, Any] = {
        "title": f"Community day {n}",
        "slug": f"community-day-{n}",
        "summary": "Talks and workshops for community groups.",
        "starts_at": in_days(30, 10),
        "ends_at": in_days(30, 16),
        "capacity": 50,
    }
    fields.update(overrides)
    title = fields.pop("title")
    return create_event(title, **fields)


def make_event_today(**overrides: Any) -> Event:
    """An event on today, under way: its door's check-in is open."""
    now = timezone.now()
    fields: dict[str, Any] = {"starts_at": now, "ends_at": now + timedelta(hours=4)}
    fields.update(overrides)
    return make_event(**fields)


def make_full_programme(event: Event) -> None:
    """A venue, a series, a session with a speaker and slides: the page's whole story."""
    event.venue = create_venue(
        "The Foundry Rooms",
        address="27 Furnace Hill Lane\nSheffield\nS3 8QX",
        accessibility="Step-free access throughout. Hearing loop in the Main Hall.",
        map_url="https://www.openstreetmap.org/search?query=S3",
    )
    event.series = create_series("Community Voices in the North")
    event.save(update_fields=["venue", "series"])
    speaker = create_speaker(
        "Nadia Okafor",
        role="Director",
        organisation="Don Valley Community Partnership",
        bio="Nadia has run neighbourhood forums for fifteen years.",
    )
    add_session(
        event,
        title="Why voices matter",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(minutes=30),
        speakers=[speaker],
        slides_url="https://example.org/slides/why-voices.pdf",
    )


def make_registration(event: Event, **overrides: Any) -> Registration:
    n = next(_counter)
    fields: dict[str, Any] = {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
    }
    fields.update(overrides)
    return register_attendee(event, **fields)
