"""At scale, a web process keeps its PostgreSQL connections in a pool between requests.

Django's ASGI handler runs each request in a new thread, so without the pool every request
would connect to PostgreSQL and hang up again. A real server runs on the test's database,
and PostgreSQL's own list of connections shows which it keeps.
"""

import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from django.db import connection

from convene.conftest import need_service
from testsupport.servers import postgres_url, running_servers

pytestmark = [
    pytest.mark.at_scale,
    pytest.mark.django_db(transaction=True),  # the server must see the test's database
]

NAME = "convene-pool-test"  # the server's application_name, which picks out its connections

Server = Callable[[int], str]


def _database_url() -> str:
    if connection.vendor != "postgresql":
        need_service("the connection pool is PostgreSQL's: set DATABASE_URL to it")
    return postgres_url(connection.settings_dict)


@pytest.fixture
def serve() -> Iterator[Server]:
    """Start one web process with DATABASE_POOL_MAX set; return its address."""
    with ExitStack() as servers:

        def start(pool_max: int) -> str:
            env = {
                "DATABASE_URL": f"{_database_url()}?application_name={NAME}",
                "DATABASE_POOL_MAX": str(pool_max),
            }
            [address] = servers.enter_context(running_servers(1, env))
            return f"http://{address}"

        yield start


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
