"""Embedded, `convene serve` keeps its task worker running and takes it down with it.

Real processes on a real SQLite database: a site is set up once with the commands an
organisation would run (migrate, import a big Pol.is conversation), then each test serves it
with `convene serve` and kills things with real signals. The conversation is big enough
(61,384 votes) that its map takes a noticeable while to compute, so the worker can be killed
midway through one.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from testsupport.phones import Phone
from testsupport.polis_data import POLIS_DATA_MISSING, polis_data_missing, polis_export
from testsupport.processes import (
    children_of,
    convene,
    convene_env,
    is_running,
    kill,
    stop,
    wait_for,
    wait_until_listening,
)
from testsupport.servers import free_port

pytestmark = [
    pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="embedded (SQLite) only: runs in the first pass of .ci/run",
    ),
]

BIG_CONVERSATION = "austria-climate.5twd2jsnkf.2022-08-08"
# Short, so a dead worker's task is taken back within the test's patience.
TASK_WORKER_TIMEOUT = 2
MAP_TASK = "convene.conversations.tasks.update_opinion_map"


class Site(NamedTuple):
    data_dir: Path
    env: dict[str, str]

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.data_dir / "convene.sqlite3", timeout=20) as database:
            return database.execute(sql, args).fetchall()


class Served(NamedTuple):
    process: subprocess.Popen[bytes]
    address: str
    log: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    data_dir = tmp_path_factory.mktemp("served")
    env = convene_env(data_dir, TASK_WORKER_TIMEOUT=str(TASK_WORKER_TIMEOUT))
    for command in (
        ["migrate", "--verbosity=0"],
        [
            "import-polis",
            str(polis_export(BIG_CONVERSATION)),
            "--slug=big",
            "--open",
            "--publish",
        ],
    ):
        subprocess.run(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "convene", *command],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return Site(data_dir, env)


@pytest.fixture
def served(site: Site, tmp_path: Path) -> Iterator[Served]:
    port = free_port()
    log = tmp_path / "serve.log"
    process = convene(
        "serve", f"127.0.0.1:{port}", "--no-migrate", env=site.env, log=log
    )
    try:
        wait_until_listening(port, process, log)
        yield Served(process, f"127.0.0.1:{port}", log)
    finally:
        for child in children_of(process.pid) if is_running(process.pid) else []:
            os.kill(child, signal.SIGKILL)
        stop(process)


def worker_pid(site: Site, served: Served, *, not_pid: int = 0) -> int:
    """The pid of serve's task worker, once it is running and has said so."""

    def running_worker() -> int:
        children = set(children_of(served.process.pid)) - {not_pid}
        signed = {
            int(str(pid)) for (pid,) in site.query("SELECT pid FROM core_taskworker")
        }
        return next(iter(children & signed), 0)

    pid = wait_for(running_worker, timeout=30)
    assert pid, f"no task worker came up:\n{served.log.read_text()}"
    return pid


def map_and_votes(site: Site) -> tuple[int, int]:
    ((mapped, counted),) = site.query(
        "SELECT r.n_votes, (SELECT COUNT(*) FROM conversations_vote v"
        " WHERE v.conversation_id = r.conversation_id)"
        " FROM conversations_opinionresult r"
    )
    return int(str(mapped)), int(str(counted))


def map_caught_up(site: Site) -> bool:
    mapped, counted = map_and_votes(site)
    return mapped == counted


def test_a_worker_killed_midway_through_a_map_is_replaced_and_the_map_catches_up(
    site: Site, served: Served
) -> None:
    # given a conversation whose map is up to date
    statements = [
        int(str(pk))
        for (pk,) in site.query(
            "SELECT id FROM conversations_statement WHERE status = 'accepted' LIMIT 5"
        )
    ]
    phone = Phone()
    killed_task = ""
    for statement in statements:
        pid = worker_pid(site, served)
        # when a vote's map update is running and its worker is killed
        assert phone.vote(served.address, "big", statement, 1)
        running = wait_for(
            lambda: site.query(
                "SELECT id FROM django_tasks_database_dbtaskresult"
                " WHERE status = 'RUNNING' AND task_path = ?",
                MAP_TASK,
            ),
            timeout=20,
            every=0.002,
        )
        assert running, "the vote's map update never started"
        os.kill(pid, signal.SIGKILL)
        (task,) = running[0]
        still_running = site.query(
            "SELECT 1 FROM django_tasks_database_dbtaskresult"
            " WHERE id = ? AND status = 'RUNNING'",
            task,
        )
        if still_running:  # killed midway, not just after it finished
            killed_task = str(task)
            break
    assert killed_task, "the map never ran long enough to be killed midway"
    mapped, counted = map_and_votes(site)
    assert mapped < counted

    # then, with no new vote, another worker is started and the map catches up
    replacement = worker_pid(site, served, not_pid=pid)
    assert wait_for(lambda: map_caught_up(site), timeout=30, every=0.2), (
        f"the map stayed behind: {map_and_votes(site)}"
    )
    assert replacement != pid
    # the killed task itself was run again, to the end
    assert wait_for(
        lambda: site.query(
            "SELECT 1 FROM django_tasks_database_dbtaskresult"
            " WHERE id = ? AND status = 'SUCCESSFUL'",
            killed_task,
        ),
        timeout=10,
    )
    assert (
        f"The task worker (pid {pid}) stopped with exit code -9; starting another"
        in served.log.read_text()
    )


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_stopping_serve_stops_its_task_worker(
    site: Site, served: Served, sig: signal.Signals
) -> None:
    pid = worker_pid(site, served)

    kill(served.process, sig)

    assert wait_for(lambda: not is_running(pid), timeout=15), (
        f"the task worker (pid {pid}) outlived the server killed by {sig.name}"
    )
