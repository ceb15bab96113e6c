import pytest
from django.test import Client
from django.urls import reverse

from convene.conversations.tests.helpers import make_conversation
from convene.events.demo import load_events_demo
from convene.members.demo import load_members_demo
from convene.members.demo_roles import (
    DEMO_DOOR_VOLUNTEER,
    DEMO_MODERATOR,
    DEMO_ROLE_PASSWORD,
    SHEFFIELD_SLUG,
    load_roles_demo,
)
from convene.themes.demo import load_themes_demo

pytestmark = pytest.mark.django_db


def _logged_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password=DEMO_ROLE_PASSWORD)
    return client


def test_the_demo_door_volunteer_works_sheffields_door_without_contact_details() -> (
    None
):
    load_themes_demo()
    load_members_demo()
    load_events_demo()

    summary = load_roles_demo()

    assert DEMO_DOOR_VOLUNTEER in summary
    volunteer = _logged_in(DEMO_DOOR_VOLUNTEER)
    door = volunteer.get(reverse("events:door", args=[SHEFFIELD_SLUG]))
    attendees = volunteer.get(reverse("events:attendees", args=[SHEFFIELD_SLUG]))
    csv = volunteer.get(reverse("events:attendees-csv", args=[SHEFFIELD_SLUG]))
    assert door.status_code == 200
    assert attendees.status_code == 200
    assert "@" not in attendees.content.decode().split("<table", 1)[1]
    assert csv.status_code == 403


def test_the_demo_moderator_moderates_every_conversation() -> None:
    load_themes_demo()
    load_members_demo()
    load_events_demo()
    load_roles_demo()
    conversation = make_conversation(slug="village-halls")

    moderator = _logged_in(DEMO_MODERATOR)
    queue = moderator.get(reverse("conversations:moderate", args=[conversation.slug]))

    assert queue.status_code == 200
