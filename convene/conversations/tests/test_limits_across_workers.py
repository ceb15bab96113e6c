"""At scale, the limits count in Redis: a script spreading its requests over several web
workers gets no more than it would from one."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from convene.conversations.models import Conversation, Participant, Statement, Vote
from convene.conversations.tests.test_live_two_processes import (
    need_redis,
    shared_database_url,
)
from testsupport.servers import running_servers

pytestmark = [
    pytest.mark.at_scale,
    pytest.mark.django_db(transaction=True),  # the servers must see committed rows
]


@pytest.fixture
def two_servers() -> Iterator[list[str]]:
    env = {
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": need_redis(),
        "PARTICIPANTS_PER_ADDRESS_PER_HOUR": "4",
        "VOTES_PER_PARTICIPANT_PER_MINUTE": "4",
    }
    with running_servers(2, env) as servers:
        yield servers


@pytest.fixture
def conversation() -> Conversation:
    conversation = Conversation.objects.create(question="Market days?", slug="market")
    for text in ["Saturdays suit families", "Keep a weekday market", "Open later"]:
        Statement.objects.create(
            conversation=conversation, text=text, status=Statement.Status.ACCEPTED
        )
    return conversation


def _not_at_the_end_of(window: int) -> None:
    """Wait for a fresh window if this one is nearly over, so no count starts halfway."""
    left = window - int(time.time()) % window
    if left < 20:
        time.sleep(left + 1)


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _vote(
    browser: urllib.request.OpenerDirector,
    server: str,
    statement: Statement,
    choice: int,
) -> str:
    """Open the voting page and vote as a plain form does: "200" for a vote taken, or the
    refusal's status and whether it says when to try again."""
    url = f"http://{server}/conversations/market/vote/"
    with browser.open(url, timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the voting page has no CSRF token"
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "statement": statement.pk,
        "choice": choice,
    }
    try:
        with browser.open(url, urllib.parse.urlencode(form).encode(), timeout=10):
            return "200"
    except urllib.error.HTTPError as refused:
        retry = (
            "with Retry-After" if refused.headers["Retry-After"] else "no Retry-After"
        )
        return f"{refused.code} {retry}"


def test_fresh_cookies_spread_over_two_workers_share_one_ceiling(
    two_servers: list[str], conversation: Conversation
) -> None:
    statement = conversation.statements.first()
    assert statement is not None
    _not_at_the_end_of(3600)

    answers = [_vote(_browser(), two_servers[n % 2], statement, 1) for n in range(6)]

    assert answers == ["200"] * 4 + ["429 with Retry-After"] * 2
    assert Participant.objects.count() == 4


def test_one_participant_voting_through_two_workers_shares_one_allowance(
    two_servers: list[str], conversation: Conversation
) -> None:
    statement = conversation.statements.first()
    assert statement is not None
    browser = _browser()
    _not_at_the_end_of(60)

    answers = [
        _vote(browser, two_servers[n % 2], statement, 1 if n % 2 else -1)
        for n in range(6)
    ]

    assert answers == ["200"] * 4 + ["429 with Retry-After"] * 2
    assert Vote.objects.get().choice == 1
