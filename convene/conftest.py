"""Shared fixtures: the named personas every test speaks of, and the browser.

Personas (each says what it may do):
- `organiser`: staff of the organisation; runs events, writes posts, uses the admin.
- `member`, `other_member`: people who joined (see members' fixtures below).
- `visitor`: anyone on the web, not logged in.
"""

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

CHROMIUM = "/usr/bin/chromium"


def need_service(reason: str) -> None:
    """Skip on a machine without a service; under CI a missing service is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Tests of the at-scale set-up run when the suite runs at scale (.ci/run's second pass)."""
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return
    embedded = pytest.mark.skip(
        reason="at-scale test: runs with DATABASE_URL (PostgreSQL) and REDIS_URL set, as in .ci/run's second pass"
    )
    for item in items:
        if "at_scale" in item.keywords:
            item.add_marker(embedded)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: with REDIS_URL set the cache outlives a test."""
    from django.core.cache import cache

    yield
    with contextlib.suppress(
        Exception
    ):  # a test without Redis reachable has nothing to clear
        cache.clear()


@pytest.fixture
def organiser(db: None) -> User:
    """Staff: may edit everything, see drafts, check people in and download attendee lists."""
    return User.objects.create_user(
        "organiser",
        "organiser@example.org",
        "a-long-organiser-password",
        is_staff=True,
        is_superuser=True,
        first_name="Olu",
    )


@pytest.fixture
def organiser_client(organiser: User) -> Client:
    client = Client()
    client.force_login(organiser)
    return client


@pytest.fixture
def visitor() -> Client:
    """Anyone on the web: may read public pages, join, and register for events."""
    return Client()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, driven by Playwright (its own browser download cannot work here)."""
    if not shutil.which(CHROMIUM):
        need_service(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's async-safety check would refuse the
    # test database calls that follow in the same thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Members' personas, built through the join and verify services.


@pytest.fixture
def member(db: None) -> User:
    """A verified individual in the North West who shows their email but not their phone.

    May log in, edit their profile, browse the member directory, download their data and
    leave; may not use the admin.
    """
    from convene.members.tests.helpers import make_member, make_theme

    made = make_member(
        email="mina@example.org",
        name="Mina Member",
        region="north-west",
        phone="07700 900 001",
        bio="Runs a lunch club in Wigan.",
        show_email=True,
        show_phone=False,
        themes=[make_theme("Health and wellbeing"), make_theme("Volunteering")],
    )
    return made.user


@pytest.fixture
def other_member(db: None) -> User:
    """A verified organisation in the North East that shows its phone but not its email.

    May do what `member` may; its entry tests what the directory hides.
    """
    from convene.members.tests.helpers import make_member, make_theme

    made = make_member(
        email="office@riverside-trust.example",
        kind="organisation",
        name="Riverside Trust",
        contact_name="Rob Rivers",
        region="north-east",
        phone="0191 555 0999",
        website="https://riverside-trust.example",
        show_email=False,
        show_phone=True,
        themes=[make_theme("Climate and nature")],
    )
    return made.user


@pytest.fixture
def member_client(member: User) -> Client:
    """A browser logged in as `member`."""
    client = Client()
    client.force_login(member)
    return client
