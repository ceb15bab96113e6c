import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.events.services import register_attendee
from convene.events.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def test_member_downloads_their_data_as_json(
    member_client: Client, member: User
) -> None:
    event = make_event(title="Northern Assembly")
    register_attendee(
        event,
        name="Mina Member",
        email=member.email,
        access_needs="Vegetarian lunch",
        user=member,
    )

    response = member_client.get(reverse("members:download-data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "mina@example.org"
    assert data["account"]["email_verified_at"]
    assert data["profile"]["name"] == "Mina Member"
    assert data["profile"]["region"] == "north-west"
    assert data["profile"]["phone"] == "07700 900 001"
    assert sorted(data["themes"]) == ["Health and wellbeing", "Volunteering"]
    assert data["contact_consents"] == {
        "may_email_news": False,
        "may_email_events": False,
        "may_email_consultations": False,
        "may_phone": False,
        "may_email_renewals": False,
    }
    assert data["directory_choices"]["show_email"] is True
    assert data["directory_choices"]["show_phone"] is False
    [registration] = data["event_registrations"]
    assert registration["event"] == "Northern Assembly"
    assert registration["access_needs"] == "Vegetarian lunch"
    assert registration["status"] == "confirmed"


def test_data_download_needs_a_login(visitor: Client) -> None:
    response = visitor.get(reverse("members:download-data"))

    assert response.status_code == 302
