"""Websocket routes for live pages; each app adds its own consumers here."""

from django.urls import URLPattern, URLResolver

websocket_urlpatterns: list[URLPattern | URLResolver] = []
