"""Every page state the demo can show passes axe-core's WCAG 2.2 AA checks, for everyone.

The demo content is loaded, then each persona (a visitor, an anonymous participant who
has voted, a member, staff) walks its states in `axe_states.py` in Chromium, one context
each, and axe-core runs on every state with the WCAG 2.0, 2.1 and 2.2 A and AA tags.
The contexts bypass the Content-Security-Policy so axe's script can be injected.
"""

import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Error as PlaywrightError

from convene.conftest import need_service
from convene.core.demo import DEMO_STAFF_EMAIL, load_demo
from convene.core.tests.sweeps.axe_states import (
    ANONYMOUS_PARTICIPANT,
    MEMBER,
    STAFF,
    VISITOR,
    State,
)
from convene.core.tests.sweeps.browsing import persona_context, submit
from convene.members.models import Member
from testsupport import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reach(page: Any, url: str, state: State) -> int:
    """Open the state's page and do what it says; the status of the page reached."""
    response = page.goto(url)
    if state.send is not None:
        response = submit(page, state.send)
    elif state.swapped:
        page.get_by_role("button", name=state.press).first.click()
        page.locator(state.swapped).wait_for()
    elif state.press:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=state.press).first.click()
        response = navigation.value
    return int(response.status) if response is not None else 0


def test_every_page_state_passes_axe(browser: Any, live_server: Any) -> None:
    if not axe.AXE_SCRIPT.exists():
        need_service(
            f"the accessibility sweep needs axe-core at {axe.AXE_SCRIPT} (make axe)"
        )
    # given the demo, and a member of it
    started = time.monotonic()
    load_demo()
    member = Member.objects.in_directory().first()
    assert member is not None
    staff = User.objects.get(username=DEMO_STAFF_EMAIL)
    personas = [
        ("visitor", None, VISITOR),
        ("anonymous participant", None, ANONYMOUS_PARTICIPANT),
        ("member", member.user, MEMBER),
        ("staff", staff, STAFF),
    ]
    problems: list[str] = []
    broken: list[str] = []
    checked = 0

    # when each persona walks its page states, and axe checks each
    for persona, user, states in personas:
        with persona_context(browser, live_server.url, user) as context:
            page = context.new_page()
            for state in states:
                path = state.url()
                name = f"{persona} / {state.name} ({path})"
                try:
                    status = reach(page, live_server.url + path, state)
                except PlaywrightError as error:
                    broken.append(f"{name}: {error.message.splitlines()[0]}")
                    continue
                if status >= 500 or (status == 404 and not state.missing):
                    broken.append(f"{name}: {status}")
                    continue
                problems.extend(axe.describe(name, axe.violations(page)))
                checked += 1

    # then none breaks a rule
    assert not broken, "page states the sweep could not reach:\n" + "\n".join(broken)
    assert not problems, f"{len(problems)} WCAG 2.2 AA violations:\n" + "\n".join(
        problems
    )
    print(  # noqa: T201 (the sweep's figures, shown with -s)
        f"Accessibility sweep: {checked} page states, 4 personas, "
        f"{time.monotonic() - started:.0f} s"
    )
