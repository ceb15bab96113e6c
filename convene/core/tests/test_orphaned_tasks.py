"""Tasks left running by a worker that died are taken back; those of live workers are not.

The rows are the queue's own, in the real database, as a worker leaves them: the kill itself
is in test_serve_keeps_its_task_worker.py and test_votes_survive_crashes.py.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from convene.core.models import TaskWorker
from convene.core.task_worker import reclaim_orphaned_tasks, renew_sign_of_life
from testsupport.processes import convene_env

pytestmark = pytest.mark.django_db

MAP_TASK = "convene.conversations.tasks.update_opinion_map"
EMAIL_TASK = "convene.members.tasks.send_verification_email"
TIMEOUT = 30  # TASK_WORKER_TIMEOUT's default


def running_task(
    task_path: str, *, workers: list[str], started_seconds_ago: float
) -> DBTaskResult:  # type: ignore[type-arg]  # the queue's own model is generic over the task
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago),
        worker_ids=workers,
    )


def silent_worker(worker_id: str, *, for_seconds: float) -> None:
    renew_sign_of_life(worker_id)
    TaskWorker.objects.filter(pk=worker_id).update(
        last_seen=timezone.now() - timedelta(seconds=for_seconds)
    )


def status_of(row: DBTaskResult) -> str:  # type: ignore[type-arg]
    row.refresh_from_db()
    return str(row.status)


def test_a_map_update_whose_worker_died_is_queued_again() -> None:
    silent_worker("dead", for_seconds=TIMEOUT + 1)
    task = running_task(MAP_TASK, workers=["dead"], started_seconds_ago=TIMEOUT + 5)

    assert reclaim_orphaned_tasks() == 1

    assert status_of(task) == TaskResultStatus.READY
    assert not TaskWorker.objects.filter(pk="dead").exists()


def test_a_task_of_a_worker_still_giving_signs_of_life_is_left_running() -> None:
    silent_worker("busy", for_seconds=TIMEOUT - 5)
    task = running_task(MAP_TASK, workers=["busy"], started_seconds_ago=600)

    assert reclaim_orphaned_tasks() == 0

    assert status_of(task) == TaskResultStatus.RUNNING


def test_a_task_started_within_the_timeout_is_left_running() -> None:
    silent_worker("just-started", for_seconds=TIMEOUT + 1)
    task = running_task(MAP_TASK, workers=["just-started"], started_seconds_ago=1)

    reclaim_orphaned_tasks()

    assert status_of(task) == TaskResultStatus.RUNNING


def test_an_email_whose_worker_died_is_marked_failed_not_sent_again() -> None:
    silent_worker("dead", for_seconds=TIMEOUT + 1)
    task = running_task(EMAIL_TASK, workers=["dead"], started_seconds_ago=TIMEOUT + 5)

    reclaim_orphaned_tasks()

    assert status_of(task) == TaskResultStatus.FAILED
    assert "an email may have gone" in task.traceback
    assert task.finished_at is not None


def test_a_task_whose_workers_died_three_times_is_not_queued_again() -> None:
    silent_worker("third", for_seconds=TIMEOUT + 1)
    task = running_task(
        MAP_TASK, workers=["first", "second", "third"], started_seconds_ago=TIMEOUT + 5
    )

    reclaim_orphaned_tasks()

    assert status_of(task) == TaskResultStatus.FAILED
    assert "3 workers died running it" in task.traceback


def test_a_task_of_a_worker_never_seen_is_taken_back() -> None:
    task = running_task(MAP_TASK, workers=["unknown"], started_seconds_ago=TIMEOUT + 5)

    reclaim_orphaned_tasks()

    assert status_of(task) == TaskResultStatus.READY


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_a_timeout_that_is_not_a_positive_number_of_seconds_stops_start_up(
    value: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "convene", "check"],
        env=convene_env(tmp_path, TASK_WORKER_TIMEOUT=value),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=os.getcwd(),
    )

    assert result.returncode != 0
    assert "TASK_WORKER_TIMEOUT must be" in result.stderr
