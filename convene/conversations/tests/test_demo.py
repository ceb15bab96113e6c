import pytest
from django.test import Client

from convene.conversations.demo import DEMO_SLUG, load_conversations_demo
from convene.conversations.models import Conversation, OpinionResult
from convene.conversations.tests.helpers import make_event

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
    result = OpinionResult.objects.get(conversation=conversation)
    assert len(result.data["groups"]) >= 2
    assert "opinion groups" in summary
    response = visitor.get(f"/conversations/{DEMO_SLUG}/results/")
    assert "Group A" in response.content.decode()


def test_demo_loads_once() -> None:
    load_conversations_demo()

    assert load_conversations_demo() == "Demo conversation is already loaded."
    assert Conversation.objects.count() == 1
