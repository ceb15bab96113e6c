"""Staff give a moderator of every conversation in the admin; the person is invited as from a
team page."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.members.models import Role

pytestmark = pytest.mark.django_db


def test_staff_add_a_moderator_of_every_conversation(
    organiser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:members_role_add"),
            {"email": "Mo@Example.org", "kind": "moderator", "alerts_on": "on"},
        )

    assert response.status_code == 302
    role = Role.objects.get()
    assert (role.email, role.kind, role.conversation) == (
        "mo@example.org",
        "moderator",
        None,
    )
    assert "every conversation" in str(mail.outbox[-1].body)
    assert "/members/invitation/" in str(mail.outbox[-1].body)


def test_a_door_volunteer_without_an_event_is_refused(organiser_client: Client) -> None:
    response = organiser_client.post(
        reverse("admin:members_role_add"), {"email": "dee@example.org", "kind": "door"}
    )

    assert response.status_code == 200
    assert "An organiser, facilitator or door volunteer works at an event" in (
        response.content.decode()
    )
    assert not Role.objects.exists()
