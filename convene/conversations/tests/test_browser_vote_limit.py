"""With JavaScript, a vote refused for coming too fast says so in the card, on the same page."""

import time
from typing import Any

import pytest

from convene.conversations.models import Vote
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vote_past_the_minutes_allowance_is_refused_calmly_in_the_card(
    page: Any, live_server: Any, settings: Any
) -> None:
    settings.VOTES_PER_PARTICIPANT_PER_MINUTE = 2
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    if (left := 60 - int(time.time()) % 60) < 15:  # three votes in one clock minute
        time.sleep(left + 1)
    page.goto(f"{live_server.url}/conversations/{conversation.slug}/vote/")
    page.evaluate("window.stayedOnPage = true")
    card = page.locator("#statement-card")
    agree = page.get_by_role("button", name="Agree", exact=True)

    agree.click()
    card.get_by_text(second.text).wait_for()
    agree.click()
    card.get_by_text(third.text).wait_for()
    agree.click()

    card.get_by_role("alert").get_by_text("This vote was not saved").wait_for()
    assert card.get_by_text(third.text).count() == 1  # still there, to vote on again
    assert agree.is_enabled()
    assert page.evaluate("window.stayedOnPage") is True
    assert sorted(Vote.objects.values_list("statement", flat=True)) == [
        first.pk,
        second.pk,
    ]
