"""Pol.is's two-level k-means: ~100 base clusters of participants, then groups of base clusters.

Clustering the base-cluster centres (weighted by size) instead of the participants keeps the
silhouette used to choose k at 100 x 100 distances, whatever the number of participants.
"""

from __future__ import annotations

import numpy as np

from convene.opinion.kmeans import (
    Clustering,
    FloatArray,
    IntArray,
    add_distal_points,
    best_weighted_kmeans,
    first_distinct,
    first_occurrences,
    kmeans,
    kmeans_plus_plus_starts,
    nearest_centre,
    recentre_previous,
    weighted_means,
)
from convene.opinion.results import KSmoother

BASE_K = 100
BASE_ITERATIONS = 100
MAX_GROUPS = 5
RESTARTS = 8  # seeded k-means++ starts for the groups, besides Pol.is's own start
K_BUFFER = 4  # a new k must win this many runs in a row before the groups change
# Above this many participants, k-means runs on a fine grid of occupied cells (weighted by
# how many participants each holds) instead of on every participant.
_COMPRESS_ABOVE = 5_000
_GRID = 160  # cells per axis; a base cluster spans dozens of cells


def _compress(points: FloatArray) -> tuple[FloatArray, FloatArray, IntArray]:
    """Occupied cells of a fine grid: (cell means in first-seen order, counts, cell of each point)."""
    low = points.min(axis=0)
    span = np.maximum(points.max(axis=0) - low, 1e-12)
    cell_xy = np.minimum(((points - low) / span * _GRID).astype(np.int64), _GRID - 1)
    cell_id = cell_xy[:, 0] * _GRID + cell_xy[:, 1]
    _, first, inverse = np.unique(cell_id, return_index=True, return_inverse=True)
    # Renumber cells by first appearance, so "first k distinct" keeps Pol.is's order.
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    cell = rank[inverse.ravel()]
    counts = np.bincount(cell).astype(np.float64)
    means, _ = weighted_means(points, np.ones(len(points)), cell, len(counts))
    return means, counts, cell


def base_clusters(
    points: FloatArray,
    *,
    previous_ids: IntArray | None = None,
    k: int = BASE_K,
) -> tuple[Clustering, IntArray]:
    """Pol.is `base-clusters`: k-means with k=100 on the clustered participants' projections.

    `previous_ids` gives each point's base cluster id from the last run (-1 for newcomers):
    those clusters are the warm start, and keep their ids. Returns the clustering and the id
    of each of its centres; new clusters take ids above every earlier one, as in Pol.is.
    """
    start: FloatArray | None = None
    start_ids = np.zeros(0, dtype=np.int64)
    if previous_ids is not None:
        start, start_ids = recentre_previous(points, previous_ids)
        if len(start) == 0:
            start = None
    if len(points) > _COMPRESS_ABOVE:
        cells, counts, cell_of_point = _compress(points)
        fitted = kmeans(
            cells,
            k,
            weights=counts,
            start=start if start is not None else first_distinct(cells, k),
            max_iterations=BASE_ITERATIONS,
        )
        labels = fitted.labels[cell_of_point]
        means, totals = weighted_means(
            points, np.ones(len(points)), labels, len(fitted.centres)
        )
        kept = totals > 0
        relabel = np.cumsum(kept) - 1
        fitted = Clustering(
            centres=means[kept], labels=relabel[labels], origin=fitted.origin[kept]
        )
    else:
        fitted = kmeans(points, k, start=start, max_iterations=BASE_ITERATIONS)
    next_id = (
        int(previous_ids.max()) + 1
        if previous_ids is not None and len(previous_ids)
        else 0
    )
    next_id = max(next_id, int(start_ids.max()) + 1 if len(start_ids) else 0)
    from_start = fitted.origin < len(start_ids)
    ids = np.where(
        from_start,
        start_ids[np.minimum(fitted.origin, max(len(start_ids) - 1, 0))]
        if len(start_ids)
        else 0,
        next_id + fitted.origin - len(start_ids),
    ).astype(np.int64)
    return fitted, ids


def distances(points: FloatArray) -> FloatArray:
    dx = points[:, None, 0] - points[None, :, 0]
    dy = points[:, None, 1] - points[None, :, 1]
    dx *= dx
    dy *= dy
    dx += dy
    return np.asarray(np.sqrt(dx, out=dx), dtype=np.float64)


def silhouette(
    points: FloatArray, labels: IntArray, distance: FloatArray | None = None
) -> float:
    """Mean silhouette over the (few) points; Pol.is scores a singleton cluster's member 0."""
    n = len(points)
    if n < 2:
        return 0.0
    if distance is None:
        distance = distances(points)
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return 0.0
    member = labels[None, :] == clusters[:, None]  # (c, n)
    sums = distance @ member.T.astype(np.float64)  # (n, c)
    sizes = member.sum(axis=1).astype(np.float64)
    own = np.searchsorted(clusters, labels)
    own_size = sizes[own] - 1
    mean_to = sums / sizes[None, :]
    a = np.divide(
        sums[np.arange(n), own], own_size, out=np.zeros(n), where=own_size > 0
    )
    mean_to[np.arange(n), own] = np.inf
    b = mean_to.min(axis=1)
    score = np.where(own_size > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(score.mean())


def max_groups(n_base: int) -> int:
    """Pol.is `max-k-fn`: few base clusters can't support many groups."""
    return min(MAX_GROUPS, 2 + n_base // 12)


def group_clusterings(
    base_centres: FloatArray,
    base_sizes: FloatArray,
    previous_labels_by_k: dict[int, IntArray] | None = None,
    seed: int = 0,
) -> tuple[dict[int, Clustering], dict[int, float]]:
    """Weighted k-means of base centres for k = 2..max, and each k's silhouette.

    Pol.is refines each k's groups a little on every update, warm-started from the last, so a
    long-running conversation settles into a well-converged grouping. One cold computation has
    no such history; instead it runs k-means from Pol.is's own start (the previous groups
    recentred, or the first distinct centres) and from seeded k-means++ starts, and keeps the
    grouping with the least within-group variance. With 100 base centres this costs little.
    A k that would leave a group of one participant is not a candidate: a "group" of one
    person says nothing about opinion groups.
    """
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    previous = previous_labels_by_k or {}
    rng = np.random.default_rng(seed)
    # Pol.is's cold start for each k is a prefix of the same distinct centres: find them once.
    widest = max_groups(len(base_centres))
    distinct = first_distinct(base_centres, widest)
    n_distinct = (
        len(first_occurrences(base_centres)) if len(distinct) < widest else widest
    )
    distance = distances(base_centres)
    starts_by_k: dict[int, FloatArray] = {}
    if n_distinct < 2:
        return clusterings, silhouettes
    # k-means++ picks centres one after another, so the first k of a seeding for the widest k
    # are a seeding for k: one draw serves every k.
    seeded = kmeans_plus_plus_starts(base_centres, base_sizes, widest, RESTARTS, rng)
    for k in range(2, widest + 1):
        if n_distinct < k:
            continue
        polis_start: FloatArray | None = None
        if k in previous and len(previous[k]) == len(base_centres):
            recentred, _ = recentre_previous(base_centres, previous[k], base_sizes)
            if len(recentred):
                polis_start = add_distal_points(base_centres, recentred, k)
        if polis_start is None or len(polis_start) < k:
            polis_start = distinct[:k].copy()
        starts_by_k[k] = np.concatenate(
            [
                polis_start[None],
                seeded[:, :k],
            ]
        )
    if not starts_by_k:
        return clusterings, silhouettes
    for k, fitted in best_weighted_kmeans(
        base_centres, base_sizes, starts_by_k
    ).items():
        if k in previous and len(previous[k]) == len(base_centres):
            fitted = _follow_previous(fitted, previous[k], base_sizes, k)
        clusterings[k] = fitted
        silhouettes[k] = silhouette(base_centres, fitted.labels, distance)
    return clusterings, silhouettes


def _follow_previous(
    fitted: Clustering, previous: IntArray, weights: FloatArray, k: int
) -> Clustering:
    """Renumber groups so each keeps the number of the previous group it overlaps most, so a
    group's id (and colour) doesn't change between updates."""
    known = previous >= 0
    overlap = np.zeros((k, max(k, int(previous.max()) + 1 if known.any() else k)))
    np.add.at(overlap, (fitted.labels[known], previous[known]), weights[known])
    mapping = np.full(k, -1, dtype=np.int64)
    taken: set[int] = set()
    for flat in np.argsort(-overlap, axis=None, kind="stable"):
        group, old = divmod(int(flat), overlap.shape[1])
        if (
            mapping[group] < 0
            and old not in taken
            and old < k
            and overlap[group, old] > 0
        ):
            mapping[group] = old
            taken.add(old)
    free = [g for g in range(k) if g not in taken]
    for group in range(k):
        if mapping[group] < 0:
            mapping[group] = free.pop(0)
    order = np.argsort(mapping)
    return Clustering(
        centres=fitted.centres[order], labels=mapping[fitted.labels], origin=order
    )


def refine_participants(
    points: FloatArray, labels: IntArray, k: int, max_iterations: int = 50
) -> IntArray:
    """Lloyd's k-means on the participants themselves, from the groups found on base clusters.

    Grouping base clusters whole is an approximation: a base cluster that straddles the line
    between two groups sends all its members to one side. Pol.is's own base clusters are
    refined a little on every update, so members drift to the base cluster (and group) whose
    centre is nearest; here each participant goes to the nearest group centre until nobody
    moves, which minimises the same within-group variance at the participants' resolution.
    k, and which groups exist, stay as chosen on the base clusters; if the refinement would
    leave a group with fewer than two people, the base-cluster grouping is kept.
    """
    if len(points) == 0 or k < 2:
        return labels
    ones = np.ones(len(points))
    current = labels
    for _ in range(max_iterations):
        centres, totals = weighted_means(points, ones, current, k)
        if (totals < 2).any():
            return labels
        moved = nearest_centre(points, centres)
        if np.array_equal(moved, current):
            break
        current = moved
    if (np.bincount(current, minlength=k) < 2).any():
        return labels
    return current


def smooth_k(silhouettes: dict[int, float], previous: KSmoother | None) -> KSmoother:
    """Pol.is `group-k-smoother`."""
    state = previous or KSmoother()
    if not silhouettes:
        return state
    # Highest silhouette; on a tie the larger k, as Clojure's max-key returns the last maximum.
    this_k = max(sorted(silhouettes), key=lambda k: (silhouettes[k], k))
    count = state.last_k_count + 1 if state.last_k == this_k else 1
    if count >= K_BUFFER or state.smoothed_k is None:
        smoothed = this_k
    else:
        smoothed = state.smoothed_k
    return KSmoother(last_k=this_k, last_k_count=count, smoothed_k=smoothed)
