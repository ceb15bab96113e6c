"""Every user-text field the XSS sweep fills, written the way the site writes it.

A `Table` is one kind of record: its text fields (the name the form or service takes, and
the longest text it stores) and how one record is written, through the app's own form or
service, so what they refuse on the way in is refused here too. Statements are also stored
as they are, to test the escaping on the way out. To sweep a new field, add it to its
table's `fields`; a new kind of record is one more `Table` in `TABLES`.
"""

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from convene.blog.models import Author, Post
from convene.blog.services import create_author, create_post
from convene.conversations import organising
from convene.conversations.models import Conversation, Statement
from convene.conversations.services import (
    check_cast_vote,
    check_web_statement,
    get_or_create_participant,
)
from convene.core.errors import Refusal
from convene.events import services as events
from convene.events import tables
from convene.events.forms import RegistrationForm
from convene.events.links import ticket_path
from convene.events.models import Event
from convene.members.forms import JoinForm
from convene.members.queries import VISIBILITY_FIELDS
from convene.members.services import Profile, join_member, verify_member
from convene.themes.services import create_theme

Texts = dict[str, Any]  # argument -> text; Any, as the texts go to services as **kwargs
_addresses = (
    itertools.count()
)  # a record written again (its fields one by one) joins anew

# The conversations that hold the statements, and the event people register for.
STATEMENTS = "xss-statements"
MODERATED = "xss-moderated"
DOOR = "xss-door"


@dataclass(frozen=True)
class Table:
    name: str
    fields: dict[str, int | None]  # argument -> the most it stores (None: no limit)
    write: Callable[[int, Texts], Any]  # record number, texts -> the saved record
    pages: Callable[[Any], list[str]] = field(default=lambda record: [])
    one_each: bool = (
        False  # one vector per record, for a field that takes one value (a URL)
    )


def _soon(minutes: int = 30 * 24 * 60) -> dict[str, Any]:
    starts = timezone.now() + timedelta(minutes=minutes)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=2)}


def plain_event(slug: str, *, starts_in: int = 30 * 24 * 60) -> Event:
    """An event with nothing typed into it but its slug, to hang other records on."""
    existing = Event.objects.filter(slug=slug).first()
    return existing or events.create_event(
        f"Plain event {slug}", slug=slug, summary="A plain event.", **_soon(starts_in)
    )


def plain_conversation(slug: str) -> Conversation:
    existing = Conversation.objects.filter(slug=slug).first()
    return existing or organising.create_conversation(
        f"Plain question {slug}?", slug=slug
    )


def _author() -> Author:
    existing = Author.objects.filter(slug="plain-author").first()
    return existing or create_author("Plain Author", role="Writer")


def _join(number: int, texts: Texts, **data: str) -> Any:
    form = JoinForm(
        data={
            "kind": "individual",
            "email": f"xss{next(_addresses)}@example.org",
            "password": "a-long-member-password",
            "password_confirm": "a-long-member-password",
            "region": "north-west",
            # Everything shown to other members, so the directory shows every text.
            **dict.fromkeys(VISIBILITY_FIELDS, "on"),
            **data,
            **texts,
        }
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    profile = Profile.from_cleaned_data(form.cleaned_data)
    member = join_member(form.cleaned_data["email"], password=None, profile=profile)
    return verify_member(member)


def _register(number: int, texts: Texts) -> Any:
    form = RegistrationForm(
        data={"email": f"guest{next(_addresses)}@example.org", **texts}
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    return events.register_attendee(
        plain_event(DOOR, starts_in=-30),  # under way, so its door is open
        **form.cleaned_data,
    )


def _venue(number: int, texts: Texts) -> Event:
    venue = events.create_venue(**texts)
    return events.create_event(
        f"At venue {number}", summary="Plain.", venue=venue, **_soon()
    )


def _speaker(number: int, texts: Texts) -> Event:
    speaker = events.create_speaker(**texts)
    event = plain_event("xss-speakers")  # one programme shows them all
    events.add_session(event, title="Plain session", speakers=[speaker], **_soon())
    return event


def _session(number: int, texts: Texts) -> Event:
    event = plain_event("xss-sessions")
    events.add_session(event, starts_at=_soon()["starts_at"], **texts)
    return event


def _group(number: int, texts: Texts) -> Conversation:
    group = organising.create_discussion_group(
        plain_event(f"xss-group-{number}"), **texts
    )
    return organising.create_conversation(
        f"Group question {number}?", discussion_group=group
    )


def _facilitator() -> User:
    return User.objects.get_or_create(username="xss-facilitator")[0]


def _table_notes(number: int, texts: Texts) -> Conversation:
    conversation = _group(number + 10_000, {"name": f"Notes table {number}"})
    assert conversation.discussion_group is not None
    tables.save_notes(conversation.discussion_group, by=_facilitator(), **texts)
    return conversation


def _person_at_a_table(number: int, texts: Texts) -> Conversation:
    conversation = _group(number + 20_000, {"name": f"People table {number}"})
    assert conversation.discussion_group is not None
    tables.add_person(
        conversation.discussion_group, consents=True, by=_facilitator(), **texts
    )
    return conversation


def _statement(number: int, texts: Texts) -> Statement:
    """Added by a participant (each a new browser: the limit per person is not tested here)."""
    return check_web_statement(
        plain_conversation(STATEMENTS), user=None, browser_key=uuid.uuid4(), **texts
    )


def _stored_statement(number: int, texts: Texts) -> Statement:
    """Stored as it is, whatever the service would refuse: the pages must escape it."""
    conversation = plain_conversation(STATEMENTS)
    author = get_or_create_participant(conversation, browser_key=uuid.uuid4())
    return Statement.objects.create(conversation=conversation, author=author, **texts)


def _rejected(number: int, texts: Texts) -> Statement:
    conversation = plain_conversation(MODERATED)
    statement = organising.add_seed_statement(
        conversation, text=f"Plain statement {number}."
    )
    return organising.reject_statement(statement, **texts)


def _conversation_pages(conversation: Conversation) -> list[str]:
    path = conversation.get_absolute_url()
    return [path, f"{path}vote/", f"{path}results/", f"{path}wall/"]


def _url(record: Any) -> list[str]:
    return [record.get_absolute_url()]


TABLES = [
    Table(
        "Theme",
        {"name": 80, "explanation": 300},
        lambda n, texts: create_theme(**texts),
        _url,
    ),
    Table(
        "Member (individual)",
        {"name": 150, "organisation": 150, "phone": 40, "bio": 1000},
        lambda n, texts: _join(n, texts),
        _url,
    ),
    Table(
        "Member (organisation)",
        {"name": 150, "contact_name": 150},
        lambda n, texts: _join(n, texts, kind="organisation"),
        _url,
    ),
    Table(
        "Member (website)",
        {"website": 200},
        lambda n, texts: _join(n, texts, name=f"Member with a website {n}"),
        _url,
        one_each=True,
    ),
    Table(
        "Author",
        {"name": 150, "role": 150, "bio": None},
        lambda n, texts: create_author(**texts),
        _url,
    ),
    Table(
        "Post",
        {"title": 200, "summary": 300, "body": None},
        lambda n, texts: create_post(
            author=_author(), status=Post.Status.PUBLISHED, **texts
        ),
        _url,
    ),
    Table(
        "Series",
        {"name": 150, "description": None},
        lambda n, texts: events.create_series(**texts),
        _url,
    ),
    Table(
        "Event",
        {"title": 200, "summary": 300, "description": None},
        lambda n, texts: events.create_event(**texts, **_soon()),
        lambda event: [
            event.get_absolute_url(),
            f"{event.get_absolute_url()}register/",
        ],
    ),
    Table(
        "Venue",
        {"name": 150, "address": None, "accessibility": None, "directions": None},
        _venue,
        _url,
    ),
    Table(
        "Speaker",
        {"name": 150, "role": 150, "organisation": 150, "bio": None},
        _speaker,
        _url,
    ),
    Table(
        "Session",
        {"title": 200, "description": None, "room": 100},
        _session,
        _url,
    ),
    Table(
        "Registration",
        {"name": 150, "organisation": 150, "access_needs": 2000},
        _register,
        lambda registration: [ticket_path(registration)],
    ),
    Table(
        "Conversation",
        {"question": 300, "description": None},
        lambda n, texts: organising.create_conversation(**texts),
        _conversation_pages,
    ),
    Table("Discussion group", {"name": 100, "topic": 300, "room": 100}, _group, _url),
    # Their pages are the team's: staff open every table and entry view (test_xss.staff_pages).
    Table("Table notes", {"text": None}, _table_notes),
    Table("Person at a table", {"label": 100}, _person_at_a_table),
    Table("Statement (added)", {"text": 280}, _statement),
    Table("Statement (stored)", {"text": 280}, _stored_statement),
    Table("Rejected statement", {"reason": 200}, _rejected),
]

FIELD_NAMES = [f"{table.name}.{name}" for table in TABLES for name in table.fields]


def vote_on_every_statement(user: User) -> None:
    """So the member's own list of votes shows every statement stored."""
    conversation = plain_conversation(STATEMENTS)
    participant = get_or_create_participant(conversation, user=user)
    for statement in conversation.statements.exclude(author=participant):
        check_cast_vote(participant, statement_id=statement.pk, choice=1)


REFUSALS = (ValidationError, Refusal)
