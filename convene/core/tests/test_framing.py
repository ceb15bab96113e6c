"""Who may show the site's pages inside their own: no one, except the origins an organisation
lists in WALL_FRAME_ANCESTORS, and then only the live wall, which has nothing to press.

The framing page comes from another origin, as an organisation's own site would; Chromium
decides from the headers whether the frame loads.
"""

import html
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import make_conversation
from testsupport.live import serve_asgi
from testsupport.servers import free_port


@pytest.fixture
def conversation(db: None) -> Conversation:
    return make_conversation()


def test_by_default_no_page_may_be_framed(
    visitor: Client, conversation: Conversation
) -> None:
    for name in ("conversations:wall", "conversations:vote"):
        response = visitor.get(reverse(name, args=[conversation.slug]))

        assert response["X-Frame-Options"] == "DENY"
        assert response["Content-Security-Policy"].endswith("frame-ancestors 'none'")


def test_listed_origins_may_frame_the_wall_and_nothing_else(
    visitor: Client, conversation: Conversation, settings: Any
) -> None:
    settings.WALL_FRAME_ANCESTORS = [
        "https://www.example.org",
        "https://intranet.example:8443",
    ]

    wall = visitor.get(reverse("conversations:wall", args=[conversation.slug]))
    vote = visitor.get(reverse("conversations:vote", args=[conversation.slug]))

    assert wall["Content-Security-Policy"].endswith(
        "frame-ancestors https://www.example.org https://intranet.example:8443"
    )
    assert "X-Frame-Options" not in wall
    assert vote["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert vote["X-Frame-Options"] == "DENY"


@pytest.fixture
def server(conversation: Conversation) -> Iterator[str]:
    with serve_asgi() as url:
        yield url


@pytest.fixture
def organisation() -> Iterator[str]:
    """The organisation's own site: a page holding, in a frame, the address in its query.

    Served for real on loopback, as `localhost` (another origin than the site's 127.0.0.1):
    Chromium lets no page it did not fetch from a local address frame a local one.
    """

    class FramingPage(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            framed = html.escape(urllib.parse.unquote(self.path.partition("?")[2]))
            body = f'<!doctype html><title>Our site</title><iframe src="{framed}"></iframe>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    port = free_port()
    site = http.server.ThreadingHTTPServer(("127.0.0.1", port), FramingPage)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        site.shutdown()
        site.server_close()


def _framed(page: Any, organisation: str, url: str) -> str:
    """Open the organisation's page holding `url` in a frame; what the frame shows."""
    page.goto(f"{organisation}/?{urllib.parse.quote(url)}")
    frame = page.frames[1]
    frame.wait_for_load_state("load")
    return str(frame.content())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_shows_the_wall_framed_by_a_listed_origin(
    page: Any,
    server: str,
    organisation: str,
    conversation: Conversation,
    settings: Any,
) -> None:
    settings.WALL_FRAME_ANCESTORS = [organisation]
    wall = server + reverse("conversations:wall", args=[conversation.slug])
    vote = server + reverse("conversations:vote", args=[conversation.slug])

    framed_wall = _framed(page, organisation, wall)
    framed_vote = _framed(page, organisation, vote)

    assert conversation.question in framed_wall
    assert conversation.question not in framed_vote


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_refuses_to_frame_the_wall_for_an_unlisted_origin(
    page: Any, server: str, organisation: str, conversation: Conversation
) -> None:
    wall = server + reverse("conversations:wall", args=[conversation.slug])

    framed_wall = _framed(page, organisation, wall)

    assert conversation.question not in framed_wall
