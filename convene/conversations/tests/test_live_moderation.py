"""The moderate page's socket: staff only; new statements tell every moderator how many wait."""

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

from convene.conversations import live
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
)
from testsupport.live import WebsocketCommunicator, run

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads in a thread


@pytest.fixture(autouse=True)
def no_leftover_pushes() -> None:
    live.reset_throttle()


def _socket(client: Client | None, slug: str) -> WebsocketCommunicator:
    headers = []
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())]
    return WebsocketCommunicator(
        f"/ws/conversations/{slug}/moderation/", headers=headers
    )


def test_a_new_statement_tells_the_moderators_how_many_wait(
    organiser_client: Client,
) -> None:
    conversation = make_conversation(moderation="pre")
    author = make_participant(conversation)

    async def scenario() -> dict[str, str]:
        socket = _socket(organiser_client, conversation.slug)
        assert await socket.connect()
        try:
            await sync_to_async(add_statement)(author, "Parks need toilets that open.")
            message = await socket.receive_json_from(timeout=5)
            fragments: dict[str, str] = message["fragments"]
            return fragments
        finally:
            await socket.disconnect()

    fragments = run(scenario())

    assert list(fragments) == [live.MODERATION_WAITING]
    assert "Waiting for a decision now: 1." in fragments[live.MODERATION_WAITING]


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_only_staff_may_listen(
    who: str, visitor: Client, member_client: Client
) -> None:
    conversation = make_conversation(moderation="pre")
    client = None if who == "visitor" else member_client

    async def scenario() -> bool:
        socket = _socket(client, conversation.slug)
        connected = await socket.connect()
        if connected:
            await socket.disconnect()
        return bool(connected)

    assert run(scenario()) is False


def test_another_moderators_decision_updates_the_count(
    organiser_client: Client,
) -> None:
    from convene.conversations.organising import accept_statement

    conversation = make_conversation(moderation="pre")
    waiting = add_statement(make_participant(conversation), "Parks need toilets.")

    async def scenario() -> dict[str, str]:
        socket = _socket(organiser_client, conversation.slug)
        assert await socket.connect()
        try:
            await sync_to_async(accept_statement)(waiting)
            message = await socket.receive_json_from(timeout=5)
            fragments: dict[str, str] = message["fragments"]
            return fragments
        finally:
            await socket.disconnect()

    assert "Nothing is waiting now." in run(scenario())[live.MODERATION_WAITING]
