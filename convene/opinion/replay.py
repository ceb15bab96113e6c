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

import numpy as np
from numpy.typing import ArrayLike

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
    if updates is None:
        # One update per window of log time that holds votes, as votes arriving are picked up.
        window = times // max(update_every_ms, 1)
        ends = np.append(np.flatnonzero(window[1:] != window[:-1]) + 1, len(pid))
    else:
        ends = np.unique(
            np.linspace(0, len(pid), max(updates, 1) + 1).astype(np.int64)[1:]
        )
    meta_list = list(meta)
    kept = np.zeros(n, dtype=bool)
    kept[[p for p in in_conversation if 0 <= p < n]] = True
    voted = np.zeros(n, dtype=bool)
    start = 0
    total = len(ends) + (1 if reload_at_end and len(ends) else 0)
    result: OpinionResult | None = None
    for done, end in enumerate(ends, start=1):
        voted[pid[start:end]] = True
        start = end
        result = compute_opinion_map(
            pid[:end],
            tid[:end],
            value[:end],
            n_participants=n,
            n_statements=m,
            moderated_out=moderated,
            meta=meta_list,
            previous=result,
            in_conversation=np.flatnonzero(kept & voted),
            seed=seed,
        )
        if progress is not None:
            progress(done, total)

    def on_the_whole_log(
        previous: OpinionResult | None, in_conversation: Iterable[int] = ()
    ) -> OpinionResult:
        return compute_opinion_map(
            pid,
            tid,
            value,
            n_participants=n,
            n_statements=m,
            moderated_out=moderated,
            meta=meta_list,
            previous=previous,
            in_conversation=in_conversation,
            seed=seed,
        )

    if result is None:  # an empty log
        return on_the_whole_log(None, np.flatnonzero(kept))
    if reload_at_end:
        result = on_the_whole_log(result.without_group_memory())
        if progress is not None:
            progress(total, total)
    return result
