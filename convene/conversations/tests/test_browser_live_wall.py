"""One browser votes; the projector's live wall, open in another, shows it without reloading."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from convene.conversations import live
from convene.conversations.models import Conversation, Statement
from convene.conversations.organising import accept_statement
from convene.conversations.tests.helpers import add_statement, make_participant
from testsupport.live import serve_asgi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server() -> Iterator[str]:
    with serve_asgi() as url:
        live.reset_throttle()
        try:
            yield url
        finally:
            live.reset_throttle()


@pytest.fixture
def conversation() -> Conversation:
    conversation = Conversation.objects.create(
        question="Should the market move to Saturdays?", slug="market"
    )
    Statement.objects.create(
        conversation=conversation,
        text="Saturdays suit working families",
        status=Statement.Status.ACCEPTED,
        is_seed=True,
    )
    return conversation


def test_a_vote_in_one_browser_appears_on_the_live_wall_of_another(
    browser: Any, asgi_server: str, conversation: Conversation
) -> None:
    # given: the projector shows the wall, its socket open
    wall_context = browser.new_context()
    voter_context = browser.new_context()
    try:
        wall = wall_context.new_page()
        wall.set_default_timeout(10_000)
        wall.goto(asgi_server + reverse("conversations:wall", args=["market"]))
        wall.wait_for_selector("[data-live-socket][data-live-state=open]")
        wall.evaluate("window.loadedOnce = true")
        assert wall.inner_text('[data-total="votes"]') == "0"

        # when: someone on a phone agrees with the statement
        voter = voter_context.new_page()
        voter.set_default_timeout(10_000)
        voter.goto(asgi_server + reverse("conversations:vote", args=["market"]))
        assert "Saturdays suit working families" in voter.content()
        started = time.monotonic()
        voter.get_by_role("button", name="Agree", exact=True).click()

        # then: the wall's totals change by push, within a second or so, without a reload
        # (a function, not an expression: Playwright would eval one, which the site's policy
        # refuses)
        wall.wait_for_function(
            "() => document.querySelector('[data-total=\"votes\"]').textContent.trim() === '1'",
            timeout=5_000,
        )
        latency = time.monotonic() - started
        assert wall.evaluate("window.loadedOnce") is True, "the wall reloaded"
        assert wall.inner_text('[data-total="participants"]') == "1"
        assert latency < 3, f"the wall took {latency:.2f}s to show the vote"
    finally:
        voter_context.close()
        wall_context.close()


def test_a_new_statement_appears_on_the_participant_page_without_reloading(
    page: Any, asgi_server: str, conversation: Conversation
) -> None:
    page.goto(asgi_server + reverse("conversations:vote", args=["market"]))
    page.wait_for_selector("[data-live-socket][data-live-state=open]")
    page.evaluate("window.loadedOnce = true")

    # Someone else adds a statement, and a moderator accepts it: it is up for the room.
    accept_statement(
        add_statement(make_participant(conversation), "Keep one weekday market too")
    )

    page.wait_for_function(
        "() => document.getElementById('live-statements').textContent"
        ".includes('Keep one weekday market too')",
        timeout=5_000,
    )
    assert page.evaluate("window.loadedOnce") is True, "the page reloaded"


def test_a_phone_sees_the_conversation_close_and_its_buttons_go(
    page: Any, asgi_server: str, conversation: Conversation
) -> None:
    from convene.conversations.organising import set_conversation_open

    page.goto(asgi_server + reverse("conversations:vote", args=["market"]))
    page.wait_for_selector("[data-live-socket][data-live-state=open]")
    agree = page.get_by_role("button", name="Agree", exact=True)
    assert agree.is_visible()

    set_conversation_open(conversation, is_open=False)

    page.wait_for_selector("text=This conversation has closed", timeout=5_000)
    assert not agree.is_visible()  # nothing left that could only be refused
    assert not page.get_by_text("Add a statement of your own").is_visible()


def test_focus_on_a_vote_button_moves_to_the_note_when_the_conversation_closes(
    page: Any, asgi_server: str, conversation: Conversation
) -> None:
    from convene.conversations.organising import set_conversation_open

    page.goto(asgi_server + reverse("conversations:vote", args=["market"]))
    page.wait_for_selector("[data-live-socket][data-live-state=open]")
    page.get_by_role("button", name="Agree", exact=True).focus()

    set_conversation_open(conversation, is_open=False)

    # The button goes; someone using a keyboard or a screen reader is left on the note that
    # says why, not thrown back to the top of the page.
    page.wait_for_selector("text=This conversation has closed", timeout=5_000)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('[data-closed]')",
        timeout=2_000,
    )
    assert page.evaluate("document.activeElement.textContent").startswith(
        "This conversation has closed"
    )


def test_a_closed_page_sees_the_conversation_open_again(
    page: Any, asgi_server: str, conversation: Conversation
) -> None:
    from convene.conversations.organising import set_conversation_open

    set_conversation_open(conversation, is_open=False)
    page.goto(asgi_server + reverse("conversations:vote", args=["market"]))
    page.wait_for_selector("[data-live-socket][data-live-state=open]")
    closed = page.get_by_text("This conversation is closed: it takes no more votes.")
    assert closed.is_visible()

    set_conversation_open(conversation, is_open=True)

    page.wait_for_selector("text=This conversation is open again", timeout=5_000)
    assert not closed.is_visible()  # no note saying the opposite beside it
