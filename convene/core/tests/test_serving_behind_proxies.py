"""Who the server takes a request to come from, as `convene serve` runs uvicorn.

A proxy on the same host reaches the site from 127.0.0.1, the address uvicorn trusts for
forwarded headers by default; the email forms' per-client limit shows whose address counts.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.urls import reverse

from convene.core.serving import trusts_proxy_headers
from testsupport.live import serve_asgi

pytestmark = pytest.mark.django_db(transaction=True)  # the server shares the database


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _ask_for_reset(server: str, email: str, forwarded_for: str) -> int:
    """Post the password-reset form as a proxy would forward it; the answer's status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects
    )
    url = server + reverse("members:password-reset")
    with opener.open(url, timeout=10) as page:
        match = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()
        )
    assert match is not None
    form = {"csrfmiddlewaretoken": match[1], "email": email}
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"X-Forwarded-For": forwarded_for},
    )
    try:
        with opener.open(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:  # the redirect after success, or a refusal
        return error.code


@pytest.fixture
def limited_to_one(settings: Any) -> None:
    settings.EMAILS_PER_IP_PER_HOUR = 1


@pytest.mark.usefixtures("limited_to_one")
def test_without_trusted_proxies_a_forwarded_for_header_does_not_escape_the_limit() -> (
    None
):
    with serve_asgi(proxy_headers=trusts_proxy_headers()) as server:
        first = _ask_for_reset(server, "a@example.org", "198.51.100.1")
        second = _ask_for_reset(server, "b@example.org", "198.51.100.2")

    # Both come from 127.0.0.1, whatever the header says: the second is over the limit.
    assert [first, second] == [302, 429]


@pytest.mark.usefixtures("limited_to_one")
def test_behind_one_proxy_each_forwarded_client_has_its_own_allowance(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    with serve_asgi(proxy_headers=trusts_proxy_headers()) as server:
        # What the client wrote is kept; the proxy appends the address it saw, which counts.
        first = _ask_for_reset(server, "a@example.org", "203.0.113.9, 198.51.100.1")
        second = _ask_for_reset(server, "b@example.org", "203.0.113.9, 198.51.100.2")
        again = _ask_for_reset(server, "c@example.org", "203.0.113.8, 198.51.100.1")

    assert [first, second, again] == [302, 302, 429]
