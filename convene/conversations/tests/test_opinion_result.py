from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.conversations.models import Conversation, OpinionResult, Participant
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.organising import add_seed_statement, reject_statement
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    seeds,
    vote,
)
from convene.opinion.engine import compute_opinion_map

pytestmark = pytest.mark.django_db

ENGINE = "convene.conversations.opinion_map.compute_opinion_map"


def _votes_from(conversation: Conversation, n: int) -> list[Participant]:
    """n participants in two camps over the seed statements."""
    people = [make_participant(conversation) for _ in range(n)]
    statements = seeds(conversation)
    for i, person in enumerate(people):
        for j, statement in enumerate(statements):
            vote(person, statement, 1 if (i + j) % 2 else -1)
    return people


def test_nothing_is_stored_before_anyone_votes() -> None:
    conversation = make_conversation()

    assert compute_opinion_result(conversation) is None
    assert not OpinionResult.objects.exists()


def test_a_vote_leads_to_a_stored_map(
    visitor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # the test settings run tasks at once, so the queued update runs on commit
    conversation = make_conversation()
    _votes_from(conversation, 8)

    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(
            f"/conversations/{conversation.slug}/vote/",
            {"statement": seeds(conversation)[0].pk, "choice": 1},
        )

    result = OpinionResult.objects.get(conversation=conversation)
    assert result.n_votes == 8 * 3 + 1
    assert len(result.participant_ids) == 9
    assert result.data["priorities"]


def test_indices_stay_stable_as_people_and_statements_arrive() -> None:
    # given a first map
    conversation = make_conversation()
    people = _votes_from(conversation, 6)
    first = compute_opinion_result(conversation)
    assert first is not None
    earlier_people, earlier_statements = first.participant_ids, first.statement_ids

    # when a newcomer and a new statement arrive, and an early participant votes on it
    newest = add_seed_statement(
        conversation, text="Youth workers need secure contracts."
    )
    newcomer = make_participant(conversation)
    vote(newcomer, seeds(conversation)[0], 1)
    vote(people[0], newest, 1)
    second = compute_opinion_result(conversation)

    # then earlier rows keep their index and new ones are appended
    assert second is not None
    assert second.participant_ids == [*earlier_people, newcomer.pk]
    assert second.statement_ids == [*earlier_statements, newest.pk]
    assert OpinionResult.objects.count() == 1


def test_the_previous_map_warm_starts_the_next() -> None:
    conversation = make_conversation()
    _votes_from(conversation, 6)
    compute_opinion_result(conversation)

    with mock.patch(ENGINE, wraps=compute_opinion_map) as engine:
        compute_opinion_result(conversation)

    previous = engine.call_args.kwargs["previous"]
    assert previous is not None
    assert previous.n_participants == 6


def test_rejected_statements_are_left_out_of_the_map() -> None:
    conversation = make_conversation()
    _votes_from(conversation, 6)
    rejected = seeds(conversation)[1]
    reject_statement(rejected, reason="Off topic")

    with mock.patch(ENGINE, wraps=compute_opinion_map) as engine:
        result = compute_opinion_result(conversation)

    assert result is not None
    index = result.statement_ids.index(rejected.pk)
    assert engine.call_args.kwargs["moderated_out"] == [index]
    assert result.data["priorities"][index] == 0


def test_votes_are_loaded_in_one_query() -> None:
    conversation = make_conversation()
    _votes_from(conversation, 6)

    with CaptureQueriesContext(connection) as queries:
        compute_opinion_result(conversation)

    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len([sql for sql in reads if '"conversations_vote"' in sql]) == 1
    # the previous map, the votes and the rejected statements; then, to save, the map again
    # (locked, in case another worker stored a newer one meanwhile) and one write
    assert len(reads) == 4


def test_a_map_read_from_older_votes_does_not_replace_a_newer_one() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from convene.conversations.opinion_map import store_opinion_result

    conversation = make_conversation()
    _votes_from(conversation, 6)
    newer = compute_opinion_result(conversation)
    assert newer is not None
    votes_counted = newer.n_votes

    kept = store_opinion_result(
        conversation,
        computed_at=timezone.now() - timedelta(seconds=5),
        n_votes=1,
        participant_ids=[],
        statement_ids=[],
        data={},
    )

    newer.refresh_from_db()
    assert kept.pk == newer.pk
    assert newer.n_votes == votes_counted > 1
    assert newer.data != {}


def test_accepting_a_statement_brings_it_into_the_map(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from convene.conversations.organising import accept_statement

    conversation = make_conversation(moderation="pre")
    people = _votes_from(conversation, 8)
    waiting = add_statement(people[0], "Small grants should cover running costs.")
    first = compute_opinion_result(conversation)
    assert first is not None
    index = first.statement_ids.index(waiting.pk)
    assert (
        first.data["priorities"][index] == 0
    )  # awaiting a moderator: out of the maths

    with django_capture_on_commit_callbacks(execute=True):
        accept_statement(waiting)

    # The map is computed again with it, as after a rejection (no vote needs to arrive).
    stored = OpinionResult.objects.get(conversation=conversation)
    assert stored.data["priorities"][index] > 0
