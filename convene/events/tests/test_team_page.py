"""The event's Team page: who has which role, in a fixed handful of queries however many."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.conversations.tests.helpers import make_conversation
from convene.events.models import Event
from convene.events.tests.helpers import make_event
from convene.members.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> Event:
    event = make_event(slug="sheffield")
    make_conversation(event=event, is_published=False)
    return event


def _team_of(event: Event, n: int) -> None:
    for i in range(n):
        user = User.objects.create_user(f"h{i}@example.org", f"h{i}@example.org")
        Role.objects.create(user=user, email=user.email, kind="door", event=event)
        Role.objects.create(
            email=f"invited{i}@example.org", kind="facilitator", event=event
        )


def test_the_team_page_lists_everyone_and_the_conversations(
    organiser_client: Client, event: Event
) -> None:
    _team_of(event, 2)

    page = organiser_client.get(reverse("events:team", args=["sheffield"]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "h1@example.org" in text
    assert "invited1@example.org" in text
    assert "Invited, not yet accepted" in text
    assert reverse("conversations:team", args=["better-in-the-north"]) in text
    # Staff may give every role here, organisers included.
    assert 'value="organiser"' in text


@pytest.mark.parametrize("n", [1, 20])
def test_the_team_page_takes_the_same_queries_however_big_the_team(
    organiser_client: Client, event: Event, n: int, django_assert_num_queries: Any
) -> None:
    _team_of(event, n)
    url = reverse("events:team", args=["sheffield"])

    # the session, the user, the event, the team, the event's conversations
    with django_assert_num_queries(5):
        organiser_client.get(url)


def test_the_event_page_links_its_organisers_to_the_team(
    organiser_client: Client, event: Event
) -> None:
    page = organiser_client.get(reverse("events:detail", args=["sheffield"]))

    assert reverse("events:team", args=["sheffield"]) in page.content.decode()
