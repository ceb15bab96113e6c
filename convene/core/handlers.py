"""The HTTP side of `convene.asgi`: Django's ASGI handler, with one thread hop per request.

Every view and middleware of the site is synchronous. Django's own ASGI handler runs each
middleware that could be async as async and hops to a thread for every synchronous part of
it (each `process_request`, `process_view`, `process_response`, then the view): about twenty
hand-overs between the event loop and the request's thread per request, which cost a room of
phones voting at once more CPU than the vote itself does. Here the middleware chain is built
synchronously, as under WSGI, and runs in the request's thread in one hop; reading the body,
sending the response and the websockets stay on the event loop.
"""

from collections.abc import Iterator
from typing import Any

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse


class OneHopASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # Thread-sensitive: within a request, Django runs its sync work in one thread (the
        # request's), so the database connection opened here is the one closed at the end.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def send_response(self, response: HttpResponseBase, send: Any) -> None:
        # Given a plain iterator (a static file, a zip being made), Django reads it whole
        # into memory before sending a byte, and warns; this sends it as it is read.
        if isinstance(response, StreamingHttpResponse):
            chunks = response.streaming_content
            if isinstance(chunks, Iterator):
                response.streaming_content = ChunkByChunk(chunks)
        await super().send_response(response, send)


def _next_chunk(chunks: Iterator[bytes]) -> bytes | None:
    return next(chunks, None)


class ChunkByChunk:
    """A synchronous iterator of a response's chunks, read one at a time when the server asks,
    on the request's own thread (where its database connection lives)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._next = sync_to_async(_next_chunk, thread_sensitive=True)

    def __aiter__(self) -> "ChunkByChunk":
        return self

    async def __anext__(self) -> bytes:
        chunk = await self._next(self._chunks)
        if chunk is None:
            raise StopAsyncIteration
        return chunk


def get_asgi_application() -> OneHopASGIHandler:
    """`django.core.asgi.get_asgi_application`, with the handler above."""
    django.setup(set_prefix=False)
    return OneHopASGIHandler()
