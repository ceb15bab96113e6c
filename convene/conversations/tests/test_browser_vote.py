"""The enhanced voting page: a vote swaps in the next card without loading a new page."""

from typing import Any

import pytest

from convene.conversations.models import Vote
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_voting_swaps_in_the_next_statement(page: Any, live_server: Any) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    page.goto(f"{live_server.url}/conversations/{conversation.slug}/vote/")
    # A marker that a full page load would wipe out.
    page.evaluate("window.stayedOnPage = true")

    page.get_by_role("button", name="Agree", exact=True).click()

    page.get_by_text(second.text).wait_for()
    assert page.evaluate("window.stayedOnPage") is True
    assert page.get_by_text(first.text).count() == 0
    vote = Vote.objects.get()
    assert vote.statement == first
    assert vote.choice == Vote.Choice.AGREE
    assert any(c["name"] == "convene_participant" for c in page.context.cookies())
