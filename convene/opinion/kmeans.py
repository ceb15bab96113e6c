"""Lloyd's k-means as Pol.is runs it, its warm starts, and a weighted k-means run from many
starts at once.

Pol.is's k-means drops an emptied cluster instead of re-seeding it, and starts from the
previous clusters (recentred on their members) or from the first distinct points, so a
conversation's clusters change little from one update to the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_CONVERGED = 0.01  # Pol.is `same-clustering?`: every centre moved less than this
_CHUNK = 65536

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


def weighted_means(
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
        means, totals = weighted_means(points, weights, labels, len(centres))
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
    means, _ = weighted_means(points[known], w, label.ravel(), len(ids))
    # Clusters that landed on the same spot are one cluster (Pol.is `uniqify-clusters`).
    first = first_occurrences(means)
    return means[first], ids[first]


def _norms(vectors: FloatArray) -> FloatArray:
    """Row lengths of (n, 2) vectors: `np.linalg.norm(axis=1)` to the bit, without its
    reduction over a length-2 axis, which costs more than the arithmetic on small inputs."""
    x, y = vectors[:, 0], vectors[:, 1]
    return np.asarray(np.sqrt(x * x + y * y), dtype=np.float64)


def kmeans_plus_plus_starts(
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
    run_k, centres = _stack_starts(starts_by_k)
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2: one matrix product against every run's centres.
    # (Squares summed as x*x + y*y: a sum over a length-2 axis, to the bit, minus its cost.)
    point_norms = (points[:, 0] * points[:, 0] + points[:, 1] * points[:, 1])[:, None]
    _iterate_runs(points, weights, point_norms, centres, max_iterations)
    return _least_cost_by_k(points, weights, point_norms, centres, run_k, starts_by_k)


def _stack_starts(starts_by_k: dict[int, FloatArray]) -> tuple[IntArray, FloatArray]:
    """Each run's k, and every run's starting centres in one (runs, widest k, 2) batch."""
    widest = max(starts_by_k)
    run_k = np.concatenate([np.full(len(s), k) for k, s in starts_by_k.items()])
    centres = np.full((len(run_k), widest, 2), _FAR)
    row = 0
    for k, starts in starts_by_k.items():
        centres[row : row + len(starts), :k] = starts
        row += len(starts)
    return run_k, centres


def _squared_distances(
    points: FloatArray, point_norms: FloatArray, centres: FloatArray
) -> FloatArray:
    """From each point to every centre of every run: (points, runs, widest k)."""
    every_centre = centres.reshape(-1, 2)
    distance = points @ every_centre.T
    distance *= -2.0
    distance += point_norms
    x, y = every_centre[:, 0], every_centre[:, 1]
    distance += x * x + y * y
    return np.asarray(distance.reshape(len(points), len(centres), centres.shape[1]))


def _iterate_runs(
    points: FloatArray,
    weights: FloatArray,
    point_norms: FloatArray,
    centres: FloatArray,
    max_iterations: int,
) -> None:
    """Lloyd's iterations on every run of the batch, moving `centres` in place."""
    runs, widest = centres.shape[:2]
    labels = np.full((runs, len(points)), -1, dtype=np.int64)
    offsets = (np.arange(runs) * widest)[:, None]
    # Weight, weighted x and weighted y of each point, for every run: summed per centre in
    # one bincount.
    tallied = np.empty((runs, 3, len(points)))
    tallied[:, 0] = weights
    tallied[:, 1] = weights * points[:, 0]
    tallied[:, 2] = weights * points[:, 1]

    # A run whose labels stop changing has reached its fixed point: it drops out of the batch,
    # so the remaining iterations only pay for the runs still moving.
    live = np.arange(runs)
    for _ in range(max_iterations):
        live_centres = centres[live]
        new_labels = np.argmin(
            _squared_distances(points, point_norms, live_centres), axis=2
        ).T
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


def _least_cost_by_k(
    points: FloatArray,
    weights: FloatArray,
    point_norms: FloatArray,
    centres: FloatArray,
    run_k: IntArray,
    ks: Iterable[int],
) -> dict[int, Clustering]:
    """For each k, its run with the least weighted within-group variance among those whose k
    groups each hold at least two participants."""
    runs, widest = centres.shape[:2]
    active = np.arange(widest)[None, :] < run_k[:, None]
    offsets = (np.arange(runs) * widest)[:, None]
    distance = _squared_distances(points, point_norms, centres)
    labels = np.argmin(distance, axis=2).T
    totals = np.bincount(
        (labels + offsets).ravel(),
        weights=np.tile(weights, runs),
        minlength=runs * widest,
    )
    people = np.where(
        active, np.asarray(totals.reshape(runs, widest), dtype=np.float64), np.inf
    )
    cost = (weights[:, None] * distance.min(axis=2)).sum(axis=0)
    valid = people.min(axis=1) >= 2
    chosen: dict[int, Clustering] = {}
    for k in ks:
        candidates = np.flatnonzero(valid & (run_k == k))
        if len(candidates) == 0:
            continue
        # Ties go to the earliest start, so Pol.is's own start wins when it is as good.
        best = int(candidates[np.argmin(np.round(cost[candidates], 9))])
        chosen[k] = Clustering(
            centres=centres[best, :k].copy(), labels=labels[best], origin=np.arange(k)
        )
    return chosen
