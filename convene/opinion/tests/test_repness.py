import math

import numpy as np
import pytest

from convene.opinion import repness
from convene.opinion.clusters import smooth_k
from convene.opinion.results import KSmoother


def _counts(
    agree: list[list[int]], disagree: list[list[int]], seen: list[list[int]]
) -> repness.VoteCounts:
    return repness.VoteCounts(
        agree=np.array(agree, dtype=float),
        disagree=np.array(disagree, dtype=float),
        seen=np.array(seen, dtype=float),
    )


def test_figures_match_the_formulas_by_hand() -> None:
    # One statement; group 0: 4 of 4 agree; group 1: 3 of 4 disagree, 1 passes.
    stats = repness.group_statement_stats(_counts([[4], [0]], [[0], [3]], [[4], [4]]))

    assert stats.pa[0, 0] == pytest.approx(5 / 6)  # (4 + 1) / (4 + 2)
    assert stats.pat[0, 0] == pytest.approx(2 * math.sqrt(5) * (5 / 5 - 0.5))
    assert stats.ra[0, 0] == pytest.approx((5 / 6) / (1 / 6))  # rest: 0 agree of 4
    # Two-proportion test with one pseudo-count each: 5/5 against 1/5, pooled 6/10.
    expected = (1 - 0.2) / math.sqrt(0.6 * 0.4 * (1 / 5 + 1 / 5))
    assert stats.rat[0, 0] == pytest.approx(expected)
    assert stats.pd[1, 0] == pytest.approx(4 / 6)
    assert stats.rd[1, 0] == pytest.approx((4 / 6) / (1 / 6))


def test_representative_statement_is_the_side_the_group_differs_on() -> None:
    stats = repness.group_statement_stats(
        _counts([[9, 5], [0, 5]], [[0, 5], [9, 5]], [[9, 10], [9, 10]])
    )

    chosen = repness.select_representative(stats, np.zeros(2, dtype=bool))

    assert chosen[0][0].statement == 0
    assert chosen[0][0].repful_for == "agree"
    assert chosen[0][0].best_agree
    assert chosen[1][0].statement == 0
    assert chosen[1][0].repful_for == "disagree"


def test_moderated_out_statements_are_never_representative() -> None:
    stats = repness.group_statement_stats(
        _counts([[9, 5], [0, 5]], [[0, 5], [9, 5]], [[9, 10], [9, 10]])
    )

    chosen = repness.select_representative(stats, np.array([True, False]))

    assert all(r.statement == 1 for group in chosen for r in group)


def test_consensus_needs_a_significant_majority() -> None:
    counts = _counts([[20, 6, 1]], [[0, 4, 19]], [[20, 10, 20]])

    agree, disagree = repness.select_consensus(counts, np.zeros(3, dtype=bool))

    assert [c.statement for c in agree] == [0]
    assert [c.statement for c in disagree] == [2]


def test_k_changes_only_after_winning_four_times_running() -> None:
    state = KSmoother(last_k=2, last_k_count=5, smoothed_k=2)
    three_wins = {2: 0.3, 3: 0.5}
    seen = []
    for _ in range(4):
        state = smooth_k(three_wins, state)
        seen.append(state.smoothed_k)

    assert seen == [2, 2, 2, 3]


def test_interrupted_run_starts_counting_again() -> None:
    state = KSmoother(last_k=2, last_k_count=5, smoothed_k=2)
    for scores in (
        {3: 0.5, 2: 0.1},
        {3: 0.5, 2: 0.1},
        {2: 0.5, 3: 0.1},
        {3: 0.5, 2: 0.1},
    ):
        state = smooth_k(scores, state)

    assert state.smoothed_k == 2
    assert state.last_k_count == 1
