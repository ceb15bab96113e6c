"""A facilitator on a small phone or a laptop enters someone's views with the keyboard alone."""

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from convene.conversations.models import TablePerson, Vote
from convene.events.tables import add_person
from convene.events.tests.tables_helpers import make_table_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}


def _log_in(page: Any, client: Client, url: str) -> None:
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}]
    )


def test_twenty_votes_from_the_keyboard_alone_take_under_a_minute(
    page: Any, live_server: Any, organiser: User
) -> None:
    # given: a table's conversation of twenty statements and someone without a phone
    scene = make_table_scene(organiser, statements=20)
    person = add_person(scene.table, label="JB", consents=True, by=scene.facilitator)
    _log_in(page, scene.client_for(scene.facilitator), live_server.url)
    page.goto(live_server.url + scene.url("table-entry", person.pk))
    keys = ["a", "d", "p", "1", "2", "3"]

    # when: the facilitator presses a key per statement, never touching the mouse
    started = time.monotonic()
    for n in range(20):
        shown = page.locator("[data-statement-id]").get_attribute("data-statement-id")
        page.keyboard.press(keys[n % len(keys)])
        if n < 19:
            page.wait_for_function(
                f"() => document.querySelector('[data-statement-id]')?.dataset.statementId !== '{shown}'"
            )
    page.locator("[data-entry-done]").wait_for()
    took = time.monotonic() - started

    # then: twenty votes are that person's, entered by the facilitator, well inside a minute
    print(f"\n20 votes entered from the keyboard in {took:.1f} s")  # noqa: T201 (shown with -s)
    votes = Vote.objects.filter(participant__external_ref=f"table-person-{person.pk}")
    assert votes.count() == 20
    assert set(votes.values_list("channel", flat=True)) == {"facilitator"}
    assert set(votes.values_list("entered_by", flat=True)) == {scene.facilitator.pk}
    assert (
        sorted(votes.values_list("choice", flat=True)) == [-1] * 7 + [0] * 6 + [1] * 7
    )
    assert took < 60


def test_the_table_page_fits_a_small_phone_and_the_notes_survive_a_dropped_connection(
    page: Any, live_server: Any, organiser: User
) -> None:
    scene = make_table_scene(organiser)
    add_person(scene.table, label="", consents=True, by=scene.facilitator)
    page.set_viewport_size(SMALL_PHONE)
    _log_in(page, scene.client_for(scene.facilitator), live_server.url)
    table_url = live_server.url + scene.url("table")
    page.goto(table_url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("a.big-link").first.click()  # the entry view fits too
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(table_url)

    # when: the network drops while the facilitator types
    page.context.set_offline(True)
    page.get_by_label("Notes").fill("Buses stop at six; the table wants later ones.")
    page.get_by_text("No connection").wait_for()
    # and the phone comes back online and the page is opened again
    page.context.set_offline(False)
    page.goto(table_url)

    # then: the kept text is sent and saved
    page.get_by_text("Saved at").wait_for()
    notes = scene.table.notes.first()
    assert notes is not None
    assert notes.text == "Buses stop at six; the table wants later ones."
    assert TablePerson.objects.count() == 1
