"""Test support for live pages: talk to a websocket route, or serve the site to a browser.

pytest-django's live_server speaks only HTTP, so browser tests of live pages run the real ASGI
application (HTTP and websockets) under uvicorn in a thread of the test process, where it
shares the test database.
"""

import asyncio
import json
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import uvicorn
from asgiref.testing import ApplicationCommunicator
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.test import override_settings

from convene.core.handlers import get_asgi_application
from convene.core.routing import websocket_urlpatterns
from testsupport.servers import free_port

T = TypeVar("T")

ORIGIN = (b"origin", b"http://testserver")

# The site's websocket routes without asgi.py's origin check, which reads ALLOWED_HOSTS once
# at import (before the test settings add "testserver"); the browser tests go through it.
websocket_application = URLRouter(websocket_urlpatterns)


class WebsocketCommunicator:
    """channels.testing's communicator, which can't be imported without daphne installed."""

    def __init__(
        self,
        path: str,
        *,
        headers: list[tuple[bytes, bytes]] | None = None,
        query_string: bytes = b"",
    ) -> None:
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": query_string,
            "headers": [ORIGIN, *(headers or [])],
            "subprotocols": [],
        }
        self.asgi: Any = ApplicationCommunicator(websocket_application, scope)  # type: ignore[no-untyped-call]  # asgiref.testing has no hints

    async def connect(self, timeout: float = 5) -> bool:
        await self.asgi.send_input({"type": "websocket.connect"})
        response = await self.asgi.receive_output(timeout)
        return bool(response["type"] == "websocket.accept")

    async def receive_json_from(self, timeout: float = 5) -> Any:
        response = await self.asgi.receive_output(timeout)
        if response["type"] != "websocket.send":
            raise AssertionError(f"expected a message, got {response}")
        return json.loads(response["text"])

    async def receive_nothing(self, timeout: float) -> bool:
        return bool(await self.asgi.receive_nothing(timeout))

    async def disconnect(self, code: int = 1000) -> None:
        await self.asgi.send_input({"type": "websocket.disconnect", "code": code})
        await self.asgi.wait(timeout=5)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    # In a thread of its own: Playwright's sync API (browser tests) may hold a running event
    # loop in this one for the rest of the session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            asyncio.run, asyncio.wait_for(coroutine, timeout=10)
        ).result()


@contextmanager
def serve_asgi(**options: Any) -> Iterator[str]:
    """convene.asgi's stack under uvicorn on 127.0.0.1, with uvicorn's `options` (as
    `convene serve` passes them) over the defaults; yields its base URL.

    Built here rather than imported, so its host and origin checks allow 127.0.0.1, and the
    pages' scripts (live.js) are served from the apps' folders without collectstatic.
    """
    with override_settings(
        ALLOWED_HOSTS=["127.0.0.1"],
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
    ):
        application = ProtocolTypeRouter(
            {
                "http": get_asgi_application(),
                "websocket": AllowedHostsOriginValidator(
                    URLRouter(websocket_urlpatterns)
                ),
            }
        )
        port = free_port()
        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            ws="websockets-sansio",
            log_level="warning",
            **options,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start within 10 seconds")
            time.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)
