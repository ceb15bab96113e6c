"""Live pages: server-rendered fragments pushed over Django Channels to everyone watching.

A page opts in with `data-live-socket="/ws/…"` and the small `live.js` script, which swaps each
pushed fragment into the element with its id and never builds HTML. The server renders a change
once and encodes it once, and the same text goes to every socket in the group. Embedded that is
the in-memory channel layer of the one ASGI process; with REDIS_URL, `channels_redis` carries it
to every worker.

An app publishes with `send_fragments` from `transaction.on_commit` and routes a subclass of
`FragmentsConsumer` in `core/routing.py`.
"""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, TypedDict
from urllib.parse import parse_qs

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer


class FragmentsMessage(TypedDict):
    type: Literal["fragments"]
    # The websocket message, `{"fragments": {element id: html}}`, encoded once for everyone:
    # a room of a hundred phones costs one encoding per push, not a hundred.
    text: str


# The event loop of the ASGI server in this process, noted by each consumer as it connects.
# Sends from other threads (request threads running sync views, timers) are handed to it,
# because the in-memory channel layer's queues belong to that loop and are not thread-safe.
_server_loop: asyncio.AbstractEventLoop | None = None


def note_server_loop(loop: asyncio.AbstractEventLoop) -> None:
    global _server_loop  # one loop per process, set by the consumers
    _server_loop = loop


def send_fragments(group: str, fragments: dict[str, str]) -> None:
    """Send rendered fragments, keyed by element id, to every socket in `group`."""
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps({"fragments": fragments})
    message = FragmentsMessage(type="fragments", text=text)
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    loop = _server_loop
    if loop is not None and loop.is_running() and not loop.is_closed():
        if running is loop:
            loop.create_task(layer.group_send(group, message))
            return
        future = asyncio.run_coroutine_threadsafe(
            layer.group_send(group, message), loop
        )
        future.result(timeout=5)
        return
    if running is None:
        async_to_sync(layer.group_send)(group, message)
        return
    # A thread with a loop of its own that is not the server's (a script or test driving a
    # browser): async_to_sync refuses to run here, so the send gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(async_to_sync(layer.group_send), group, message).result(timeout=5)


class FragmentsConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels has no type hints
    """A read-only socket that joins one group and forwards the fragments pushed to it.

    Changes arrive through the ordinary HTTP forms and their services; a socket costs no
    rendering beyond `catch_up` after a dropped connection.
    """

    group: str | None = None

    async def group_to_join(self) -> str | None:
        """The group this connection may follow, or None to refuse the handshake."""
        raise NotImplementedError

    async def catch_up(self) -> None:
        """After a reconnect the page may have missed pushes; bring it up to date."""

    async def connect(self) -> None:
        group = await self.group_to_join()
        if group is None:
            await self.close()  # before accept: the handshake is refused (403)
            return
        note_server_loop(asyncio.get_running_loop())
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        if query.get("reconnect"):
            await self.catch_up()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: object, **kwargs: object) -> None:
        """Read-only: whatever a browser sends is ignored."""

    async def fragments(self, event: FragmentsMessage) -> None:
        await self.send(text_data=event["text"])  # encoded once for the whole group
