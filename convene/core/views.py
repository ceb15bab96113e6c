from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convene.blog.queries import published_posts
from convene.conversations.queries import public_conversations
from convene.events.queries import upcoming_events
from convene.members.queries import count_members


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "member_count": count_members(),
            "latest_posts": published_posts()[:3],
            "upcoming_events": upcoming_events()[:3],
            "open_conversations": public_conversations().filter(is_open=True)[:3],
        },
    )
