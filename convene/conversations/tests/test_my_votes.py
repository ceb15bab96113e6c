from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from convene.conversations.organising import reject_statement
from convene.conversations.tests.helpers import make_conversation, post_vote, seeds

pytestmark = pytest.mark.django_db


def test_your_votes_lists_what_you_said(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    post_vote(visitor, conversation, first, 1)
    post_vote(visitor, conversation, second, -1)

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
    post_vote(visitor, conversation, first, 1)
    post_vote(visitor, conversation, second, 1)
    reject_statement(first, reason="Names a person")

    response = visitor.get(f"/conversations/{conversation.slug}/your-votes/")

    assert first.text not in response.content.decode()
    assert second.text in response.content.decode()


def test_your_votes_is_empty_for_a_newcomer(visitor: Client) -> None:
    conversation = make_conversation()
    post_vote(Client(), conversation, seeds(conversation)[0], 1)

    response = visitor.get(f"/conversations/{conversation.slug}/your-votes/")

    assert "You have not voted in this conversation yet." in response.content.decode()


def test_your_own_statement_waiting_for_a_moderator_is_not_offered_for_change(
    visitor: Client,
) -> None:
    conversation = make_conversation(moderation="pre")
    post_vote(visitor, conversation, seeds(conversation)[0], 1)
    text = "Small groups need help with insurance."
    visitor.post(f"/conversations/{conversation.slug}/add/", {"text": text})

    page = visitor.get(
        f"/conversations/{conversation.slug}/your-votes/"
    ).content.decode()

    # Its author's agree counts once a moderator accepts it; until then there is
    # nothing to change.
    assert text not in page
    assert seeds(conversation)[0].text in page
