from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from convene.conversations.models import Statement
from convene.conversations.tests.helpers import make_conversation

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

IDEAS = [
    "More benches on the high street.",
    "Bring back the Saturday market.",
    "A repair café at the library.",
    "Cheaper room hire for youth groups.",
    "A tool library in every ward.",
    "Free swimming for carers.",
]


def _add(client: Client, slug: str, text: str) -> "Response":
    return client.post(f"/conversations/{slug}/add/", {"text": text})


def test_sixth_statement_in_a_minute_is_refused(visitor: Client) -> None:
    conversation = make_conversation()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for idea in IDEAS[:5]:
            assert _add(visitor, conversation.slug, idea).status_code == 302

        response = _add(visitor, conversation.slug, IDEAS[5])

    assert response.status_code == 429
    assert response["Retry-After"] == str(60 - int(now.timestamp()) % 60)
    page = response.content.decode()
    assert "You have added 5 statements in a minute" in page
    assert f"\n{IDEAS[5]}</textarea>" in page  # kept in the box, to send again
    assert Statement.objects.filter(is_seed=False).count() == 5


def test_the_limit_is_per_participant(visitor: Client) -> None:
    conversation = make_conversation()
    with time_machine.travel(timezone.now(), tick=False):
        for idea in IDEAS[:5]:
            _add(visitor, conversation.slug, idea)

        response = _add(Client(), conversation.slug, IDEAS[5])

    assert response.status_code == 302


def test_an_hour_allows_twenty(visitor: Client) -> None:
    conversation = make_conversation()
    start = timezone.now().replace(minute=0, second=0)
    for n in range(20):
        with time_machine.travel(start + timedelta(minutes=2 * n), tick=False):
            response = _add(visitor, conversation.slug, f"Idea number {n} of many")
            assert response.status_code == 302

    with time_machine.travel(start + timedelta(minutes=41), tick=False):
        response = _add(visitor, conversation.slug, "One idea too many")

    assert response.status_code == 429
    assert response["Retry-After"] == str(19 * 60)
    assert "20 statements in an hour" in response.content.decode()
