"""At scale, votes and the opinion map survive kill -9 of a web worker and of the task worker.

Real processes on the test PostgreSQL database and Redis: two web workers (as behind a
proxy) and a `convene db_worker`. Phones vote through the real vote endpoint from several
threads; while they do, one web worker and the task worker are killed with SIGKILL and started
again (a phone whose server is gone tries the other, as a proxy would). Every vote a server
acknowledged must be stored, and the map must catch up with the votes after a worker is killed
midway through computing it, with no vote after the kill to ask for another update.
"""

import random
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Statement,
    Vote,
)
from convene.conversations.polis.importer import import_polis_export
from convene.conversations.tests.test_live_two_processes import (
    need_redis,
    shared_database_url,
)
from testsupport.phones import LOST, Phone
from testsupport.polis_data import POLIS_DATA_MISSING, polis_data_missing, polis_export
from testsupport.processes import (
    WebServer,
    convene_env,
    kill,
    stop,
    task_worker,
    wait_for,
)

pytestmark = [
    pytest.mark.at_scale,
    pytest.mark.django_db(transaction=True),  # the servers must see committed rows
    pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING),
]

# Big enough (61,384 votes) that the map takes a while to compute, so the task worker can be
# killed midway through.
BIG_CONVERSATION = "austria-climate.5twd2jsnkf.2022-08-08"
MAP_TASK = "convene.conversations.tasks.update_opinion_map"
PHONES = 6
VOTES_PER_PHONE = 4  # then the thread picks up another phone, as a room fills


class Acknowledged(NamedTuple):
    phone: Phone
    statement_id: int
    choice: int


class Room:
    """Phones voting from threads until told to stop; what the servers acknowledged."""

    def __init__(self, slug: str, statements: list[int], servers: list[WebServer]):
        self.slug = slug
        self.statements = statements
        self.servers = servers
        self.acknowledged: list[Acknowledged] = []
        self.lost = 0
        self.errors: list[BaseException] = []
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._phones, args=(seed,), daemon=True)
            for seed in range(PHONES)
        ]

    def __enter__(self) -> "Room":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _phones(self, seed: int) -> None:
        chance = random.Random(seed)  # noqa: S311 (which statements, not secrets)
        try:
            while not self._stopping.is_set():
                phone = Phone()
                for statement in chance.sample(self.statements, VOTES_PER_PHONE):
                    self._vote(phone, statement, chance.choice([-1, 0, 1]), chance)
        except BaseException as error:  # noqa: BLE001 (reported by the test, not lost in a thread)
            self.errors.append(error)

    def _vote(
        self, phone: Phone, statement: int, choice: int, chance: random.Random
    ) -> None:
        for server in chance.sample(self.servers, len(self.servers)):
            try:
                if phone.vote(server.address, self.slug, statement, choice):
                    self.acknowledged.append(Acknowledged(phone, statement, choice))
                    return
            except LOST:
                self.lost += 1
        time.sleep(0.05)  # both down: the phone waits, and its vote is not counted


class TaskWorker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process = task_worker(env, log)

    def restart(self) -> None:
        kill(self.process)
        self.process = task_worker(self.env, self.log)

    def kill_midway_through_a_map(self, conversation: Conversation) -> str:
        """SIGKILL this worker while it computes the conversation's map; the task's id, or
        "" when the computation ended before the kill landed."""
        running = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING,
            task_path=MAP_TASK,
            args_kwargs__args=[conversation.pk],
        )
        task = wait_for(lambda: running.first(), timeout=30, every=0.002)
        assert task, f"no map update started:\n{self.log.read_text()}"
        kill(self.process)
        return str(task.pk) if running.filter(pk=task.pk).exists() else ""


def map_is_behind(conversation: Conversation) -> bool:
    result = OpinionResult.objects.get(conversation=conversation)
    return result.n_votes < Vote.objects.filter(conversation=conversation).count()


@pytest.fixture
def conversation() -> Conversation:
    return import_polis_export(
        polis_export(BIG_CONVERSATION),
        slug=f"crash-{uuid.uuid4().hex[:8]}",
        is_open=True,
        is_published=True,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return convene_env(
        tmp_path,
        DATABASE_URL=shared_database_url(),
        REDIS_URL=need_redis(),
        TASK_WORKER_TIMEOUT="2",
    )


@pytest.fixture
def servers(env: dict[str, str], tmp_path: Path) -> Iterator[list[WebServer]]:
    started = [WebServer(env, tmp_path / "web.log") for _ in range(2)]
    yield started
    for server in started:
        stop(server.process)


@pytest.fixture
def worker(env: dict[str, str], tmp_path: Path) -> Iterator[TaskWorker]:
    worker = TaskWorker(env, tmp_path / "worker.log")
    yield worker
    stop(worker.process)


def test_acknowledged_votes_and_the_map_survive_kill_9_during_votes(
    conversation: Conversation, servers: list[WebServer], worker: TaskWorker
) -> None:
    statements = list(
        conversation.statements.filter(status=Statement.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    )
    killed_tasks: list[str] = []

    # while phones vote, a web worker and the task worker die and come back
    with Room(conversation.slug, statements, servers) as room:
        time.sleep(2)
        kill(servers[0].process)
        time.sleep(1)
        servers[0].start()
        for _attempt in range(5):
            task = worker.kill_midway_through_a_map(conversation)
            worker.restart()
            if task:
                killed_tasks.append(task)
                break
        time.sleep(2)
    assert not room.errors, room.errors
    assert room.lost, "no vote met the killed web worker"
    assert killed_tasks, "the map never ran long enough to be killed midway"

    # and, once the map has caught up, the worker dies midway through the update after
    # one last vote: no vote comes after it to ask again
    assert wait_for(lambda: not map_is_behind(conversation), timeout=30, every=0.2)
    for statement in statements[:3]:
        assert Phone().vote(servers[1].address, conversation.slug, statement, 1)
        if task := worker.kill_midway_through_a_map(conversation):
            killed_tasks.append(task)
            break
        worker.restart()
    assert len(killed_tasks) == 2, "the map never ran long enough to be killed midway"
    assert map_is_behind(conversation)
    worker.restart()

    # then every acknowledged vote is stored
    stored = set(
        Vote.objects.filter(conversation=conversation).values_list(
            "participant__browser_key", "statement_id", "choice"
        )
    )
    missing = [
        vote
        for vote in room.acknowledged
        if (vote.phone.participant_key, vote.statement_id, vote.choice) not in stored
    ]
    assert room.acknowledged
    assert not missing, (
        f"{len(missing)} of {len(room.acknowledged)} acknowledged votes lost"
    )
    # and the map catches up with them all, the killed updates run again to the end
    assert wait_for(lambda: not map_is_behind(conversation), timeout=30, every=0.2)
    assert wait_for(
        lambda: (
            DBTaskResult.objects.filter(
                pk__in=killed_tasks, status=TaskResultStatus.SUCCESSFUL
            ).count()
            == len(killed_tasks)
        ),
        timeout=10,
    )
