"""The site's ASGI handler serves pages as Django's does, its middleware all running in one hop."""

import asyncio
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from asgiref.sync import async_to_sync
from django.core import signals
from django.db import close_old_connections

from convene.conversations.models import Vote
from convene.conversations.tests.helpers import make_conversation, seeds, vote_url
from convene.core.handlers import OneHopASGIHandler

pytestmark = pytest.mark.django_db

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Requests straight to the handler, with a cookie jar, as uvicorn would send them."""

    def __init__(self) -> None:
        self.handler = OneHopASGIHandler()
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, object] | None = None
    ) -> tuple[int, dict[str, str], str]:
        body = urlencode(form or {}).encode()
        headers = [(b"host", b"testserver")]
        if self.cookies:
            jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            headers.append((b"cookie", jar.encode()))
        if form is not None:
            headers.append((b"content-type", b"application/x-www-form-urlencoded"))
        scope = {
            "type": "http", "method": method, "path": path, "query_string": b"",
            "headers": headers, "server": ("testserver", 80), "client": ("127.0.0.1", 1),
            "scheme": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        }  # fmt: skip
        requests = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            if requests:
                return requests.pop()
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError("unreachable")

        async def send(message: Mapping[str, Any]) -> None:
            sent.append(dict(message))

        async_to_sync(self.handler)(scope, receive, send)
        response_headers: dict[str, str] = {}
        for name, value in sent[0]["headers"]:
            if name.lower() == b"set-cookie":
                cookie, _, rest = value.decode().partition("=")
                self.cookies[cookie] = rest.split(";", 1)[0]
            response_headers[name.decode().lower()] = value.decode()
        text = b"".join(m.get("body", b"") for m in sent[1:]).decode()
        return sent[0]["status"], response_headers, text


@pytest.fixture
def phone() -> Iterator[Browser]:
    # As Django's test clients do: the test's connection must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield Browser()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_a_vote_without_javascript_is_recorded(phone: Browser) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    status, _, page = phone.request("GET", vote_url(conversation))
    assert status == 200
    token = CSRF_RE.search(page)
    assert token is not None
    status, headers, _ = phone.request(
        "POST",
        vote_url(conversation),
        {"csrfmiddlewaretoken": token[1], "statement": first.pk, "choice": 1},
    )

    assert status == 302
    assert headers["location"] == vote_url(conversation)
    vote = Vote.objects.get()
    assert (vote.statement, vote.choice) == (first, 1)
    status, _, page = phone.request("GET", headers["location"])
    assert status == 200
    assert "2 statements left to vote on" in page


def test_a_form_without_its_csrf_token_is_refused(phone: Browser) -> None:
    conversation = make_conversation()

    status, _, _ = phone.request(
        "POST",
        vote_url(conversation),
        {"statement": seeds(conversation)[0].pk, "choice": 1},
    )

    assert status == 403
    assert not Vote.objects.exists()


def test_a_missing_page_is_not_found(phone: Browser) -> None:
    status, _, page = phone.request("GET", "/conversations/no-such-thing/vote/")

    assert status == 404
    assert "<html" in page


def test_a_static_file_is_sent_as_it_is_read(settings: Any) -> None:
    # Django's own handler reads a file response whole into memory first, and warns.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    browser = Browser()
    stylesheet = Path(__file__).resolve().parents[1] / "static" / "core" / "site.css"

    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="StreamingHttpResponse must consume")
        status, headers, text = browser.request("GET", "/static/core/site.css")

    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert text == stylesheet.read_text()
