"""Password guessing on the log-in form.

Past 10 failed log-ins in a quarter of an hour for one address, or 50 from one client, the
form refuses every attempt for them without checking the password, until the quarter ends.
Every test runs at a fixed time, twenty past the hour, so the pause has 10 minutes left.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.members.tests.helpers import PASSWORD

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

TWENTY_PAST = datetime(2030, 3, 4, 10, 20, tzinfo=UTC)
PAUSED = (
    "Please try again in 10 minutes, or reset your password. Until then we cannot "
    "check any password, even the right one."
)
WRONG = "not-the-password"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TWENTY_PAST, tick=False) as traveller:
        yield traveller


def _log_in(client: Client, email: str, password: str) -> "Response":
    return client.post(
        reverse("members:login"), {"username": email, "password": password}
    )


def _fail(client: Client, email: str, times: int) -> None:
    for _ in range(times):
        assert _log_in(client, email, WRONG).status_code == 200


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_after_ten_failures_even_the_right_password_is_refused_politely(
    visitor: Client, member: User, clock: time_machine.Traveller
) -> None:
    _fail(visitor, "mina@example.org", 10)

    response = _log_in(visitor, "Mina@Example.org", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(10 * 60)
    page = response.content.decode()
    assert "Too many attempts to log in with this email address" in page
    assert PAUSED in page
    assert reverse("members:password-reset") in page
    assert 'value="Mina@Example.org"' in page  # what was typed is kept
    assert not _logged_in(visitor)


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_refusal_looks_the_same_whether_or_not_the_address_has_an_account(
    visitor: Client, member: User, clock: time_machine.Traveller
) -> None:
    _fail(visitor, "mina@example.org", 10)
    _fail(visitor, "nobody@example.org", 10)

    known = _log_in(visitor, "mina@example.org", PASSWORD)
    unknown = _log_in(visitor, "nobody@example.org", PASSWORD)

    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert _without_token(known.content.decode()) == _without_token(
        unknown.content.decode()
    ).replace("nobody@example.org", "mina@example.org")


def test_log_ins_that_succeed_do_not_count(
    visitor: Client, member: User, clock: time_machine.Traveller
) -> None:
    _fail(visitor, "mina@example.org", 9)
    for _ in range(5):
        assert _log_in(visitor, "mina@example.org", PASSWORD).status_code == 302
        assert visitor.post(reverse("members:logout")).status_code == 302

    _fail(visitor, "mina@example.org", 1)  # the tenth failure

    assert _log_in(visitor, "mina@example.org", PASSWORD).status_code == 429


def test_other_addresses_and_other_clients_are_not_held_up(
    visitor: Client,
    member: User,
    other_member: User,
    clock: time_machine.Traveller,
) -> None:
    _fail(visitor, "mina@example.org", 10)

    other_address = _log_in(visitor, "office@riverside-trust.example", PASSWORD)
    elsewhere = _log_in(Client(REMOTE_ADDR="203.0.113.9"), "mina@example.org", PASSWORD)

    assert other_address.status_code == 302
    assert elsewhere.status_code == 429  # the address is paused wherever it is tried


def test_the_pause_lifts_when_the_quarter_hour_ends(
    visitor: Client, member: User, clock: time_machine.Traveller
) -> None:
    _fail(visitor, "mina@example.org", 10)
    clock.move_to(TWENTY_PAST + timedelta(minutes=9, seconds=59))
    assert _log_in(visitor, "mina@example.org", PASSWORD).status_code == 429

    clock.move_to(TWENTY_PAST + timedelta(minutes=10))
    response = _log_in(visitor, "mina@example.org", PASSWORD)

    assert response.status_code == 302
    assert _logged_in(visitor)


def test_one_client_guessing_many_addresses_is_paused(
    visitor: Client,
    member: User,
    settings: Any,
    clock: time_machine.Traveller,
) -> None:
    settings.LOGIN_FAILURES_PER_IP = 5
    for n in range(5):
        _fail(visitor, f"person{n}@example.org", 1)

    refused = _log_in(visitor, "mina@example.org", PASSWORD)
    elsewhere = _log_in(Client(REMOTE_ADDR="203.0.113.9"), "mina@example.org", PASSWORD)

    assert refused.status_code == 429
    assert PAUSED in refused.content.decode()
    assert not _logged_in(visitor)
    assert elsewhere.status_code == 302


def test_setting_a_new_password_by_the_emailed_link_lifts_the_pause(
    visitor: Client,
    member: User,
    clock: time_machine.Traveller,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    # given an address paused by someone else's guesses
    _fail(Client(REMOTE_ADDR="198.51.100.66"), "mina@example.org", 10)
    assert _log_in(visitor, "mina@example.org", PASSWORD).status_code == 429

    # when its owner resets the password through the link we email
    with django_capture_on_commit_callbacks(execute=True):
        asked = visitor.post(
            reverse("members:password-reset"), {"email": "mina@example.org"}
        )
    assert asked.status_code == 302
    link = re.search(
        r"https?://[^/\s]+(/members/password-reset/\S+)", str(mailoutbox[0].body)
    )
    assert link
    form_page = visitor.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-password-42"
    chosen = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert chosen.status_code == 302

    # then they can log in at once
    response = _log_in(visitor, "mina@example.org", new_password)
    assert response.status_code == 302
    assert _logged_in(visitor)


def test_a_limit_of_zero_never_pauses(
    visitor: Client, member: User, settings: Any, clock: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURES_PER_ADDRESS = 0
    _fail(visitor, "mina@example.org", 12)

    assert _log_in(visitor, "mina@example.org", PASSWORD).status_code == 302


def test_the_admin_log_in_is_paused_alike(
    visitor: Client, organiser: User, clock: time_machine.Traveller
) -> None:
    login = reverse("admin:login")
    for _ in range(10):
        failed = visitor.post(login, {"username": "organiser", "password": WRONG})
        assert failed.status_code == 200

    response = visitor.post(
        login, {"username": "organiser", "password": "a-long-organiser-password"}
    )

    # Django's admin log-in view re-renders its form with 200, paused or not; the
    # message is what differs
    assert response.status_code == 200
    assert "Please try again in 10 minutes" in response.content.decode()
    assert not _logged_in(visitor)
