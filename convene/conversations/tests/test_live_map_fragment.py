"""Votes push twice a second; the opinion map goes along only when a new one is stored."""

import pytest

from convene.conversations import live
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    seeds,
    vote,
)

pytestmark = pytest.mark.django_db


def test_vote_pushes_carry_the_map_only_when_it_is_new() -> None:
    conversation = make_conversation()
    vote(make_participant(conversation), seeds(conversation)[0], 1)
    compute_opinion_result(conversation)

    first = live.render_fragments(conversation.pk, {"vote"})
    again = live.render_fragments(conversation.pk, {"vote"})
    compute_opinion_result(conversation)
    after_update = live.render_fragments(conversation.pk, {"vote"})

    assert live.WALL_MAP in first
    assert live.WALL_MAP not in again
    assert live.WALL_TOTALS in again
    assert live.WALL_MAP in after_update


def test_a_result_push_always_carries_the_map() -> None:
    conversation = make_conversation()

    live.render_fragments(conversation.pk, {"vote"})
    result = live.render_fragments(conversation.pk, {"result"})

    assert live.WALL_MAP in result
