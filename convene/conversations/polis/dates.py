"""Times as Pol.is writes them: milliseconds since the epoch, and Java's Date.toString()."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray


def epoch_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def polis_datetime(moment: datetime) -> str:
    # Pol.is writes Java's Date.toString(); ours is in UTC.
    return moment.astimezone(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def polis_datetimes(milliseconds: NDArray[np.int64]) -> NDArray[np.str_]:
    """`polis_datetime` for many times at once, without a Python datetime each."""
    # Votes come in bursts, so there are far fewer distinct seconds than votes.
    seconds, inverse = np.unique(milliseconds // 1000, return_inverse=True)
    return _format_seconds(seconds)[inverse]


def _format_seconds(seconds: NDArray[np.int64]) -> NDArray[np.str_]:
    iso = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    weekday = _WEEKDAYS[(seconds // 86_400 + 3) % 7]  # 1 January 1970 was a Thursday
    month = _MONTHS[np.strings.slice(iso, 5, 7).astype(np.int64) - 1]
    parts = (
        weekday,
        " ",
        month,
        " ",
        np.strings.slice(iso, 8, 10),
        " ",
        np.strings.slice(iso, 11, 19),
        " UTC ",
        np.strings.slice(iso, 0, 4),
    )
    text: NDArray[np.str_] = parts[0]
    for part in parts[1:]:
        text = np.strings.add(text, part)
    return text


_WEEKDAYS = np.array(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
_MONTHS = np.array(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905 (reads as the calendar)
)
