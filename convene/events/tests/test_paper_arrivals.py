from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event, make_registration

# The event ran from 10:00 to 16:00 on this day; the list is keyed in at 17:00.
EVENT_DAY = datetime(2026, 11, 14, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def event(db: None) -> Event:
    with time_machine.travel(EVENT_DAY - timedelta(days=10), tick=False):
        return make_event(
            starts_at=EVENT_DAY.replace(hour=10), ends_at=EVENT_DAY.replace(hour=16)
        )


def _registered(event: Event, name: str) -> Registration:
    """Registered on the website the week before."""
    with time_machine.travel(EVENT_DAY - timedelta(days=7), tick=False):
        return make_registration(event, name=name)


def _post(client: Client, event: Event, arrived_at: str, *people: Registration) -> Any:
    return client.post(
        reverse("events:paper-arrivals", args=[event.slug]),
        {"arrived_at": arrived_at, "registrations": [person.pk for person in people]},
        follow=True,
    )


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
def test_ticked_names_are_checked_in_at_the_time_given(
    organiser_client: Client, organiser: User, event: Event
) -> None:
    ann = _registered(event, "Ann Archer")
    bob = _registered(event, "Bob Burns")
    cat = _registered(event, "Cat Cole")

    response = _post(organiser_client, event, "2026-11-14T10:20", ann, cat)

    assert "2 people checked in." in response.content.decode()
    for person in (ann, bob, cat):
        person.refresh_from_db()
    assert ann.status == cat.status == Registration.Status.ATTENDED
    assert timezone.localtime(ann.checked_in_at).strftime("%H:%M") == "10:20"
    assert ann.checked_in_by == organiser
    assert bob.status == Registration.Status.CONFIRMED
    # Those keyed in leave the list of people still to tick.
    html = response.content.decode()
    assert "Bob Burns" in html
    assert "Ann Archer" not in html.split("Or tick their names", 1)[1]


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2026-11-14T18:30", "has not happened yet"),
        ("2026-11-13T23:30", "is before the doors opened"),
        ("2025-11-14T10:30", "is before the doors opened"),
        ("not a time", "Enter a valid date/time."),
    ],
)
def test_an_impossible_time_is_refused_and_changes_nothing(
    organiser_client: Client, event: Event, typed: str, says: str
) -> None:
    ann = _registered(event, "Ann Archer")

    response = organiser_client.post(
        reverse("events:paper-arrivals", args=[event.slug]),
        {"arrived_at": typed, "registrations": [ann.pk]},
    )

    assert response.status_code == 400
    assert says in response.content.decode()
    ann.refresh_from_db()
    assert ann.status == Registration.Status.CONFIRMED


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
def test_keying_in_someone_already_checked_in_leaves_them_as_they_were(
    organiser_client: Client, event: Event
) -> None:
    ann = _registered(event, "Ann Archer")
    _post(organiser_client, event, "2026-11-14T10:20", ann)

    # The same sheet keyed in twice, the second time with another time.
    response = organiser_client.post(
        reverse("events:paper-arrivals", args=[event.slug]),
        {"arrived_at": "2026-11-14T11:00", "registrations": [ann.pk]},
    )

    # Ann is no longer offered, so the form refuses her choice and nothing changes.
    assert response.status_code == 400
    ann.refresh_from_db()
    assert timezone.localtime(ann.checked_in_at).strftime("%H:%M") == "10:20"


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
def test_nothing_ticked_is_refused(organiser_client: Client, event: Event) -> None:
    response = organiser_client.post(
        reverse("events:paper-arrivals", args=[event.slug]),
        {"arrived_at": "2026-11-14T10:20"},
    )

    assert response.status_code == 400
    assert "Type their codes or tick at least one name." in response.content.decode()


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
def test_typed_codes_check_people_in_and_repeats_are_left_alone(
    organiser_client: Client, event: Event
) -> None:
    ann = _registered(event, "Ann Archer")
    bob = _registered(event, "Bob Burns")
    url = reverse("events:paper-arrivals", args=[event.slug])
    organiser_client.post(
        url, {"arrived_at": "2026-11-14T10:05", "codes": ann.code.lower()}, follow=True
    )

    # Ann's code again, by mistake, with Bob's: Bob is checked in, Ann stays as she was.
    response = organiser_client.post(
        url,
        {
            "arrived_at": "2026-11-14T10:40",
            "codes": f"{ann.code}, {bob.code.lower()}",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "1 person checked in." in html
    assert (
        f"Ann Archer ({ann.code}) is already checked in at 10:05 on Saturday 14 November by Olu."
        in html
    )
    ann.refresh_from_db()
    bob.refresh_from_db()
    assert timezone.localtime(ann.checked_in_at).strftime("%H:%M") == "10:05"
    assert timezone.localtime(bob.checked_in_at).strftime("%H:%M") == "10:40"


@time_machine.travel(EVENT_DAY.replace(hour=17), tick=False)
def test_an_unknown_code_refuses_the_whole_batch(
    organiser_client: Client, event: Event
) -> None:
    ann = _registered(event, "Ann Archer")

    response = organiser_client.post(
        reverse("events:paper-arrivals", args=[event.slug]),
        {"arrived_at": "2026-11-14T10:05", "codes": f"{ann.code} ZZZZ99"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "No one is registered for this event with code ZZZZ99." in html
    assert f"{ann.code} ZZZZ99" in html  # what was typed is kept
    ann.refresh_from_db()
    assert ann.status == Registration.Status.CONFIRMED
