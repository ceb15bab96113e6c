"""Websocket routes for live pages; each app adds its own consumers here."""

from channels.auth import AuthMiddlewareStack
from channels.sessions import SessionMiddlewareStack
from django.urls import URLPattern, URLResolver, path

from convene.conversations.consumers import ConversationConsumer, ModerationConsumer
from convene.events.consumers import DoorConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    # The projector's wall, and participants' pages (new statements only). The session is
    # read only for an unpublished conversation, to let those who may see it follow it.
    path(
        "ws/conversations/<slug:slug>/",
        SessionMiddlewareStack(ConversationConsumer.as_asgi()),
    ),
    path(
        "ws/conversations/<slug:slug>/statements/",
        SessionMiddlewareStack(ConversationConsumer.as_asgi()),
        {"view": "statements"},
    ),
    # Moderators only (the session tells the consumer who is asking): statements awaiting them.
    path(
        "ws/conversations/<slug:slug>/moderation/",
        AuthMiddlewareStack(ModerationConsumer.as_asgi()),
    ),
    # The door shows attendees' names: the session tells the consumer who is asking.
    path("ws/events/<slug:slug>/door/", AuthMiddlewareStack(DoorConsumer.as_asgi())),
]
