"""Every form of the site, posted malformed values, answers below 500.

The forms are found as a browser finds them: each page a persona may open (the route table
says which) is read for its POST forms, and so are the admin's add and change pages of the
site's own models. Each form then gets Hypothesis's malformed bodies (control characters, lone
surrogates, huge and non-ASCII text, numbers out of range, wrong types, impossible dates,
fields left out or sent twice) and a few bodies no form makes.
"""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from convene.core.tests.fuzzing import (
    ENDING,
    JUNK_PAYLOADS,
    encode_form,
    form_bodies,
    fuzz_settings,
    server_error,
)
from convene.core.tests.page_forms import PageForm, post_forms
from convene.core.tests.route_table import ADMIN_EXCEPTIONS, OK, POST_ONLY, ROUTES
from convene.core.tests.route_world import World, build_world
from convene.core.tests.site_routes import SiteRoute, address, site_routes

EXAMPLES_PER_FORM = 40
# The admin's pages are long: each costs several of the site's own.
EXAMPLES_PER_ADMIN_FORM = 16
FORM_BODY = "application/x-www-form-urlencoded"
# The admin's add and change forms of the site's main models.
ADMIN_MODELS = [
    "blog_post",
    "conversations_conversation",
    "conversations_statement",
    "events_event",
    "events_registration",
    "members_member",
    "themes_theme",
]

# Who the forms are posted as: the participant's forms are the visitor's, the other
# member's the member's; the moderator stands for the roles (its alerts choice is its own).
PERSONAS = ["visitor", "member", "moderator", "facilitator", "staff"]
# The forms each persona must find; a crawl that finds fewer is broken, not passing.
KNOWN_FORMS = {
    "visitor": {
        "members:join",
        "members:login",
        "members:password-reset",
        "members:resend-verification",
        "events:register",
        "events:cancel",
        "conversations:vote",
        "conversations:add-statement",
    },
    "member": {"members:account", "members:leave", "members:logout", "members:renew"},
    "moderator": {"members:role-alerts", "conversations:moderate-reject"},
    "facilitator": {
        "events:table-notes",
        "events:table-people",
        "events:table-entry",
    },
    "staff": {
        "events:check-in",
        "events:door-check-in",
        "events:team",
        "events:check-in-code",
        "events:tables",
        "events:tables-share-out",
        "events:table-publish",
        "events:table-facilitator",
        "conversations:open-or-close",
        "conversations:seed",
        "conversations:moderate-accept",
        "conversations:moderate-reject",
        "conversations:moderate-meta",
        "admin:blog_post_add",
        "admin:blog_post_change",
        "admin:events_event_change",
        "admin:members_member_change",
        "admin:conversations_conversation_add",
    },
}


def forms_for(world: World, persona: str) -> list[PageForm]:
    """One form per URL pattern it posts to, from every page the persona may open."""
    client = world.client_for(persona)
    found: dict[str, PageForm] = {}
    for url in _pages_for(world, persona):
        response = client.get(url, follow=True)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            page = response.request["PATH_INFO"]
            for form in post_forms(page, response.content.decode()):
                found.setdefault(form.route, form)
    # Those that end the session or the account go last, so the others are posted logged in.
    return sorted(
        found.values(),
        key=lambda form: ENDING.index(form.route) if form.route in ENDING else -1,
    )


def _pages_for(world: World, persona: str) -> list[str]:
    by_key = {route.key: route for route in site_routes()}
    pages = [
        address(by_key[row.route], world.subjects[row.subject])
        for row in ROUTES
        if row.expected_for(persona) == OK
        or row.route == "members:password-reset-confirm"  # on to the new-password form
    ]
    if persona == "staff":
        pages += [address(route, {}) for route in _admin_form_pages()]
        # The door's check-in buttons come with a search's results.
        pages.append(
            address(by_key["events:door"], world.subjects["published event"])
            + "?q=Tara"
        )
    return pages


def _admin_form_pages() -> list[SiteRoute]:
    return [
        route
        for route in site_routes()
        for model in ADMIN_MODELS
        if route.key in {f"admin:{model}_add", f"admin:{model}_change"}
    ]


def _fuzz(client: Client, form: PageForm) -> str:
    """Hypothesis's malformed bodies posted to the form: the first 5xx, shrunk, or ""."""

    in_admin = form.route.startswith("admin:")

    @fuzz_settings(EXAMPLES_PER_ADMIN_FORM if in_admin else EXAMPLES_PER_FORM)
    @given(body=form_bodies(form.fields), enhanced=st.booleans())
    def post(body: list[tuple[str, str]], enhanced: bool) -> None:
        headers = {"X-Requested-With": "fetch"} if enhanced else {}
        response = client.post(
            form.action, encode_form(body), content_type=FORM_BODY, headers=headers
        )
        problem = server_error(response, f"POST {form.action} {body!r}")
        assert not problem, problem

    try:
        post()
    except AssertionError as failure:
        return f"{form.route}: {failure}"
    return ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_form_survives_malformed_values(persona: str) -> None:
    world = build_world()
    forms = forms_for(world, persona)
    missing = KNOWN_FORMS[persona] - {form.route for form in forms}
    assert not missing, f"As {persona}, no page showed a form posting to {missing}"
    problems = [_fuzz(world.client_for(persona), form) for form in forms]
    assert not any(problems), "\n\n".join(filter(None, problems))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_form_survives_bodies_no_form_makes(persona: str) -> None:
    world = build_world()
    problems = []
    for form in forms_for(world, persona):
        client = world.client_for(persona)
        for content_type, payload in JUNK_PAYLOADS:
            response = client.post(form.action, payload, content_type=content_type)
            problems.append(server_error(response, f"{content_type} to {form.action}"))
    assert not any(problems), "\n\n".join(filter(None, problems))


@pytest.mark.django_db
def test_every_route_that_only_takes_a_post_has_a_form_to_fuzz() -> None:
    world = build_world()
    found = {form.route for persona in PERSONAS for form in forms_for(world, persona)}
    post_only = {
        row.route
        for row in [*ROUTES, *ADMIN_EXCEPTIONS]
        for persona in PERSONAS
        if row.expected_for(persona) == POST_ONLY
    }
    assert not post_only - found, (
        f"No page has a form posting to {sorted(post_only - found)}: fuzz it here"
    )


@pytest.mark.django_db
def test_every_form_refuses_a_forged_csrf_token() -> None:
    world = build_world()
    for persona in PERSONAS:
        for form in forms_for(world, persona):
            client = Client(enforce_csrf_checks=True, raise_request_exception=False)
            if user := world.users[persona]:
                client.force_login(user)
            body = dict(form.fields) | {"csrfmiddlewaretoken": "\x00" + "A" * 63}
            response = client.post(form.action, body)
            assert response.status_code == 403, (
                f"{persona}: {form.route} took a forged token"
            )
