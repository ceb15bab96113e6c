"""Representative, consensus and divisive statements, with Pol.is's `repness.clj` formulas.

Counts are pseudocounted (+1 success, +2 trials) so a statement seen by two people can't look
certain, and every "is this real" question is a one-sided z test at 90% confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from convene.opinion.results import (
    ConsensusStatement,
    DivisiveStatement,
    RepresentativeStatement,
)

Z_90 = 1.2816  # one-sided 90% significance
PICK = 5  # statements kept per group, per consensus side, and divisive

FloatArray = NDArray[np.float64]


def proportion_test(successes: FloatArray, trials: FloatArray) -> FloatArray:
    """z for "more than half", with one pseudo-success and one pseudo-trial (Pol.is `prop-test`)."""
    s = successes + 1.0
    n = trials + 1.0
    return np.asarray(2.0 * np.sqrt(n) * (s / n - 0.5), dtype=np.float64)


def two_proportion_test(
    successes_in: FloatArray,
    successes_out: FloatArray,
    trials_in: FloatArray,
    trials_out: FloatArray,
) -> FloatArray:
    """z for "the group's rate beats the rest's", pseudocounted (Pol.is `two-prop-test`)."""
    s1, s2 = successes_in + 1.0, successes_out + 1.0
    n1, n2 = trials_in + 1.0, trials_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    z = np.divide(
        s1 / n1 - s2 / n2,
        spread,
        out=np.zeros(np.broadcast(s1, s2).shape),
        where=spread > 0,
    )
    return np.asarray(np.where(pooled >= 1.0, 0.0, z), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class VoteCounts:
    """Per (group, statement): agrees, disagrees and all votes (passes included)."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


def count_votes(
    votes: sp.csr_matrix, labels: NDArray[np.int64] | None, n_groups: int
) -> VoteCounts:
    """Counts for rows labelled 0..n_groups-1 (rows labelled -1 are left out); with no labels,
    one group of everyone. One pass of bincount over the votes."""
    m = votes.shape[1]
    # 0 disagree, 1 pass, 2 agree: one bin per (group, statement, answer). int32 keys halve
    # the memory traffic on big conversations.
    key_type = np.int32 if max(n_groups, 1) * m * 3 < 2**31 else np.int64
    answer = votes.data.astype(key_type) + 1
    if labels is None:
        key = votes.indices.astype(key_type) * 3 + answer
        n_groups = 1
    else:
        entry_label = np.repeat(labels.astype(key_type), np.diff(votes.indptr))
        kept = entry_label >= 0
        if kept.all():
            key = (entry_label * m + votes.indices) * 3 + answer
        else:
            key = (entry_label[kept] * m + votes.indices[kept]) * 3 + answer[kept]
    tally = (
        np.bincount(key, minlength=n_groups * m * 3)
        .reshape(n_groups, m, 3)
        .astype(np.float64)
    )
    return VoteCounts(
        agree=tally[:, :, 2], disagree=tally[:, :, 0], seen=tally.sum(axis=2)
    )


@dataclass(frozen=True, eq=False)
class GroupStatementStats:
    na: FloatArray
    nd: FloatArray
    ns: FloatArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def group_statement_stats(counts: VoteCounts) -> GroupStatementStats:
    """Pol.is `comment-stats` + `add-comparitive-stats`, each group against all the others."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_a = na.sum(axis=0) - na
    rest_d = nd.sum(axis=0) - nd
    rest_s = ns.sum(axis=0) - ns
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    return GroupStatementStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=proportion_test(na, ns),
        pdt=proportion_test(nd, ns),
        ra=pa / ((rest_a + 1.0) / (rest_s + 2.0)),
        rd=pd / ((rest_d + 1.0) / (rest_s + 2.0)),
        rat=two_proportion_test(na, rest_a, ns, rest_s),
        rdt=two_proportion_test(nd, rest_d, ns, rest_s),
    )


def _finalize(
    stats: GroupStatementStats, g: int, t: int, best_agree: bool = False
) -> RepresentativeStatement:
    """Pol.is `finalize-cmt-stats`: report the side (agree/disagree) with the stronger test."""
    if stats.rat[g, t] > stats.rdt[g, t]:
        figures = (stats.na, stats.pa, stats.pat, stats.ra, stats.rat, "agree")
    else:
        figures = (stats.nd, stats.pd, stats.pdt, stats.rd, stats.rdt, "disagree")
    n_success, p_success, p_test, repness, repness_test, side = figures
    return RepresentativeStatement(
        statement=t,
        repful_for=side,
        n_success=int(n_success[g, t]),
        n_trials=int(stats.ns[g, t]),
        p_success=float(p_success[g, t]),
        p_test=float(p_test[g, t]),
        repness=float(repness[g, t]),
        repness_test=float(repness_test[g, t]),
        best_agree=best_agree,
    )


def select_representative(
    stats: GroupStatementStats, moderated_out: NDArray[np.bool_]
) -> list[tuple[RepresentativeStatement, ...]]:
    """Pol.is `select-rep-comments`, per group: the significant statements by repness, with the
    best agreed one first, and always at least one statement when any was voted on."""
    n_groups = stats.na.shape[0]
    candidates = np.flatnonzero(~moderated_out)
    passes = ((stats.rat > Z_90) & (stats.pat > Z_90)) | (
        (stats.rdt > Z_90) & (stats.pdt > Z_90)
    )
    agree_score = stats.ra * stats.rat * stats.pa * stats.pat
    agree_prob = stats.pa * stats.pat
    chosen: list[tuple[RepresentativeStatement, ...]] = []
    for g in range(n_groups):
        sufficient = candidates[passes[g, candidates]].tolist()
        best: int | None = None
        if not sufficient:
            # Pol.is tracks the best by test only until something passes; none did here.
            tests = np.maximum(stats.rat[g, candidates], stats.rdt[g, candidates])
            if len(candidates):
                best = int(candidates[int(np.argmax(tests))])
        best_agree = _best_agree(stats, g, candidates, agree_score[g], agree_prob[g])
        head = (
            _finalize(stats, g, best_agree, best_agree=True)
            if best_agree is not None
            else None
        )
        if not sufficient:
            if head is not None:
                chosen.append((head,))
            elif best is not None:
                chosen.append((_finalize(stats, g, best),))
            else:
                chosen.append(())
            continue
        others = np.array([t for t in sufficient if t != best_agree], dtype=np.int64)
        # Pol.is ranks by repness * repness test * p * p test on the statement's stronger
        # side: computed for every candidate at once, and statements are built only for the
        # few that can make the cut. A stable sort keeps ties in statement order.
        on_agree = stats.rat[g, others] > stats.rdt[g, others]
        metric = np.where(
            on_agree,
            stats.ra[g, others]
            * stats.rat[g, others]
            * stats.pa[g, others]
            * stats.pat[g, others],
            stats.rd[g, others]
            * stats.rdt[g, others]
            * stats.pd[g, others]
            * stats.pdt[g, others],
        )
        ranked = [
            _finalize(stats, g, int(t))
            for t in others[np.argsort(-metric, kind="stable")[:PICK]]
        ]
        top = ([head] if head is not None else []) + ranked
        top = top[:PICK]
        chosen.append(
            tuple(
                [r for r in top if r.repful_for == "agree"]
                + [r for r in top if r.repful_for != "agree"]
            )
        )
    return chosen


def _best_agree(
    stats: GroupStatementStats,
    g: int,
    candidates: NDArray[np.int64],
    agree_score: FloatArray,
    agree_prob: FloatArray,
) -> int | None:
    """Pol.is `beats-best-agr?` folded over the statements in order."""
    best: int | None = None
    # Plain lists: indexing them one statement at a time is several times quicker than
    # indexing arrays, and compares the same float64 values.
    na, nd, ra, pa, pat, score, prob = (
        stats.na[g].tolist(),
        stats.nd[g].tolist(),
        stats.ra[g].tolist(),
        stats.pa[g].tolist(),
        stats.pat[g].tolist(),
        agree_score.tolist(),
        agree_prob.tolist(),
    )
    for t in candidates.tolist():
        if na[t] == 0 and nd[t] == 0:
            continue
        if best is not None and ra[best] > 1.0:
            better = score[t] > score[best]
        elif best is not None:
            better = prob[t] > prob[best]
        else:
            better = bool(pat[t] > Z_90 or (ra[t] > 1.0 and pa[t] > 0.5))
        if better:
            best = int(t)
    return best


def select_consensus(
    counts: VoteCounts, moderated_out: NDArray[np.bool_]
) -> tuple[tuple[ConsensusStatement, ...], tuple[ConsensusStatement, ...]]:
    """Pol.is `select-consensus-comments` over everyone who voted: statements most people
    agree (or disagree) with, significantly, best first."""
    na = counts.agree.sum(axis=0)
    nd = counts.disagree.sum(axis=0)
    ns = counts.seen.sum(axis=0)
    sides = []
    for successes in (na, nd):
        p = (successes + 1.0) / (ns + 2.0)
        z = proportion_test(successes, ns)
        eligible = np.flatnonzero((p > 0.5) & (z > Z_90) & ~moderated_out)
        order = eligible[np.argsort(-(p * z)[eligible], kind="stable")][:PICK]
        sides.append(
            tuple(
                ConsensusStatement(
                    statement=int(t),
                    n_success=int(successes[t]),
                    n_trials=int(ns[t]),
                    p_success=float(p[t]),
                    p_test=float(z[t]),
                )
                for t in order
            )
        )
    return sides[0], sides[1]


def select_divisive(
    stats: GroupStatementStats, moderated_out: NDArray[np.bool_]
) -> tuple[DivisiveStatement, ...]:
    """Statements the groups split on: the widest gap between groups' agree rates, where that
    gap is significant for the most-agreeing group against the rest."""
    n_groups = stats.pa.shape[0]
    if n_groups < 2:
        return ()
    spread = stats.pa.max(axis=0) - stats.pa.min(axis=0)
    top_group = np.argmax(stats.pa, axis=0)
    significant = stats.rat[top_group, np.arange(stats.pa.shape[1])] > Z_90
    eligible = np.flatnonzero(significant & ~moderated_out & (stats.ns.min(axis=0) > 0))
    order = eligible[np.argsort(-spread[eligible], kind="stable")][:PICK]
    return tuple(
        DivisiveStatement(
            statement=int(t),
            agree_rates=tuple(float(x) for x in stats.pa[:, t]),
            spread=float(spread[t]),
            n_agree=tuple(int(x) for x in stats.na[:, t]),
            n_seen=tuple(int(x) for x in stats.ns[:, t]),
        )
        for t in order
    )
