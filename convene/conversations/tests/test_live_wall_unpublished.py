"""An unpublished conversation's wall socket follows the wall page's rule: staff rehearsing
it before the session, and its moderators, get live updates; visitors are refused."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from convene.conversations import live
from convene.conversations.models import Conversation, Statement
from convene.conversations.tests.helpers import make_conversation
from convene.members.models import Role
from testsupport.live import WebsocketCommunicator, run

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads in a thread


@pytest.fixture(autouse=True)
def no_leftover_pushes() -> None:
    live.reset_throttle()


@pytest.fixture
def rehearsal() -> Conversation:
    return make_conversation(slug="rehearsal", is_published=False)


def _wall_socket(client: Client | None) -> WebsocketCommunicator:
    headers = []
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())]
    return WebsocketCommunicator("/ws/conversations/rehearsal/", headers=headers)


def _client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_rehearsing_the_wall_get_its_updates(
    organiser_client: Client, rehearsal: Conversation
) -> None:
    assert organiser_client.get("/conversations/rehearsal/wall/").status_code == 200

    async def scenario() -> dict[str, Any]:
        socket = _wall_socket(organiser_client)
        assert await socket.connect()
        try:
            await sync_to_async(Statement.objects.create)(
                conversation=rehearsal,
                text="Try the microphone first",
                status=Statement.Status.ACCEPTED,
            )
            await sync_to_async(live.publish_conversation_changed)(
                rehearsal.pk, what="statement"
            )
            # A push already on its way when the socket joined may arrive first.
            for _ in range(3):
                message: dict[str, Any] = await socket.receive_json_from(timeout=5)
                if "Try the microphone" in str(message["fragments"]):
                    break
            return message
        finally:
            await socket.disconnect()

    message = run(scenario())

    assert "Try the microphone first" in message["fragments"][live.WALL_STATEMENTS]


def test_its_moderator_and_staff_with_permission_may_follow_it(
    rehearsal: Conversation,
) -> None:
    moderator = User.objects.create_user("mod@example.org", "mod@example.org", "pw")
    Role.objects.create(
        user=moderator,
        email=moderator.email,
        kind=Role.Kind.MODERATOR,
        conversation=rehearsal,
    )
    editor = User.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_conversation"))

    async def connects(client: Client) -> bool:
        socket = _wall_socket(client)
        connected = await socket.connect()
        if connected:
            await socket.disconnect()
        return connected

    for user in (moderator, editor):
        client = _client_of(user)
        assert client.get("/conversations/rehearsal/wall/").status_code == 200
        assert run(connects(client)) is True


def test_visitors_members_and_staff_without_permission_are_refused(
    rehearsal: Conversation,
) -> None:
    member = User.objects.create_user("mo", "mo@example.org", "pw")
    bare_staff = User.objects.create_user("st", "st@example.org", "pw", is_staff=True)

    async def connects(client: Client | None) -> bool:
        socket = _wall_socket(client)
        connected = await socket.connect()
        if connected:
            await socket.disconnect()
        return connected

    assert run(connects(None)) is False
    for user in (member, bare_staff):
        client = _client_of(user)
        assert client.get("/conversations/rehearsal/wall/").status_code == 404
        assert run(connects(client)) is False
