"""Two web processes share live updates through Redis: a vote in one reaches a wall on the other.

This is the "at scale" set-up (several ASGI workers behind a proxy). It needs Redis (REDIS_URL)
and PostgreSQL (DATABASE_URL), which both processes and the test share; CI provides them.
"""

import http.cookiejar
import json
import os
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from convene.conftest import need_service
from convene.conversations.models import Conversation, Statement
from testsupport.servers import postgres_url, running_servers

pytestmark = [
    pytest.mark.at_scale,
    pytest.mark.django_db(transaction=True),  # the servers must see committed rows
]

PUSH_TIMEOUT = 5


def need_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        need_service("live updates across processes need Redis: set REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        need_service(f"Redis at {url} is unreachable: {error}")
    return url


def shared_database_url() -> str:
    """The URL of the database pytest-django made, so the servers use the same one."""
    if connection.vendor != "postgresql":
        need_service(
            "two server processes must share a database: set DATABASE_URL to PostgreSQL"
        )
    return postgres_url(connection.settings_dict)


@pytest.fixture
def two_servers() -> Iterator[tuple[str, str]]:
    env = {"DATABASE_URL": shared_database_url(), "REDIS_URL": need_redis()}
    with running_servers(2, env) as (first, second):
        yield first, second


def vote_through(server: str, slug: str, statement_id: int) -> None:
    """What a phone does: open the voting page, then press Agree (a plain form POST)."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    url = f"http://{server}/conversations/{slug}/vote/"
    with browser.open(url, timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the voting page has no CSRF token"
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "statement": statement_id,
            "choice": 1,
        }
    ).encode()
    with browser.open(url, data=form, timeout=10) as response:
        assert response.status == 200


def receive_fragments(websocket: Any, timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        message = json.loads(websocket.recv(timeout=left))
        if "fragments" in message:
            return dict(message["fragments"])
    raise TimeoutError


def test_a_vote_on_one_server_reaches_a_wall_on_the_other(
    two_servers: tuple[str, str],
) -> None:
    from websockets.sync.client import connect
    from websockets.typing import Origin

    server_a, server_b = two_servers
    conversation = Conversation.objects.create(question="Which bus route?", slug="bus")
    statement = Statement.objects.create(
        conversation=conversation,
        text="The 42 should run on Sundays",
        status=Statement.Status.ACCEPTED,
    )

    with connect(
        f"ws://{server_a}/ws/conversations/bus/",
        origin=Origin(f"http://{server_a}"),
        open_timeout=10,
    ) as wall_on_a:
        started = time.monotonic()
        vote_through(server_b, "bus", statement.pk)
        try:
            fragments = receive_fragments(wall_on_a, PUSH_TIMEOUT)
        except TimeoutError:
            pytest.fail(f"no push reached server A within {PUSH_TIMEOUT}s of the vote")
        latency = time.monotonic() - started

    assert '<dd data-total="votes">1</dd>' in fragments["wall-totals"]
    assert latency < PUSH_TIMEOUT
