"""Which statement to show a participant next: Pol.is `comment-priorities`.

A statement ranks high when few people have seen it (new statements bubble up), when those who
saw it took a side rather than passing, and when it pulls people apart on the map (extremity).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
META_PRIORITY = (
    7.0  # Pol.is's fixed priority for meta statements (about the conversation)
)


def importance(
    agree: FloatArray, passes: FloatArray, seen: FloatArray, extremity: FloatArray
) -> FloatArray:
    p = (passes + 1.0) / (seen + 2.0)
    a = (agree + 1.0) / (seen + 2.0)
    return np.asarray((1.0 - p) * (extremity + 1.0) * a, dtype=np.float64)


def statement_priorities(
    agree: FloatArray,
    disagree: FloatArray,
    seen: FloatArray,
    extremity: FloatArray,
    moderated_out: NDArray[np.bool_],
    meta: NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Counts are over clustered participants, per statement. Squared to sharpen the bias.

    Meta statements keep their fixed priority although they are moderated out of the maths:
    Pol.is moderates them out and still routes them to people (`comment-priorities`).
    """
    passes = seen - agree - disagree
    newness = 1.0 + 8.0 * np.power(2.0, -seen / 5.0)
    priority = importance(agree, passes, seen, extremity) * newness
    unrouted = moderated_out
    if meta is not None:
        priority = np.where(meta, META_PRIORITY, priority)
        unrouted = moderated_out & ~meta
    priority = priority**2
    return np.asarray(np.where(unrouted, 0.0, priority), dtype=np.float64)
