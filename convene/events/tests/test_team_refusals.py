"""Bad input on an event's team page: a clear message, and nothing changed or sent."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.events.models import Event
from convene.events.tests.helpers import make_event
from convene.members.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> Event:
    return make_event(slug="sheffield")


@pytest.fixture
def event_organiser(event: Event) -> Client:
    """Runs this event (not staff)."""
    user = User.objects.create_user("orla@example.org", "orla@example.org", "pw-orla")
    Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.ORGANISER, event=event
    )
    client = Client()
    client.force_login(user)
    return client


def _give(client: Client, email: str, kind: str = "door") -> str:
    response = client.post(
        reverse("events:team", args=["sheffield"]), {"email": email, "kind": kind}
    )
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.parametrize("email", ["dee", "dee@", "@example.org", "dee example.org"])
def test_a_malformed_address_is_refused(
    event_organiser: Client,
    email: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = _give(event_organiser, email)

    assert "is not an email address" in page
    assert Role.objects.filter(kind=Role.Kind.DOOR).count() == 0
    assert mail.outbox == []


def test_a_second_door_role_for_the_same_person_is_refused(
    event_organiser: Client,
    event: Event,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    Role.objects.create(email="dee@example.org", kind=Role.Kind.DOOR, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        page = _give(event_organiser, "DEE@example.org")

    assert "dee@example.org is already a door volunteer here." in page
    assert Role.objects.filter(kind=Role.Kind.DOOR).count() == 1
    assert mail.outbox == []


def test_an_organiser_may_not_make_another_organiser(
    event_organiser: Client, event: Event
) -> None:
    page = _give(event_organiser, "new@example.org", kind="organiser")

    assert "Select a valid choice" in page
    assert Role.objects.filter(email="new@example.org").count() == 0


def test_an_organiser_may_not_remove_another_organiser(
    event_organiser: Client, event: Event
) -> None:
    other = Role.objects.create(
        email="otto@example.org", kind=Role.Kind.ORGANISER, event=event
    )

    response = event_organiser.post(
        reverse("events:team-remove", args=["sheffield", other.pk])
    )

    assert response.status_code == 403
    assert Role.objects.filter(pk=other.pk).exists()


def test_a_role_of_another_event_cannot_be_removed_from_this_one(
    event_organiser: Client,
) -> None:
    elsewhere = Role.objects.create(
        email="dee@example.org", kind=Role.Kind.DOOR, event=make_event(slug="leeds")
    )

    response = event_organiser.post(
        reverse("events:team-remove", args=["sheffield", elsewhere.pk])
    )

    assert response.status_code == 404
    assert Role.objects.filter(pk=elsewhere.pk).exists()


def test_a_withdrawn_invitation_says_so(
    event_organiser: Client,
    event: Event,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event_organiser.post(
            reverse("events:team", args=["sheffield"]),
            {"email": "dee@example.org", "kind": "door"},
        )
    link = mail.outbox[-1].body.split("/members/invitation/")[1].split()[0]
    Role.objects.filter(email="dee@example.org").delete()

    response = Client().get(f"/members/invitation/{link}")

    assert response.status_code == 400
    assert "This invitation was withdrawn." in response.content.decode()
    assert not User.objects.filter(username="dee@example.org").exists()
