"""Small hand-made conversations for the opinion engine's tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Votes = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]


def two_camps(
    per_camp: int = 20, statements: int = 12, seed: int = 1
) -> tuple[Votes, NDArray[np.int64]]:
    """Camp 0 agrees with the first half of the statements and disagrees with the rest; camp 1
    the opposite. Each person skips a few statements and goes against their camp on one."""
    rng = np.random.default_rng(seed)
    pids, tids, votes, camps = [], [], [], []
    for person in range(2 * per_camp):
        camp = person % 2
        camps.append(camp)
        skipped = set(rng.choice(statements, size=2, replace=False).tolist())
        rebel = int(rng.integers(statements))
        for statement in range(statements):
            if statement in skipped:
                continue
            side = 1 if (statement < statements // 2) == (camp == 0) else -1
            pids.append(person)
            tids.append(statement)
            votes.append(-side if statement == rebel else side)
    return (np.array(pids), np.array(tids), np.array(votes)), np.array(camps)


def same_partition(a: NDArray[np.integer], b: NDArray[np.integer]) -> bool:
    """True when the labellings group the same people together (labels may differ)."""
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    return len(pairs) == len({x for x, _ in pairs}) == len({y for _, y in pairs})
