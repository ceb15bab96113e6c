"""The opinion map is computed from the votes and stored, and the pages draw it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.conversations.models import Conversation, OpinionResult, Participant
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.organising import add_seed_statement
from convene.conversations.tests.helpers import (
    add_statement,
    group_sizes,
    make_conversation,
    make_participant,
    results_page,
    seeds,
    statement_card,
    third_camp_comes_round_in,
    vote,
    vote_through_form,
)

pytestmark = pytest.mark.django_db


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


def test_a_vote_brings_the_results_map_up_to_date(
    visitor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # the test settings run tasks at once, so the queued update runs on commit
    conversation = make_conversation()
    _votes_from(conversation, 8)  # their votes' own updates never ran
    before = results_page(visitor, conversation)
    assert "Opinion groups appear once enough people have voted." in before

    with django_capture_on_commit_callbacks(execute=True):
        vote_through_form(visitor, conversation, seeds(conversation)[0], 1)

    after = results_page(visitor, conversation)
    assert after.count("<circle ") == 9  # the eight, and the newcomer with one vote
    assert sum(group_sizes(after).values()) == 9


def test_indices_stay_stable_as_people_and_statements_arrive() -> None:
    """Each update warm-starts from the stored map, whose rows it matches by index, and
    the vote page reads a statement's priority at its index: a row that moved would take
    another person's place in a group, or another statement's priority."""
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


def test_the_groups_shown_change_only_once_four_updates_agree(visitor: Client) -> None:
    # Each update starts from the stored map and its memory of the groups, so a wall
    # doesn't flicker between counts of groups as votes come in.
    conversation = make_conversation(seed_statements=[])
    third_camp_comes_round_in(conversation)
    assert len(group_sizes(results_page(visitor, conversation))) == 3

    compute_opinion_result(conversation)

    # the third camp has come round to the first, but the page keeps three groups...
    assert len(group_sizes(results_page(visitor, conversation))) == 3
    for _ in range(3):
        compute_opinion_result(conversation)
    # ...until two have won four updates running
    assert sorted(group_sizes(results_page(visitor, conversation)).values()) == [20, 40]


def test_rejected_statements_are_left_out_of_the_groups(
    organiser_client: Client,
    visitor: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given 24 people split evenly by three statements, and 18 to 6 by three others
    conversation = make_conversation(seed_statements=[])
    evenly = [add_seed_statement(conversation, text=f"Even split {i}.") for i in "ABC"]
    unevenly = [add_seed_statement(conversation, text=f"Uneven {i}.") for i in "ABC"]
    for i in range(24):
        person = make_participant(conversation)
        for statement in evenly:
            vote(person, statement, 1 if i % 2 else -1)
        for statement in unevenly:
            vote(person, statement, 1 if i < 18 else -1)
    compute_opinion_result(conversation)
    assert group_sizes(results_page(visitor, conversation)) == {
        "Group A": 12,
        "Group B": 12,
    }

    # when a moderator rejects the three that split them evenly
    with django_capture_on_commit_callbacks(execute=True):
        for statement in evenly:
            response = organiser_client.post(
                f"/conversations/{conversation.slug}/moderate/{statement.pk}/reject/",
                {"reason": "Off topic"},
            )
            assert response.status_code == 302

    # then the map is drawn again from the votes on the rest
    results = results_page(visitor, conversation)
    assert sorted(group_sizes(results).values()) == [6, 18]
    assert "Even split" not in results


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
    """Two workers may compute one conversation at once: the pages must keep showing the
    map read from the newer votes, whichever worker stores last."""
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


def test_an_accepted_statement_is_offered_first_once_the_map_counts_it(
    visitor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from convene.conversations.organising import accept_statement

    # given a map that leaves out a statement awaiting a moderator (thirty people have
    # voted on the seeds: the newcomer with one vote ranks far above them)
    conversation = make_conversation(moderation="pre")
    people = _votes_from(conversation, 30)
    text = "Small grants should cover running costs."
    waiting = add_statement(people[0], text)
    compute_opinion_result(conversation)

    # when a moderator accepts it (the map is computed again: no vote needs to arrive)
    with django_capture_on_commit_callbacks(execute=True):
        accept_statement(waiting)

    # then the next voter is offered it first, not left till last
    assert text in statement_card(visitor, conversation)
