"""The vote path runs on every tap of a room full of phones: its queries are counted."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from convene.conversations.tests.helpers import (
    make_conversation,
    post_vote,
    seeds,
    vote_url,
)

pytestmark = pytest.mark.django_db


def test_vote_page_takes_four_queries(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    post_vote(visitor, conversation, seeds(conversation)[0], 1)

    # conversation, participant, statements left, map priorities
    with django_assert_num_queries(4):
        response = visitor.get(vote_url(conversation))

    assert response.status_code == 200


def test_a_vote_reads_each_row_once(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    post_vote(visitor, conversation, first, 1)

    # conversation, participant, statement, earlier vote, insert; the rest are savepoints
    with django_assert_num_queries(11):
        response = post_vote(visitor, conversation, second, -1)

    assert response.status_code == 302
    assert conversation.votes.filter(statement=second, choice=-1).count() == 1


def test_a_first_vote_also_makes_the_participant(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    with django_assert_num_queries(14):
        response = post_vote(visitor, conversation, first, 1)

    assert response.status_code == 302
    assert conversation.participants.count() == 1
