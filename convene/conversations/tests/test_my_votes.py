from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from convene.conversations.models import Conversation
from convene.conversations.organising import reject_statement
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
)

pytestmark = pytest.mark.django_db


def _your_votes(client: Client, conversation: Conversation) -> str:
    response = client.get(f"/conversations/{conversation.slug}/your-votes/")
    assert response.status_code == 200
    return response.content.decode()


def test_your_votes_lists_what_you_said(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)
    vote_through_form(visitor, conversation, second, -1)

    # conversation, participant, votes with their statements
    with django_assert_num_queries(3):
        response = visitor.get(f"/conversations/{conversation.slug}/your-votes/")

    assert response.status_code == 200
    page = response.content.decode()
    assert first.text in page
    assert second.text in page
    assert third.text not in page
    assert "You said: <strong>Agree</strong>" in page
    assert "You said: <strong>Disagree</strong>" in page


def test_votes_on_removed_statements_are_not_listed(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)
    vote_through_form(visitor, conversation, second, 1)
    reject_statement(first, reason="Names a person")

    page = _your_votes(visitor, conversation)

    assert first.text not in page
    assert second.text in page


def test_your_votes_is_empty_for_a_newcomer(visitor: Client) -> None:
    conversation = make_conversation()
    vote_through_form(Client(), conversation, seeds(conversation)[0], 1)

    page = _your_votes(visitor, conversation)

    assert "You have not voted in this conversation yet." in page


def test_your_own_statement_waiting_for_a_moderator_is_not_offered_for_change(
    visitor: Client,
) -> None:
    conversation = make_conversation(moderation="pre")
    vote_through_form(visitor, conversation, seeds(conversation)[0], 1)
    text = "Small groups need help with insurance."
    added = visitor.post(f"/conversations/{conversation.slug}/add/", {"text": text})
    assert added.status_code == 302

    page = _your_votes(visitor, conversation)

    # Its author's agree counts once a moderator accepts it; until then there is
    # nothing to change.
    assert text not in page
    assert seeds(conversation)[0].text in page
