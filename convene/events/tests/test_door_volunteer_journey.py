"""An event's organiser gives the door to someone by email; they take it up from the
invitation and see that event's door, and nothing of another event nor anyone's email."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.events.models import Event
from convene.events.tests.helpers import make_event, make_event_today, make_registration
from convene.members.models import Member, Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-volunteer-password"


@pytest.fixture
def sheffield() -> Event:
    event = make_event_today(title="Sheffield afternoon", slug="sheffield")
    make_registration(
        event,
        name="Priya Shah",
        email="priya@example.org",
        access_needs="Wheelchair space, please",
    )
    return event


@pytest.fixture
def leeds() -> Event:
    event = make_event(title="Leeds evening", slug="leeds")
    make_registration(event, name="Lee Other", email="lee@example.org")
    return event


@pytest.fixture
def event_organiser(sheffield: Event) -> Client:
    """Runs the Sheffield event (not staff): gives its door, facilitators."""
    user = User.objects.create_user("orla@example.org", "orla@example.org", "pw-orla")
    Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.ORGANISER, event=sheffield
    )
    client = Client()
    client.force_login(user)
    return client


def _invitation_path() -> str:
    found = re.search(
        r"https?://\S+/members/invitation/\S+/", str(mail.outbox[-1].body)
    )
    assert found, mail.outbox[-1].body
    return urlsplit(found.group(0)).path


def test_an_invited_door_volunteer_sees_that_events_door_only(
    event_organiser: Client,
    sheffield: Event,
    leeds: Event,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given: the organiser gives the door to someone with no account
    with django_capture_on_commit_callbacks(execute=True):
        response = event_organiser.post(
            reverse("events:team", args=["sheffield"]),
            {"email": " Dee@Example.org ", "kind": "door"},
            follow=True,
        )
    assert "emailed them an invitation" in response.content.decode()
    assert mail.outbox[-1].to == ["dee@example.org"]
    assert "door volunteer" in mail.outbox[-1].subject

    # when: they follow the link and choose a password
    volunteer = Client()
    path = _invitation_path()
    assert "Sheffield afternoon" in volunteer.get(path).content.decode()
    response = volunteer.post(
        path,
        {
            "name": "Dee Volunteer",
            "region": "yorkshire-humber",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 302

    # then: a verified member holding the role, who can log in with the password
    member = Member.objects.get(user__username="dee@example.org")
    assert member.is_verified
    assert Role.objects.get(email="dee@example.org").user == member.user
    assert Client().login(username="dee@example.org", password=PASSWORD)

    door = volunteer.get(reverse("events:check-in", args=["sheffield"]))
    assert door.status_code == 200
    listing = volunteer.get(reverse("events:attendees", args=["sheffield"]))
    page = listing.content.decode()
    assert listing.status_code == 200
    registration = sheffield.registrations.get()
    assert "Priya Shah" in page
    assert registration.code in page
    assert "Wheelchair space, please" in page
    assert "priya@example.org" not in page
    assert "Download as CSV" not in page
    assert (
        volunteer.get(reverse("events:attendees-csv", args=["sheffield"])).status_code
        == 403
    )
    for name in ["events:check-in", "events:attendees", "events:team"]:
        assert volunteer.get(reverse(name, args=["leeds"])).status_code == 403
    assert volunteer.get(reverse("events:team", args=["sheffield"])).status_code == 403


def test_the_volunteer_checks_someone_in_by_their_qr_code(
    sheffield: Event,
) -> None:
    user = User.objects.create_user("dee@example.org", "dee@example.org", "pw-dee")
    Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.DOOR, event=sheffield
    )
    volunteer = Client()
    volunteer.force_login(user)
    registration = sheffield.registrations.get()

    response = volunteer.post(
        reverse("events:check-in-code", args=["sheffield", registration.code])
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_removing_the_volunteer_closes_the_door_to_them(
    event_organiser: Client, sheffield: Event
) -> None:
    user = User.objects.create_user("dee@example.org", "dee@example.org", "pw-dee")
    role = Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.DOOR, event=sheffield
    )
    volunteer = Client()
    volunteer.force_login(user)

    response = event_organiser.post(
        reverse("events:team-remove", args=["sheffield", role.pk])
    )

    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    door = volunteer.get(reverse("events:check-in", args=["sheffield"]))
    assert door.status_code == 403


def test_someone_with_an_account_has_the_role_at_once_and_is_told(
    event_organiser: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user = User.objects.create_user("fay@example.org", "fay@example.org", "pw-fay")

    with django_capture_on_commit_callbacks(execute=True):
        response = event_organiser.post(
            reverse("events:team", args=["sheffield"]),
            {"email": "fay@example.org", "kind": "facilitator"},
        )

    assert response.status_code == 302
    assert Role.objects.get(email="fay@example.org").user == user
    assert mail.outbox[-1].subject.startswith("You are now a facilitator")
    assert "/members/invitation/" not in mail.outbox[-1].body


def test_someone_who_joined_meanwhile_takes_the_role_up_with_one_press(
    event_organiser: Client,
    sheffield: Event,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event_organiser.post(
            reverse("events:team", args=["sheffield"]),
            {"email": "dee@example.org", "kind": "door"},
        )
    path = _invitation_path()
    user = User.objects.create_user("dee@example.org", "dee@example.org", "pw-dee")
    dee = Client()
    dee.force_login(user)

    shown = dee.get(path)
    still_pending = Role.objects.get(email="dee@example.org").user is None
    taken = dee.post(path)

    assert shown.status_code == 200
    assert still_pending, "a GET changes nothing"
    assert taken.status_code == 302
    assert Role.objects.get(email="dee@example.org").user == user
    assert dee.get(reverse("events:check-in", args=["sheffield"])).status_code == 200
