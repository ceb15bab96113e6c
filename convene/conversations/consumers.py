"""Websocket for a conversation's live pages: it only forwards fragments, never takes input.

Votes and statements go through the ordinary HTTP forms; the services publish fragments after
commit (`live.publish_conversation_changed`) and this consumer passes them on unchanged, so a
connection costs no rendering and no database query beyond the one at connect.
"""

import asyncio
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import close_old_connections

from convene.conversations import live
from convene.conversations.models import Conversation


@sync_to_async
def _published_conversation_id(slug: str) -> int | None:
    # What channels' database_sync_to_async does, kept typed: no stale connection is reused.
    close_old_connections()
    try:
        return (
            Conversation.objects.public()
            .filter(slug=slug)
            .values_list("pk", flat=True)
            .first()
        )
    finally:
        close_old_connections()


@sync_to_async
def _catch_up(conversation_id: int) -> None:
    # After a dropped connection the page may have missed pushes; ask for one (throttled and
    # shared with the whole group) rather than rendering for this socket alone.
    close_old_connections()
    try:
        live.publish_conversation_changed(conversation_id, what="statement")
        live.publish_conversation_changed(conversation_id, what="result")
    finally:
        close_old_connections()


class ConversationConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels has no type hints
    group: str | None = None

    async def connect(self) -> None:
        slug = self.scope["url_route"]["kwargs"]["slug"]
        conversation_id = await _published_conversation_id(slug)
        if conversation_id is None:
            await self.close()  # before accept: the handshake is refused (403)
            return
        live.note_server_loop(asyncio.get_running_loop())
        self.group = live.group_name(conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        if query.get("reconnect"):
            await _catch_up(conversation_id)

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: object, **kwargs: object) -> None:
        """Read-only: whatever a browser sends is ignored."""

    async def fragments(self, event: live.FragmentsMessage) -> None:
        await self.send(text_data=event["text"])  # encoded once for the whole group
