"""The sparse participant x statement vote matrix and Pol.is's rule for who gets clustered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

# Pol.is clusters someone once they have voted on min(7, statements) statements, and tops the
# clustered set up with the heaviest voters until it holds at least 15 people.
IN_CONV_MIN_VOTES = 7
IN_CONV_MIN_PARTICIPANTS = 15


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Final votes, one per (participant, statement), in CSR form.

    `votes` keeps passes as explicit zeros, so its structure (indptr/indices) says who voted
    on what; never call `eliminate_zeros()` on it.
    """

    votes: sp.csr_matrix  # int8 values in {-1, 0, 1}
    moderated_out: NDArray[np.bool_]  # per statement

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.votes.shape
        return int(n), int(m)

    def votes_per_participant(self) -> NDArray[np.int64]:
        """Counts every vote, passes and moderated-out statements included (Pol.is's raw matrix)."""
        return np.diff(self.votes.indptr).astype(np.int64)

    def voted_statements(self) -> NDArray[np.bool_]:
        return np.bincount(self.votes.indices, minlength=self.shape[1]) > 0


def build_vote_matrix(
    participants: ArrayLike,
    statements: ArrayLike,
    votes: ArrayLike,
    *,
    n_participants: int | None = None,
    n_statements: int | None = None,
    moderated_out: Iterable[int] = (),
) -> VoteMatrix:
    """Build the matrix from a vote log in time order; a later vote on a pair replaces an earlier one."""
    pid = np.asarray(participants, dtype=np.int64).ravel()
    tid = np.asarray(statements, dtype=np.int64).ravel()
    value = np.asarray(votes).ravel()
    if not (len(pid) == len(tid) == len(value)):
        raise ValueError("participants, statements and votes must have the same length")
    if len(value) and not np.isin(value, (-1, 0, 1)).all():
        raise ValueError("votes must be -1 (disagree), 0 (pass) or 1 (agree)")
    n = int(n_participants if n_participants is not None else (pid.max() + 1 if len(pid) else 0))
    m = int(n_statements if n_statements is not None else (tid.max() + 1 if len(tid) else 0))
    if len(pid) and (pid.min() < 0 or pid.max() >= n or tid.min() < 0 or tid.max() >= m):
        raise ValueError("participant or statement index out of range")

    keys = pid * m + tid
    if len(keys) > 1 and bool(np.all(keys[1:] > keys[:-1])):
        order = None  # already one vote per pair, sorted: skip the sort (and its memory)
        last = keys
        last_value = value.astype(np.int8, copy=False)
    else:
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        # The last of each run of equal keys is the latest vote, as the sort is stable.
        is_last = np.ones(len(sorted_keys), dtype=bool)
        is_last[:-1] = sorted_keys[1:] != sorted_keys[:-1]
        last = sorted_keys[is_last]
        last_value = value[order[is_last]].astype(np.int8, copy=False)
        del sorted_keys, is_last
    rows = last // m if m else last
    indices = (last - rows * m).astype(np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    matrix = sp.csr_matrix((last_value, indices, indptr), shape=(n, m))

    moderated = np.zeros(m, dtype=bool)
    moderated_list = [int(s) for s in moderated_out if 0 <= int(s) < m]
    moderated[moderated_list] = True
    return VoteMatrix(votes=matrix, moderated_out=moderated)


def select_in_conversation(
    matrix: VoteMatrix, previous: NDArray[np.int32] | None = None
) -> NDArray[np.int32]:
    """Participants to cluster, ascending: Pol.is's `in-conv`.

    Once in, a participant stays in, so groups don't lose people as the matrix changes.
    """
    counts = matrix.votes_per_participant()
    n_statements_voted = int(matrix.voted_statements().sum())
    threshold = min(IN_CONV_MIN_VOTES, n_statements_voted)
    chosen = (counts >= threshold) & (counts > 0)
    if previous is not None and len(previous):
        chosen[previous[previous < len(chosen)]] = True
    missing = IN_CONV_MIN_PARTICIPANTS - int(chosen.sum())
    if missing > 0:
        candidates = np.flatnonzero(~chosen & (counts > 0))
        # Heaviest voters first; ties go to whoever joined first (lower index).
        by_count = candidates[np.argsort(-counts[candidates], kind="stable")]
        chosen[by_count[:missing]] = True
    return np.flatnonzero(chosen).astype(np.int32)
