"""A small, real world for walking every route: something of every kind, in every state.

Built through the site's own services, as the demo is. Each thing a URL can point at is a
*subject*, named as the route table names it ("draft post", "closed conversation"), with the
URL arguments that reach it. Each text that only some personas may read is a `Secret`.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult, get_date_max

from convene.blog.models import Post
from convene.blog.services import create_author, create_post
from convene.conversations.models import Conversation, DiscussionGroup
from convene.conversations.organising import (
    create_conversation,
    create_discussion_group,
    reject_statement,
    set_conversation_open,
)
from convene.conversations.services import (
    check_add_statement,
    get_or_create_participant,
)
from convene.events.links import CANCEL_SALT, TICKET_SALT
from convene.events.models import Event
from convene.events.services import (
    create_event,
    create_series,
    create_speaker,
    create_venue,
    register_attendee,
)
from convene.events.tables import add_person, give_facilitator, save_notes
from convene.members.membership_tokens import renewal_token
from convene.members.models import Member, Membership, Role
from convene.members.privacy import publish_privacy_notice
from convene.members.services import Profile, join_member
from convene.members.team import give_role
from convene.members.tokens import invitation_token, verification_token
from convene.themes.services import create_theme
from testsupport.personas import (
    DOOR_VOLUNTEER_EMAIL,
    FACILITATOR_EMAIL,
    MEMBER_EMAIL,
    MEMBER_PHONE,
    MODERATOR_EMAIL,
    ORGANISER_EMAIL,
    OTHER_MEMBER_EMAIL,
    OTHER_MEMBER_PHONE,
    PERSONAS,
    make_member_user,
)

# Texts only some may read. Staff-only texts are written so that no slug or page echoes them.
ACCESS_NEEDS = "A seat beside the hearing loop, please, and a vegan lunch"
HIDDEN_MEMBER_NAME = "Harriet Unlisted-Entry"
DRAFT_TITLE = "Plans still being drafted for spring"
SCHEDULED_TITLE = "An announcement that waits for Monday"
UNPUBLISHED_EVENT_TITLE = "Trustees awayday at a venue not yet booked"
UNPUBLISHED_QUESTION = "Which budget line should we cut first next year?"
TABLE_NOTES = "Unpublished notes: people asked for buses after six."
PENDING_STATEMENT = "This statement waits for a moderator to read it."
REJECTION_REASON = "Names a person who asked not to be named"

OPEN_SEEDS = [
    "Funders should commit for five years, not one.",
    "Residents should sit on the boards that fund local projects.",
]


@dataclass(frozen=True)
class Secret:
    text: str
    what: str
    seen_by: frozenset[str]  # the personas who may read it; no one else may


@dataclass
class World:
    users: dict[str, User | None]
    subjects: dict[str, dict[str, object]]
    secrets: list[Secret]
    open_conversation: Conversation

    def client_for(self, persona_name: str) -> Client:
        persona = next(p for p in PERSONAS if p.name == persona_name)
        client = persona.client(self.users[persona_name])
        if persona.takes_part:
            take_part(client, self.open_conversation)
        return client


def take_part(client: Client, conversation: Conversation) -> None:
    """Vote on the conversation's first statement as the page's form does: the answer
    leaves the participant's cookie in this browser."""
    first = conversation.statements.order_by("pk").first()
    assert first is not None
    response = client.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": first.pk, "choice": 1},
    )
    assert response.status_code == 302, response.status_code


def build_world() -> World:
    users = {persona.name: persona.make_user() for persona in PERSONAS}
    theme = create_theme("Climate and nature", explanation="Rivers, floods and energy.")
    subjects: dict[str, dict[str, object]] = {"-": {}, "theme": {"slug": theme.slug}}
    subjects |= _members(users)
    subjects |= _events(users)
    subjects |= _posts()
    open_conversation, conversation_subjects = _conversations()
    subjects |= conversation_subjects
    subjects |= _give_roles(users, subjects, open_conversation)
    # Rows for the admin's pages of the few models nothing above makes.
    Group.objects.create(name="Door volunteers")
    DBTaskResult.objects.create(
        task_path="convene.conversations.tasks.update_opinion_map",
        args_kwargs={"args": [open_conversation.pk], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),  # what the queue stores for "as soon as possible"
    )
    publish_privacy_notice("## Who we are\n\nA community network in the north.")
    return World(users, subjects, _secrets(), open_conversation)


def _secrets() -> list[Secret]:
    def secret(text: str, what: str, *seen_by: str) -> Secret:
        return Secret(text, what, frozenset({*seen_by, "staff"}))

    return [
        # The organiser of an event the member registered for has their address, to
        # write to them about it; the door team of that event never does.
        secret(MEMBER_EMAIL, "member's hidden email", "member", "organiser"),
        secret(MEMBER_PHONE, "member's hidden phone", "member"),
        secret(OTHER_MEMBER_EMAIL, "other member's hidden email", "other_member"),
        secret(OTHER_MEMBER_PHONE, "other member's hidden phone", "other_member"),
        secret(
            ACCESS_NEEDS,
            "member's access needs at an event",
            "member",
            "door_volunteer",
            "organiser",
        ),
        secret(HIDDEN_MEMBER_NAME, "a member hidden from the directory"),
        secret(DRAFT_TITLE, "a draft post's title"),
        secret(SCHEDULED_TITLE, "a scheduled post's title"),
        secret(UNPUBLISHED_EVENT_TITLE, "an unpublished event's title"),
        secret(UNPUBLISHED_QUESTION, "an unpublished conversation's question"),
        secret(PENDING_STATEMENT, "a statement waiting for moderation"),
        secret(REJECTION_REASON, "a moderator's reason for rejecting"),
        secret(TABLE_NOTES, "a table's unpublished notes", "facilitator", "organiser"),
    ]


def _members(users: dict[str, User | None]) -> dict[str, dict[str, object]]:
    member, other = users["member"], users["other_member"]
    assert member is not None
    assert other is not None
    hidden = make_member_user(
        "harriet@example.org", name=HIDDEN_MEMBER_NAME, listed_in_directory=False
    )
    waiting = join_member(
        "una.unverified@example.org",
        password=None,
        profile=Profile(kind=Member.Kind.INDIVIDUAL, name="Una", region="north-west"),
    )
    # The member's membership ends within the month, so their account offers renewal.
    today = timezone.localdate()
    Membership.objects.filter(member=member.member).update(
        status=Membership.Status.ACTIVE,
        started_on=today - timedelta(days=350),
        expires_on=today + timedelta(days=14),
    )
    return {
        "member's entry": {"pk": member.member.pk},
        "other member's entry": {"pk": other.member.pk},
        "member hidden from the directory": {"pk": hidden.member.pk},
        "member's verification link": {"token": verification_token(waiting)},
        "renew link of a membership not yet started": {
            "token": renewal_token(hidden.member.membership)
        },
        # Harriet's: she never logs in here, which would spend the link (its token covers
        # the time of the last log-in).
        "a member's password-reset link": {
            "uidb64": urlsafe_base64_encode(force_bytes(hidden.pk)),
            "token": default_token_generator.make_token(hidden),
        },
    }


def _events(users: dict[str, User | None]) -> dict[str, dict[str, object]]:
    # Under way: its door is open, so the check-in forms are on its pages.
    starts = timezone.now() - timedelta(hours=1)
    series = create_series("Community Voices in the North")
    event = create_event(
        "Community Voices: Wigan",
        slug="community-voices-wigan",
        summary="Talks and workshops for community groups.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        capacity=40,
        series=series,
        venue=create_venue("The Old Library", address="1 Market St\nWigan"),
    )
    create_discussion_group(event, name="Table 1")
    create_speaker("Nadia Okafor", role="Director", organisation="Don Valley CP")
    create_event(
        UNPUBLISHED_EVENT_TITLE,
        slug="awayday",
        summary="For trustees.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        is_published=False,
    )
    register_attendee(
        event,
        name="Mina Member",
        email=MEMBER_EMAIL,
        access_needs=ACCESS_NEEDS,
        user=users["member"],
    )
    # A ticket is a link its holder may share: its page shows what the attendee typed.
    ticket = register_attendee(event, name="Tara Ticket", email="tara@example.org")

    def token(salt: str) -> str:
        return signing.Signer(salt=salt).sign(str(ticket.pk))

    return {
        "published event": {"slug": event.slug},
        "unpublished event": {"slug": "awayday"},
        "series": {"slug": series.slug},
        "ticket link": {"token": token(TICKET_SALT)},
        "cancel link": {"token": token(CANCEL_SALT)},
        "ticket's check-in code": {"slug": event.slug, "code": ticket.code},
    }


def _posts() -> dict[str, dict[str, object]]:
    author = create_author("Priya Natarajan", role="Policy officer")
    now = timezone.now()
    published = create_post(
        "What we heard in Wigan",
        author=author,
        summary="People at the tables told us what matters.",
        body="## At the tables\n\nPeople talked about **young people**.",
        status=Post.Status.PUBLISHED,
        published_at=now - timedelta(hours=1),
    )
    draft = create_post(DRAFT_TITLE, author=author, summary="Not yet.", body="Not yet.")
    scheduled = create_post(
        SCHEDULED_TITLE,
        author=author,
        summary="Soon.",
        body="Soon.",
        status=Post.Status.PUBLISHED,
        published_at=now + timedelta(days=3),
    )
    return {
        "published post": {"slug": published.slug},
        "draft post": {"slug": draft.slug},
        "scheduled post": {"slug": scheduled.slug},
        "author": {"slug": author.slug},
    }


def _give_roles(
    users: dict[str, User | None],
    subjects: dict[str, dict[str, object]],
    open_conversation: Conversation,
) -> dict[str, dict[str, object]]:
    """Each role persona's role, given by staff as on the Team pages; and an invitation
    waiting for someone with no account yet."""
    staff = users["staff"]
    assert staff is not None
    event = Event.objects.get(slug=subjects["published event"]["slug"])
    give_role(DOOR_VOLUNTEER_EMAIL, kind=Role.Kind.DOOR, by=staff, event_id=event.pk)
    give_role(ORGANISER_EMAIL, kind=Role.Kind.ORGANISER, by=staff, event_id=event.pk)
    moderator = give_role(
        MODERATOR_EMAIL,
        kind=Role.Kind.MODERATOR,
        by=staff,
        conversation_id=open_conversation.pk,
    )
    invited = give_role(
        "ivy.invited@example.org", kind=Role.Kind.DOOR, by=staff, event_id=event.pk
    )
    table = DiscussionGroup.objects.get(event=event, name="Table 1")
    give_facilitator(table, FACILITATOR_EMAIL, by=staff)
    create_conversation(
        "What would make this afternoon's table work?",
        slug="table-one",
        event=event,
        discussion_group=table,
        seed_statements=["Everyone at the table gets a turn to speak."],
    )
    save_notes(table, text=TABLE_NOTES, by=staff)
    seated = add_person(table, label="JB", consents=True, by=staff)
    table_subject = {"slug": event.slug, "pk": table.pk}
    return {
        "published event's table": table_subject,
        "person at the published event's table": table_subject | {"person": seated.pk},
        "moderator's role": {"pk": moderator.pk},
        "published event's invitation": {"slug": event.slug, "pk": invited.pk},
        "open conversation's moderator": {
            "slug": open_conversation.slug,
            "pk": moderator.pk,
        },
        "invitation link": {"token": invitation_token(invited.pk, invited.email)},
    }


def _conversations() -> tuple[Conversation, dict[str, dict[str, object]]]:
    open_one = create_conversation(
        "What would make community development work better?",
        slug="better-in-the-north",
        seed_statements=OPEN_SEEDS,
    )
    closed = create_conversation(
        "How should the network spend its small grants?",
        slug="small-grants",
        seed_statements=["Grants under £500 need no form at all."],
    )
    set_conversation_open(closed, is_open=False)
    create_conversation(UNPUBLISHED_QUESTION, slug="budget-cuts", is_published=False)
    premoderated = create_conversation(
        "What should the next event be about?",
        slug="next-event",
        moderation=Conversation.Moderation.PRE,
        seed_statements=["Housing, and who decides where it goes."],
    )
    writer = get_or_create_participant(premoderated, browser_key=uuid.uuid4())
    pending = check_add_statement(writer, text=PENDING_STATEMENT)
    rejected = check_add_statement(
        writer, text="Councillor Smith is to blame for all of it."
    )
    reject_statement(rejected, reason=REJECTION_REASON)
    return open_one, {
        "open conversation": {"slug": open_one.slug},
        "closed conversation": {"slug": closed.slug},
        "unpublished conversation": {"slug": "budget-cuts"},
        "pre-moderated conversation": {"slug": premoderated.slug},
        "statement awaiting moderation": {"slug": premoderated.slug, "pk": pending.pk},
    }
