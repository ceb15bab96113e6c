"""Two principal components of the vote matrix, with Pol.is's missing-vote semantics.

Pol.is fills each missing vote with its statement's mean before centring, so after centring a
missing vote is exactly 0: the centred matrix has the same sparsity as the votes, and we never
build the dense matrix. Moderated-out statements are zeroed columns (mean 0, no variance).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.linalg import ArpackError, LinearOperator, eigsh

from convene.opinion.matrix import VoteMatrix

N_COMPONENTS = 2
_TOLERANCE = 1e-8  # ARPACK's relative accuracy on the eigenvalues


@dataclass(frozen=True, eq=False)
class Projection:
    centre: NDArray[np.float64]  # (m,) statement means over those who voted
    components: NDArray[np.float64]  # (2, m), unit rows
    coordinates: NDArray[np.float64]  # (n, 2) for every participant row


def centred_votes(matrix: VoteMatrix) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
    votes = matrix.votes
    m = matrix.shape[1]
    values = votes.data.astype(np.float64)
    columns = votes.indices
    sums = np.bincount(columns, weights=values, minlength=m)
    counts = np.bincount(columns, minlength=m)
    centre = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    centre[matrix.moderated_out] = 0.0
    centred_values = values - centre[columns]
    if matrix.moderated_out.any():
        centred_values[matrix.moderated_out[columns]] = 0.0
    centred = sp.csr_matrix((centred_values, columns, votes.indptr), shape=votes.shape)
    return centred, centre


def top_components(
    centred: sp.csr_matrix,
    start: NDArray[np.float64] | None = None,
    seed: int = 0,
) -> NDArray[np.float64]:
    """Leading right singular vectors of the sparse centred matrix.

    Pol.is runs power iteration warm-started from the previous components; Lanczos (ARPACK)
    on the same covariance operator reaches the same converged components in far fewer
    passes over the votes, and starts from the previous components when there are any.
    """
    n, m = centred.shape
    k = min(N_COMPONENTS, n, m)
    if k == 0 or not np.any(centred.data):
        return np.zeros((N_COMPONENTS, m))
    if m <= k + 1:
        # Too few statements for Lanczos: the tiny covariance is solved outright.
        return _from_covariance(centred, start, k)
    # Single precision halves the memory traffic of the passes over the votes, which is all
    # the time there is.
    operator = _Covariance(centred.astype(np.float32))
    rng = np.random.default_rng(seed)
    first = rng.standard_normal(m)
    if start is not None and start.shape == (N_COMPONENTS, m) and np.any(start):
        first = start[0] + start[1] + 1e-3 * first
    try:
        # Lanczos restarts from a random vector when the votes span fewer directions than
        # it keeps (early in a conversation); seeded, so equal votes give equal components.
        values, vectors = eigsh(
            operator, k=k, which="LA", v0=first, tol=_TOLERANCE, rng=rng
        )
    except ArpackError:
        # Degenerate spectra (e.g. rank one) can stall Lanczos; solve the covariance outright.
        return _from_covariance(centred, start, k)
    order = np.argsort(-values)
    return _oriented(vectors[:, order].T, start, m)


class _Covariance(LinearOperator):  # type: ignore[misc]  # scipy is untyped
    """Mᵀ M for the single-precision centred matrix M, as an operator for `eigsh`.

    The transpose stays a CSC view of the same arrays: multiplying through it walks the
    participants in order and scatters into the small statement side. `matvec` is replaced
    outright: ARPACK always hands it a float64 vector of length m, and LinearOperator's
    per-call checks cost as much as the products on small conversations.
    """

    def __init__(self, matrix32: sp.csr_matrix) -> None:
        m = matrix32.shape[1]
        super().__init__(dtype=np.dtype(np.float64), shape=(m, m))
        self.matrix32 = matrix32
        self.transposed32 = matrix32.T

    def matvec(self, vector: NDArray[np.float64]) -> NDArray[np.float64]:
        product = self.transposed32 @ (self.matrix32 @ vector.astype(np.float32))
        return np.asarray(product, dtype=np.float64)

    _matvec = matvec


def _from_covariance(
    centred: sp.csr_matrix, start: NDArray[np.float64] | None, k: int
) -> NDArray[np.float64]:
    m = centred.shape[1]
    gram = np.asarray((centred.T @ centred).toarray(), dtype=np.float64)
    _, eigenvectors = np.linalg.eigh(gram)
    return _oriented(eigenvectors[:, ::-1][:, :k].T, start, m)


def _oriented(
    vectors: NDArray[np.float64], start: NDArray[np.float64] | None, m: int
) -> NDArray[np.float64]:
    """A component's sign is arbitrary: keep the previous run's orientation so the map doesn't
    flip between updates, else fix it so equal input gives equal output."""
    components = np.zeros((N_COMPONENTS, m))
    for i, row in enumerate(vectors):
        if start is not None and start.shape == (N_COMPONENTS, m) and np.any(start[i]):
            flip = float(row @ start[i]) < 0
        else:
            flip = row[np.argmax(np.abs(row))] < 0
        components[i] = -row if flip else row
    return components


def project_participants(
    centred: sp.csr_matrix,
    components: NDArray[np.float64],
    matrix: VoteMatrix,
) -> NDArray[np.float64]:
    """Pol.is's sparsity-aware projection.

    Someone who voted on few statements projects near the centre only because their missing
    votes count as average; scaling by sqrt(statements / votes) pushes them back out.
    Statement and vote counts follow Pol.is's matrix: every statement anyone voted on, and a
    moderated-out statement counts as voted (its column is set to 0 for everyone).
    """
    raw = centred @ components.T
    voted = matrix.voted_statements()
    n_statements = int(voted.sum())
    n_moderated = int((voted & matrix.moderated_out).sum())
    indptr = matrix.votes.indptr
    active_votes = np.diff(indptr)
    if n_moderated:
        on_moderated = matrix.moderated_out[matrix.votes.indices]
        running = np.concatenate(([0], np.cumsum(on_moderated, dtype=np.int64)))
        active_votes -= running[indptr[1:]] - running[indptr[:-1]]
    n_votes = np.maximum(active_votes + n_moderated, 1)
    scale = np.sqrt(n_statements / n_votes)
    return np.asarray(raw * scale[:, None], dtype=np.float64)


def statement_extremity(
    projection_centre: NDArray[np.float64],
    components: NDArray[np.float64],
    n_statements_voted: int,
) -> NDArray[np.float64]:
    """How far a lone agree on each statement lands from the centre (Pol.is `comment-extremity`)."""
    offset = np.abs(1.0 - projection_centre)
    extremity = (
        np.sqrt(max(n_statements_voted, 1))
        * offset
        * np.linalg.norm(components, axis=0)
    )
    return np.asarray(extremity, dtype=np.float64)


def compute_projection(
    matrix: VoteMatrix,
    start: NDArray[np.float64] | None = None,
    seed: int = 0,
) -> Projection:
    centred, centre = centred_votes(matrix)
    components = top_components(centred, start=start, seed=seed)
    coordinates = project_participants(centred, components, matrix)
    return Projection(centre=centre, components=components, coordinates=coordinates)
