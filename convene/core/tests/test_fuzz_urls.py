"""Every URL pattern, its arguments and query string malformed, answers below 500.

Each argument gets what its converter lets through and what it doesn't: huge and negative
numbers, non-ASCII and over-long slugs and tokens, control characters and percent-encoded
junk; the query string gets the site's own parameters (page, theme, order...) spoilt alike.
"""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from convene.core.tests.fuzzing import (
    ENDING,
    encode_form,
    fuzz_settings,
    malformed_text,
    server_error,
)
from convene.core.tests.route_world import World, build_world
from convene.core.tests.site_routes import ADMIN_CATCH_ALL, SiteRoute, site_routes

EXAMPLES_PER_ROUTE = 16
# The admin's patterns repeat the same few views for each model.
EXAMPLES_PER_ADMIN_ROUTE = 6
PERSONAS = ["visitor", "member", "staff"]
# The query parameters the site's pages read, and the admin's lists.
PARAMETERS = ["page", "theme", "order", "region", "next", "email", "o", "p", "q", "e"]
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")

numbers = st.one_of(
    st.sampled_from(["0", "-1", "2147483648", "9223372036854775808", "9" * 40]),
    st.integers(min_value=0, max_value=10**30).map(str),
)
# Raw, not encoded again: a percent sign and what follows reach the site as sent.
percent_junk = st.sampled_from(
    ["%ff", "%00", "%ZZ", "%", "%c0%af", "%e2%80%ae", "%2e%2e%2f"]
)


@st.composite
def argument(draw: Callable[..., Any], converter: str) -> str:
    """One URL argument, already encoded for the path."""
    if converter == "int" and draw(st.booleans()):
        return str(draw(numbers))
    if draw(st.integers(0, 4)) == 0:
        return str(draw(percent_junk))
    text = draw(st.one_of(malformed_text, st.text(min_size=1, max_size=30)))
    encoded = quote(
        text.encode("utf-8", "surrogatepass"), safe="/" if converter == "path" else ""
    )
    return encoded or "-"


@st.composite
def addresses(draw: Callable[..., Any], route: SiteRoute) -> str:
    if route.key == "admin:app_list":
        path = f"/admin/{draw(argument('str'))}/"
    elif route.key == ADMIN_CATCH_ALL:
        path = f"/admin/{draw(argument('path'))}"
    else:
        path = "/" + _ARGUMENT.sub(
            lambda match: draw(argument(match[1] or "str")), route.path
        )
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(PARAMETERS) | malformed_text, malformed_text),
            max_size=3,
        )
    )
    return path + ("?" + encode_form(pairs).decode() if pairs else "")


def _fuzz(world: World, route: SiteRoute) -> str:
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    # An empty POST reaches every view that takes one and confirms nothing, except leaving.
    methods = ["GET"] if route.key in ENDING else ["GET", "POST"]

    @fuzz_settings(EXAMPLES_PER_ADMIN_ROUTE if route.in_admin else EXAMPLES_PER_ROUTE)
    @given(
        url=addresses(route),
        persona=st.sampled_from(PERSONAS),
        method=st.sampled_from(methods),
    )
    def request(url: str, persona: str, method: str) -> None:
        client: Client = clients[persona]
        response = client.get(url) if method == "GET" else client.post(url)
        problem = server_error(response, f"{method} {url} as {persona}")
        assert not problem, problem

    try:
        request()
    except AssertionError as failure:
        return f"{route.key} ({route.path}): {failure}"
    return ""


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["site", "admin"])
def test_every_url_survives_malformed_arguments(part: str) -> None:
    world = build_world()
    routes = [route for route in site_routes() if route.in_admin == (part == "admin")]
    problems = [_fuzz(world, route) for route in routes]
    assert not any(problems), "\n\n".join(filter(None, problems))
