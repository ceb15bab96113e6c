"""Replay a vote log in time order, warm-starting each update from the last (as Pol.is ran).

Pol.is's published groups come from many small updates, each starting from the previous
state, and so does Convene's live map (recomputed at most once a second while votes
arrive). `replay_opinion_map` rebuilds the map an imported conversation would have had,
had it run here: where its groups came out of that path, a single computation on the final
votes can land on another equally good grouping.

A Pol.is conversation's last word is not its last vote's update, though. Whenever Pol.is's
math worker starts, its poller re-reads the last ten days of votes (`poll-from-days-ago`),
and each conversation they touch is reloaded and recomputed (`conv_man.clj`) from what the
worker stored: the PCA, the base clusters and who is in, but neither each k's groups nor
the k smoother. It ran on a host that restarts processes at least daily, so the groups of a
finished conversation come from such a recompute after its last vote. The replay ends the
same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from convene.opinion.engine import compute_opinion_map
from convene.opinion.results import OpinionResult

# As the live map: recomputed at most once a second while votes arrive.
LIVE_UPDATE_MS = 1000


def replay_opinion_map(
    participants: ArrayLike,
    statements: ArrayLike,
    votes: ArrayLike,
    timestamps: ArrayLike,
    *,
    n_participants: int | None = None,
    n_statements: int | None = None,
    moderated_out: Iterable[int] = (),
    meta: Iterable[int] = (),
    in_conversation: Iterable[int] = (),
    updates: int | None = None,
    update_every_ms: int = LIVE_UPDATE_MS,
    reload_at_end: bool = True,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> OpinionResult:
    """The opinion map after warm-started recomputations over growing prefixes of the log.

    One update per `update_every_ms` window of log time that holds votes, as the live map
    follows a conversation (about one per vote: 5-10 ms a vote on a small conversation), or
    `updates` prefixes spaced evenly in votes. `in_conversation` participants are kept in
    the map from their first vote on, however few their votes (those Pol.is grouped, on
    import). With `reload_at_end` the last update is followed by one more, from what
    Pol.is's worker keeps across a restart: the state without its group memory.
    `progress(done, total)` hears of each update.
    """
    pid, tid, value, times = _in_time_order(participants, statements, votes, timestamps)
    n = _count(n_participants, pid)
    log = _VoteLog(
        participants=pid,
        statements=tid,
        votes=value,
        n_participants=n,
        n_statements=_count(n_statements, tid),
        moderated_out=list(moderated_out),
        meta=list(meta),
        seed=seed,
    )
    ends = _update_ends(times, len(pid), updates, update_every_ms)
    kept = np.zeros(n, dtype=bool)
    kept[[p for p in in_conversation if 0 <= p < n]] = True
    total = len(ends) + (1 if reload_at_end and len(ends) else 0)
    result = _replay_updates(log, ends, kept, total, progress)
    if result is None:  # an empty log
        return log.opinion_map(None, np.flatnonzero(kept))
    if reload_at_end:
        result = log.opinion_map(result.without_group_memory())
        if progress is not None:
            progress(total, total)
    return result


@dataclass(frozen=True, eq=False)
class _VoteLog:
    """The vote log in time order, and what every computation of its map shares."""

    participants: NDArray[Any]
    statements: NDArray[Any]
    votes: NDArray[Any]
    n_participants: int
    n_statements: int
    moderated_out: list[int]
    meta: list[int]
    seed: int

    def opinion_map(
        self,
        previous: OpinionResult | None,
        in_conversation: Iterable[int] = (),
        end: int | None = None,
    ) -> OpinionResult:
        """The map on the log's first `end` votes (the whole log when None)."""
        return compute_opinion_map(
            self.participants[:end],
            self.statements[:end],
            self.votes[:end],
            n_participants=self.n_participants,
            n_statements=self.n_statements,
            moderated_out=self.moderated_out,
            meta=self.meta,
            previous=previous,
            in_conversation=in_conversation,
            seed=self.seed,
        )


def _in_time_order(
    participants: ArrayLike,
    statements: ArrayLike,
    votes: ArrayLike,
    timestamps: ArrayLike,
) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any], NDArray[np.int64]]:
    """The log sorted by time; votes cast at the same time keep their order."""
    pid = np.asarray(participants)
    tid = np.asarray(statements)
    value = np.asarray(votes)
    times = np.asarray(timestamps, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    times = times[order]
    pid, tid, value = pid[order], tid[order], value[order]
    return pid, tid, value, times


def _count(given: int | None, indices: NDArray[Any]) -> int:
    return int(
        given if given is not None else (indices.max() + 1 if len(indices) else 0)
    )


def _update_ends(
    times: NDArray[np.int64], n_votes: int, updates: int | None, update_every_ms: int
) -> NDArray[np.int64]:
    """Where each update's prefix of the log ends."""
    if updates is None:
        # One update per window of log time that holds votes, as votes arriving are picked up.
        window = times // max(update_every_ms, 1)
        return np.append(np.flatnonzero(window[1:] != window[:-1]) + 1, n_votes)
    return np.unique(np.linspace(0, n_votes, max(updates, 1) + 1).astype(np.int64)[1:])


def _replay_updates(
    log: _VoteLog,
    ends: NDArray[np.int64],
    kept: NDArray[np.bool_],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> OpinionResult | None:
    """Each update in turn, warm-started from the last; None for an empty log."""
    voted = np.zeros(log.n_participants, dtype=bool)
    start = 0
    result: OpinionResult | None = None
    for done, end in enumerate(ends, start=1):
        voted[log.participants[start:end]] = True
        start = end
        result = log.opinion_map(result, np.flatnonzero(kept & voted), end)
        if progress is not None:
            progress(done, total)
    return result
