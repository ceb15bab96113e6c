"""The forms that send email to a typed-in address: join, resend verification, reset password.

Each address may be sent only a few emails an hour, and each client may ask only so often,
so the site can't be made to flood someone's inbox. Every test runs at a fixed time, a
quarter past the hour, so the window and the wait shown are known.
"""

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.members.models import Member
from convene.members.tests.helpers import make_member
from convene.members.tests.test_join import join_data

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

    Post = Callable[[Client, str, dict[str, object]], Response]

pytestmark = pytest.mark.django_db

QUARTER_PAST = datetime(2030, 3, 4, 10, 15, tzinfo=UTC)
WAIT = "Please wait a little before asking again"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(QUARTER_PAST, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sent(mailoutbox: list[EmailMessage]) -> list[EmailMessage]:
    return mailoutbox


@pytest.fixture
def post(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> "Post":
    """Post a form and send the email it queued once the request's transaction commits."""

    def posting(client: Client, url: str, data: dict[str, object]) -> "Response":
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return posting


def _reset(post: "Post", client: Client, email: str) -> "Response":
    return post(client, reverse("members:password-reset"), {"email": email})


def _resend(post: "Post", client: Client, email: str) -> "Response":
    return post(client, reverse("members:resend-verification"), {"email": email})


def _join(post: "Post", client: Client, **data: object) -> "Response":
    return post(client, reverse("members:join"), join_data(**data))


def test_fourth_password_reset_in_an_hour_is_refused_politely(
    visitor: Client,
    member: User,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    for _ in range(3):
        assert _reset(post, visitor, "mina@example.org").status_code == 302
    assert len(sent) == 3

    response = _reset(post, visitor, "Mina@Example.org")

    assert response.status_code == 429
    assert response["Retry-After"] == str(45 * 60)
    page = response.content.decode()
    assert WAIT in page
    assert "Please try again in 45 minutes." in page
    assert 'value="Mina@Example.org"' in page
    assert len(sent) == 3


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_refusal_looks_the_same_whether_or_not_the_address_has_an_account(
    visitor: Client,
    member: User,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    for _ in range(3):
        _reset(post, visitor, "mina@example.org")
        _reset(post, visitor, "nobody@example.org")

    known = _reset(post, visitor, "mina@example.org")
    unknown = _reset(post, visitor, "nobody@example.org")

    assert known.status_code == unknown.status_code == 429
    assert _without_token(known.content.decode()) == _without_token(
        unknown.content.decode()
    ).replace("nobody@example.org", "mina@example.org")
    assert [message.to for message in sent] == [["mina@example.org"]] * 3


def test_other_addresses_can_still_reset_their_password(
    visitor: Client,
    member: User,
    other_member: User,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    for _ in range(4):
        _reset(post, visitor, "mina@example.org")

    response = _reset(post, visitor, "office@riverside-trust.example")

    assert response.status_code == 302
    assert sent[-1].to == ["office@riverside-trust.example"]


def test_the_limit_lifts_when_the_hour_is_over(
    visitor: Client,
    member: User,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    for _ in range(3):
        _reset(post, visitor, "mina@example.org")
    clock.move_to(QUARTER_PAST + timedelta(minutes=44))
    assert _reset(post, visitor, "mina@example.org").status_code == 429

    clock.move_to(QUARTER_PAST + timedelta(minutes=45))
    response = _reset(post, visitor, "mina@example.org")

    assert response.status_code == 302
    assert len(sent) == 4


def test_resending_the_verification_email_is_limited_per_address(
    visitor: Client,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    make_member(email="new@example.org", verified=False)  # the first of three emails
    for _ in range(2):
        assert _resend(post, visitor, "new@example.org").status_code == 302
    assert len(sent) == 2

    response = _resend(post, visitor, "new@example.org")

    assert response.status_code == 429
    assert WAIT in response.content.decode()
    assert len(sent) == 2


def test_the_three_forms_share_one_allowance_per_address(
    visitor: Client,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    assert _join(post, visitor, email="sam@example.org").status_code == 302
    assert _resend(post, visitor, "sam@example.org").status_code == 302
    assert _reset(post, visitor, "sam@example.org").status_code == 302

    assert _resend(post, visitor, "sam@example.org").status_code == 429
    assert _reset(post, visitor, "sam@example.org").status_code == 429
    # joining again sends an email too, so it counts against the same allowance
    assert _join(post, visitor, email="sam@example.org").status_code == 429
    assert len(sent) == 3


def test_one_client_may_ask_for_only_so_many_addresses(
    visitor: Client,
    settings: Any,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    settings.EMAILS_PER_IP_PER_HOUR = 5
    for n in range(5):
        assert _reset(post, visitor, f"person{n}@example.org").status_code == 302

    refused = _resend(post, visitor, "person5@example.org")
    elsewhere = _reset(post, Client(REMOTE_ADDR="203.0.113.9"), "person5@example.org")

    assert refused.status_code == 429
    assert WAIT in refused.content.decode()
    assert elsewhere.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
    settings: Any, clock: time_machine.Traveller, post: "Post"
) -> None:
    settings.EMAILS_PER_IP_PER_HOUR = 2
    responses = [
        _reset(
            post, Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), f"p{n}@example.org"
        )
        for n in range(3)
    ]

    assert [response.status_code for response in responses] == [302, 302, 429]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_allowance(
    settings: Any, clock: time_machine.Traveller, post: "Post"
) -> None:
    settings.EMAILS_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(visitor_ip: str) -> Client:
        # What the visitor wrote in the header is kept; the proxy appends what it saw.
        return Client(
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"203.0.113.1, {visitor_ip}"
        )

    first = [
        _reset(post, via_proxy("198.51.100.7"), f"a{n}@example.org") for n in range(3)
    ]
    second = _reset(post, via_proxy("198.51.100.8"), "b@example.org")

    assert [response.status_code for response in first] == [302, 302, 429]
    assert second.status_code == 302


def test_join_is_refused_past_the_limit_and_keeps_what_was_typed(
    visitor: Client,
    settings: Any,
    clock: time_machine.Traveller,
    post: "Post",
    sent: list[EmailMessage],
) -> None:
    settings.EMAILS_PER_IP_PER_HOUR = 1
    weak = _join(post, visitor, email="a@example.org", password="1234")
    assert weak.status_code == 400  # a refused password uses up nothing
    assert _join(post, visitor, email="a@example.org").status_code == 302

    response = _join(post, visitor, email="b@example.org", name="Bea Second")

    assert response.status_code == 429
    page = response.content.decode()
    assert WAIT in page
    assert 'value="Bea Second"' in page
    assert not Member.objects.filter(user__email="b@example.org").exists()
    assert [message.to for message in sent] == [["a@example.org"]]
