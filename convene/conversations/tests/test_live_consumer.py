"""The conversation socket: it joins the room's group and forwards the pushed fragments."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import timezone

from convene.conversations import live
from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from convene.core import topology
from testsupport.live import WebsocketCommunicator, run

pytestmark = pytest.mark.django_db(
    transaction=True
)  # the consumer reads in another thread


@pytest.fixture(autouse=True)
def no_leftover_pushes() -> Iterator[None]:
    live.reset_throttle()
    yield
    live.reset_throttle()


@pytest.fixture
def conversation() -> Conversation:
    conversation = Conversation.objects.create(question="Where next?", slug="where")
    Statement.objects.create(
        conversation=conversation, text="The park", status=Statement.Status.ACCEPTED
    )
    return conversation


def vote(conversation: Conversation) -> None:
    participant = Participant.objects.create(conversation=conversation)
    Vote.objects.create(
        conversation=conversation,
        statement=conversation.statements.get(),
        participant=participant,
        choice=Vote.Choice.AGREE,
    )


def store_one_person_map(conversation: Conversation) -> None:
    """What the task worker stores, in its own process, when it has recomputed the map."""
    OpinionResult.objects.create(
        conversation=conversation,
        computed_at=timezone.now(),
        n_votes=1,
        data={
            "clustered": [0],
            "participant_group": [0],
            "coordinates": [[0.5, 0.5]],
            "groups": [{"id": 0, "size": 1, "centre": [0.5, 0.5]}],
        },
    )


def test_a_vote_pushes_the_new_totals_to_the_socket(conversation: Conversation) -> None:
    async def scenario() -> dict[str, Any]:
        socket = WebsocketCommunicator("/ws/conversations/where/")
        connected = await socket.connect()
        assert connected
        try:
            await sync_to_async(vote)(conversation)
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="vote"
            )
            message: dict[str, Any] = await socket.receive_json_from(timeout=5)
            return message
        finally:
            await socket.disconnect()

    message = run(scenario())

    fragments = message["fragments"]
    assert '<dd data-total="votes">1</dd>' in fragments[live.WALL_TOTALS]
    assert '<dd data-total="participants">1</dd>' in fragments[live.WALL_TOTALS]
    assert live.WALL_MAP in fragments


def test_a_new_statement_pushes_the_wall_and_participant_lists(
    conversation: Conversation,
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        wall = WebsocketCommunicator("/ws/conversations/where/")
        phone = WebsocketCommunicator("/ws/conversations/where/statements/")
        assert await wall.connect()
        assert await phone.connect()
        try:
            await sync_to_async(Statement.objects.create)(
                conversation=conversation,
                text="A bigger library",
                status=Statement.Status.ACCEPTED,
            )
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="statement"
            )
            on_wall: dict[str, Any] = await wall.receive_json_from(timeout=5)
            on_phone: dict[str, Any] = await phone.receive_json_from(timeout=5)
            return on_wall, on_phone
        finally:
            await wall.disconnect()
            await phone.disconnect()

    on_wall, on_phone = run(scenario())

    assert "A bigger library" in on_wall["fragments"][live.WALL_STATEMENTS]
    assert (
        '<dd data-total="statements">2</dd>' in on_wall["fragments"][live.WALL_TOTALS]
    )
    assert live.LIVE_STATEMENTS not in on_wall["fragments"]
    assert list(on_phone["fragments"]) == [live.LIVE_STATEMENTS]
    assert "A bigger library" in on_phone["fragments"][live.LIVE_STATEMENTS]


def test_phones_are_not_sent_the_wall_when_people_vote(
    conversation: Conversation,
) -> None:
    """The wall's totals and map are for the projector: a phone on a metered plan pays for
    every byte pushed to it."""

    async def scenario() -> bool:
        phone = WebsocketCommunicator("/ws/conversations/where/statements/")
        assert await phone.connect()
        try:
            await sync_to_async(vote)(conversation)
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="vote"
            )
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="result"
            )
            return bool(await phone.receive_nothing(timeout=1.5))
        finally:
            await phone.disconnect()

    assert run(scenario()) is True


def test_a_burst_of_votes_is_coalesced_and_the_last_one_is_pushed(
    conversation: Conversation,
) -> None:
    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator("/ws/conversations/where/")
        connected = await socket.connect()
        assert connected
        try:
            await sync_to_async(vote)(conversation)
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="vote"
            )
            # Nine more votes land, then their nine notices come in a burst well inside one
            # push interval (the votes are written first so a slow database under load can't
            # stretch the burst past the interval).
            for _ in range(9):
                await sync_to_async(vote)(conversation)
            for _ in range(9):
                await sync_to_async(live.publish_conversation_changed)(
                    conversation.pk, what="vote"
                )
            messages = [await socket.receive_json_from(timeout=5)]
            messages.append(await socket.receive_json_from(timeout=5))
            assert await socket.receive_nothing(timeout=live.PUSH_INTERVAL * 2)
            return messages
        finally:
            await socket.disconnect()

    first, last = run(scenario())

    assert '<dd data-total="votes">1</dd>' in first["fragments"][live.WALL_TOTALS]
    assert '<dd data-total="votes">10</dd>' in last["fragments"][live.WALL_TOTALS]


def test_unknown_or_unpublished_conversation_is_refused(
    conversation: Conversation,
) -> None:
    Conversation.objects.create(question="Hidden?", slug="hidden", is_published=False)

    async def connects(path: str) -> bool:
        socket = WebsocketCommunicator(path)
        connected = await socket.connect()
        await socket.disconnect()
        return connected

    assert run(connects("/ws/conversations/nowhere/")) is False
    assert run(connects("/ws/conversations/hidden/")) is False
    assert run(connects("/ws/conversations/where/")) is True


def test_a_vote_stands_when_its_live_push_fails(
    conversation: Conversation,
    visitor: Client,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template missing")

    monkeypatch.setattr(live, "render_fragments", broken)

    response = visitor.post(
        "/conversations/where/vote/",
        {"statement": conversation.statements.get().pk, "choice": 1},
    )

    assert response.status_code == 302
    assert conversation.votes.count() == 1
    assert "Live push for conversation" in caplog.text


def test_embedded_the_recomputed_map_follows_the_last_vote(
    conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Embedded, the map is computed in the task worker's process, out of the in-memory
    # layer's reach; a follow-up push after the last vote carries it.
    monkeypatch.setattr(topology, "worker_pushes_reach_browsers", lambda: False)
    monkeypatch.setattr(live._map_follow_up, "wait", 0.3)

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator("/ws/conversations/where/")
        connected = await socket.connect()
        assert connected
        try:
            await sync_to_async(vote)(conversation)
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="vote"
            )
            first = await socket.receive_json_from(timeout=5)
            await sync_to_async(store_one_person_map)(
                conversation
            )  # in the worker, out of earshot
            return [first, await socket.receive_json_from(timeout=5)]
        finally:
            await socket.disconnect()

    first, follow_up = run(scenario())

    assert "opinion-map-point" not in first["fragments"][live.WALL_MAP]
    assert "opinion-map-point" in follow_up["fragments"][live.WALL_MAP]


def test_embedded_a_burst_of_votes_brings_one_map_follow_up_after_the_last(
    conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(topology, "worker_pushes_reach_browsers", lambda: False)
    # Long enough that storing the map after the last vote beats the follow-up even on a
    # loaded machine; timed from the first vote it would come 0.3 s early.
    monkeypatch.setattr(live._map_follow_up, "wait", 1.0)
    monkeypatch.setattr(live._throttle, "interval", 0.05)
    map_data = {
        "clustered": [0],
        "participant_group": [0],
        "coordinates": [[0.5, 0.5]],
        "groups": [{"id": 0, "size": 1, "centre": [0.5, 0.5]}],
    }

    def compute_map() -> None:
        OpinionResult.objects.create(
            conversation=conversation, computed_at=timezone.now(), data=map_data
        )

    async def scenario() -> tuple[float, list[tuple[float, dict[str, Any]]]]:
        socket = WebsocketCommunicator("/ws/conversations/where/")
        connected = await socket.connect()
        assert connected
        loop = asyncio.get_running_loop()
        try:
            for _ in range(3):  # a vote every 0.15 s, the map stored after the last
                await sync_to_async(vote)(conversation)
                await sync_to_async(live.publish_conversation_changed)(
                    conversation.pk, what="vote"
                )
                last_vote = loop.time()
                await asyncio.sleep(0.15)
            await sync_to_async(compute_map)()
            pushes = []
            while not await socket.receive_nothing(timeout=1.5):
                pushes.append((loop.time(), await socket.receive_json_from()))
            return last_vote, pushes
        finally:
            await socket.disconnect()

    last_vote, pushes = run(scenario())

    with_map = [
        at
        for at, push in pushes
        if "opinion-map-point" in push["fragments"].get(live.WALL_MAP, "")
    ]
    assert len(with_map) == 1
    assert with_map[0] >= last_vote + 0.9  # timed from the last vote, not the first


def test_a_page_that_reconnects_is_brought_up_to_date(
    conversation: Conversation,
) -> None:
    # Votes cast while the projector's connection was down were pushed to nobody.
    vote(conversation)

    async def scenario() -> dict[str, Any]:
        socket = WebsocketCommunicator(
            "/ws/conversations/where/", query_string=b"reconnect=1"
        )
        connected = await socket.connect()
        assert connected
        try:
            message: dict[str, Any] = await socket.receive_json_from(timeout=5)
            return message
        finally:
            await socket.disconnect()

    fragments = run(scenario())["fragments"]

    assert '<dd data-total="votes">1</dd>' in fragments[live.WALL_TOTALS]
    assert "The park" in fragments[live.WALL_STATEMENTS]


def test_closing_tells_the_wall_and_the_phones_at_once(
    conversation: Conversation,
) -> None:
    from convene.conversations.organising import set_conversation_open

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        wall = WebsocketCommunicator("/ws/conversations/where/")
        phone = WebsocketCommunicator("/ws/conversations/where/statements/")
        assert await wall.connect()
        assert await phone.connect()
        try:
            await sync_to_async(set_conversation_open)(conversation, is_open=False)
            on_wall: dict[str, Any] = await wall.receive_json_from(timeout=5)
            on_phone: dict[str, Any] = await phone.receive_json_from(timeout=5)
            return on_wall, on_phone
        finally:
            await wall.disconnect()
            await phone.disconnect()

    on_wall, on_phone = run(scenario())

    join = on_wall["fragments"][live.WALL_JOIN]
    assert "This conversation is closed" in join
    assert "/conversations/where/results/" in join
    assert "QR code" not in join
    assert live.LIVE_STATE not in on_wall["fragments"]
    assert "This conversation has closed" in on_phone["fragments"][live.LIVE_STATE]


def test_a_wall_reconnecting_tells_no_phone_the_conversation_opened_again(
    conversation: Conversation,
) -> None:
    async def scenario() -> dict[str, Any]:
        phone = WebsocketCommunicator("/ws/conversations/where/statements/")
        assert await phone.connect()
        wall = WebsocketCommunicator(
            "/ws/conversations/where/", query_string=b"reconnect=1"
        )
        assert await wall.connect()
        try:
            # The catch-up comes in two pushes (statements at once, the rest throttled).
            fragments: dict[str, Any] = {}
            while live.LIVE_STATE not in fragments:
                message = await phone.receive_json_from(timeout=5)
                fragments.update(message["fragments"])
            return fragments
        finally:
            await wall.disconnect()
            await phone.disconnect()

    fragments = run(scenario())

    # The catch-up brings the current state: open, so nothing to say.
    assert fragments.get(live.LIVE_STATE, "").strip() == ""


def test_embedded_the_map_follows_a_moderation_too(
    conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(topology, "worker_pushes_reach_browsers", lambda: False)
    monkeypatch.setattr(live._map_follow_up, "wait", 0.3)

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator("/ws/conversations/where/")
        assert await socket.connect()
        try:
            # a moderator removes a statement: the map is recomputed in the worker
            await sync_to_async(live.publish_conversation_changed)(
                conversation.pk, what="statement"
            )
            first = await socket.receive_json_from(timeout=5)
            await sync_to_async(store_one_person_map)(conversation)
            return [first, await socket.receive_json_from(timeout=5)]
        finally:
            await socket.disconnect()

    first, follow_up = run(scenario())

    assert live.WALL_MAP not in first["fragments"]
    assert "opinion-map-point" in follow_up["fragments"][live.WALL_MAP]
