"""Two volunteers at two doors: one checks someone in, the other's page shows it by itself."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.events.models import Event
from convene.events.tests.helpers import make_event_today, make_registration
from convene.members.models import Role
from testsupport.live import serve_asgi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server() -> Iterator[str]:
    with serve_asgi() as url:
        yield url


@pytest.fixture
def event() -> Event:
    return make_event_today(title="Community Voices: Sheffield", slug="sheffield")


def logged_in_context(browser: Any, client: Client, url: str) -> Any:
    context = browser.new_context()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}]
    )
    return context


def test_a_check_in_at_one_door_shows_on_the_other_door_without_reloading(
    browser: Any, asgi_server: str, organiser_client: Client, event: Event
) -> None:
    # given: two volunteers with the door page open on their phones
    aisha = make_registration(event, name="Aisha Ahmed")
    make_registration(event, name="Ben Brook")
    volunteer = User.objects.create_user("volunteer", "v@example.org")
    Role.objects.create(
        user=volunteer, email=volunteer.email, kind=Role.Kind.DOOR, event=event
    )
    volunteer_client = Client()
    volunteer_client.force_login(volunteer)
    door_url = asgi_server + reverse("events:check-in", args=[event.slug])
    first_context = logged_in_context(browser, organiser_client, asgi_server)
    second_context = logged_in_context(browser, volunteer_client, asgi_server)
    try:
        first = first_context.new_page()
        first.set_default_timeout(10_000)
        first.set_viewport_size({"width": 360, "height": 740})  # a phone
        first.goto(door_url)
        first.wait_for_selector("[data-live-socket][data-live-state=open]")
        first.evaluate("window.loadedOnce = true")
        counts = first.locator("#door-counts")
        assert counts.get_attribute("aria-live") == "polite"
        assert " ".join(counts.inner_text().split()) == "0 checked in of 2 with a place"
        form_top = first.get_by_label("Check-in code").bounding_box()["y"]

        # when: the other volunteer checks Aisha in
        second = second_context.new_page()
        second.set_default_timeout(10_000)
        second.goto(door_url)
        second.get_by_label("Check-in code").fill(aisha.code)
        started = time.monotonic()
        second.get_by_role("button", name="Check in").click()

        # then: the first door's count and list change by push, without a reload
        first.wait_for_function(
            "() => document.querySelector('#door-counts .big-number').textContent === '1'",
            timeout=5_000,
        )
        latency = time.monotonic() - started
        assert first.evaluate("window.loadedOnce") is True, "the door page reloaded"
        assert "Aisha Ahmed" in first.locator("#door-recent").inner_text()
        assert first.get_by_label("Check-in code").bounding_box()["y"] == form_top
        # From the other volunteer's click, so this includes their own request (about 0.3 s).
        assert latency < 1.5, f"the other door took {latency:.2f}s to show the check-in"
        second.get_by_text("Checked in: Aisha Ahmed").wait_for()
    finally:
        second_context.close()
        first_context.close()
