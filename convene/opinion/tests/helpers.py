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


def third_camp_comes_round(
    per_camp: int = 20, statements: int = 12, seed: int = 3
) -> tuple[Votes, NDArray[np.int64]]:
    """Three camps vote, then the third votes again along the first camp's line: the last
    quarter of the log. Returns the log and each person's camp in the end (0 or 1)."""
    rng = np.random.default_rng(seed)
    half = statements // 2
    lines = (
        [1] * half + [-1] * half,
        [-1] * half + [1] * half,
        ([1] * (half // 2) + [-1] * (half - half // 2)) * 2,
    )
    rows: list[tuple[int, int, int]] = []

    def vote(person: int, line: list[int]) -> None:
        skipped = set(rng.choice(statements, size=2, replace=False).tolist())
        rebel = int(rng.integers(statements))
        rows.extend(
            (person, s, -line[s] if s == rebel else line[s])
            for s in range(statements)
            if s not in skipped
        )

    for person in range(3 * per_camp):
        vote(person, lines[person % 3])
    for person in range(2, 3 * per_camp, 3):
        vote(person, lines[0])
    pids, tids, votes = (np.array(column) for column in zip(*rows, strict=True))
    final_camps = np.array([0 if p % 3 != 1 else 1 for p in range(3 * per_camp)])
    return (pids, tids, votes), final_camps
