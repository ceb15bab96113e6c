"""An event's tables: the people at each, the facilitator's notes, and who runs which.

Notes are kept as versions: each save is a new row, so a save that races another loses
neither; the latest is the notes, the rest are the history.
"""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet

from convene.conversations.models import DiscussionGroup, TableNote, TablePerson
from convene.core.errors import Refusal
from convene.events.models import Event, Registration
from convene.members.models import Member, Role
from convene.members.team import give_role

NOTES_MAX_LENGTH = 50_000
HISTORY_SHOWN = 10


class TableError(Refusal):
    """Something about a table we cannot do; the message is shown to the person."""


def tables_of(event: Event) -> QuerySet[DiscussionGroup]:
    return DiscussionGroup.objects.filter(event=event).order_by("name")


def current_notes(table: DiscussionGroup) -> TableNote | None:
    return table.notes.first()


def notes_history(table: DiscussionGroup) -> list[TableNote]:
    return list(table.notes.select_related("written_by")[:HISTORY_SHOWN])


def published_notes_of(event: Event) -> list[tuple[DiscussionGroup, TableNote]]:
    """The tables whose notes an organiser published, each with its notes, for the event page."""
    published = []
    for table in tables_of(event).filter(notes_published=True):
        notes = current_notes(table)
        if notes is not None and notes.text.strip():
            published.append((table, notes))
    return published


def facilitators_of(table: DiscussionGroup) -> QuerySet[Role]:
    return Role.objects.filter(kind=Role.Kind.FACILITATOR, table=table).order_by(
        "email"
    )


def people_at(table: DiscussionGroup) -> QuerySet[TablePerson]:
    return TablePerson.objects.filter(group=table).select_related("user", "group")


@transaction.atomic
def save_notes(table: DiscussionGroup, *, text: str, by: User) -> TableNote:
    """A new version of the table's notes; whatever was saved before stays in the history."""
    if len(text) > NOTES_MAX_LENGTH:
        raise TableError(
            f"The notes are too long to save ({len(text):,} characters; at most "
            f"{NOTES_MAX_LENGTH:,}). Nothing was lost: they are still in the box."
        )
    latest = current_notes(table)
    if latest is not None and latest.text == text:
        return latest  # the same text sent again (a retry after a dropped reply)
    return TableNote.objects.create(group=table, text=text, written_by=by)


@transaction.atomic
def publish_notes(table: DiscussionGroup, *, published: bool) -> DiscussionGroup:
    table.notes_published = published
    table.save(update_fields=["notes_published"])
    return table


def give_facilitator(table: DiscussionGroup, email: str, *, by: User) -> Role:
    """Make the person at `email` this table's facilitator (RoleError if they are already)."""
    return give_role(
        email,
        kind=Role.Kind.FACILITATOR,
        by=by,
        event_id=table.event_id,
        table_id=table.pk,
    )


def find_people(
    event: Event, text: str, *, limit: int = 8
) -> list[tuple[str, User | None]]:
    """Members and the event's registered attendees whose name holds `text`, as (name,
    account); an attendee without an account is found by name alone."""
    words = text.strip()
    if len(words) < 2:
        return []
    members = Member.objects.filter(
        Q(name__icontains=words), user__is_active=True
    ).select_related("user")[:limit]
    found: list[tuple[str, User | None]] = [(m.name, m.user) for m in members]
    known = {user.pk for _, user in found if user is not None}
    attendees = Registration.objects.filter(event=event, name__icontains=words)[:limit]
    for registration in attendees:
        if registration.user_id is None or registration.user_id not in known:
            found.append((registration.name, registration.user))
    return found[:limit]


def add_person(
    table: DiscussionGroup,
    *,
    label: str,
    consents: bool,
    by: User,
    user: User | None = None,
) -> TablePerson:
    """Someone at the table, numbered in the order they were added ("Table 3, person 2")."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                taken = table.people.aggregate(n=Max("number"))["n"] or 0
                return TablePerson.objects.create(
                    group=table,
                    number=taken + 1,
                    label=label.strip()[:100],
                    user=user,
                    consents_to_count=consents,
                    added_by=by,
                )
        except IntegrityError:  # another facilitator's phone took the number first
            continue
    raise TableError("Two people were added at once; please add them again.")
