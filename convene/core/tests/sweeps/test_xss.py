"""No script anyone types runs in anyone's browser: the XSS sweep.

Every vector in `testsupport/xss.py` goes into every user-text field of every record a
visitor, member or staff form makes (`xss_records.py`), through the site's own forms and
services, and statements are also stored as they are. Then Chromium opens every page that
shows them, as a member and as staff, with the `__xss` hook and alert/confirm/prompt
installed before any page script, and looks for handlers and scripting URLs left live
in the markup too. Forms that send back what was typed are submitted with every vector.

The contexts bypass the Content-Security-Policy, so this proves the escaping itself: a
policy is a second line of defence, not a reason a vector may be left unescaped.
"""

import time
from typing import Any

import pytest
from django.contrib.auth.models import User

from convene.blog.models import Post
from convene.conversations.models import DiscussionGroup, TablePerson
from convene.core.tests.sweeps.browsing import persona_context, submit
from convene.core.tests.sweeps.xss_records import (
    DOOR,
    FIELD_NAMES,
    STATEMENTS,
    vote_on_every_statement,
)
from convene.core.tests.sweeps.xss_seed import seed_every_table
from convene.events.models import Registration
from convene.members.models import Member
from convene.members.tests.helpers import make_member
from testsupport import xss

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Admin change lists, by app and model: each shows the records' names in a table.
ADMIN_LISTS = [
    "themes/theme",
    "members/member",
    "auth/user",
    "blog/author",
    "blog/post",
    "events/series",
    "events/event",
    "events/venue",
    "events/speaker",
    "events/registration",
    "conversations/conversation",
    "conversations/discussiongroup",
    "conversations/statement",
]

# Forms that send the typed text back with their errors: (name, path, fields filled).
# Each field gets every vector at once, more than any field takes, so the form refuses it.
ECHOING_FORMS = [
    ("join", "/members/join/", ["name", "organisation", "contact_name", "phone", "bio", "website", "email"]),
    ("log in", "/members/login/", ["username"]),
    ("password reset", "/members/password-reset/", ["email"]),
    ("register", f"/events/{DOOR}/register/", ["name", "organisation", "access_needs", "email"]),
    ("add statement", f"/conversations/{STATEMENTS}/add/", ["text"]),
]  # fmt: skip
MEMBER_ECHOING_FORMS = [
    ("your profile", "/members/account/", ["name", "organisation", "contact_name", "phone", "bio", "website"]),
]  # fmt: skip
STAFF_ECHOING_FORMS = [
    ("admin search", "/admin/members/member/", ["q"]),
    ("check-in", f"/events/{DOOR}/check-in/", ["code"]),
    ("door search", f"/events/{DOOR}/door/", ["q"]),
    (
        "walk-in",
        f"/events/{DOOR}/door/walk-in/",
        ["name", "organisation", "access_needs", "phone"],
    ),
    (
        "phone-in",
        f"/events/{DOOR}/phone-in/",
        ["name", "organisation", "access_needs", "phone"],
    ),
    ("paper arrivals", f"/events/{DOOR}/door/paper/", ["codes"]),
    ("reject statement", f"/conversations/{STATEMENTS}/moderate/", ["reason"]),
]
ECHO_FIELDS = [
    f"{name} form: {field}"
    for name, _, fields in ECHOING_FORMS + MEMBER_ECHOING_FORMS + STAFF_ECHOING_FORMS
    for field in fields
]
ALL_FIELDS = FIELD_NAMES + ECHO_FIELDS

# Where the statements are shown: the member has voted on every one, so their list of
# votes shows them all, and the results and the wall the most agreed.
STATEMENT_PAGES = ["", "vote/", "your-votes/", "results/", "wall/"]


def _list_pages(path: str, count: int, per_page: int) -> list[str]:
    return [f"{path}?page={n}" for n in range(1, count // per_page + 2)]


def member_pages(record_pages: list[str]) -> list[str]:
    return [
        "/",
        *_list_pages("/blog/", Post.objects.count(), 10),
        "/blog/feed/rss/",
        "/events/",
        "/themes/",
        "/conversations/",
        *_list_pages("/members/", Member.objects.count(), 24),
        *(f"/conversations/{STATEMENTS}/{page}" for page in STATEMENT_PAGES),
        *dict.fromkeys(record_pages),
    ]


def staff_pages() -> list[str]:
    return [
        *(f"/admin/{model}/" for model in ADMIN_LISTS),
        f"/events/{DOOR}/attendees/",
        f"/events/{DOOR}/check-in/",
        # The door's search lists every arrival whose name has an "a" in it.
        f"/events/{DOOR}/door/?q=a",
        f"/conversations/{STATEMENTS}/moderate/",
        "/conversations/xss-moderated/moderate/",
        *_table_pages(),
    ]


def _table_pages() -> list[str]:
    """Every table's page, and the entry view of everyone at a table, with the event's
    list of tables: the names, topics, notes and labels the facilitators typed."""
    groups = DiscussionGroup.objects.select_related("event")
    people = TablePerson.objects.select_related("group__event")
    return [
        *(f"/events/{group.event.slug}/tables/" for group in groups),
        *(f"/events/{group.event.slug}/tables/{group.pk}/" for group in groups),
        *(
            f"/events/{p.group.event.slug}/tables/{p.group_id}/people/{p.pk}/"
            for p in people
        ),
    ]


def open_page(page: Any, watch: xss.Watch, url: str) -> int:
    response = page.goto(url)
    # A moment for what runs after load: a focus, a toggle, a timer.
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")
    watch.check_live_markup(page)
    return int(response.status) if response is not None else 0


def echo_forms(page: Any, watch: xss.Watch, base: str, forms: list[Any]) -> int:
    """Submit each form with every vector in each field (and passwords that differ, so a
    form with passwords refuses them); the pages that answer are checked."""
    for name, path, fields in forms:
        open_page(page, watch, base + path)
        values = {
            field: " ".join(xss.packed(ALL_FIELDS.index(f"{name} form: {field}"), None))
            for field in fields
        }
        for password, typed in (
            ("password", "one-password"),
            ("password_confirm", "another"),
        ):
            if page.locator(f"[name={password}]").count():
                values[password] = typed
        submit(page, values)
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")
        watch.check_live_markup(page)
    return 2 * len(forms)


def check_in_everyone(page: Any, watch: xss.Watch, base: str) -> int:
    """Each arrival's name and needs come back in a message at the door."""
    for registration in Registration.objects.filter(event__slug=DOOR):
        open_page(page, watch, f"{base}/events/{DOOR}/check-in/")
        submit(page, {"code": registration.code})
        watch.check_live_markup(page)
    return 2 * Registration.objects.filter(event__slug=DOOR).count()


def test_no_vector_runs_on_any_page(browser: Any, live_server: Any) -> None:
    """Run with the Content-Security-Policy bypassed (`bypass_csp=True`): the escaping and
    sanitising alone must stop every vector."""
    # given every vector in every field
    started = time.monotonic()
    seeded = seed_every_table()
    member = make_member(email="reader@example.org", name="Reader")
    vote_on_every_statement(member.user)
    staff = User.objects.create_superuser(
        "staff", "staff@example.org", "a-long-password"
    )
    base = live_server.url
    findings: list[xss.Finding] = []
    broken: list[str] = []
    loads = 0

    # when each persona opens every page that shows them, and sends the echoing forms
    personas = [
        (None, [], ECHOING_FORMS),
        (member.user, member_pages(seeded.pages), MEMBER_ECHOING_FORMS),
        (staff, staff_pages(), STAFF_ECHOING_FORMS),
    ]
    for user, pages, forms in personas:
        with persona_context(browser, base, user) as context:
            watch = xss.Watch(context)
            page = context.new_page()
            watch.watch_dialogs(page)
            for path in pages:
                if open_page(page, watch, base + path) != 200:
                    broken.append(path)
            loads += len(pages) + echo_forms(page, watch, base, forms)
            if user == staff:
                loads += check_in_everyone(page, watch, base)
            findings.extend(watch.findings)

    # then nothing ran, and nothing was left live for a click
    report = "\n".join(xss.describe(findings, ALL_FIELDS))
    assert not findings, f"{len(findings)} vectors got through:\n{report}"
    assert not broken, f"pages the sweep could not open: {broken}"
    print(  # noqa: T201 (the sweep's figures, shown with -s)
        f"XSS sweep: {len(xss.VECTORS)} vectors, {seeded.placed} placements stored "
        f"({seeded.refused} refused on the way in) and {len(ECHO_FIELDS) * len(xss.VECTORS)} "
        f"sent back by forms, {len(ALL_FIELDS)} fields, "
        f"{loads} page loads, {time.monotonic() - started:.0f} s"
    )
