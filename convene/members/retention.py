"""Keeping personal data only as long as it is needed.

Each app declares, in the registry, the kinds of data it keeps only for a while and the
setting that says how long. `erase_expired` erases what is past its time, in small
batches that each commit on their own: a run cut short (a crash, a deploy) keeps what it
did, and the next run finds only what is left, so nothing is erased twice or skipped.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from convene.members.registry import Due, Retention, retentions

BATCH_SIZE = 200
# The staff page also says what falls due soon, so nobody is surprised by a run.
LOOK_AHEAD = timedelta(days=7)


@dataclass(frozen=True)
class RetentionStatus:
    retention: Retention
    keep_days: int
    due_now: Due
    due_within_week: int

    @property
    def kept_until_leaving(self) -> bool:
        return self.keep_days == 0


def status(now: datetime | None = None) -> list[RetentionStatus]:
    """What each kind would erase if a run started now, and what falls due within a week."""
    now = now or timezone.now()
    statuses = []
    for retention in retentions():
        keep_days = retention.keep_days()
        if keep_days == 0:
            statuses.append(RetentionStatus(retention, 0, Due(0, None), 0))
            continue
        due_now = retention.due(now)
        later = retention.due(now + LOOK_AHEAD).count - due_now.count
        statuses.append(RetentionStatus(retention, keep_days, due_now, later))
    return statuses


def erase_expired(
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
    on_batch: Callable[[Retention, int], None] | None = None,
) -> dict[str, int]:
    """Erase, kind by kind, whatever is past its time; returns how many of each went.

    `max_batches` bounds a run (each kind gets at most that many batches); the next run
    carries on. `on_batch` hears of each committed batch, for a command's progress.
    """
    now = now or timezone.now()
    erased: dict[str, int] = {}
    for retention in retentions():
        erased[retention.key] = 0
        if retention.keep_days() == 0:
            continue
        batches = 0
        while max_batches is None or batches < max_batches:
            count = retention.erase_batch(now, batch_size)
            batches += 1
            erased[retention.key] += count
            if on_batch is not None and count:
                on_batch(retention, count)
            if count < batch_size:
                break
    return erased
