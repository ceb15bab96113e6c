"""At scale, a web process keeps its PostgreSQL connections in a pool between requests.

Django's ASGI handler runs each request in a new thread, so without the pool every request
would connect to PostgreSQL and hang up again. A real server runs on the test's database,
and PostgreSQL's own list of connections shows which it keeps.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from django.db import connection

from convene.conftest import need_service

pytestmark = [
    pytest.mark.at_scale,
    pytest.mark.django_db(transaction=True),  # the server must see the test's database
]

START_TIMEOUT = 30
NAME = "convene-pool-test"  # the server's application_name, which picks out its connections

Server = Callable[[int], str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    if connection.vendor != "postgresql":
        need_service("the connection pool is PostgreSQL's: set DATABASE_URL to it")
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"the server exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not start within {START_TIMEOUT}s")


@pytest.fixture
def serve() -> Iterator[Server]:
    """Start one web process with DATABASE_POOL_MAX set; return its address."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(pool_max: int) -> str:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "convene.test_settings",
            "DATABASE_URL": f"{_database_url()}?application_name={NAME}",
            "DATABASE_POOL_MAX": str(pool_max),
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        env.pop(
            "DJANGO_ALLOW_ASYNC_UNSAFE", None
        )  # the browser fixture's, not a server's
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "uvicorn",
                "convene.asgi:application",
                "--host=127.0.0.1",
                f"--port={port}",
                "--lifespan=off",
                "--log-level=warning",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        _wait_for_port(port, process)
        return f"http://127.0.0.1:{port}"

    try:
        yield start
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _open_home_page(server: str) -> None:
    """The home page reads members, posts, events and conversations."""
    with urllib.request.urlopen(f"{server}/", timeout=10) as response:  # noqa: S310 (loopback)
        assert response.status == 200


def _server_connections() -> set[tuple[int, object]]:
    """The server's connections to PostgreSQL: (pid, when it connected)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = %s",
            [NAME],
        )
        return {(pid, started) for pid, started in cursor.fetchall()}


def test_requests_one_after_another_share_one_pooled_connection(
    serve: Server,
) -> None:
    # A pool of one: any request that connected on its own would show as a second
    # connection, or as this one gone and another in its place.
    server = serve(1)
    _open_home_page(server)
    kept = _server_connections()

    for _ in range(5):
        _open_home_page(server)

    assert len(kept) == 1
    assert _server_connections() == kept


def test_without_the_pool_each_request_hangs_up(serve: Server) -> None:
    server = serve(0)

    for _ in range(3):
        _open_home_page(server)

    deadline = time.monotonic() + 5  # the last request hangs up just after it answers
    while _server_connections() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _server_connections() == set()
