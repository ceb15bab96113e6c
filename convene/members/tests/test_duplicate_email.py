from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.members.models import Member
from convene.members.tests.test_join import join_data

pytestmark = pytest.mark.django_db


def test_joining_again_tells_the_member_by_email_and_the_form_tells_nobody(
    visitor: Client, member: User, django_capture_on_commit_callbacks: Any
) -> None:
    newcomer = visitor.post(
        reverse("members:join"), join_data(email="new@example.org", name="New Person")
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = visitor.post(
            reverse("members:join"),
            join_data(email="MINA@example.org", name="Someone Else"),
        )

    # The form answers as for a newcomer: it doesn't say who is a member.
    assert again.status_code == newcomer.status_code == 302
    assert again["Location"] == newcomer["Location"]
    page = visitor.get(again["Location"]).content.decode()
    assert "mina@example.org" in page
    assert "already" not in page
    # The member hears of it, with the way back in; nothing about them changed.
    [email] = mail.outbox
    assert email.to == ["mina@example.org"]
    assert "already a member" in email.subject
    assert reverse("members:password-reset") in email.body
    member.member.refresh_from_db()
    assert member.member.name == "Mina Member"
    assert Member.objects.filter(user__username="mina@example.org").count() == 1
    assert User.objects.filter(username__iexact="mina@example.org").count() == 1


def test_joining_again_before_confirming_sends_the_confirmation_link_again(
    visitor: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        joined = visitor.post(
            reverse("members:join"), join_data(email="sam@example.org")
        )
        again = visitor.post(
            reverse("members:join"), join_data(email="Sam@example.org")
        )

    # the same answer both times: only the address's owner learns it had joined before
    assert joined.status_code == again.status_code == 302
    assert joined["Location"] == again["Location"] == reverse("members:joined")
    first, second = mail.outbox
    assert first.subject == second.subject
    assert "/members/verify/" in second.body
    assert Member.objects.filter(user__username="sam@example.org").count() == 1
