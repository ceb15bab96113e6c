"""One participant hammering the vote button is stopped; a person voting is not."""

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from convene.conversations.models import Conversation, Vote
from convene.conversations.tests.helpers import (
    make_conversation,
    post_vote,
    seeds,
    vote_through_form,
)
from convene.conversations.views import ENHANCED_HEADER, ENHANCED_VALUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def minute_start() -> Iterator[datetime]:
    """The clock stopped ten seconds into a minute, so no count starts again halfway."""
    start = timezone.now().replace(second=10, microsecond=0)
    with time_machine.travel(start, tick=False):
        yield start


def _hammer(client: Client, conversation: Conversation, times: int) -> list[int]:
    """Flip one vote back and forth, as fast as a script can."""
    first = seeds(conversation)[0]
    return [
        post_vote(client, conversation, first, 1 if n % 2 else -1).status_code
        for n in range(times)
    ]


def test_the_thirty_first_vote_in_a_minute_is_refused(
    visitor: Client, minute_start: datetime
) -> None:
    conversation = make_conversation()

    answers = _hammer(visitor, conversation, 31)

    assert answers == [302] * 30 + [429]
    refused = post_vote(visitor, conversation, seeds(conversation)[1], 1)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    page = refused.content.decode()
    assert "This vote was not saved: please wait 50 seconds and vote again." in page
    assert seeds(conversation)[1].text in page  # the same statement, to vote on again
    assert Vote.objects.get().choice == 1  # the thirtieth vote stands
    assert not Vote.objects.filter(statement=seeds(conversation)[1]).exists()


def test_with_javascript_the_card_says_so(
    visitor: Client, minute_start: datetime
) -> None:
    conversation = make_conversation()
    _hammer(visitor, conversation, 30)

    response = visitor.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": seeds(conversation)[1].pk, "choice": 1},
        headers={ENHANCED_HEADER: ENHANCED_VALUE},
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    card = response.content.decode()
    assert card.startswith('<div class="statement-card"')  # vote.js swaps it in
    assert 'role="alert">You have voted 30 times in a minute' in card
    assert f'name="statement" value="{seeds(conversation)[1].pk}"' in card


def test_votes_are_taken_again_the_next_minute(
    visitor: Client, minute_start: datetime
) -> None:
    conversation = make_conversation()
    _hammer(visitor, conversation, 31)

    with time_machine.travel(minute_start + timedelta(seconds=50), tick=False):
        response = post_vote(visitor, conversation, seeds(conversation)[1], -1)

    assert response.status_code == 302
    assert Vote.objects.filter(statement=seeds(conversation)[1], choice=-1).exists()


def test_the_limit_is_per_participant(visitor: Client, minute_start: datetime) -> None:
    conversation = make_conversation()
    _hammer(visitor, conversation, 31)

    vote_through_form(Client(), conversation, seeds(conversation)[0], 1)


def test_the_limit_is_a_setting(
    visitor: Client, minute_start: datetime, settings: Any
) -> None:
    settings.VOTES_PER_PARTICIPANT_PER_MINUTE = 3
    conversation = make_conversation()

    assert _hammer(visitor, conversation, 4) == [302, 302, 302, 429]

    settings.VOTES_PER_PARTICIPANT_PER_MINUTE = 0  # no limit
    assert _hammer(visitor, conversation, 40) == [302] * 40


def test_a_vote_costs_the_limits_one_cache_call(
    visitor: Client, minute_start: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)
    calls = _count_cache_calls(monkeypatch)

    post_vote(visitor, conversation, second, 1)

    assert calls == ["incr"]


def _count_cache_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the cache's methods called from now on (each still does its work)."""
    calls: list[str] = []
    for name in ["get", "get_many", "add", "set", "incr", "decr", "delete"]:
        real: Callable[..., Any] = getattr(cache, name)

        def counted(*args: Any, _name: str = name, _real: Any = real, **kw: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(cache, name, counted)
    return calls
