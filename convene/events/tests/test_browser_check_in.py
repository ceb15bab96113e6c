from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from convene.events.tests.helpers import make_event_today


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_registers_and_organiser_checks_them_in_at_the_door(
    page: Any, live_server: Any, organiser_client: Client
) -> None:
    # given: an event open for registration
    event = make_event_today(title="Community Voices: Sheffield")

    # when: a visitor registers through the form
    page.goto(f"{live_server.url}/events/{event.slug}/register/")
    page.get_by_label("Name").fill("Aisha Ahmed")
    page.get_by_label("Email").fill("aisha@example.org")
    page.get_by_role("button", name="Register").click()
    code = page.locator("[data-code]").inner_text().strip()
    assert len(code) == 6
    assert page.locator(".qr-code svg").count() == 1

    # and the organiser, logged in, types the code at the door
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
    page.goto(f"{live_server.url}/events/{event.slug}/check-in/")
    page.get_by_label("Check-in code").fill(code.lower())
    page.get_by_role("button", name="Check in").click()

    # then it is accepted, and a second go is refused
    assert page.get_by_text("Checked in: Aisha Ahmed").is_visible()
    page.get_by_label("Check-in code").fill(code)
    page.get_by_role("button", name="Check in").click()
    assert page.get_by_text("already checked in").first.is_visible()
