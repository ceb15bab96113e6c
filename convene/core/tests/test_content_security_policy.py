"""Every response carries the policy: pages, error pages, feeds, files and refusals alike."""

import urllib.request
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import make_conversation
from convene.core.csp import checked_origins
from testsupport.live import serve_asgi

pytestmark = pytest.mark.django_db

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def conversation() -> Conversation:
    return make_conversation()


def test_pages_allow_only_the_sites_own_scripts_and_styles(visitor: Client) -> None:
    response = visitor.get(reverse("core:home"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-page/", 404),
        ("/blog/feed/rss/", 200),
        ("/events/calendar.ics", 200),
        ("/members/account/", 302),
        ("/conversations/better-in-the-north/results/", 200),
        ("/admin/", 302),
    ],
)
def test_error_pages_feeds_and_redirects_carry_the_policy_too(
    visitor: Client, conversation: Conversation, path: str, status: int
) -> None:
    response = visitor.get(path)

    assert response.status_code == status
    assert response["Content-Security-Policy"] == STRICT


def test_refusals_made_before_any_view_carry_the_policy(
    conversation: Conversation,
) -> None:
    # A form posted without its CSRF token, and a request for a host the site doesn't serve.
    refused = Client(enforce_csrf_checks=True).post(
        reverse("conversations:vote", args=[conversation.slug])
    )
    wrong_host = Client().get("/", headers={"host": "attacker.example"})

    assert refused.status_code == 403
    assert refused["Content-Security-Policy"] == STRICT
    assert wrong_host.status_code == 400
    assert wrong_host["Content-Security-Policy"] == STRICT


def test_with_debug_on_djangos_own_error_pages_may_use_their_inline_style(
    visitor: Client, settings: Any
) -> None:
    settings.DEBUG = True

    missing = visitor.get("/no-such-page/")
    home = visitor.get(reverse("core:home"))

    assert missing.status_code == 404
    assert "style-src 'self' 'unsafe-inline'" in missing["Content-Security-Policy"]
    assert home["Content-Security-Policy"] == STRICT


@pytest.mark.django_db(transaction=True)
def test_static_files_carry_the_policy() -> None:
    # An SVG opened on its own is a page: the policy keeps any script in it from running.
    with (
        serve_asgi() as server,
        urllib.request.urlopen(  # noqa: S310 (loopback)
            server + "/static/core/favicon.svg", timeout=10
        ) as answer,
    ):
        policy = answer.headers["Content-Security-Policy"]

    assert policy == STRICT


def test_listed_image_origins_may_serve_images_in_posts(
    visitor: Client, settings: Any
) -> None:
    settings.CSP_IMAGE_ORIGINS = ["https://images.example.org"]

    policy = visitor.get(reverse("core:home"))["Content-Security-Policy"]

    assert "img-src 'self' data: https://images.example.org;" in policy


@pytest.mark.parametrize(
    "value",
    ["'unsafe-inline'", "*", "https://a.example; script-src *", "example.org"],
)
def test_a_setting_that_is_not_a_plain_origin_stops_start_up(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="WALL_FRAME_ANCESTORS"):
        checked_origins("WALL_FRAME_ANCESTORS", [value])
