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
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, TypedDict
from urllib.parse import parse_qs

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import connection

logger = logging.getLogger(__name__)


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


# --- pushing bursts of changes at a bounded rate -------------------------------------------


@dataclass
class _Pending:
    last_sent: float = 0.0
    whats: set[str] = field(default_factory=set)
    timer: threading.Timer | None = None


class Throttle:
    """At most one push every `interval` seconds per object (a conversation, an event's door).

    The first change after a quiet spell is pushed at once; changes during the wait are
    gathered and pushed together when it ends (a trailing-edge timer), so the last change of
    a burst always goes out and a page never stays behind. `push(object_id, whats)` renders
    and sends what the kinds of change in `whats` touch. One throttle per process: with
    several web workers, each keeps its own.
    """

    def __init__(
        self, interval: float, push: Callable[[int, set[str]], None], *, name: str
    ) -> None:
        self.interval = interval
        self._push = push
        self._name = name  # what the ids are of, for the log: "conversation", "event"
        self._lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}

    def changed(self, object_id: int, what: str) -> None:
        """Note a change; push now or when the wait ends. Logs failures, never raises."""
        try:
            with self._lock:
                state = self._pending.setdefault(object_id, _Pending())
                state.whats.add(what)
                if state.timer is not None:
                    return  # a push is already due and will carry this change
                wait = state.last_sent + self.interval - time.monotonic()
                if wait > 0:
                    state.timer = threading.Timer(wait, self._flush, args=[object_id])
                    state.timer.daemon = True
                    state.timer.start()
                    return
                whats, state.whats = state.whats, set()
                state.last_sent = time.monotonic()
            self._push(object_id, whats)
        except Exception:
            logger.exception("Live push for %s %s failed", self._name, object_id)

    def _flush(self, object_id: int) -> None:
        """Timer thread: push everything that changed during the wait."""
        try:
            with self._lock:
                state = self._pending.get(object_id)
                if state is None:
                    return
                whats, state.whats = state.whats, set()
                state.timer = None
                state.last_sent = time.monotonic()
            if whats:
                self._push(object_id, whats)
        except Exception:
            logger.exception("Live push for %s %s failed", self._name, object_id)
        finally:
            # This thread opened its own database connection; don't leave it open.
            connection.close()

    def reset(self) -> None:
        """Forget pending pushes (tests: a timer must not outlive the test that started it)."""
        with self._lock:
            for state in self._pending.values():
                if state.timer is not None:
                    state.timer.cancel()
            self._pending.clear()


class FollowUp:
    """One call of `fire(object_id)`, `wait` seconds after the last of a burst of `arm`s.

    Each `arm` only moves the due time on; the timer that is running looks at it when it
    fires, so a burst starts one thread, not one per call.
    """

    def __init__(self, wait: float, fire: Callable[[int], None]) -> None:
        self.wait = wait
        self._fire = fire
        self._lock = threading.Lock()
        self._timers: dict[int, threading.Timer] = {}
        self._due: dict[int, float] = {}

    def arm(self, object_id: int) -> None:
        with self._lock:
            self._due[object_id] = time.monotonic() + self.wait
            if object_id not in self._timers:
                self._start(object_id, self.wait)

    def _start(self, object_id: int, wait: float) -> None:
        timer = threading.Timer(wait, self._run, args=[object_id])
        timer.daemon = True
        self._timers[object_id] = timer
        timer.start()

    def _run(self, object_id: int) -> None:
        try:
            with self._lock:
                self._timers.pop(object_id, None)
                wait = self._due.get(object_id, 0.0) - time.monotonic()
                if wait > 0:  # armed again meanwhile: wait for the last one's turn
                    self._start(object_id, wait)
                    return
                self._due.pop(object_id, None)
            self._fire(object_id)
        finally:
            connection.close()

    def reset(self) -> None:
        with self._lock:
            for timer in self._timers.values():
                timer.cancel()
            self._timers.clear()
            self._due.clear()
