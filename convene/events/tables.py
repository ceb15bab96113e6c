"""An event's tables: the people at each, the facilitator's notes, and who runs which.

Notes are kept as versions: each save is a new row, so a save that races another loses
neither; the latest is the notes, the rest are the history.
"""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet

from convene.conversations.models import DiscussionGroup, TableNote, TablePerson
from convene.core.errors import Refusal
from convene.events.models import Event, Registration
from convene.members.models import Member, Role
from convene.members.team import give_role

NOTES_MAX_LENGTH = 50_000
# Registrations that hold a place count towards a table's seats (not the waiting list).
SEATED = Q(seated__status__in=["confirmed", "attended"])
HISTORY_SHOWN = 10


class TableError(Refusal):
    """Something about a table we cannot do; the message is shown to the person."""


def tables_of(event: Event) -> QuerySet[DiscussionGroup]:
    return DiscussionGroup.objects.filter(event=event).order_by("name")


def table_choices(event: Event) -> list[tuple[str, str]]:
    """The tables someone registering may choose: those with a seat left."""
    choices = []
    for table in tables_of(event).annotate(n_seated=Count("seated", filter=SEATED)):
        if table.capacity is not None and table.n_seated >= table.capacity:
            continue
        label = f"{table.name}: {table.topic}" if table.topic else table.name
        choices.append((str(table.pk), label))
    return choices


@transaction.atomic
def share_out_tables(event: Event) -> int:
    """Seat everyone holding a place and not yet at a table, each at the table with the
    fewest people (a full table takes no one). Returns how many were seated."""
    # The event row is the lock, as registering takes it: two organisers pressing at once
    # share people out one after the other (PostgreSQL locks no grouped rows).
    Event.objects.select_for_update().filter(pk=event.pk).first()
    counted = tables_of(event).annotate(n_seated=Count("seated", filter=SEATED))
    seated = {table.pk: table.n_seated for table in counted}
    room = {table.pk: table.capacity for table in counted}
    waiting = Registration.objects.filter(
        event=event, table__isnull=True
    ).holding_places()
    placed = 0
    for registration in waiting.order_by("created_at", "pk"):
        open_tables = [pk for pk in seated if room[pk] is None or seated[pk] < room[pk]]  # type: ignore[operator]  # None checked first
        if not open_tables:
            break
        fewest = min(open_tables, key=lambda pk: (seated[pk], pk))
        registration.table_id = fewest
        registration.save(update_fields=["table"])
        seated[fewest] += 1
        placed += 1
    return placed


def seated_at(table: DiscussionGroup) -> QuerySet[Registration]:
    return Registration.objects.filter(table=table).holding_places().order_by("name")


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
    # Only members listed in the directory: a facilitator must not find those who hid.
    members = (
        Member.objects.in_directory()
        .filter(name__icontains=words, user__is_active=True)
        .select_related("user")[:limit]
    )
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
