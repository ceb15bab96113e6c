"""Every route, opened by every persona, answers as the route table says, and no page shows
anyone a secret that is not theirs."""

import pytest
from django.http import HttpResponse, HttpResponseBase

from convene.core.tests import route_table
from convene.core.tests.route_table import ADMIN_EXCEPTIONS, ADMIN_SITE, ROUTES, Row
from convene.core.tests.route_world import World, build_world
from convene.core.tests.site_routes import SiteRoute, address, site_routes
from testsupport.personas import MEMBER_PHONE, PERSONA_NAMES

TABLE = "convene/core/tests/route_table.py"


def rows_for(route: SiteRoute) -> list[Row]:
    if route.in_admin:
        exceptions = [row for row in ADMIN_EXCEPTIONS if row.route == route.key]
        return exceptions or [ADMIN_SITE]
    return [row for row in ROUTES if row.route == route.key]


def outcome(response: HttpResponseBase) -> str:
    """How the route table writes what came back."""
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    if location.startswith("/admin/login/"):
        return route_table.ADMIN_LOG_IN
    if location.startswith("/members/login/"):
        return route_table.LOG_IN
    return route_table.REDIRECT


def test_every_url_pattern_has_a_row() -> None:
    missing = [
        f"{route.key} ({route.path})" for route in site_routes() if not rows_for(route)
    ]
    assert not missing, (
        f"URL patterns with no row in {TABLE}; add one saying what each persona gets: "
        + ", ".join(missing)
    )


def test_every_row_names_a_url_pattern_that_exists() -> None:
    keys = {route.key for route in site_routes()}
    stale = [row.route for row in [*ROUTES, *ADMIN_EXCEPTIONS] if row.route not in keys]
    assert not stale, (
        f"Rows in {TABLE} for URL patterns the site no longer has: {', '.join(stale)}"
    )


def test_every_row_says_what_each_persona_gets() -> None:
    silent = [
        f"{row.route} [{row.subject}]: {persona}"
        for row in [*ROUTES, ADMIN_SITE, *ADMIN_EXCEPTIONS]
        for persona in PERSONA_NAMES
        if not row.expected_for(persona)
    ]
    assert not silent, f"Rows in {TABLE} with no outcome for: {', '.join(silent)}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_each_route_answers_the_persona_as_the_table_says(persona: str) -> None:
    # given a world with something of every kind, in every state
    world = build_world()
    client = world.client_for(persona)
    wrong: list[str] = []
    leaks: list[str] = []
    # when the persona opens every route
    for route in site_routes():
        for row in rows_for(route):
            url = address(route, world.subjects[row.subject])
            response = client.get(url)
            got, expected = outcome(response), row.expected_for(persona)
            if got != expected:
                wrong.append(
                    f"{route.key} [{row.subject}] {url}: {got}, table says {expected}"
                )
            leaks += _secrets_shown(world, persona, url, response)
    # then each answers as written, and none shows a secret that isn't the persona's
    assert not wrong, f"As {persona}:\n" + "\n".join(wrong)
    assert not leaks, f"As {persona}:\n" + "\n".join(leaks)


def test_every_subject_the_table_names_is_in_the_world(db: None) -> None:
    world = build_world()
    unknown = {row.subject for row in [*ROUTES, *ADMIN_EXCEPTIONS]} - set(
        world.subjects
    )
    assert not unknown, f"Subjects route_world.py does not build: {sorted(unknown)}"


def test_another_member_cannot_change_the_first_members_profile(db: None) -> None:
    # given the other member, logged in
    world = build_world()
    client = world.client_for("other_member")
    mina, other = world.users["member"], world.users["other_member"]
    assert mina is not None
    assert other is not None
    taken_over = {"kind": "individual", "name": "Taken Over", "region": "north-east"}
    # when they post a new name to every address that names the first member's entry
    for url in [
        f"/members/{mina.member.pk}/",
        f"/admin/members/member/{mina.member.pk}/change/",
        "/members/account/",
    ]:
        client.post(url, taken_over)
    # then only their own profile has changed
    other.member.refresh_from_db()
    assert other.member.name == "Taken Over"
    mina.member.refresh_from_db()
    assert mina.member.name == "Mina Member"
    assert mina.member.phone == MEMBER_PHONE


def _secrets_shown(
    world: World, persona: str, url: str, response: HttpResponseBase
) -> list[str]:
    if not isinstance(response, HttpResponse):
        return []  # only staff download the streamed exports
    body = response.content.decode(errors="replace")
    return [
        f"{url} shows {secret.what}"
        for secret in world.secrets
        if persona not in secret.seen_by and secret.text in body
    ]
