"""The live wall: a projector view of one conversation, updated by push."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from convene.conversations import live, queries, results
from convene.core.csp import framable_by_wall_origins


@require_GET
@framable_by_wall_origins
def wall(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_for(request.user, slug)
    totals = results.wall_totals(conversation.pk)
    return render(
        request,
        "conversations/wall.html",
        {
            **live.wall_join_context(conversation),
            **live.wall_map_context(results.wall_map(conversation.pk), totals),
            "totals": totals,
            "statements": queries.newest_visible_statements(conversation.pk),
            "ids": {
                "totals": live.WALL_TOTALS,
                "statements": live.WALL_STATEMENTS,
                "map": live.WALL_MAP,
                "join": live.WALL_JOIN,
            },
        },
    )
