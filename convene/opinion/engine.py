"""`compute_opinion_map`: votes in, opinion groups and statements out (Pol.is's conversation update)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from convene.opinion import clusters, pca, priorities, repness
from convene.opinion.kmeans import Clustering
from convene.opinion.matrix import VoteMatrix, build_vote_matrix, select_in_conversation
from convene.opinion.results import (
    ConsensusStatement,
    DivisiveStatement,
    Group,
    KSmoother,
    OpinionResult,
    RepresentativeStatement,
)

_K_HISTORY = 20


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = (
                self.timings.get(name, 0.0) + time.perf_counter() - started
            )


def compute_opinion_map(
    participants: ArrayLike,
    statements: ArrayLike,
    votes: ArrayLike,
    *,
    n_participants: int | None = None,
    n_statements: int | None = None,
    moderated_out: Iterable[int] = (),
    meta: Iterable[int] = (),
    previous: OpinionResult | None = None,
    in_conversation: Iterable[int] = (),
    seed: int = 0,
) -> OpinionResult:
    """Opinion groups for a conversation's votes.

    `participants`, `statements` and `votes` are parallel arrays of the vote log in time order
    (indices from 0; vote -1 disagree, 0 pass, 1 agree); the last vote on a pair wins. Pass the
    previous result to warm-start: its clustered participants stay clustered, and its k-means
    centres and k history carry over, as in Pol.is's incremental updates. Indices must mean the
    same people and statements from one call to the next.

    `moderated_out` statements are zeroed out of the maths (Pol.is also moderates out meta
    statements); `meta` statements get Pol.is's fixed routing priority. `in_conversation`
    names participants already in the map however few their votes (those another Pol.is
    placed in groups, on import), as a previous result's clustered participants are. Same
    input and seed, same output.
    """
    timer = _Timer()
    started = time.perf_counter()
    with timer.step("matrix"):
        if previous is not None:
            # People and statements only ever join: the matrix is at least as big as before.
            pid = np.asarray(participants)
            tid = np.asarray(statements)
            seen_n = int(pid.max()) + 1 if len(pid) else 0
            seen_m = int(tid.max()) + 1 if len(tid) else 0
            n_participants = max(n_participants or seen_n, previous.n_participants)
            n_statements = max(n_statements or seen_m, previous.n_statements)
        matrix = build_vote_matrix(
            participants,
            statements,
            votes,
            n_participants=n_participants,
            n_statements=n_statements,
            moderated_out=moderated_out,
        )
    result = compute_from_matrix(
        matrix,
        meta=meta,
        previous=previous,
        in_conversation=in_conversation,
        seed=seed,
        timer=timer,
    )
    result.timings["total"] = time.perf_counter() - started
    return result


def compute_from_matrix(
    matrix: VoteMatrix,
    *,
    meta: Iterable[int] = (),
    previous: OpinionResult | None = None,
    in_conversation: Iterable[int] = (),
    seed: int = 0,
    timer: _Timer | None = None,
) -> OpinionResult:
    timer = timer or _Timer()
    with timer.step("in_conversation"):
        clustered = _select_clustered(matrix, previous, in_conversation)
    with timer.step("pca"):
        projection = _project(matrix, previous, seed)
        coordinates = projection.coordinates[clustered]
    with timer.step("base_clusters"):
        base = _find_base_clusters(matrix, clustered, coordinates, previous)
    with timer.step("groups"):
        grouping = _choose_groups(matrix, clustered, coordinates, base, previous, seed)
    with timer.step("repness"):
        selection = _select_statements(matrix, clustered, grouping)
    with timer.step("priorities"):
        statement_priorities = _prioritise_statements(
            matrix, clustered, grouping, selection, projection, meta
        )
    return _opinion_result(
        matrix,
        clustered=clustered,
        coordinates=coordinates,
        projection=projection,
        base=base,
        grouping=grouping,
        selection=selection,
        statement_priorities=statement_priorities,
        timer=timer,
    )


@dataclass(frozen=True, eq=False)
class _BaseClusters:
    clustering: Clustering
    ids: NDArray[np.int64]  # each base cluster's id, kept from run to run
    sizes: NDArray[np.float64]  # participants in each base cluster


@dataclass(frozen=True, eq=False)
class _Grouping:
    clusterings: dict[int, Clustering]  # each candidate k's groups of base clusters
    silhouettes: dict[int, float]
    smoother: KSmoother
    history: tuple[int, ...]
    participant_group: NDArray[np.int32]
    labels_of_clustered: NDArray[np.int64]
    n_groups: int


@dataclass(frozen=True, eq=False)
class _StatementSelection:
    group_counts: repness.VoteCounts
    representative: list[tuple[RepresentativeStatement, ...]]
    divisive: tuple[DivisiveStatement, ...]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]


def _select_clustered(
    matrix: VoteMatrix, previous: OpinionResult | None, in_conversation: Iterable[int]
) -> NDArray[np.int32]:
    """Who is on the map (Pol.is's in-conv); whoever was on it before stays."""
    n = matrix.shape[0]
    already_in = np.fromiter(in_conversation, dtype=np.int32)
    if previous is not None:
        already_in = np.concatenate([already_in, previous.clustered])
    return select_in_conversation(
        matrix, already_in[(already_in >= 0) & (already_in < n)]
    )


def _project(
    matrix: VoteMatrix, previous: OpinionResult | None, seed: int
) -> pca.Projection:
    """The 2-D projection of the votes, started from the last run's components."""
    start = None
    if previous is not None:
        start = _widen(previous.pca_components, matrix.shape[1])
    return pca.compute_projection(matrix, start=start, seed=seed)


def _find_base_clusters(
    matrix: VoteMatrix,
    clustered: NDArray[np.int32],
    coordinates: NDArray[np.float64],
    previous: OpinionResult | None,
) -> _BaseClusters:
    """Pol.is's ~100 base clusters, warm-started from the last run's, which keep their ids."""
    n = matrix.shape[0]
    previous_ids = None
    if previous is not None and len(previous.clustered):
        lookup = np.full(n, -1, dtype=np.int64)
        known = previous.clustered < n
        lookup[previous.clustered[known]] = previous.base_of_clustered[known]
        previous_ids = lookup[clustered]
    base, base_ids = clusters.base_clusters(coordinates, previous_ids=previous_ids)
    base_sizes = np.bincount(base.labels, minlength=len(base.centres)).astype(
        np.float64
    )
    return _BaseClusters(clustering=base, ids=base_ids, sizes=base_sizes)


def _choose_groups(
    matrix: VoteMatrix,
    clustered: NDArray[np.int32],
    coordinates: NDArray[np.float64],
    base: _BaseClusters,
    previous: OpinionResult | None,
    seed: int,
) -> _Grouping:
    """Each k's groups of base clusters, the k the smoother settles on, and each clustered
    participant's group at that k."""
    n = matrix.shape[0]
    previous_groups = _previous_groups(base.ids, previous)
    clusterings, silhouettes = clusters.group_clusterings(
        base.clustering.centres, base.sizes, previous_groups, seed=seed
    )
    smoother = clusters.smooth_k(silhouettes, previous.k_smoother if previous else None)
    k = smoother.smoothed_k
    if k not in clusterings and clusterings:
        # The smoothed k has no valid clustering this time (e.g. it would leave a group of
        # one): fall back to this run's best rather than show nothing.
        k = smoother.last_k
    history = (previous.k_history if previous is not None else ()) + (
        (smoother.last_k,) if smoother.last_k is not None and silhouettes else ()
    )
    participant_group = np.full(n, -1, dtype=np.int32)
    labels_of_clustered = np.full(len(clustered), -1, dtype=np.int64)
    n_groups = 0
    if k is not None and k in clusterings:
        n_groups = len(clusterings[k].centres)
        labels_of_clustered = clusters.refine_participants(
            coordinates, clusterings[k].labels[base.clustering.labels], n_groups
        )
        participant_group[clustered] = labels_of_clustered
    return _Grouping(
        clusterings=clusterings,
        silhouettes=silhouettes,
        smoother=smoother,
        history=history,
        participant_group=participant_group,
        labels_of_clustered=labels_of_clustered,
        n_groups=n_groups,
    )


def _previous_groups(
    base_ids: NDArray[np.int64], previous: OpinionResult | None
) -> dict[int, NDArray[np.int64]]:
    previous_groups: dict[int, NDArray[np.int64]] = {}
    if previous is not None:
        # Carry each base cluster's group over by its id; new base clusters have none yet.
        position = {int(b): i for i, b in enumerate(previous.base_ids)}
        slots = np.array([position.get(int(b), -1) for b in base_ids], dtype=np.int64)
        for kk, labels in previous.group_labels_by_k.items():
            previous_groups[kk] = np.where(slots >= 0, labels[np.maximum(slots, 0)], -1)
    return previous_groups


def _select_statements(
    matrix: VoteMatrix, clustered: NDArray[np.int32], grouping: _Grouping
) -> _StatementSelection:
    """What sets each group apart, what divides the groups and what nearly everyone
    shares."""
    n = matrix.shape[0]
    n_groups = grouping.n_groups
    moderated = matrix.moderated_out
    labels_all = np.full(n, -1, dtype=np.int64)
    labels_all[clustered] = grouping.labels_of_clustered
    group_counts = repness.count_votes(matrix.votes, labels_all, n_groups)
    stats = repness.group_statement_stats(group_counts)
    representative = repness.select_representative(stats, moderated) if n_groups else []
    divisive = repness.select_divisive(stats, moderated)
    consensus_agree, consensus_disagree = repness.select_consensus(
        repness.count_votes(matrix.votes, None, 1), moderated
    )
    return _StatementSelection(
        group_counts=group_counts,
        representative=representative,
        divisive=divisive,
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
    )


def _prioritise_statements(
    matrix: VoteMatrix,
    clustered: NDArray[np.int32],
    grouping: _Grouping,
    selection: _StatementSelection,
    projection: pca.Projection,
    meta: Iterable[int],
) -> NDArray[np.float64]:
    """How often to offer each statement next (Pol.is's comment priorities)."""
    n, m = matrix.shape
    group_counts = selection.group_counts
    if grouping.n_groups:
        # Everyone clustered is in a group, so the groups' counts add up to theirs.
        seen_counts = repness.VoteCounts(
            agree=group_counts.agree.sum(axis=0, keepdims=True),
            disagree=group_counts.disagree.sum(axis=0, keepdims=True),
            seen=group_counts.seen.sum(axis=0, keepdims=True),
        )
    else:
        in_conv = np.full(n, -1, dtype=np.int64)
        in_conv[clustered] = 0
        seen_counts = repness.count_votes(matrix.votes, in_conv, 1)
    meta_mask = np.zeros(m, dtype=bool)
    meta_list = [t for t in meta if 0 <= t < m]
    meta_mask[meta_list] = True
    extremity = pca.statement_extremity(
        projection.centre,
        projection.components,
        int(matrix.voted_statements().sum()),
    )
    return priorities.statement_priorities(
        seen_counts.agree[0],
        seen_counts.disagree[0],
        seen_counts.seen[0],
        extremity,
        matrix.moderated_out,
        meta_mask if meta_list else None,
    )


def _opinion_result(
    matrix: VoteMatrix,
    *,
    clustered: NDArray[np.int32],
    coordinates: NDArray[np.float64],
    projection: pca.Projection,
    base: _BaseClusters,
    grouping: _Grouping,
    selection: _StatementSelection,
    statement_priorities: NDArray[np.float64],
    timer: _Timer,
) -> OpinionResult:
    n, m = matrix.shape
    labels_of_clustered = grouping.labels_of_clustered
    representative = selection.representative
    groups = tuple(
        Group(
            id=g,
            size=int((labels_of_clustered == g).sum()),
            centre=_centre(coordinates[labels_of_clustered == g]),
            representative=representative[g] if g < len(representative) else (),
        )
        for g in range(grouping.n_groups)
    )
    return OpinionResult(
        n_participants=n,
        n_statements=m,
        participant_group=grouping.participant_group,
        clustered=clustered,
        coordinates=coordinates,
        groups=groups,
        consensus_agree=selection.consensus_agree,
        consensus_disagree=selection.consensus_disagree,
        divisive=selection.divisive,
        priorities=statement_priorities,
        pca_components=projection.components,
        pca_centre=projection.centre,
        base_centres=base.clustering.centres,
        base_ids=base.ids.astype(np.int32),
        base_of_clustered=base.ids[base.clustering.labels].astype(np.int32),
        group_labels_by_k={
            kk: c.labels.astype(np.int32) for kk, c in grouping.clusterings.items()
        },
        silhouettes=grouping.silhouettes,
        k_smoother=grouping.smoother,
        k_history=grouping.history[-_K_HISTORY:],
        timings=timer.timings,
    )


def _widen(components: NDArray[np.float64], m: int) -> NDArray[np.float64] | None:
    """Previous components padded for statements added since (Pol.is pads its start vectors)."""
    if components.ndim != 2 or components.shape[1] > m:
        return None
    padded = np.zeros((components.shape[0], m))
    padded[:, : components.shape[1]] = components
    return padded


def _centre(points: NDArray[np.float64]) -> tuple[float, float]:
    if len(points) == 0:
        return (0.0, 0.0)
    mean = points.mean(axis=0)
    return (float(mean[0]), float(mean[1]))


__all__ = ["KSmoother", "OpinionResult", "compute_from_matrix", "compute_opinion_map"]
