import re

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.asserts import assertRedirects

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-password-42"


def test_password_reset_end_to_end(
    visitor: Client,
    member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    # given a member who asks for a reset
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("members:password-reset"), {"email": "MINA@example.org"}
        )
    assertRedirects(response, reverse("members:password-reset-done"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mina@example.org"]
    match = re.search(
        r"https?://[^/\s]+(/members/password-reset/\S+)", str(mailoutbox[0].body)
    )
    assert match

    # when they follow the link and choose a new password
    form_page = visitor.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = visitor.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    # then the new password works and the link is spent
    assertRedirects(response, reverse("members:password-reset-complete"))
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert visitor.login(username="mina@example.org", password=NEW_PASSWORD)
    visitor.logout()
    spent = visitor.get(match.group(1), follow=True)
    assert spent.status_code == 200
    assert "This link is not valid" in spent.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_email(
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("members:password-reset"), {"email": "nobody@example.org"}
        )

    assertRedirects(response, reverse("members:password-reset-done"))
    assert mailoutbox == []
