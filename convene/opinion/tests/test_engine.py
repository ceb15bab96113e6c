import json

import numpy as np
import pytest

from convene.opinion.engine import compute_opinion_map
from convene.opinion.priorities import META_PRIORITY
from convene.opinion.replay import replay_opinion_map
from convene.opinion.results import OpinionResult

from .helpers import same_partition, third_camp_comes_round, two_camps


def test_two_obvious_camps_become_two_groups() -> None:
    (pids, tids, votes), camps = two_camps()

    result = compute_opinion_map(pids, tids, votes)

    assert len(result.groups) == 2
    assert (result.participant_group >= 0).all()
    assert same_partition(result.participant_group, camps)
    assert sorted(g.size for g in result.groups) == [20, 20]


def test_same_input_gives_the_same_result() -> None:
    (pids, tids, votes), _ = two_camps()

    first = compute_opinion_map(pids, tids, votes).to_dict()
    second = compute_opinion_map(pids, tids, votes).to_dict()

    first.pop("timings")
    second.pop("timings")
    assert first == second


def test_the_first_few_votes_give_the_same_map_every_time() -> None:
    # Two people on five of thirty statements span fewer directions than Lanczos keeps, so
    # it restarts from random vectors; the map must not depend on them.
    pids = np.repeat([0, 1], 5)
    tids = np.tile(np.arange(5), 2)
    votes = np.array([1, 1, -1, 0, 1, -1, 1, 1, -1, 0])

    maps = [
        compute_opinion_map(pids, tids, votes, n_statements=30).to_dict()
        for _ in range(5)
    ]

    for found in maps:
        found.pop("timings")
    assert all(found == maps[0] for found in maps[1:])


def test_moderated_out_statement_has_no_effect() -> None:
    (pids, tids, votes), _ = two_camps()
    rng = np.random.default_rng(5)
    extra = np.arange(40)
    # Statement 12 is moderated out; whatever people voted on it must not matter.
    results = []
    for seed_votes in (rng.integers(-1, 2, 40), rng.integers(-1, 2, 40)):
        result = compute_opinion_map(
            np.concatenate([pids, extra]),
            np.concatenate([tids, np.full(40, 12)]),
            np.concatenate([votes, seed_votes]),
            moderated_out=[12],
        )
        results.append(result)

    assert np.array_equal(results[0].participant_group, results[1].participant_group)
    assert np.allclose(results[0].coordinates, results[1].coordinates)
    assert results[0].priorities[12] == 0.0
    assert all(r.statement != 12 for g in results[0].groups for r in g.representative)


def test_last_vote_on_a_pair_wins() -> None:
    result_agree = compute_opinion_map([0, 0], [0, 0], [-1, 1], n_participants=1)
    result_disagree = compute_opinion_map([0, 0], [0, 0], [1, -1], n_participants=1)

    assert (
        result_agree.consensus_agree == ()
        or result_agree.consensus_agree[0].n_success == 1
    )
    assert result_agree.pca_centre[0] == 1.0
    assert result_disagree.pca_centre[0] == -1.0


def test_no_group_of_one_participant() -> None:
    (pids, tids, votes), _ = two_camps(per_camp=10)
    # A loner who votes against everyone on every statement, far from both camps.
    loner = np.full(12, 20)
    result = compute_opinion_map(
        np.concatenate([pids, loner]),
        np.concatenate([tids, np.arange(12)]),
        np.concatenate([votes, np.zeros(12, dtype=int)]),
    )

    assert all(group.size >= 2 for group in result.groups)


def test_consensus_statement_found_where_all_agree() -> None:
    (pids, tids, votes), _ = two_camps()
    everyone = np.arange(40)

    result = compute_opinion_map(
        np.concatenate([pids, everyone]),
        np.concatenate([tids, np.full(40, 12)]),
        np.concatenate([votes, np.ones(40, dtype=int)]),
    )

    assert result.consensus_agree[0].statement == 12
    assert result.consensus_agree[0].n_success == 40
    assert 12 not in {d.statement for d in result.divisive}


def test_meta_statement_is_left_out_of_the_maths_but_keeps_its_fixed_priority() -> None:
    # Pol.is moderates meta statements out and routes them at meta-priority squared.
    (pids, tids, votes), _ = two_camps()
    everyone = np.arange(40)

    result = compute_opinion_map(
        np.concatenate([pids, everyone]),
        np.concatenate([tids, np.full(40, 12)]),
        np.concatenate([votes, np.ones(40, dtype=int)]),
        moderated_out=[12],
        meta=[12],
    )

    assert result.priorities[12] == META_PRIORITY**2
    assert 12 not in {c.statement for c in result.consensus_agree}
    assert all(r.statement != 12 for g in result.groups for r in g.representative)
    assert 12 not in {d.statement for d in result.divisive}


def test_divisive_statements_are_the_ones_the_camps_split_on() -> None:
    (pids, tids, votes), _ = two_camps()

    result = compute_opinion_map(pids, tids, votes)

    assert result.divisive
    assert all(d.spread > 0.5 for d in result.divisive)


def test_priorities_favour_statements_few_have_seen() -> None:
    (pids, tids, votes), _ = two_camps()
    # Statement 12 seen by two people only.
    result = compute_opinion_map(
        np.concatenate([pids, [0, 1]]),
        np.concatenate([tids, [12, 12]]),
        np.concatenate([votes, [1, -1]]),
    )

    assert result.priorities[12] == result.priorities.max()


def test_round_trip_through_json() -> None:
    (pids, tids, votes), _ = two_camps()
    result = compute_opinion_map(pids, tids, votes)

    restored = OpinionResult.from_dict(json.loads(json.dumps(result.to_dict())))

    assert restored.to_dict() == result.to_dict()
    assert restored.groups == result.groups


def test_warm_start_keeps_clustered_people_and_group_numbers() -> None:
    (pids, tids, votes), _ = two_camps()
    first = compute_opinion_map(pids, tids, votes, n_participants=41)
    # Newcomer 40 votes twice; everyone else unchanged.
    second = compute_opinion_map(
        np.concatenate([pids, [40, 40]]),
        np.concatenate([tids, [0, 1]]),
        np.concatenate([votes, [1, 1]]),
        previous=first,
    )

    assert set(first.clustered.tolist()) <= set(second.clustered.tolist())
    assert np.array_equal(first.participant_group[:40], second.participant_group[:40])


def test_rejects_votes_outside_minus_one_to_one() -> None:
    with pytest.raises(ValueError, match="votes must be"):
        compute_opinion_map([0], [0], [2])


def test_empty_conversation_has_no_groups() -> None:
    result = compute_opinion_map([], [], [], n_participants=3, n_statements=2)

    assert result.groups == ()
    assert (result.participant_group == -1).all()


def test_everyone_agreeing_on_everything_gives_no_groups() -> None:
    pids = np.repeat(np.arange(20), 8)
    tids = np.tile(np.arange(8), 20)

    result = compute_opinion_map(pids, tids, np.ones(160, dtype=int))

    assert result.groups == ()
    assert len(result.clustered) == 20
    assert result.consensus_agree


def test_replaying_the_log_finds_the_same_camps() -> None:
    (pids, tids, votes), camps = two_camps()
    times = np.arange(len(votes))

    result = replay_opinion_map(pids, tids, votes, times, updates=5)

    assert same_partition(result.participant_group, camps)
    assert (
        len(result.k_history) == 6
    )  # five updates, then the reload after the last vote


def test_a_replay_ends_on_the_groups_the_final_votes_make() -> None:
    # Three camps for most of the log; in its last quarter the third camp comes round to the
    # first. The k smoother holds on to three groups until two have won four updates
    # running; Pol.is's worker, reloading the finished conversation, starts afresh.
    (pids, tids, votes), final_camps = third_camp_comes_round()
    times = np.arange(len(votes))

    remembered = replay_opinion_map(
        pids, tids, votes, times, updates=5, reload_at_end=False
    )
    reloaded = replay_opinion_map(pids, tids, votes, times, updates=5)

    assert len(remembered.groups) == 3
    assert len(reloaded.groups) == 2
    assert same_partition(reloaded.participant_group, final_camps)


def test_a_replay_keeps_named_participants_from_their_first_vote() -> None:
    # A newcomer votes twice, late: too few votes for the rule, but Pol.is grouped them.
    (pids, tids, votes), camps = two_camps()
    newcomer = len(camps)
    pids = np.append(pids, [newcomer, newcomer])
    tids = np.append(tids, [0, 1])
    votes = np.append(votes, [1, 1])
    times = np.arange(len(votes))

    by_rule = replay_opinion_map(pids, tids, votes, times, updates=5)
    kept = replay_opinion_map(
        pids, tids, votes, times, updates=5, in_conversation=[newcomer]
    )
    before_voting = replay_opinion_map(
        pids[:-2], tids[:-2], votes[:-2], times[:-2], n_participants=newcomer + 1,
        updates=5, in_conversation=[newcomer],
    )  # fmt: skip

    assert by_rule.participant_group[newcomer] == -1
    assert (
        kept.participant_group[newcomer] == kept.participant_group[0] >= 0
    )  # with the camp they agree with
    assert newcomer not in before_voting.clustered.tolist()


def test_new_statements_between_updates_are_taken_in() -> None:
    (pids, tids, votes), camps = two_camps()
    first = compute_opinion_map(pids, tids, votes, n_statements=12)
    everyone = np.arange(40)

    second = compute_opinion_map(
        np.concatenate([pids, everyone]),
        np.concatenate([tids, np.full(40, 12)]),
        np.concatenate([votes, np.where(camps == 0, 1, -1)]),
        previous=first,
    )

    assert second.n_statements == 13
    assert same_partition(second.participant_group, camps)
