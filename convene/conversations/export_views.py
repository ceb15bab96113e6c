"""Staff and the event's organisers download a conversation as a Pol.is export, for Pol.is's own tools or red-dwarf."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from convene.conversations import queries
from convene.conversations.polis.exporter import polis_zip


@login_required
@require_GET
def export_polis(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    conversation = queries.get_conversation_to_organise(request.user, slug)
    # Streamed as it is made: under ASGI the site's handler reads it chunk by chunk.
    response = StreamingHttpResponse(
        polis_zip(conversation), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{conversation.slug}-polis-export.zip"'
    )
    return response
