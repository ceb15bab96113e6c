"""Demo tables at the Sheffield event: six tables, each with a facilitator; two have notes
and the views of people without phones, entered by their facilitator."""

from django.contrib.auth.models import User

from convene.conversations.models import Conversation, DiscussionGroup
from convene.conversations.on_behalf import check_enter_vote, table_conversation
from convene.conversations.organising import create_discussion_group
from convene.events.models import Event
from convene.events.tables import add_person, publish_notes, save_notes
from convene.members.demo_roles import DEMO_ROLE_PASSWORD, SHEFFIELD_SLUG
from convene.members.models import Role

TABLES = [
    ("Table 1", "Young people and work", "Main hall"),
    ("Table 2", "Transport and getting about", "Main hall"),
    ("Table 3", "Housing and who decides", "Main hall"),
    ("Table 4", "Health close to home", "Garden room"),
    ("Table 5", "Money for small groups", "Garden room"),
    ("Table 6", "Volunteers and their time", "Garden room"),
]
NOTES = {
    "Table 1": (
        "## What the table said\n\n"
        "- Apprenticeships stop at the city boundary; the valleys miss out.\n"
        "- Youth clubs are where young people hear about jobs, and they are closing.\n\n"
        "**Asked for:** a careers session in the library on Saturdays."
    ),
    "Table 2": (
        "## What the table said\n\n"
        "- The last bus back from town is at six: evening meetings are out of reach.\n"
        "- Community transport works but nobody knows how to book it.\n"
    ),
}
# How the people without phones at the first two tables answered each statement in turn.
ANSWERS = [[1, 1, -1, 0, 1], [-1, 1, 1, 1, 0], [1, 0, 0, -1, 1]]


def _facilitators(count: int) -> list[User]:
    """Demo members with no role yet, in a fixed order, to facilitate the tables."""
    return list(
        User.objects.filter(member__isnull=False, roles__isnull=True, is_active=True)
        .order_by("pk")
        .distinct()[:count]
    )


def _enter_views(table: DiscussionGroup, conversation: Conversation, by: User) -> int:
    statements = list(conversation.statements.visible().order_by("pk")[:5])
    entered = 0
    for n, answers in enumerate(ANSWERS, start=1):
        person = add_person(table, label=["", "JB", "Mo"][n - 1], consents=True, by=by)
        for statement, choice in zip(statements, answers, strict=False):
            check_enter_vote(
                person, conversation, statement_id=statement.pk, choice=choice, by=by
            )
            entered += 1
    return entered


def load_tables_demo() -> str:
    sheffield = Event.objects.get(slug=SHEFFIELD_SLUG)
    facilitators = _facilitators(len(TABLES))
    entered = 0
    for (name, topic, room), facilitator in zip(TABLES, facilitators, strict=False):
        table = create_discussion_group(
            sheffield, name=name, topic=topic, capacity=8, room=room
        )
        Role.objects.create(
            user=facilitator,
            email=facilitator.email,
            kind=Role.Kind.FACILITATOR,
            event=sheffield,
            table=table,
        )
        if name not in NOTES:
            continue
        save_notes(table, text=NOTES[name], by=facilitator)
        publish_notes(table, published=name == "Table 1")
        conversation = table_conversation(sheffield.pk, table.pk)
        if conversation is not None and conversation.is_open:
            entered += _enter_views(table, conversation, facilitator)
    first = facilitators[0]
    first.set_password(DEMO_ROLE_PASSWORD)
    first.save(update_fields=["password"])
    return (
        f"Sheffield's {len(TABLES)} tables have facilitators; {entered} votes were entered "
        f"by facilitators. Facilitator of Table 1: {first.email} / {DEMO_ROLE_PASSWORD}"
    )
