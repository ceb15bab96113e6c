"""Pol.is's two-level k-means: ~100 base clusters of participants, then groups of base clusters.

Clustering the base-cluster centres (weighted by size) instead of the participants keeps the
silhouette used to choose k at 100 x 100 distances, whatever the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from convene.opinion.results import KSmoother

BASE_K = 100
BASE_ITERATIONS = 100
MAX_GROUPS = 5
RESTARTS = 8  # seeded k-means++ starts for the groups, besides Pol.is's own start
K_BUFFER = 4  # a new k must win this many runs in a row before the groups change
_CONVERGED = 0.01  # Pol.is `same-clustering?`: every centre moved less than this
_CHUNK = 65536
# Above this many participants, k-means runs on a fine grid of occupied cells (weighted by
# how many participants each holds) instead of on every participant.
_COMPRESS_ABOVE = 5_000
_GRID = 160  # cells per axis; a base cluster spans dozens of cells

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Clustering:
    centres: FloatArray  # (k, 2)
    labels: IntArray  # cluster of each point, indexing `centres`
    origin: IntArray  # for each centre, the index of the starting centre it grew from


def nearest_centre(points: FloatArray, centres: FloatArray) -> IntArray:
    labels = np.empty(len(points), dtype=np.int64)
    centre_norms = _squared_lengths(centres)
    for start in range(0, len(points), _CHUNK):
        chunk = points[start : start + _CHUNK]
        # |x - c|^2 up to the per-point constant |x|^2, which doesn't change the argmin.
        distances = chunk @ centres.T
        distances *= -2.0
        distances += centre_norms
        labels[start : start + len(chunk)] = np.argmin(distances, axis=1)
    return labels


def _squared_lengths(vectors: FloatArray) -> FloatArray:
    """x*x + y*y over the last axis: `(v**2).sum(axis=-1)` to the bit, without a reduction
    over a length-2 axis, which costs more than the arithmetic on small inputs."""
    x, y = vectors[..., 0], vectors[..., 1]
    return np.asarray(x * x + y * y, dtype=np.float64)


def first_occurrences(points: FloatArray) -> IntArray:
    """Indices of the points equal to no earlier point, ascending.

    What `np.unique(points, axis=0, return_index=True)` gives, sorted, at a fraction of the
    cost: it sorts rows as records. A stable lexsort keeps equal points in input order, so
    the first of each run of equal points is its first occurrence.
    """
    order = np.lexsort((points[:, 1], points[:, 0]))
    ordered = points[order]
    new = np.ones(len(points), dtype=bool)
    new[1:] = (ordered[1:, 0] != ordered[:-1, 0]) | (ordered[1:, 1] != ordered[:-1, 1])
    return np.sort(order[new])


def first_distinct(points: FloatArray, k: int) -> FloatArray:
    """Pol.is `init-clusters`: the first k distinct points, in the order given."""
    if len(points) == 0:
        return np.zeros((0, 2))
    return points[first_occurrences(points)[:k]].copy()


def _weighted_means(
    points: FloatArray, weights: FloatArray, labels: IntArray, k: int
) -> tuple[FloatArray, FloatArray]:
    totals = np.bincount(labels, weights=weights, minlength=k)
    means = np.empty((len(totals), 2))
    means[:, 0] = np.bincount(labels, weights=weights * points[:, 0], minlength=k)
    means[:, 1] = np.bincount(labels, weights=weights * points[:, 1], minlength=k)
    means /= np.where(totals > 0, totals, 1.0)[:, None]
    return means, np.asarray(totals, dtype=np.float64)


def add_distal_points(points: FloatArray, centres: FloatArray, k: int) -> FloatArray:
    """Pol.is `clean-start-clusters`: while there are fewer than k clusters, the point farthest
    from every centre starts a new one, so new structure appears without reshuffling the old."""
    n_distinct = len(first_occurrences(points)) if len(points) else 0
    target = min(k, n_distinct)
    if len(centres) >= target:
        return centres
    if len(centres) == 0:
        return first_distinct(points, target)
    distance = np.min(
        np.stack([_squared_lengths(points - c) for c in centres], axis=1), axis=1
    )
    grown = [*centres]
    while len(grown) < target:
        farthest = int(np.argmax(distance))
        if distance[farthest] <= 0:
            break
        grown.append(points[farthest].copy())
        distance = np.minimum(distance, _squared_lengths(points - points[farthest]))
    return np.asarray(grown)


def kmeans(
    points: FloatArray,
    k: int,
    *,
    weights: FloatArray | None = None,
    start: FloatArray | None = None,
    max_iterations: int = 20,
) -> Clustering:
    """Lloyd's k-means as Pol.is runs it: empty clusters are dropped, not re-seeded."""
    if weights is None:
        weights = np.ones(len(points))
    centres = (
        first_distinct(points, k)
        if start is None
        else add_distal_points(points, start, k)
    )
    if len(points) == 0 or len(centres) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Clustering(centres=np.zeros((0, 2)), labels=empty, origin=empty)
    origin = np.arange(len(centres))
    for _ in range(max_iterations + 1):
        labels = nearest_centre(points, centres)
        means, totals = _weighted_means(points, weights, labels, len(centres))
        kept = totals > 0
        moved = bool(kept.all()) and bool(np.all(_norms(means - centres) < _CONVERGED))
        if not kept.all():
            relabel = np.cumsum(kept) - 1
            labels = relabel[labels]
            origin = origin[kept]
        centres = means[kept]
        if moved:
            break
    return Clustering(centres=centres, labels=labels, origin=origin)


def recentre_previous(
    points: FloatArray, previous: IntArray, weights: FloatArray | None = None
) -> tuple[FloatArray, IntArray]:
    """Pol.is `safe-recenter-clusters`: each previous cluster's centre moved to the (weighted)
    mean of its members' current positions. `previous` holds each point's previous cluster id
    (-1 for a newcomer); clusters with no members left are dropped. Returns centres and ids."""
    known = previous >= 0
    if not known.any():
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    ids, label = np.unique(previous[known], return_inverse=True)
    w = np.ones(int(known.sum())) if weights is None else weights[known]
    means, _ = _weighted_means(points[known], w, label.ravel(), len(ids))
    # Clusters that landed on the same spot are one cluster (Pol.is `uniqify-clusters`).
    first = first_occurrences(means)
    return means[first], ids[first]


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
    means, _ = _weighted_means(points, np.ones(len(points)), cell, len(counts))
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
        means, totals = _weighted_means(
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


def _norms(vectors: FloatArray) -> FloatArray:
    """Row lengths of (n, 2) vectors: `np.linalg.norm(axis=1)` to the bit, without its
    reduction over a length-2 axis, which costs more than the arithmetic on small inputs."""
    x, y = vectors[:, 0], vectors[:, 1]
    return np.asarray(np.sqrt(x * x + y * y), dtype=np.float64)


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


def _kmeans_plus_plus_starts(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    count: int,
    rng: np.random.Generator,
) -> FloatArray:
    """`count` weighted k-means++ seedings at once, (count, k, 2)."""

    def draw(mass: FloatArray) -> IntArray:
        cumulative = np.cumsum(mass, axis=1)
        target = rng.random(count) * cumulative[:, -1]
        picked = (cumulative < target[:, None]).sum(axis=1)
        return np.asarray(np.minimum(picked, len(points) - 1), dtype=np.int64)

    chosen = draw(np.broadcast_to(weights, (count, len(points))))
    starts = np.empty((count, k, 2))
    starts[:, 0] = points[chosen]
    distance = _squared_lengths(points[None, :, :] - starts[:, 0:1, :])
    for j in range(1, k):
        chosen = draw(weights[None, :] * distance)
        starts[:, j] = points[chosen]
        distance = np.minimum(
            distance, _squared_lengths(points[None, :, :] - starts[:, j : j + 1, :])
        )
    return starts


_TALLIES = np.arange(3)[:, None]
_FAR = 1e100  # where unused centre slots sit, so no point ever picks them


def best_weighted_kmeans(
    points: FloatArray,
    weights: FloatArray,
    starts_by_k: dict[int, FloatArray],
    max_iterations: int = 100,
) -> dict[int, Clustering]:
    """Lloyd's k-means from every start of every k at once (starts_by_k[k]: (runs, k, 2)).

    For each k, returns the clustering with the least weighted within-group variance among
    those whose k groups each hold at least two participants; a k with none is left out.
    Runs for smaller k fill their unused centre slots with far-away dummies, so one batch
    serves every k.
    """
    widest = max(starts_by_k)
    run_k = np.concatenate([np.full(len(s), k) for k, s in starts_by_k.items()])
    runs = len(run_k)
    active = np.arange(widest)[None, :] < run_k[:, None]
    centres = np.full((runs, widest, 2), _FAR)
    row = 0
    for k, starts in starts_by_k.items():
        centres[row : row + len(starts), :k] = starts
        row += len(starts)
    labels = np.full((runs, len(points)), -1, dtype=np.int64)
    offsets = (np.arange(runs) * widest)[:, None]
    # Weight, weighted x and weighted y of each point, for every run: summed per centre in
    # one bincount.
    tallied = np.empty((runs, 3, len(points)))
    tallied[:, 0] = weights
    tallied[:, 1] = weights * points[:, 0]
    tallied[:, 2] = weights * points[:, 1]

    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2: one matrix product against every run's centres.
    # (Squares summed as x*x + y*y: a sum over a length-2 axis, to the bit, minus its cost.)
    point_norms = (points[:, 0] * points[:, 0] + points[:, 1] * points[:, 1])[:, None]

    def squared_distances(centres: FloatArray) -> FloatArray:  # (points, runs, widest)
        every_centre = centres.reshape(-1, 2)
        distance = points @ every_centre.T
        distance *= -2.0
        distance += point_norms
        x, y = every_centre[:, 0], every_centre[:, 1]
        distance += x * x + y * y
        return np.asarray(distance.reshape(len(points), len(centres), widest))

    def sums(flat: IntArray, tiled: FloatArray, n_runs: int) -> FloatArray:
        totals = np.bincount(flat, weights=tiled, minlength=n_runs * widest)
        return np.asarray(totals.reshape(n_runs, widest), dtype=np.float64)

    # A run whose labels stop changing has reached its fixed point: it drops out of the batch,
    # so the remaining iterations only pay for the runs still moving.
    live = np.arange(runs)
    for _ in range(max_iterations):
        live_centres = centres[live]
        new_labels = np.argmin(squared_distances(live_centres), axis=2).T
        moving = (new_labels != labels[live]).any(axis=1)
        labels[live] = new_labels
        live = live[moving]
        if len(live) == 0:
            break
        n_live = len(live)
        # Three tallies per centre in adjacent bins; each bin still sums its points in
        # order, so the result is that of three separate bincounts.
        keys = ((labels[live] + offsets[:n_live]) * 3)[:, None, :] + _TALLIES
        summed = np.bincount(
            keys.ravel(),
            weights=tallied[:n_live].ravel(),
            minlength=3 * n_live * widest,
        ).reshape(n_live, widest, 3)
        filled = summed[:, :, :1] > 0
        moved = summed[:, :, 1:] / np.where(filled, summed[:, :, :1], 1.0)
        # An emptied group keeps its centre; such runs are dropped below.
        centres[live] = np.where(filled, moved, live_centres[moving])
    distance = squared_distances(centres)
    labels = np.argmin(distance, axis=2).T
    people = np.where(
        active, sums((labels + offsets).ravel(), np.tile(weights, runs), runs), np.inf
    )
    cost = (weights[:, None] * distance.min(axis=2)).sum(axis=0)
    valid = people.min(axis=1) >= 2
    chosen: dict[int, Clustering] = {}
    for k in starts_by_k:
        candidates = np.flatnonzero(valid & (run_k == k))
        if len(candidates) == 0:
            continue
        # Ties go to the earliest start, so Pol.is's own start wins when it is as good.
        best = int(candidates[np.argmin(np.round(cost[candidates], 9))])
        chosen[k] = Clustering(
            centres=centres[best, :k].copy(), labels=labels[best], origin=np.arange(k)
        )
    return chosen


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
    seeded = _kmeans_plus_plus_starts(base_centres, base_sizes, widest, RESTARTS, rng)
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
        centres, totals = _weighted_means(points, ones, current, k)
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
