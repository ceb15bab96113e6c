from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.asserts import assertRedirects

from convene.members.models import Member
from convene.members.tests.helpers import make_member
from convene.members.tokens import verification_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified() -> Member:
    return make_member(email="new@example.org", name="New Member", verified=False)


def test_verification_link_confirms_the_address(
    visitor: Client, unverified: Member
) -> None:
    url = reverse("members:verify", args=[verification_token(unverified)])

    response = visitor.get(url, follow=True)

    assertRedirects(response, reverse("members:login"))
    assert "your email address is confirmed" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.is_verified


def test_expired_link_is_refused_and_changes_nothing(
    visitor: Client, unverified: Member
) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        token = verification_token(unverified)
    assert settings.VERIFY_EMAIL_MAX_AGE < 30 * 24 * 3600

    response = visitor.get(reverse("members:verify", args=[token]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "This verification link has expired." in page
    assert "Nothing has been changed." in page
    assert reverse("members:resend-verification") in page
    unverified.refresh_from_db()
    assert not unverified.is_verified


def test_tampered_link_is_refused_and_changes_nothing(
    visitor: Client, unverified: Member
) -> None:
    token = verification_token(unverified)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = visitor.get(reverse("members:verify", args=[tampered]))

    assert response.status_code == 400
    assert "This verification link is not valid" in response.content.decode()
    unverified.refresh_from_db()
    assert not unverified.is_verified


def test_resend_sends_a_fresh_link_to_an_unverified_member(
    visitor: Client,
    unverified: Member,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("members:resend-verification"), {"email": "NEW@example.org"}
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_resend_says_the_same_for_unknown_addresses_and_sends_nothing(
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("members:resend-verification"),
            {"email": "nobody@example.org"},
            follow=True,
        )

    assertRedirects(response, reverse("members:login"))
    assert "If an account with that address" in response.content.decode()
    assert mailoutbox == []
