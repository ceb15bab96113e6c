"""Moderators hear of waiting statements by email: when enough pile up, or one has waited
too long, at most once per interval each, and not at all once they turn it off."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
)
from convene.members.models import Role
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def alert_settings(settings: Any) -> None:
    settings.MODERATION_ALERT_COUNT = 3
    settings.MODERATION_ALERT_AFTER = 15 * 60
    settings.MODERATION_ALERT_INTERVAL = 60 * 60


@pytest.fixture
def conversation() -> Conversation:
    return make_conversation(moderation="pre")


@pytest.fixture
def moderator(conversation: Conversation) -> User:
    user = User.objects.create_user("mo@example.org", "mo@example.org", "pw-mo")
    Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.MODERATOR, conversation=conversation
    )
    return user


def _statements(
    conversation: Conversation,
    n: int,
    capture: DjangoCaptureOnCommitCallbacks,
) -> None:
    for i in range(n):
        with capture(execute=True):
            add_statement(make_participant(conversation), f"Waiting statement {i}")


def _run_the_command() -> str:
    out = StringIO()
    call_command("alert_moderators", stdout=out)
    return out.getvalue()


def _alerts_to(address: str) -> list[str]:
    return [str(m.subject) for m in mail.outbox if m.to == [address]]


def test_a_pile_of_waiting_statements_emails_the_moderator_once(
    conversation: Conversation,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _statements(conversation, 2, django_capture_on_commit_callbacks)
    assert _alerts_to("mo@example.org") == []

    _statements(conversation, 2, django_capture_on_commit_callbacks)

    assert _alerts_to("mo@example.org") == [
        "3 statements waiting for moderation on Convene"
    ]
    body = str(mail.outbox[-1].body)
    assert conversation.question in body
    assert reverse("conversations:moderate", args=[conversation.slug]) in body


def test_a_statement_that_waits_too_long_is_caught_by_the_command_once_per_interval(
    conversation: Conversation,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _statements(conversation, 1, django_capture_on_commit_callbacks)
    assert _alerts_to("mo@example.org") == []

    with (
        time_machine.travel(start + timedelta(minutes=16), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _run_the_command()
    assert len(_alerts_to("mo@example.org")) == 1

    with (
        time_machine.travel(start + timedelta(minutes=50), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _statements(conversation, 3, django_capture_on_commit_callbacks)
        _run_the_command()
    assert len(_alerts_to("mo@example.org")) == 1, "once per interval"

    with (
        time_machine.travel(start + timedelta(minutes=77), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _run_the_command()
    assert len(_alerts_to("mo@example.org")) == 2


def test_a_moderator_who_turned_alerts_off_hears_nothing(
    conversation: Conversation,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    member = make_member(email="mia@example.org").user
    role = Role.objects.create(
        user=member,
        email=member.email,
        kind=Role.Kind.MODERATOR,
        conversation=conversation,
    )
    client = Client()
    client.force_login(member)
    account = client.get(reverse("members:account"))
    # The box is unticked: the form sends no alerts_on.
    response = client.post(reverse("members:role-alerts", args=[role.pk]), {})

    _statements(conversation, 4, django_capture_on_commit_callbacks)

    assert "Email me when statements wait" in account.content.decode()
    assert response.status_code == 302
    role.refresh_from_db()
    assert not role.alerts_on
    assert _alerts_to("mia@example.org") == []
    assert len(_alerts_to("mo@example.org")) == 1, "the other moderator still hears"


def test_moderators_of_other_conversations_are_not_told(
    conversation: Conversation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    other = make_conversation(slug="other", question="Another question?")
    user = User.objects.create_user("al@example.org", "al@example.org", "pw-al")
    Role.objects.create(
        user=user, email=user.email, kind=Role.Kind.MODERATOR, conversation=other
    )

    _statements(conversation, 4, django_capture_on_commit_callbacks)

    assert _alerts_to("al@example.org") == []


def test_nobody_turns_off_someone_elses_alerts(
    moderator: User, member_client: Client
) -> None:
    role = Role.objects.get(user=moderator)

    response = member_client.post(reverse("members:role-alerts", args=[role.pk]), {})

    assert response.status_code == 404
    role.refresh_from_db()
    assert role.alerts_on
