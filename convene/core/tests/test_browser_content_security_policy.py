"""Every page state keeps to the Content-Security-Policy, in Chromium, scripts and pushes included.

Chromium reports each thing the policy blocks twice: as a `securitypolicyviolation` event in
the page and as an error on the console. Both are collected from the demo's pages as a visitor,
a member and staff see them, while their scripts run: a vote sent with fetch, the statement box
counting, the wall taking a pushed update, the admin's widgets and messages. A blocked inline
style or script shows up here.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.conversations import live
from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import make_participant, seeds, vote
from convene.core.demo import DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, load_demo
from convene.events.models import Event
from convene.members.models import Member
from testsupport.live import serve_asgi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${event.sample}`
    );
});
"""


class PolicyWatch:
    """A browser context whose pages report what the policy blocked, page by page."""

    def __init__(self, browser: Any, server: str) -> None:
        self.server = server
        self.context = browser.new_context()
        self.context.add_init_script(WATCH_FOR_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.console: list[str] = []
        self.page.on("console", self._on_console)
        self.blocked: dict[str, list[str]] = {}
        self.visited: list[str] = []

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def log_in(self, client: Client) -> None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": self.server,
                }
            ]
        )

    def open(self, path: str, status: int = 200) -> Any:
        response = self.page.goto(self.server + path)
        assert response is not None
        assert response.status == status, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        return self.page

    def record(self) -> None:
        """Note what was blocked on the page open now (call after its scripts have run)."""
        found = [*self.page.evaluate("window.cspViolations"), *self.console]
        self.console.clear()
        path = self.page.url.removeprefix(self.server)
        self.visited.append(path)
        if found:
            self.blocked[path] = found

    def visit(self, *paths: str, status: int = 200) -> None:
        for path in paths:
            self.open(path, status)
            self.page.wait_for_load_state("load")
            self.record()


@pytest.fixture
def server() -> Iterator[str]:
    load_demo()
    with serve_asgi() as url:
        live.reset_throttle()
        try:
            yield url
        finally:
            live.reset_throttle()


@pytest.fixture
def watch(browser: Any, server: str) -> Iterator[PolicyWatch]:
    watch = PolicyWatch(browser, server)
    try:
        yield watch
    finally:
        watch.context.close()


def demo_conversation() -> Conversation:
    return Conversation.objects.get()


def test_pages_for_visitors_members_and_staff_keep_to_the_policy(
    watch: PolicyWatch,
) -> None:
    visit_public_pages(watch)
    visit_member_pages(watch)
    watch.context.clear_cookies()
    visit_staff_pages(watch)

    assert watch.blocked == {}
    assert len(watch.visited) == 23


def visit_public_pages(watch: PolicyWatch) -> None:
    conversation = demo_conversation()
    post = Post.objects.published().first()
    event = Event.objects.published().order_by("starts_at").first()
    assert post is not None
    assert event is not None
    watch.visit(
        reverse("core:home"),
        reverse("blog:list"),
        reverse("blog:detail", args=[post.slug]),
        reverse("events:list"),
        reverse("events:detail", args=[event.slug]),
        reverse("themes:list"),
        reverse("conversations:list"),
        reverse("conversations:detail", args=[conversation.slug]),
        reverse("conversations:results", args=[conversation.slug]),
        reverse("members:join"),
        reverse("members:login"),
    )
    watch.visit("/no-such-page/", status=404)


def visit_member_pages(watch: PolicyWatch) -> None:
    member = Member.objects.filter(user__is_staff=False).first()
    assert member is not None
    client = Client()
    client.force_login(member.user)
    watch.log_in(client)
    watch.visit(
        reverse("members:account"),
        reverse("members:directory"),
        reverse("members:detail", args=[member.pk]),
        reverse("conversations:my-votes", args=[demo_conversation().slug]),
    )


def visit_staff_pages(watch: PolicyWatch) -> None:
    """Staff log in through the admin's own form, then use its widgets and their pages."""
    conversation = demo_conversation()
    post = Post.objects.first()
    event = Event.objects.published().order_by("starts_at").first()
    assert post is not None
    assert event is not None
    page = watch.open(reverse("admin:login"))
    page.locator("#id_username").fill(DEMO_STAFF_EMAIL)
    page.locator("#id_password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(watch.server + reverse("admin:index"))
    watch.record()
    page = watch.open(reverse("admin:blog_post_change", args=[post.pk]))
    page.get_by_role("link", name="Today").first.click()
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()  # a flash message
    watch.record()
    page = watch.open(reverse("admin:blog_post_add"))
    page.get_by_label("Title").fill("A new post")
    watch.record()
    watch.visit(
        reverse("admin:conversations_conversation_change", args=[conversation.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("conversations:moderate", args=[conversation.slug]),
        reverse("events:check-in", args=[event.slug]),
    )


def test_voting_adding_a_statement_and_the_live_wall_keep_to_the_policy(
    watch: PolicyWatch, browser: Any, server: str
) -> None:
    conversation = demo_conversation()
    wall = PolicyWatch(browser, server)
    try:
        # given: the wall on the projector, its socket open
        wall.open(reverse("conversations:wall", args=[conversation.slug]))
        wall.page.wait_for_selector("[data-live-socket][data-live-state=open]")
        votes_before = wall.page.inner_text('[data-total="votes"]')

        # when: someone votes with the page's script, then starts a statement
        page = watch.open(reverse("conversations:vote", args=[conversation.slug]))
        page.wait_for_selector("[data-live-socket][data-live-state=open]")
        first = page.inner_text("[data-statement-text]")
        page.get_by_role("button", name="Agree", exact=True).click()
        page.wait_for_function(
            "text => document.querySelector('[data-statement-text]')"
            ".textContent.trim() !== text",
            arg=first.strip(),
        )
        watch.record()
        page = watch.open(
            reverse("conversations:add-statement", args=[conversation.slug])
        )
        page.get_by_label("Your statement").fill("Hold one meeting a year online")
        page.get_by_text("characters left").wait_for()
        watch.record()

        # then: the wall takes the pushed totals and map, and nothing was blocked anywhere
        wall.page.wait_for_function(
            "before => document.querySelector('[data-total=\"votes\"]')"
            ".textContent.trim() !== before",
            arg=votes_before.strip(),
        )
        _push_a_new_map(conversation)
        wall.page.wait_for_function(
            # A function, not an expression: Playwright evals a polled expression in the
            # page, which the policy refuses.
            "id => document.querySelectorAll(`#${id} .swatch`).length > 0",
            arg=live.WALL_MAP,
        )
        wall.record()
        assert watch.blocked == {}
        assert wall.blocked == {}
    finally:
        wall.context.close()


def _push_a_new_map(conversation: Conversation) -> None:
    """Votes from a new participant: the map is computed again and pushed to the wall."""
    participant = make_participant(conversation)
    for statement in seeds(conversation)[:5]:
        vote(participant, statement, 1)
