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

    card = page.locator("#statement-card")
    card.get_by_text(second.text).wait_for()
    assert page.evaluate("window.stayedOnPage") is True
    assert card.get_by_text(first.text).count() == 0
    vote = Vote.objects.get()
    assert vote.statement == first
    assert vote.choice == Vote.Choice.AGREE
    assert any(c["name"] == "convene_participant" for c in page.context.cookies())


def test_a_vote_lost_to_the_network_says_so_and_can_be_sent_again(
    page: Any, live_server: Any
) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    page.goto(f"{live_server.url}/conversations/{conversation.slug}/vote/")
    card = page.locator("#statement-card")

    page.context.set_offline(True)
    page.get_by_role("button", name="Agree", exact=True).click()

    card.get_by_role("alert").get_by_text("check your connection").wait_for()
    assert card.get_by_text(first.text).count() == 1
    assert not Vote.objects.exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Agree", exact=True).click()

    card.get_by_text(second.text).wait_for()
    assert Vote.objects.get().statement == first


def test_a_vote_from_an_expired_page_says_to_reload_it(
    page: Any, live_server: Any
) -> None:
    conversation = make_conversation()
    first, _, _ = seeds(conversation)
    page.goto(f"{live_server.url}/conversations/{conversation.slug}/vote/")
    # As when the person logs in in another tab: the page's CSRF token no longer matches.
    page.context.clear_cookies()

    page.get_by_role("button", name="Disagree", exact=True).click()

    alert = page.locator("#statement-card").get_by_role("alert")
    alert.get_by_text("this page has expired").wait_for()
    assert alert.get_by_role("link", name="Reload the page").count() == 1
    assert page.get_by_text("CSRF").count() == 0
    assert page.locator("#statement-card").get_by_text(first.text).count() == 1
    assert not Vote.objects.exists()
