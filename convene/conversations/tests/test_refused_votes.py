from typing import TYPE_CHECKING

import pytest
from django.test import Client

from convene.conversations.models import Participant, Statement, Vote
from convene.conversations.organising import reject_statement
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    post_vote,
    seeds,
    vote,
    vote_through_form,
)

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def _assert_refused(response: "Response", message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Vote.objects.exists()
    assert not Participant.objects.exists()


def test_unknown_statement_is_refused(visitor: Client) -> None:
    conversation = make_conversation()

    response = post_vote(visitor, conversation, 999_999, 1)

    _assert_refused(response, "That statement is not open for votes")


def test_statement_of_another_conversation_is_refused(visitor: Client) -> None:
    conversation = make_conversation()
    other = make_conversation(slug="another", question="Another question?")

    response = post_vote(visitor, conversation, seeds(other)[0], 1)

    _assert_refused(response, "That statement is not open for votes")


def test_rejected_statement_is_refused(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    reject_statement(first, reason="Repeats another")

    response = post_vote(visitor, conversation, first, 1)

    _assert_refused(response, "That statement is not open for votes")


def test_pending_statement_in_pre_moderation_is_refused(visitor: Client) -> None:
    conversation = make_conversation(moderation="pre")
    pending = Statement.objects.create(conversation=conversation, text="Not yet seen")

    response = post_vote(visitor, conversation, pending, 1)

    _assert_refused(response, "That statement is not open for votes")


def test_closed_conversation_is_refused(visitor: Client) -> None:
    conversation = make_conversation(is_open=False)

    response = post_vote(visitor, conversation, seeds(conversation)[0], 1)

    _assert_refused(response, "This conversation is closed")


@pytest.mark.parametrize("choice", ["2", "agree", "", "1.5"])
def test_bad_choice_is_refused(visitor: Client, choice: str) -> None:
    conversation = make_conversation()

    response = post_vote(visitor, conversation, seeds(conversation)[0], choice)

    _assert_refused(response, "Choose agree, disagree or pass.")


def test_refused_change_keeps_the_earlier_vote(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 1)
    conversation.is_open = False
    conversation.save(update_fields=["is_open"])

    response = post_vote(visitor, conversation, first, -1)

    assert response.status_code == 400
    assert Vote.objects.get().choice == Vote.Choice.AGREE


def test_unpublished_conversation_is_not_found(visitor: Client) -> None:
    conversation = make_conversation(is_published=False)
    participant = make_participant(conversation)
    vote(participant, seeds(conversation)[0], 1)

    response = post_vote(visitor, conversation, seeds(conversation)[1], 1)

    assert response.status_code == 404
    assert Vote.objects.count() == 1
