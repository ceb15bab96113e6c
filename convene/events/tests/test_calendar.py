import icalendar
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convene.events.tests.helpers import in_days, make_event, make_full_programme


def test_calendar_feed_lists_every_published_event(visitor: Client, db: None) -> None:
    make_event(title="Past day", starts_at=in_days(-5, 10), ends_at=in_days(-5, 16))
    make_event(title="Coming day")
    make_event(title="Draft day", is_published=False)

    response = visitor.get(reverse("events:calendar"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    titles = sorted(str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT"))
    assert titles == ["Coming day", "Past day"]
    # named after the site in people's calendar apps, and checkable with HEAD first
    assert str(calendar["X-WR-CALNAME"]) == f"{settings.SITE_NAME} events"
    assert visitor.head(reverse("events:calendar")).status_code == 200


def test_event_ics_has_time_place_and_link(visitor: Client, db: None) -> None:
    event = make_event(title="Community Voices: Sheffield")
    make_full_programme(event)

    response = visitor.get(reverse("events:ics", args=[event.slug]))

    assert response.status_code == 200
    [vevent] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Community Voices: Sheffield"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert "The Foundry Rooms, 27 Furnace Hill Lane" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
