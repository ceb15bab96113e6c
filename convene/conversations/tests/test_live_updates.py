from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.organising import accept_statement
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    post_vote,
    seeds,
    vote,
)

pytestmark = pytest.mark.django_db

PUBLISH = "convene.conversations.live.publish_conversation_changed"


def test_a_vote_is_published_after_commit(
    visitor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    with (
        mock.patch(PUBLISH) as publish,
        mock.patch("convene.conversations.tasks.schedule_opinion_update"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post_vote(visitor, conversation, seeds(conversation)[0], 1)

    publish.assert_called_once_with(conversation.pk, what="vote")


def test_an_accepted_statement_is_published(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation(moderation="pre")
    with (
        mock.patch(PUBLISH) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        statement = add_statement(
            make_participant(conversation), "Open the library later."
        )
        # waiting for the moderator: nothing to show yet
        assert (
            mock.call(conversation.pk, what="statement") not in publish.call_args_list
        )
        accept_statement(statement)

    shown = [c for c in publish.call_args_list if c.kwargs["what"] == "statement"]
    assert shown == [mock.call(conversation.pk, what="statement")]


def test_a_new_map_is_published(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation()
    vote(make_participant(conversation), seeds(conversation)[0], 1)
    with (
        mock.patch(PUBLISH) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        compute_opinion_result(conversation)

    publish.assert_called_once_with(conversation.pk, what="result")
