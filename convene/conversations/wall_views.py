"""The live wall: a projector view of one conversation, updated by push."""

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from convene.conversations import live
from convene.conversations.models import Conversation


def join_url(conversation: Conversation) -> str:
    # The configured public address, not the projector's own (often localhost), so phones in
    # the room can open it.
    return f"{settings.SITE_URL}{conversation.get_absolute_url()}"


@require_GET
def wall(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation.objects.public(), slug=slug)
    url = join_url(conversation)
    qr = segno.make(url, error="m")
    return render(
        request,
        "conversations/wall.html",
        {
            "conversation": conversation,
            "join_url": url,
            # segno writes the SVG itself from the URL: nothing user-typed reaches it.
            "qr_svg": mark_safe(qr.svg_inline(scale=8, title="QR code to join")),  # noqa: S308
            "totals": live.wall_totals(conversation.pk),
            "statements": live.newest_accepted_statements(conversation.pk),
            "map": live.opinion_map(conversation.pk),
            "ids": {
                "totals": live.WALL_TOTALS,
                "statements": live.WALL_STATEMENTS,
                "map": live.WALL_MAP,
            },
        },
    )
