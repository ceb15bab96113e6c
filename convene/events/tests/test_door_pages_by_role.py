"""Who gets which of an event's door pages: its door volunteers work the door (search,
check-in, walk-ins, paper arrivals, the door list) without seeing contact details; its
organisers and staff who run events also register phone-ins and print badges."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event, make_event_today, make_registration
from convene.members.models import Role

pytestmark = pytest.mark.django_db

DOOR_PAGES = [
    "events:door",
    "events:walk-in",
    "events:paper-arrivals",
    "events:door-list",
]
ORGANISER_PAGES = ["events:phone-in", "events:badges", "events:attendees-csv"]


@pytest.fixture
def sheffield() -> Event:
    event = make_event_today(title="Sheffield afternoon", slug="sheffield")
    priya = make_registration(event, name="Priya Shah", email="priya@example.org")
    # Phoned in: the organiser took her number.
    Registration.objects.filter(pk=priya.pk).update(phone="0114 496 0000")
    return event


def _logged_in(username: str, **extra: bool) -> tuple[User, Client]:
    user = User.objects.create_user(username, f"{username}@example.org", "pw", **extra)
    client = Client()
    client.force_login(user)
    return user, client


def _with_role(kind: str, event: Event) -> Client:
    user, client = _logged_in(kind)
    Role.objects.create(user=user, email=user.email, kind=kind, event=event)
    return client


def _answers(client: Client, names: list[str]) -> dict[str, int]:
    return {
        name: client.get(reverse(name, args=["sheffield"])).status_code
        for name in names
    }


def test_the_door_volunteer_works_the_door_but_not_the_organisers_pages(
    sheffield: Event,
) -> None:
    volunteer = _with_role(Role.Kind.DOOR, sheffield)

    assert _answers(volunteer, DOOR_PAGES) == dict.fromkeys(DOOR_PAGES, 200)
    assert _answers(volunteer, ORGANISER_PAGES) == dict.fromkeys(ORGANISER_PAGES, 403)


def test_the_door_volunteer_checks_someone_in_and_lets_a_walk_in_in(
    sheffield: Event,
) -> None:
    volunteer = _with_role(Role.Kind.DOOR, sheffield)
    priya = sheffield.registrations.get(name="Priya Shah")

    volunteer.post(
        reverse("events:door-check-in", args=["sheffield"]), {"code": priya.code}
    )
    volunteer.post(
        reverse("events:walk-in", args=["sheffield"]), {"name": "Sam Walker"}
    )

    priya.refresh_from_db()
    assert priya.checked_in_at is not None
    walk_in = sheffield.registrations.get(name="Sam Walker")
    assert walk_in.channel == Registration.Channel.DOOR


def test_the_door_volunteer_sees_no_contact_details_nor_the_organisers_buttons(
    sheffield: Event,
) -> None:
    volunteer = _with_role(Role.Kind.DOOR, sheffield)

    door = volunteer.get(reverse("events:door", args=["sheffield"]), {"q": "Priya"})
    attendees = volunteer.get(reverse("events:attendees", args=["sheffield"]))

    for page in (door, attendees):
        html = page.content.decode()
        assert "Priya Shah" in html
        assert "priya@example.org" not in html
        assert "0114 496 0000" not in html
        assert reverse("events:phone-in", args=["sheffield"]) not in html
        assert reverse("events:attendees-csv", args=["sheffield"]) not in html


def test_a_door_volunteer_of_another_event_is_refused(sheffield: Event) -> None:
    leeds = make_event(slug="leeds")
    volunteer = _with_role(Role.Kind.DOOR, leeds)

    assert _answers(volunteer, DOOR_PAGES) == dict.fromkeys(DOOR_PAGES, 403)


def test_the_events_organiser_gets_every_door_page_and_the_contact_details(
    sheffield: Event,
) -> None:
    organiser = _with_role(Role.Kind.ORGANISER, sheffield)

    every_page = DOOR_PAGES + ORGANISER_PAGES
    attendees = organiser.get(reverse("events:attendees", args=["sheffield"]))

    assert _answers(organiser, every_page) == dict.fromkeys(every_page, 200)
    assert "priya@example.org" in attendees.content.decode()
    assert "0114 496 0000" in attendees.content.decode()


def test_staff_need_the_permission_to_run_events_for_the_door(
    sheffield: Event,
) -> None:
    every_page = DOOR_PAGES + ORGANISER_PAGES
    _, without = _logged_in("plain-staff", is_staff=True)
    user, with_permission = _logged_in("events-staff", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))

    assert _answers(without, every_page) == dict.fromkeys(every_page, 403)
    assert _answers(with_permission, every_page) == dict.fromkeys(every_page, 200)
