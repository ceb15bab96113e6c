"""Every page state the demo can show, as each persona sees it, for the accessibility sweep.

A `State` opens a page and, optionally, sends its form (`send`: values by field name) or
presses a button (`press`; `swapped` if the page's script answers in place), then the page as it then stands is checked: so error states,
flash messages and empty states are checked as well as plain pages. States run in order
within a persona, so one may rely on what an earlier one did (a registration, a vote).
To check a new page, add one line to its persona's list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from convene.blog.models import Author, Post
from convene.conversations.demo import DEMO_SLUG
from convene.conversations.models import Conversation, DiscussionGroup, TablePerson
from convene.events.links import cancel_path, check_in_code_path
from convene.events.models import Registration
from convene.members.models import Member
from convene.themes.models import Theme


@dataclass(frozen=True)
class State:
    name: str
    path: str | Callable[[], str]
    send: dict[str, str] | None = None
    press: str = ""  # the name of a button to press
    swapped: str = ""  # what the page's script shows once a press is done in place
    missing: bool = False  # the page answers 404 on purpose

    def url(self) -> str:
        return self.path if isinstance(self.path, str) else self.path()


TALK = f"/conversations/{DEMO_SLUG}"
EVENT = "/events/community-voices-sheffield"
OTHER_EVENT = "/events/community-voices-newcastle"
VISITOR_EMAIL = "vi.visitor@example.org"
VOTED = (
    "[data-statement-card]:not([aria-busy])"  # vote.js swapped in the next statement
)


def _visitor_cancel_path() -> str:
    return cancel_path(Registration.objects.get(email=VISITOR_EMAIL))


def _first_post() -> str:
    return Post.objects.published().first().get_absolute_url()  # type: ignore[union-attr]  # the demo has posts


def _first_author() -> str:
    return Author.objects.first().get_absolute_url()  # type: ignore[union-attr]  # the demo has authors


def _first_theme() -> str:
    return Theme.objects.first().get_absolute_url()  # type: ignore[union-attr]  # the demo has themes


def _first_member() -> str:
    return Member.objects.in_directory().first().get_absolute_url()  # type: ignore[union-attr]  # the demo has members


def _a_ticket_at_the_door() -> str:
    registration = Registration.objects.filter(event__slug=EVENT.split("/")[-1]).first()
    return check_in_code_path(registration)  # type: ignore[arg-type]  # the demo event has registrations


def _a_table() -> str:
    table = DiscussionGroup.objects.get(
        event__slug=EVENT.split("/")[-1], name="Table 1"
    )
    return f"{EVENT}/tables/{table.pk}/"


def _entering_views_at_a_table() -> str:
    person = TablePerson.objects.filter(group__event__slug=EVENT.split("/")[-1]).first()
    return f"{EVENT}/tables/{person.group_id}/people/{person.pk}/"  # type: ignore[union-attr]  # the demo seats people


def _member_change_form() -> str:
    return f"/admin/members/member/{Member.objects.first().pk}/change/"  # type: ignore[union-attr]


def _conversation_change_form() -> str:
    conversation = Conversation.objects.get(slug=DEMO_SLUG)
    return f"/admin/conversations/conversation/{conversation.pk}/change/"


VISITOR = [
    State("home", "/"),
    State("news", "/blog/"),
    State("a post", _first_post),
    State("an author", _first_author),
    State("events", "/events/"),
    State("an event", EVENT),
    State("another event", OTHER_EVENT),
    State("a series", "/events/series/community-voices-in-the-north/"),
    State("registering", f"{OTHER_EVENT}/register/"),
    State("registering, with errors", f"{OTHER_EVENT}/register/", send={"name": "", "email": "not-an-address"}),
    State("a ticket, just registered", f"{OTHER_EVENT}/register/", send={"name": "Vi Visitor", "email": VISITOR_EMAIL}),
    State("cancelling", _visitor_cancel_path),
    State("cancelled (message)", _visitor_cancel_path, press="Yes, cancel my registration"),
    State("themes", "/themes/"),
    State("a theme", _first_theme),
    State("conversations", "/conversations/"),
    State("a conversation", f"{TALK}/"),
    State("results", f"{TALK}/results/"),
    State("the wall", f"{TALK}/wall/"),
    State("your votes, none yet", f"{TALK}/your-votes/"),
    State("joining", "/members/join/"),
    State("joining, with errors", "/members/join/", send={"email": "not-an-address", "password": "short", "password_confirm": "other"}),
    State("joined", "/members/join/", send={"kind": "individual", "email": "new.member@example.org", "password": "a-long-new-password", "password_confirm": "a-long-new-password", "name": "New Member", "region": "north-west"}),
    State("logging in", "/members/login/"),
    State("logging in, refused", "/members/login/", send={"username": "nobody@example.org", "password": "not-the-password"}),
    State("password reset", "/members/password-reset/"),
    State("password reset sent", "/members/password-reset/", send={"email": "nobody@example.org"}),
    State("resending the email link", "/members/verify/resend/"),
    State("an email link that failed", "/members/verify/not-a-real-token/"),
    State("the directory, locked", "/members/"),
    State("a password-reset link that failed", "/members/password-reset/MQ/not-a-token/"),
    State("a page that isn't there", "/no-such-page/", missing=True),
    State("the privacy notice", "/privacy/"),
    State("a renew link that failed", "/members/renew/not-a-token/"),
    State("staff log-in", "/admin/login/"),
]  # fmt: skip

ANONYMOUS_PARTICIPANT = [
    State("voting", f"{TALK}/vote/"),
    State("voting, after a vote", f"{TALK}/vote/", press="Agree", swapped=VOTED),
    State("voting, another vote", f"{TALK}/vote/", press="Disagree", swapped=VOTED),
    State("your votes", f"{TALK}/your-votes/"),
    State("your vote changed (message)", f"{TALK}/your-votes/", press="Pass / unsure"),
    State("adding a statement", f"{TALK}/add/"),
    State("adding a statement, refused", f"{TALK}/add/", send={"text": "<b>Parks</b> matter"}),
    State("statement added (message)", f"{TALK}/add/", send={"text": "Libraries should open on Sunday afternoons for families."}),
    State("the conversation, having taken part", f"{TALK}/"),
]  # fmt: skip

MEMBER = [
    State("home, logged in", "/"),
    State("your account", "/members/account/"),
    State("your profile saved (message)", "/members/account/", press="Save your profile"),
    State("your profile, with errors", "/members/account/", send={"name": "", "website": "not a web address"}),
    State("the directory", "/members/"),
    State("the directory, filtered to nobody", "/members/?region=elsewhere"),
    State("a member", _first_member),
    State("leaving", "/members/account/leave/"),
    State("leaving, without choosing about votes", "/members/account/leave/", press="Delete my account and leave"),
    State("registering, as a member", f"{OTHER_EVENT}/register/"),
    State("a ticket, as a member", f"{OTHER_EVENT}/register/", send={"access_needs": "A seat near the front."}),
    State("an event you are going to", f"{OTHER_EVENT}/"),
    State("your votes, as a member", f"{TALK}/your-votes/"),
    State("voting, as a member", f"{TALK}/vote/"),
]  # fmt: skip

STAFF = [
    State("admin", "/admin/"),
    State("admin: posts", "/admin/blog/post/"),
    State("admin: a new post", "/admin/blog/post/add/"),
    State("admin: a new post, with errors", "/admin/blog/post/add/", send={"title": ""}),
    State("admin: events", "/admin/events/event/"),
    State("admin: registrations", "/admin/events/registration/"),
    State("admin: members", "/admin/members/member/"),
    State("admin: a member", _member_change_form),
    State("admin: a new event", "/admin/events/event/add/"),
    State("admin: a conversation", _conversation_change_form),
    State("admin: conversations", "/admin/conversations/conversation/"),
    State("admin: statements", "/admin/conversations/statement/"),
    State("admin: themes", "/admin/themes/theme/"),
    State("admin: accounts", "/admin/auth/user/"),
    State("the directory, as staff", "/members/"),
    State("a member, as staff", _first_member),
    State("attendees", f"{EVENT}/attendees/"),
    State("the door", f"{EVENT}/check-in/"),
    State("the door: search", f"{EVENT}/door/?q=a"),
    State("the door: a search that finds nobody", f"{EVENT}/door/?q=zzzz"),
    State("the door: a walk-in", f"{EVENT}/door/walk-in/"),
    State("the door: a walk-in without a name", f"{EVENT}/door/walk-in/", send={"name": ""}),
    State("the door: paper arrivals", f"{EVENT}/door/paper/"),
    State("someone who phoned", f"{EVENT}/phone-in/"),
    State("the tables", f"{EVENT}/tables/"),
    State("a table, for its facilitator", _a_table),
    State("a table: someone added without a name", _a_table, send={"label": ""}),
    State("entering someone's views at a table", _entering_views_at_a_table),
    State("someone who phoned, with errors", f"{EVENT}/phone-in/", send={"name": ""}),
    State("what retention will erase next", "/members/retention/"),
    State("admin: memberships", "/admin/members/membership/"),
    State("admin: membership types", "/admin/members/membershiptype/"),
    State("admin: membership figures", "/admin/members/membership/figures/"),
    State("the door, an unknown code", f"{EVENT}/check-in/", send={"code": "ZZZZZZ"}),
    State("a ticket's code at the door", _a_ticket_at_the_door),
    State("moderating", f"{TALK}/moderate/"),
    State("moderating, a rejection without a reason", f"{TALK}/moderate/", send={"reason": ""}),
    State("a draft-free conversation page, for staff", f"{TALK}/"),
    State("conversation closed (message)", f"{TALK}/", press="Close the conversation"),
    State("voting, closed", f"{TALK}/vote/"),
    State("the wall, closed", f"{TALK}/wall/"),
    State("conversation opened again (message)", f"{TALK}/", press="Open it again"),
]  # fmt: skip
