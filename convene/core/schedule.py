"""Work that recurs (erasing what is past its time, lapsing memberships, reminding
moderators), queued by the task workers themselves, so no cron is needed.

An app names its recurring tasks with `every(interval)` in its `tasks.py`. Each task
worker, as it gives its sign of life every few seconds, calls `queue_due_work`, which
queues each task whose time has come. The time is kept in the database and claimed with one
conditional update, so however many workers run, and however often they restart, each
task is queued once per interval.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from convene.core.models import ScheduledRun


@dataclass(frozen=True)
class Recurring:
    name: str
    interval: timedelta
    task: Any  # a django-tasks task taking no arguments


_recurring: dict[str, Recurring] = {}


def every(interval: timedelta) -> Callable[[Any], Any]:
    """Queue the decorated task (one taking no arguments) once per `interval`; its first
    run is as soon as a worker starts."""

    def register(task: Any) -> Any:
        name = str(task.module_path)
        _recurring[name] = Recurring(name, interval, task)
        return task

    return register


def recurring_work() -> list[Recurring]:
    autodiscover_modules("tasks")
    return sorted(_recurring.values(), key=lambda item: item.name)


def queue_due_work(now: datetime | None = None) -> list[str]:
    """Queue every recurring task whose time has come; return the names queued."""
    now = now or timezone.now()
    queued = []
    for work in recurring_work():
        if _claim(work, now):
            work.task.enqueue()
            queued.append(work.name)
    return queued


def _claim(work: Recurring, now: datetime) -> bool:
    """Move the work's next time on by its interval, if it was due; say whether we did.

    The conditional update is the claim: of several workers asking at once, one wins."""
    try:
        with transaction.atomic():
            _, created = ScheduledRun.objects.get_or_create(
                name=work.name, defaults={"next_at": now + work.interval}
            )
    except IntegrityError:  # another worker made the row at the same moment: theirs
        return False
    if created:
        return True
    return bool(
        ScheduledRun.objects.filter(name=work.name, next_at__lte=now).update(
            next_at=now + work.interval
        )
    )
