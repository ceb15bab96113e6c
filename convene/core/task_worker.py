"""What keeps background tasks from being lost when a worker dies midway.

A worker claims a task by marking its row running; if the worker is then killed (SIGKILL, out
of memory, its machine gone) the row stays running for good and nothing runs it again. So each
worker renews a sign of life (`TaskWorker`) every few seconds, and every worker, as it starts
and then every few seconds, takes back the tasks marked running by a worker that has given no
sign of life for TASK_WORKER_TIMEOUT seconds.

What is taken back depends on the task. One marked `run_again_if_interrupted` (recomputing the
opinion map: running it twice costs a computation, nothing more) is queued again. Any other
(an email) is marked failed and logged instead: it may have been sent just before its worker
died, and no email is sent twice. A task whose workers died under it three times is not queued
again either: it may be what kills them.
"""

import ctypes
import logging
import os
import signal
import socket
import sys
import threading
from datetime import timedelta
from types import TracebackType
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from convene.core.models import TaskWorker

logger = logging.getLogger(__name__)

# A task whose workers died this many times while running it is not queued again.
MOST_ATTEMPTS = 3
# From <linux/prctl.h>: ask the kernel to signal this process when its parent dies.
PR_SET_PDEATHSIG = 1

AnyTask = TypeVar("AnyTask", bound=Task[Any, Any])
_run_again: set[str] = set()


class WorkerDied(Exception):
    """Recorded on a task whose worker died while running it (its row names this class)."""


def run_again_if_interrupted(task: AnyTask) -> AnyTask:
    """Mark a task as safe to run again after its worker died midway (see the module's doc)."""
    _run_again.add(task.module_path)
    return task


def worker_timeout() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_TIMEOUT)


def beat_interval() -> float:
    """How often a worker renews its sign of life: several times within the timeout, so one
    late renewal (a busy database) doesn't make a live worker look dead."""
    return float(settings.TASK_WORKER_TIMEOUT) / 4


def renew_sign_of_life(worker_id: str) -> None:
    now = timezone.now()
    renewed = TaskWorker.objects.filter(pk=worker_id).update(last_seen=now)
    if not renewed:
        TaskWorker.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )


def _why_not_run_again(row: "DBTaskResult[Any, Any]") -> str:
    """Why a task whose worker died must not run again; "" when it may."""
    try:
        import_string(row.task_path)  # its module marks it, once imported
    except ImportError:
        return "its code is gone."
    if row.task_path not in _run_again:
        return "it may already have done what it does (an email may have gone)."
    if len(row.worker_ids) >= MOST_ATTEMPTS:
        return (
            f"{len(row.worker_ids)} workers died running it; it may be what kills them."
        )
    return ""


def reclaim_orphaned_tasks() -> int:
    """Take back every task whose worker died while running it; return how many."""
    now = timezone.now()
    cutoff = now - worker_timeout()
    alive = set(
        TaskWorker.objects.filter(last_seen__gte=cutoff).values_list(
            "worker_id", flat=True
        )
    )
    orphans = [
        row
        for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        if not row.worker_ids or row.worker_ids[-1] not in alive
    ]
    for row in orphans:
        # Only if nobody finished or took it back meanwhile.
        still_orphaned = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        why_not = _why_not_run_again(row)
        if not why_not:
            if still_orphaned.update(status=TaskResultStatus.READY):
                logger.warning(
                    "Task %s (%s) queued again: its worker died while running it.",
                    row.pk,
                    row.task_path,
                )
            continue
        reason = (
            f"Its worker ({', '.join(row.worker_ids) or 'unknown'}) died while running it. "
            f"Not run again: {why_not}"
        )
        if still_orphaned.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
            traceback=reason,
        ):
            logger.error("Task %s (%s) failed: %s", row.pk, row.task_path, reason)
    TaskWorker.objects.filter(last_seen__lt=cutoff).delete()
    return len(orphans)


def stop_with_parent(parent_pid: int) -> None:
    """End this worker (gracefully: SIGTERM) when the process that started it ends, even by
    SIGKILL, so a killed `convene serve` leaves no worker behind.

    On Linux the kernel does it (parent-death signal); elsewhere `SignsOfLife` watches.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    # The parent may have died before the kernel was asked.
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGTERM)


class SignsOfLife:
    """While a worker runs, a thread beside it renews its sign of life, takes back orphaned
    tasks, and (where the kernel can't) ends the worker when its parent has gone."""

    def __init__(self, worker_id: str, *, parent_pid: int | None = None) -> None:
        self.worker_id = worker_id
        self.parent_pid = parent_pid if not sys.platform.startswith("linux") else None
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._keep_beating, name="signs-of-life", daemon=True
        )

    def __enter__(self) -> "SignsOfLife":
        renew_sign_of_life(self.worker_id)
        reclaim_orphaned_tasks()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)
        TaskWorker.objects.filter(pk=self.worker_id).delete()

    def _keep_beating(self) -> None:
        while not self._stopping.wait(beat_interval()):
            if self.parent_pid is not None and os.getppid() != self.parent_pid:
                os.kill(os.getpid(), signal.SIGTERM)
                self.parent_pid = None
            try:
                renew_sign_of_life(self.worker_id)
                reclaim_orphaned_tasks()
            except DatabaseError:
                logger.exception("Task worker %s: no sign of life sent", self.worker_id)
            finally:
                connection.close()  # this thread's own; with a pool, handed back
