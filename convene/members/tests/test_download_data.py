import io
import json
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.conversations.tests.helpers import seeds
from convene.members.download import one_download_at_a_time
from convene.members.registry import declarations
from convene.members.tests.everything import do_everything

pytestmark = pytest.mark.django_db


def _open(content: bytes) -> tuple[str, dict[str, Any]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        readme = archive.read("README.txt").decode()
        parts = {
            name.removesuffix(".json"): json.loads(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".json")
        }
    return readme, parts


def test_download_holds_everything_the_member_has_done(
    member_client: Client, member: User
) -> None:
    # given a member who has done everything the site allows
    done = do_everything(member)

    # when they download their data
    response = member_client.get(reverse("members:download-data"))

    # then the zip holds each part, explained in the README
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    readme, parts = _open(response.content)
    for item in declarations():
        assert f"{item.key}.json: {item.label}" in readme
        assert item.key in parts
    assert parts["account"]["email"] == "mina@example.org"
    assert parts["account"]["email_verified_at"]
    profile = parts["profile"]
    assert profile["name"] == "Mina Member"
    assert profile["phone"] == "07700 900 001"
    assert sorted(profile["themes"]) == ["Health and wellbeing", "Volunteering"]
    now = parts["consents"]["now"]
    assert now["may_email_events"]["given"] is True
    assert now["may_phone"] == {"question": "phone me", "given": False}
    phone_history = [
        (change["given"], change["channel"], change["page"])
        for change in parts["consents"]["history"]
        if change["consent"] == "may_phone"
    ]
    assert phone_history == [
        (False, "By phone", "Call to the office"),
        (True, "On a paper form", "Membership form, Northern Assembly"),
        (False, "On the website", "Join form"),
    ]
    registrations = {item["event"]: item for item in parts["event_registrations"]}
    assert registrations["Northern Assembly"]["access_needs"] == "Vegetarian lunch"
    assert registrations["Spring Gathering"]["status"] == "confirmed"
    [taken_part] = parts["conversations"]
    assert taken_part["conversation"] == done.conversation.question
    assert taken_part["address"] == done.conversation.get_absolute_url()
    votes = {vote["statement"]: vote["vote"] for vote in taken_part["votes"]}
    first, second, _ = seeds(done.conversation)
    assert votes[first.text] == "Agree"
    assert votes[second.text] == "Disagree"
    assert votes[done.lonely_statement.text] == "Agree"  # authors agree with themselves
    assert all(vote["at"] for vote in taken_part["votes"])
    assert [statement["text"] for statement in taken_part["statements"]] == [
        "Small grants should be decided by residents.",
        "Every village hall deserves a defibrillator.",
    ]
    assert parts["staff_log"] == []
    assert parts["author_profile"] is None


def test_a_download_asked_for_while_one_is_being_built_is_refused_kindly(
    member_client: Client, member: User
) -> None:
    with one_download_at_a_time(member):  # the first request, still gathering
        second = member_client.get(reverse("members:download-data"))

    third = member_client.get(reverse("members:download-data"))

    assert second.status_code == 409
    assert "already being gathered" in second.content.decode()
    assert third.status_code == 200  # once the first is done, downloads work again
    _readme, parts = _open(third.content)
    assert parts["account"]["email"] == "mina@example.org"


def test_data_download_needs_a_login(visitor: Client) -> None:
    response = visitor.get(reverse("members:download-data"))

    assert response.status_code == 302
