"""A moderator of one conversation works its queue and nothing else; its event's organiser
gives that role from the conversation's own page and may also open and close it."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.conversations.models import Conversation, Statement
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_event,
    make_participant,
)
from convene.members.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours() -> Conversation:
    return make_conversation(
        slug="ours", moderation="pre", event=make_event(), is_published=False
    )


@pytest.fixture
def theirs() -> Conversation:
    return make_conversation(
        slug="theirs", question="Another question?", moderation="pre"
    )


def _client_with(kind: str, **scope: object) -> Client:
    user = User.objects.create_user(f"{kind}@example.org", f"{kind}@example.org", "pw")
    Role.objects.create(user=user, email=user.email, kind=kind, **scope)
    client = Client()
    client.force_login(user)
    return client


def test_a_moderator_works_their_queue_only(
    ours: Conversation, theirs: Conversation
) -> None:
    moderator = _client_with(Role.Kind.MODERATOR, conversation=ours)
    waiting = add_statement(make_participant(ours), "Buses after ten at night")
    elsewhere = add_statement(make_participant(theirs), "Longer library hours")

    queue = moderator.get(reverse("conversations:moderate", args=["ours"]))
    accepted = moderator.post(
        reverse("conversations:moderate-accept", args=["ours", waiting.pk])
    )
    other_queue = moderator.get(reverse("conversations:moderate", args=["theirs"]))
    other_accept = moderator.post(
        reverse("conversations:moderate-accept", args=["theirs", elsewhere.pk])
    )

    assert queue.status_code == 200
    assert "Buses after ten at night" in queue.content.decode()
    assert accepted.status_code == 302
    assert other_queue.status_code == 403
    assert other_accept.status_code == 403
    waiting.refresh_from_db()
    elsewhere.refresh_from_db()
    assert waiting.status == Statement.Status.ACCEPTED
    assert elsewhere.status == Statement.Status.PENDING


def test_a_moderator_may_not_close_it_nor_export_it(ours: Conversation) -> None:
    moderator = _client_with(Role.Kind.MODERATOR, conversation=ours)

    closing = moderator.post(
        reverse("conversations:open-or-close", args=["ours"]), {"is_open": "0"}
    )
    export = moderator.get(reverse("conversations:export-polis", args=["ours"]))
    team = moderator.get(reverse("conversations:team", args=["ours"]))

    assert (closing.status_code, export.status_code, team.status_code) == (403,) * 3
    ours.refresh_from_db()
    assert ours.is_open


def test_a_moderator_of_every_conversation_moderates_each(
    ours: Conversation, theirs: Conversation
) -> None:
    moderator = _client_with(Role.Kind.MODERATOR)

    for slug in ("ours", "theirs"):
        page = moderator.get(reverse("conversations:moderate", args=[slug]))
        assert page.status_code == 200


def test_the_events_organiser_gives_the_role_and_closes_the_conversation(
    ours: Conversation,
    theirs: Conversation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    assert ours.event is not None
    organiser = _client_with(Role.Kind.ORGANISER, event=ours.event)

    with django_capture_on_commit_callbacks(execute=True):
        given = organiser.post(
            reverse("conversations:team", args=["ours"]),
            {"email": "mo@example.org", "kind": "moderator"},
        )
    closing = organiser.post(
        reverse("conversations:open-or-close", args=["ours"]), {"is_open": "0"}
    )
    not_theirs = organiser.get(reverse("conversations:team", args=["theirs"]))

    assert given.status_code == 302
    role = Role.objects.get(email="mo@example.org")
    assert (role.kind, role.conversation) == (Role.Kind.MODERATOR, ours)
    assert "/members/invitation/" in mail.outbox[-1].body
    assert closing.status_code == 302
    ours.refresh_from_db()
    assert not ours.is_open
    assert not_theirs.status_code == 403


def test_a_facilitator_can_see_their_unpublished_event_and_its_conversation(
    ours: Conversation,
) -> None:
    assert ours.event is not None
    ours.event.is_published = False
    ours.event.save(update_fields=["is_published"])
    facilitator = _client_with(Role.Kind.FACILITATOR, event=ours.event)
    slug = ours.event.slug

    assert facilitator.get(reverse("events:detail", args=[slug])).status_code == 200
    assert (
        facilitator.get(reverse("conversations:detail", args=["ours"])).status_code
        == 200
    )
    assert (
        facilitator.get(reverse("conversations:wall", args=["ours"])).status_code == 200
    )
    # The door and the moderation queue are other people's jobs.
    assert facilitator.get(reverse("events:check-in", args=[slug])).status_code == 403
    assert (
        facilitator.get(reverse("conversations:moderate", args=["ours"])).status_code
        == 403
    )
    assert Client().get(reverse("events:detail", args=[slug])).status_code == 404
