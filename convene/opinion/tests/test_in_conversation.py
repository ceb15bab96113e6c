import numpy as np

from convene.opinion.engine import compute_opinion_map
from convene.opinion.matrix import VoteMatrix, build_vote_matrix, select_in_conversation
from convene.opinion.tests.helpers import two_camps


def _matrix(votes_per_person: list[int], statements: int) -> VoteMatrix:
    pids, tids = [], []
    for person, count in enumerate(votes_per_person):
        pids += [person] * count
        tids += list(range(count))
    return build_vote_matrix(
        pids, tids, np.ones(len(pids), dtype=int), n_statements=statements
    )


def test_seven_votes_are_enough_when_there_are_many_statements() -> None:
    counts = [7] * 20 + [6] * 5
    chosen = select_in_conversation(_matrix(counts, statements=30))

    assert chosen.tolist() == list(range(20))


def test_voting_on_every_statement_is_enough_when_there_are_few() -> None:
    counts = [4] * 16 + [3] * 4
    chosen = select_in_conversation(_matrix(counts, statements=4))

    assert chosen.tolist() == list(range(16))


def test_at_least_fifteen_are_clustered_taking_the_top_voters() -> None:
    counts = [9] * 10 + [1] * 3 + [5, 4, 3, 2, 2, 2]
    chosen = select_in_conversation(_matrix(counts, statements=10))

    # Ten qualify; the five heaviest of the rest join them (ties go to the earlier joiner).
    assert chosen.tolist() == [*range(10), 13, 14, 15, 16, 17]


def test_once_in_always_in() -> None:
    counts = [9] * 20 + [1]
    previous = np.array([20], dtype=np.int32)

    chosen = select_in_conversation(_matrix(counts, statements=10), previous)

    assert 20 in chosen.tolist()


def test_participants_named_already_in_are_grouped_however_few_their_votes() -> None:
    # Two camps, and a newcomer with two votes: too few for the rule, but another Pol.is
    # had them in a group, so they stay in.
    (pids, tids, votes), camps = two_camps(per_camp=20, statements=12)
    newcomer = len(camps)
    first_two = [t for p, t in zip(pids, tids, strict=True) if p == 0][:2]
    pids = np.append(pids, [newcomer, newcomer])
    tids = np.append(tids, first_two)
    votes = np.append(votes, [1, 1])

    by_rule = compute_opinion_map(pids, tids, votes)
    kept = compute_opinion_map(pids, tids, votes, in_conversation=[newcomer])

    assert by_rule.participant_group[newcomer] == -1
    assert (
        kept.participant_group[newcomer] == kept.participant_group[0] >= 0
    )  # with the camp they agree with
    assert newcomer in kept.clustered.tolist()
