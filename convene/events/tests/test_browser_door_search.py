"""A volunteer at the door on a small phone: find someone as you type, check them in."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event_today, make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The narrowest phone the door pages are made for.
SMALL_PHONE = {"width": 320, "height": 640}


def _log_in(page: Any, client: Client, url: str) -> None:
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}]
    )


def _fits_the_screen(page: Any) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    )


def test_typing_a_name_finds_them_and_one_tap_checks_them_in(
    page: Any, live_server: Any, organiser_client: Client, tmp_path: Path
) -> None:
    # given: a door volunteer on a small phone, and a hundred people registered
    event = make_event_today(title="Community Voices: Sheffield", capacity=None)
    for n in range(100):
        make_registration(event, name=f"Person {n:03}")
    siobhan = make_registration(
        event,
        name="Siobhán O'Brien-Featherstonehaugh",
        organisation="Sheffield and Rotherham Community Transport Partnership",
        access_needs="Step-free seat near the front",
    )
    page.set_viewport_size(SMALL_PHONE)
    _log_in(page, organiser_client, live_server.url)
    page.goto(live_server.url + reverse("events:door", args=[event.slug]))

    # when: they type part of a name, without pressing Search
    page.get_by_label("Find someone").press_sequentially("o'bri", delay=30)

    # then: the results appear by themselves, and the page address keeps the search
    person = page.locator(".door-person", has_text="Siobhán")
    person.wait_for()
    assert page.locator(".door-person").count() == 1
    assert "Step-free seat near the front" in person.inner_text()
    assert page.url.endswith("?q=o%27bri")
    assert _fits_the_screen(page)
    button = person.get_by_role("button", name="Check in Siobhán")
    assert button.bounding_box()["height"] >= 44  # a thumb-sized target
    page.screenshot(path=tmp_path / "door-search-320.png", full_page=True)

    # when: one tap on Check in
    button.click()

    # then: the page says so, the search is still there, and they show as arrived
    assert page.get_by_text(
        f"Checked in: Siobhán O'Brien-Featherstonehaugh ({siobhan.code})"
    ).is_visible()
    assert (
        page.locator(".door-person", has_text="Siobhán")
        .get_by_text("Already here")
        .is_visible()
    )
    siobhan.refresh_from_db()
    assert siobhan.status == Registration.Status.ATTENDED
    assert _fits_the_screen(page)
    page.screenshot(path=tmp_path / "door-checked-in-320.png", full_page=True)


def test_without_javascript_the_search_button_does_the_same(
    browser: Any, live_server: Any, organiser_client: Client, tmp_path: Path
) -> None:
    event: Event = make_event_today(title="Community Voices: Sheffield", capacity=1)
    make_registration(event, name="Aisha Ahmed")
    context = browser.new_context(java_script_enabled=False, viewport=SMALL_PHONE)
    try:
        page = context.new_page()
        _log_in(page, organiser_client, live_server.url)
        page.goto(live_server.url + reverse("events:door", args=[event.slug]))

        page.get_by_label("Find someone").fill("aisha")
        page.get_by_role("button", name="Search").click()

        assert page.locator(".door-person", has_text="Aisha Ahmed").is_visible()
        page.get_by_role("button", name="Check in Aisha Ahmed").click()
        assert page.get_by_text("Checked in: Aisha Ahmed").is_visible()

        # A walk-in at the full event: refused, then let in on purpose.
        page.get_by_role("link", name="Someone not on the list").click()
        assert page.get_by_text("The event is full: 1 of 1").is_visible()
        page.get_by_label("Name").fill("Dev Patel")
        page.get_by_role("button", name="Register and check in").click()
        assert page.get_by_text(
            "The event is full (1 of 1 places taken)."
        ).first.is_visible()
        page.screenshot(path=tmp_path / "walk-in-full-320.png", full_page=True)
        page.get_by_label("Let them in over capacity").check()
        page.get_by_role("button", name="Register and check in").click()
        assert page.get_by_text("Let in over capacity.").is_visible()
        assert _fits_the_screen(page)

        # The organisers' pages fit the same phone.
        for name in ["paper-arrivals", "phone-in"]:
            page.goto(live_server.url + reverse(f"events:{name}", args=[event.slug]))
            assert _fits_the_screen(page), name
            page.screenshot(path=tmp_path / f"{name}-320.png", full_page=True)
    finally:
        context.close()
