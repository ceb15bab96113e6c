"""Staff download a conversation as a Pol.is export, for Pol.is's own tools or red-dwarf."""

from collections.abc import Iterator

from asgiref.sync import sync_to_async
from django.contrib.admin.views.decorators import staff_member_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from convene.conversations import queries
from convene.conversations.interop import polis_zip


def _next_chunk(chunks: Iterator[bytes]) -> bytes | None:
    return next(chunks, None)


class _ChunkByChunk:
    """Hands a zip being made to an ASGI server one chunk at a time.

    Given a plain iterator, Django under ASGI reads it whole into memory before sending
    anything; this reads the next chunk only when the server asks for it, on the request's
    own thread (where its database connection lives).
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._next = sync_to_async(_next_chunk, thread_sensitive=True)

    def __aiter__(self) -> "_ChunkByChunk":
        return self

    async def __anext__(self) -> bytes:
        chunk = await self._next(self._chunks)
        if chunk is None:
            raise StopAsyncIteration
        return chunk

    def close(self) -> None:
        # Django calls this (on the request's thread) if the download stops early.
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


@staff_member_required
@require_GET
def export_polis(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    conversation = queries.get_conversation_for(request.user, slug, manage=True)
    chunks = polis_zip(conversation)
    response = StreamingHttpResponse(
        _ChunkByChunk(chunks) if isinstance(request, ASGIRequest) else chunks,
        content_type="application/zip",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{conversation.slug}-polis-export.zip"'
    )
    return response
