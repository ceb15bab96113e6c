"""The statement box and the staff's QR code, as a browser lays them out."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from convene.conversations.tests.helpers import make_conversation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statement_box_counts_down_and_a_long_paste_is_kept_whole(
    page: Any, live_server: Any
) -> None:
    conversation = make_conversation()
    page.goto(f"{live_server.url}/conversations/{conversation.slug}/add/")
    box = page.get_by_label("Your statement")

    page.get_by_text("280 characters left").wait_for()
    box.fill("Buses  after ten at night")
    assert page.get_by_text("256 characters left").is_visible()
    box.fill("x" * 300)
    assert page.get_by_text("20 characters too many").is_visible()
    assert len(box.input_value()) == 300

    page.get_by_role("button", name="Add statement").click()

    assert page.get_by_text(
        "Keep it to 280 characters (this has 300)."
    ).first.is_visible()
    assert len(page.get_by_label("Your statement").input_value()) == 300


def test_the_qr_code_on_the_conversation_page_fits_beside_the_text(
    page: Any, live_server: Any, organiser_client: Client
) -> None:
    conversation = make_conversation()
    session = organiser_client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(f"{live_server.url}/conversations/{conversation.slug}/")

    box = page.locator(".conversation-qr svg").bounding_box()
    assert box is not None
    assert 100 < box["width"] <= 14 * 16
