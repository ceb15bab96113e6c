"""iCalendar (.ics) files for one event, a confirmation email and the feed of all events."""

from collections.abc import Iterable
from datetime import UTC

import icalendar
from django.conf import settings
from django.utils import timezone

from convene.events.links import absolute
from convene.events.models import Event


def location_of(event: Event) -> str:
    if event.venue is None:
        return ""
    lines = [event.venue.name, *event.venue.address.splitlines()]
    return ", ".join(line.strip() for line in lines if line.strip())


def _vevent(event: Event) -> icalendar.Event:
    url = absolute(event.get_absolute_url())
    vevent = icalendar.Event()
    # A stable UID lets calendar apps update the entry when the event changes.
    vevent.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("description", f"{event.summary}\n\n{url}")
    vevent.add("url", url)
    location = location_of(event)
    if location:
        vevent.add("location", location)
    return vevent


def calendar_for(events: Iterable[Event], *, name: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Convene events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event))
    data: bytes = calendar.to_ical()
    return data
