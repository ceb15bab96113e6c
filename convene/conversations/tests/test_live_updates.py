"""What the live pages hear when people vote, a moderator accepts a statement and the map is
recomputed: the fragments a browser's script swaps into the wall and the phones."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from convene.conversations import live
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    make_two_camps,
    phone_socket,
    receive_fragments,
    seeds,
    vote_through_form,
    wall_socket,
)
from testsupport.live import run

# The consumer reads in another thread, and pushes wait for the commit.
pytestmark = pytest.mark.django_db(transaction=True)

# Tasks queued and not run, as when the worker has yet to get to them.
HELD_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_vote_pushes_the_walls_new_totals(visitor: Client, settings: Any) -> None:
    settings.TASKS = HELD_TASKS  # the map's update, which would push them too, waits
    conversation = make_conversation()
    first = seeds(conversation)[0]
    live.reset_throttle()  # the set-up's pushes went to nobody; none is left due

    async def scenario() -> dict[str, str]:
        wall = wall_socket(conversation)
        assert await wall.connect()
        try:
            await sync_to_async(vote_through_form)(visitor, conversation, first, 1)
            return await receive_fragments(wall, until=live.WALL_TOTALS)
        finally:
            await wall.disconnect()

    totals = run(scenario())[live.WALL_TOTALS]

    assert '<dd data-total="votes">1</dd>' in totals
    assert '<dd data-total="participants">1</dd>' in totals


def test_a_statement_reaches_the_phones_and_the_wall_once_a_moderator_accepts_it(
    organiser_client: Client,
) -> None:
    conversation = make_conversation(moderation="pre")
    author = make_participant(conversation)
    text = "Open the library later."
    live.reset_throttle()

    async def scenario() -> tuple[bool, dict[str, str], dict[str, str]]:
        wall, phone = wall_socket(conversation), phone_socket(conversation)
        assert await wall.connect()
        assert await phone.connect()
        try:
            statement = await sync_to_async(add_statement)(author, text)
            # waiting for the moderator: nothing new for the phones to vote on
            quiet = await phone.receive_nothing(timeout=live.PUSH_INTERVAL + 0.2)
            accepted = await sync_to_async(organiser_client.post)(
                f"/conversations/{conversation.slug}/moderate/{statement.pk}/accept/"
            )
            assert accepted.status_code == 302
            on_phone = await receive_fragments(phone, until=live.LIVE_STATEMENTS)
            on_wall = await receive_fragments(wall, until=live.WALL_STATEMENTS)
            return quiet, on_phone, on_wall
        finally:
            await wall.disconnect()
            await phone.disconnect()

    quiet, on_phone, on_wall = run(scenario())

    assert quiet
    assert text in on_phone[live.LIVE_STATEMENTS]
    assert text in on_wall[live.WALL_STATEMENTS]
    assert '<dd data-total="statements">4</dd>' in on_wall[live.WALL_TOTALS]


def test_a_recomputed_map_is_pushed_to_the_wall(settings: Any) -> None:
    # The votes' own map updates wait, so the map below is the first the wall is sent.
    settings.TASKS = HELD_TASKS
    conversation = make_conversation(seed_statements=[])
    make_two_camps(conversation, n=24)
    live.reset_throttle()

    async def scenario() -> dict[str, str]:
        wall = wall_socket(conversation)
        assert await wall.connect()
        try:
            await sync_to_async(compute_opinion_result)(conversation)
            return await receive_fragments(wall, until=live.WALL_MAP)
        finally:
            await wall.disconnect()

    drawn = run(scenario())[live.WALL_MAP]

    assert "Opinion map: 24 people in 2 groups" in drawn
    assert drawn.count('class="opinion-map-point"') == 24
    assert "Group A: 12 people" in drawn
    assert "Group B: 12 people" in drawn
