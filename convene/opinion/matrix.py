"""The sparse participant x statement vote matrix and Pol.is's rule for who gets clustered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

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
        return np.asarray(np.diff(self.votes.indptr), dtype=np.int64)

    def voted_statements(self) -> NDArray[np.bool_]:
        return self._voted_statements

    @cached_property
    def _voted_statements(self) -> NDArray[np.bool_]:
        # Asked for three times per update (who is clustered, the projection's scaling,
        # statement priorities): one pass over the votes serves all three.
        voted = np.bincount(self.votes.indices, minlength=self.shape[1]) > 0
        voted.flags.writeable = False
        return voted


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
    pid = np.asarray(participants).ravel()
    tid = np.asarray(statements).ravel()
    value = np.asarray(votes).ravel()
    if not (len(pid) == len(tid) == len(value)):
        raise ValueError("participants, statements and votes must have the same length")
    if len(value) and (
        value.min() < -1
        or value.max() > 1
        or (value.dtype.kind == "f" and not np.all(value == np.round(value)))
    ):
        raise ValueError("votes must be -1 (disagree), 0 (pass) or 1 (agree)")
    n = int(
        n_participants
        if n_participants is not None
        else (pid.max() + 1 if len(pid) else 0)
    )
    m = int(
        n_statements if n_statements is not None else (tid.max() + 1 if len(tid) else 0)
    )
    if len(pid) and (
        pid.min() < 0 or pid.max() >= n or tid.min() < 0 or tid.max() >= m
    ):
        raise ValueError("participant or statement index out of range")

    keys = pid.astype(np.int64)
    keys *= m
    keys += tid.astype(np.int64, copy=False)
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        last = keys  # already one vote per pair, in order: nothing to sort
        last_value = value.astype(np.int8, copy=False)
    else:
        last, last_value = _latest_per_pair(keys, value, n * m)
    del keys
    rows = last // m if m else last
    indices = (last - rows * m).astype(np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    matrix = sp.csr_matrix((last_value, indices, indptr), shape=(n, m))

    moderated = np.zeros(m, dtype=bool)
    moderated_list = [int(s) for s in moderated_out if 0 <= int(s) < m]
    moderated[moderated_list] = True
    return VoteMatrix(votes=matrix, moderated_out=moderated)


def _latest_per_pair(
    keys: NDArray[np.int64], value: NDArray[np.generic], n_pairs: int
) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    """Distinct pair keys, ascending, each with its latest vote.

    The log position rides in the low bits of the key, so one plain (unstable, in-place) sort
    orders pairs and, within a pair, votes by time: about twice as fast as a stable argsort.
    """
    shift = max(int(len(keys) - 1).bit_length(), 1)
    if int(max(n_pairs - 1, 1)).bit_length() + shift > 62:
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        is_last = np.ones(len(keys), dtype=bool)
        is_last[:-1] = sorted_keys[1:] != sorted_keys[:-1]
        return sorted_keys[is_last], value[order[is_last]].astype(np.int8)
    packed = np.left_shift(keys, shift)
    packed |= np.arange(len(keys), dtype=np.int64)
    # Stable (radix/tim) sort: logs often arrive grouped by participant, which it exploits.
    packed.sort(kind="stable")
    pairs = packed >> shift
    is_last = np.ones(len(packed), dtype=bool)
    is_last[:-1] = pairs[1:] != pairs[:-1]
    positions = packed[is_last] & ((1 << shift) - 1)
    return pairs[is_last], value[positions].astype(np.int8)


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
