"""The vote path runs on every tap of a room full of phones: its queries are counted."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
    vote_url,
)
from convene.conversations.views import ENHANCED_HEADER, ENHANCED_VALUE

pytestmark = pytest.mark.django_db


def test_vote_page_takes_four_queries(
    visitor: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    vote_through_form(visitor, conversation, seeds(conversation)[0], 1)
    compute_opinion_result(conversation)

    # conversation; statements left, with the participant as a subquery; map priorities;
    # the newest statements
    with django_assert_max_num_queries(4):
        response = visitor.get(vote_url(conversation))

    assert response.status_code == 200
    assert response.context["n_remaining"] == 2


def test_a_vote_reads_each_row_once(
    visitor: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)

    # conversation, BEGIN, participant, statement with any earlier vote, insert, COMMIT:
    # no savepoints, nothing read twice
    with django_assert_max_num_queries(6):
        response = vote_through_form(visitor, conversation, second, -1)

    assert response.status_code == 302
    assert conversation.votes.filter(statement=second, choice=-1).count() == 1


def test_a_first_vote_also_makes_the_participant(
    visitor: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    # the six above, and the participant's insert in get_or_create's savepoint
    with django_assert_max_num_queries(9):
        response = vote_through_form(visitor, conversation, first, 1)

    assert response.status_code == 302
    assert conversation.participants.count() == 1


def test_a_changed_vote_reads_the_earlier_one_once(
    visitor: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 1)

    # as a new vote, with the earlier vote read and updated instead of an insert
    with django_assert_max_num_queries(7):
        response = vote_through_form(visitor, conversation, first, -1)

    assert response.status_code == 302
    assert conversation.votes.get().choice == -1


def test_an_enhanced_vote_answers_with_the_next_card_in_one_request(
    visitor: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)
    compute_opinion_result(conversation)

    # the vote's six, then the page's statements left and map priorities
    with django_assert_max_num_queries(8):
        response = visitor.post(
            vote_url(conversation),
            {"statement": second.pk, "choice": 1},
            headers={ENHANCED_HEADER: ENHANCED_VALUE},
        )

    assert response.status_code == 200
    assert response.context["n_remaining"] == 1
