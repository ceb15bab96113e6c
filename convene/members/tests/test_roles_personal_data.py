"""A member who worked an event's door finds their roles in their data download; when
they leave, their roles go, and the arrivals they recorded at the door stay."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.conversations.tests.helpers import make_conversation
from convene.events.door import register_walk_in
from convene.events.models import Registration
from convene.events.services import check_in
from convene.events.tests.helpers import make_event_today, make_registration
from convene.members.models import Role

pytestmark = pytest.mark.django_db


def test_the_download_lists_the_roles_the_member_holds(
    member_client: Client, member: User
) -> None:
    event = make_event_today(title="Sheffield afternoon")
    conversation = make_conversation()
    Role.objects.create(
        user=member, email=member.email, kind=Role.Kind.DOOR, event=event
    )
    Role.objects.create(
        user=member,
        email=member.email,
        kind=Role.Kind.MODERATOR,
        conversation=conversation,
    )

    response = member_client.get(reverse("members:download-data"))

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        roles = json.loads(archive.read("roles.json"))
    by_kind = {role["role"]: role for role in roles}
    assert by_kind["Door volunteer"]["event"] == "Sheffield afternoon"
    assert by_kind["Moderator"]["conversation"] == str(conversation)
    assert by_kind["Moderator"]["every_conversation"] is False


def test_leaving_ends_the_roles_and_keeps_the_arrivals_recorded_at_the_door(
    member_client: Client, member: User
) -> None:
    event = make_event_today(title="Sheffield afternoon")
    Role.objects.create(
        user=member, email=member.email, kind=Role.Kind.DOOR, event=event
    )
    priya = make_registration(event, name="Priya Shah")
    check_in(event, code=priya.code, by=member)
    walk_in = register_walk_in(event, name="Sam Walker", by=member)

    member_client.post(reverse("members:leave"), {"voice": "keep"})

    assert not Role.objects.filter(email=member.email).exists()
    priya.refresh_from_db()
    walk_in.refresh_from_db()
    assert priya.checked_in_at is not None
    assert priya.checked_in_by is None
    assert walk_in.name == "Sam Walker"
    assert walk_in.entered_by is None
    assert Registration.objects.filter(event=event).count() == 2
