"""Post-moderated, a new statement is pushed to no phone and no wall until a moderator
accepts it: a flood of statements doesn't reach every screen in the room."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from convene.conversations import live
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    phone_socket,
    receive_fragments,
)
from testsupport.live import run

# The consumer reads in another thread, and pushes wait for the commit.
pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Open the library later."


def test_phones_hear_of_a_new_statement_once_a_moderator_accepts_it(
    organiser_client: Client,
) -> None:
    conversation = make_conversation()  # post-moderated
    author = make_participant(conversation)
    live.reset_throttle()

    async def scenario() -> tuple[bool, dict[str, str]]:
        phone = phone_socket(conversation)
        assert await phone.connect()
        try:
            statement = await sync_to_async(add_statement)(author, TEXT)
            quiet = await phone.receive_nothing(timeout=live.PUSH_INTERVAL + 0.2)
            accepted = await sync_to_async(organiser_client.post)(
                f"/conversations/{conversation.slug}/moderate/{statement.pk}/accept/"
            )
            assert accepted.status_code == 302
            return quiet, await receive_fragments(phone, until=live.LIVE_STATEMENTS)
        finally:
            await phone.disconnect()

    quiet, on_phone = run(scenario())

    assert quiet
    assert TEXT in on_phone[live.LIVE_STATEMENTS]


def test_with_no_audience_limit_phones_hear_of_it_at_once(settings: Any) -> None:
    settings.UNMODERATED_STATEMENT_AUDIENCE = 0
    conversation = make_conversation()
    author = make_participant(conversation)
    live.reset_throttle()

    async def scenario() -> dict[str, str]:
        phone = phone_socket(conversation)
        assert await phone.connect()
        try:
            await sync_to_async(add_statement)(author, TEXT)
            return await receive_fragments(phone, until=live.LIVE_STATEMENTS)
        finally:
            await phone.disconnect()

    assert TEXT in run(scenario())[live.LIVE_STATEMENTS]
