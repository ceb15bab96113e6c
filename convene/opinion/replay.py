"""Replay a vote log in time order, warm-starting each update from the last (as Pol.is ran).

Pol.is's published groups come from many small updates, each starting from the previous
state; importing a conversation from Pol.is with `replay_opinion_map` reproduces that path.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike

from convene.opinion.engine import compute_opinion_map
from convene.opinion.results import OpinionResult

DEFAULT_UPDATES = 60


def replay_opinion_map(
    participants: ArrayLike,
    statements: ArrayLike,
    votes: ArrayLike,
    timestamps: ArrayLike,
    *,
    n_participants: int | None = None,
    n_statements: int | None = None,
    moderated_out: Iterable[int] = (),
    updates: int = DEFAULT_UPDATES,
    update_every_ms: int | None = None,
    seed: int = 0,
) -> OpinionResult:
    """The opinion map after warm-started recomputations over growing prefixes of the log.

    By default `updates` prefixes spaced evenly in votes; with `update_every_ms`, one update
    per window of log time that holds votes, like Pol.is's poller picking up new votes.
    """
    pid = np.asarray(participants)
    tid = np.asarray(statements)
    value = np.asarray(votes)
    times = np.asarray(timestamps, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    times = times[order]
    pid, tid, value = pid[order], tid[order], value[order]
    moderated = list(moderated_out)
    n = int(
        n_participants
        if n_participants is not None
        else (pid.max() + 1 if len(pid) else 0)
    )
    m = int(
        n_statements if n_statements is not None else (tid.max() + 1 if len(tid) else 0)
    )
    if update_every_ms is not None:
        # One update per window of log time that holds votes, like a poller picking up new votes.
        window = times // max(update_every_ms, 1)
        ends = np.append(np.flatnonzero(window[1:] != window[:-1]) + 1, len(pid))
    else:
        ends = np.unique(
            np.linspace(0, len(pid), max(updates, 1) + 1).astype(np.int64)[1:]
        )
    result: OpinionResult | None = None
    for end in ends:
        result = compute_opinion_map(
            pid[:end],
            tid[:end],
            value[:end],
            n_participants=n,
            n_statements=m,
            moderated_out=moderated,
            previous=result,
            seed=seed,
        )
    if result is None:
        result = compute_opinion_map(
            pid,
            tid,
            value,
            n_participants=n,
            n_statements=m,
            moderated_out=moderated,
            seed=seed,
        )
    return result
