"""Websocket routes for live pages; each app adds its own consumers here."""

from django.urls import URLPattern, URLResolver, path

from convene.conversations.consumers import ConversationConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/conversations/<slug:slug>/", ConversationConsumer.as_asgi()),
]
