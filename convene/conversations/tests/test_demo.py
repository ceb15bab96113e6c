import pytest
from django.test import Client

from convene.conversations.demo import DEMO_SLUG, load_conversations_demo
from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import group_sizes, make_event, results_page

pytestmark = pytest.mark.django_db


def test_demo_builds_a_conversation_with_opinion_groups(visitor: Client) -> None:
    event = make_event()

    summary = load_conversations_demo()

    conversation = Conversation.objects.get(slug=DEMO_SLUG)
    assert conversation.event == event
    assert conversation.statements.count() == 26
    flagged = conversation.statements.get(similar_to__isnull=False)
    assert flagged.status == "pending"
    assert conversation.participants.count() == 90
    assert "opinion groups" in summary
    groups = group_sizes(results_page(visitor, conversation))
    assert len(groups) >= 2
    assert sum(groups.values()) <= 90


def test_demo_loads_once() -> None:
    load_conversations_demo()

    assert load_conversations_demo() == "Demo conversation is already loaded."
    assert Conversation.objects.count() == 1
