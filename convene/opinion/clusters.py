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
GROUP_ITERATIONS = 20  # Pol.is passes its 100 under a key kmeans ignores, so its default 20 applies
MAX_GROUPS = 5
K_BUFFER = 4  # a new k must win this many runs in a row before the groups change
_CONVERGED = 0.01  # Pol.is `same-clustering?`: every centre moved less than this
_CHUNK = 65536
# Above this many participants, k-means runs on a fine grid of occupied cells (weighted by
# how many participants each holds) instead of on every participant.
_COMPRESS_ABOVE = 50_000
_GRID = 2048

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Clustering:
    centres: FloatArray  # (k, 2)
    labels: IntArray  # cluster of each point, indexing `centres`


def nearest_centre(points: FloatArray, centres: FloatArray) -> IntArray:
    labels = np.empty(len(points), dtype=np.int64)
    centre_norms = (centres**2).sum(axis=1)
    for start in range(0, len(points), _CHUNK):
        chunk = points[start : start + _CHUNK]
        # |x - c|^2 up to the per-point constant |x|^2, which doesn't change the argmin.
        distances = centre_norms[None, :] - 2.0 * (chunk @ centres.T)
        labels[start : start + len(chunk)] = np.argmin(distances, axis=1)
    return labels


def first_distinct(points: FloatArray, k: int) -> FloatArray:
    """Pol.is `init-clusters`: the first k distinct points, in the order given."""
    if len(points) == 0:
        return np.zeros((0, 2))
    _, first_index = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first_index)[:k]].copy()


def _weighted_means(
    points: FloatArray, weights: FloatArray, labels: IntArray, k: int
) -> tuple[FloatArray, FloatArray]:
    totals = np.bincount(labels, weights=weights, minlength=k)
    sums = np.stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=k) for d in range(2)],
        axis=1,
    )
    means = sums / np.where(totals > 0, totals, 1.0)[:, None]
    return means, totals


def add_distal_points(points: FloatArray, centres: FloatArray, k: int) -> FloatArray:
    """Pol.is `clean-start-clusters`: while there are fewer than k clusters, the point farthest
    from every centre starts a new one, so new structure appears without reshuffling the old."""
    n_distinct = len(np.unique(points, axis=0)) if len(points) else 0
    target = min(k, n_distinct)
    if len(centres) >= target:
        return centres
    if len(centres) == 0:
        return first_distinct(points, target)
    distance = np.min(
        np.stack([((points - c) ** 2).sum(axis=1) for c in centres], axis=1), axis=1
    )
    grown = [*centres]
    while len(grown) < target:
        farthest = int(np.argmax(distance))
        if distance[farthest] <= 0:
            break
        grown.append(points[farthest].copy())
        distance = np.minimum(distance, ((points - points[farthest]) ** 2).sum(axis=1))
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
    centres = first_distinct(points, k) if start is None else add_distal_points(points, start, k)
    if len(points) == 0 or len(centres) == 0:
        return Clustering(centres=np.zeros((0, 2)), labels=np.zeros(0, dtype=np.int64))
    for _ in range(max_iterations + 1):
        labels = nearest_centre(points, centres)
        means, totals = _weighted_means(points, weights, labels, len(centres))
        kept = totals > 0
        moved = len(means[kept]) == len(centres) and bool(
            np.all(np.linalg.norm(means - centres, axis=1) < _CONVERGED)
        )
        if not kept.all():
            relabel = np.cumsum(kept) - 1
            labels = relabel[labels]
        centres = means[kept]
        if moved:
            break
    return Clustering(centres=centres, labels=labels)


def recentre_previous(
    points: FloatArray, previous_labels: IntArray, n_previous: int
) -> FloatArray:
    """Previous clusters' centres moved to their members' current positions (Pol.is
    `safe-recenter-clusters`); clusters whose members all left are dropped, duplicates merged."""
    known = previous_labels >= 0
    if not known.any() or n_previous == 0:
        return np.zeros((0, 2))
    means, totals = _weighted_means(
        points[known], np.ones(int(known.sum())), previous_labels[known], n_previous
    )
    return np.unique(means[totals > 0], axis=0)


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
    previous_labels: IntArray | None = None,
    n_previous: int = 0,
    k: int = BASE_K,
) -> Clustering:
    """Pol.is `base-clusters`: k-means with k=100 on the clustered participants' projections,
    warm-started from the previous base clusters when there are any."""
    start = None
    if previous_labels is not None:
        start = recentre_previous(points, previous_labels, n_previous)
        if len(start) == 0:
            start = None
    if len(points) > _COMPRESS_ABOVE:
        cells, counts, cell_of_point = _compress(points)
        if start is None:
            start = first_distinct(points, k)
        fitted = kmeans(cells, k, weights=counts, start=start, max_iterations=BASE_ITERATIONS)
        labels = fitted.labels[cell_of_point]
        means, totals = _weighted_means(points, np.ones(len(points)), labels, len(fitted.centres))
        kept = totals > 0
        relabel = np.cumsum(kept) - 1
        return Clustering(centres=means[kept], labels=relabel[labels])
    return kmeans(points, k, start=start, max_iterations=BASE_ITERATIONS)


def silhouette(points: FloatArray, labels: IntArray) -> float:
    """Mean silhouette over the (few) points; Pol.is scores a singleton cluster's member 0."""
    n = len(points)
    if n < 2:
        return 0.0
    distance = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return 0.0
    member = labels[None, :] == clusters[:, None]  # (c, n)
    sums = distance @ member.T.astype(np.float64)  # (n, c)
    sizes = member.sum(axis=1).astype(np.float64)
    own = np.searchsorted(clusters, labels)
    own_size = sizes[own] - 1
    mean_to = sums / sizes[None, :]
    a = np.divide(sums[np.arange(n), own], own_size, out=np.zeros(n), where=own_size > 0)
    mean_to[np.arange(n), own] = np.inf
    b = mean_to.min(axis=1)
    score = np.where(own_size > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(score.mean())


def max_groups(n_base: int) -> int:
    """Pol.is `max-k-fn`: few base clusters can't support many groups."""
    return min(MAX_GROUPS, 2 + n_base // 12)


@dataclass(frozen=True, eq=False)
class GroupChoice:
    clusterings: dict[int, Clustering]  # over base clusters, for every valid k
    silhouettes: dict[int, float]
    best_k: int | None
    smoother: KSmoother


def group_clusterings(
    base_centres: FloatArray,
    base_sizes: FloatArray,
    previous_centres_by_k: dict[int, FloatArray] | None = None,
) -> tuple[dict[int, Clustering], dict[int, float]]:
    """Weighted k-means of base centres for k = 2..max, and each k's silhouette.

    A k whose clustering leaves a group of one participant, or fewer than k groups, is not a
    candidate: a "group" of one person says nothing about opinion groups.
    """
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    previous = previous_centres_by_k or {}
    for k in range(2, max_groups(len(base_centres)) + 1):
        fitted = kmeans(
            base_centres,
            k,
            weights=base_sizes,
            start=previous.get(k),
            max_iterations=GROUP_ITERATIONS,
        )
        people = np.bincount(fitted.labels, weights=base_sizes, minlength=len(fitted.centres))
        if len(fitted.centres) < k or people.min() < 2:
            continue
        clusterings[k] = fitted
        silhouettes[k] = silhouette(base_centres, fitted.labels)
    return clusterings, silhouettes


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
