"""Taking part for someone at a table: a facilitator enters the views of a person without
a phone. Each vote and statement is that person's own (their Participant), counted once
with everyone else's, and records channel `facilitator` and who entered it.

Who may enter for whom is the table page's access helper's business (`events/access.py`);
these services check the person and the input.
"""

from django.contrib.auth.models import User
from django.db import transaction

from convene.conversations import queries
from convene.conversations.models import (
    Channel,
    Conversation,
    Participant,
    Statement,
    TablePerson,
    Vote,
)
from convene.conversations.services import (
    ConversationError,
    check_add_statement,
    check_cast_vote,
    get_or_create_participant,
)


def table_conversation(event_id: int, group_id: int) -> Conversation | None:
    """The table's own conversation, or failing that the event's shared one."""
    own = Conversation.objects.filter(discussion_group=group_id).order_by("pk").first()
    if own is not None:
        return own
    return (
        Conversation.objects.filter(event=event_id, discussion_group__isnull=True)
        .order_by("pk")
        .first()
    )


def _participant(person: TablePerson, conversation: Conversation) -> Participant:
    if not person.consents_to_count:
        raise ConversationError(
            f"{person.display_name} has not agreed to be counted, so nothing is entered "
            "for them. Ask them again, and add them anew if they agree."
        )
    if person.user_id is not None:
        # A member is one person however their views arrive: online and at the table.
        return get_or_create_participant(conversation, user=person.user)
    return get_or_create_participant(
        conversation,
        external_ref=f"table-person-{person.pk}",
        channel=Channel.FACILITATOR,
    )


@transaction.atomic
def check_enter_vote(
    person: TablePerson,
    conversation: Conversation,
    *,
    statement_id: int,
    choice: int,
    by: User,
) -> Vote:
    participant = _participant(person, conversation)
    return check_cast_vote(
        participant,
        statement_id=statement_id,
        choice=choice,
        channel=Channel.FACILITATOR,
        entered_by=by,
    )


@transaction.atomic
def check_enter_statement(
    person: TablePerson, conversation: Conversation, *, text: str, by: User
) -> Statement:
    """A new statement in the person's words: it waits for moderation like any other."""
    participant = _participant(person, conversation)
    return check_add_statement(
        participant, text=text, channel=Channel.FACILITATOR, entered_by=by
    )


def next_statement_for(
    person: TablePerson, conversation: Conversation, *, skipped: set[int]
) -> tuple[Statement | None, int]:
    """The next statement to ask the person about, and how many are left (skipped ones
    excluded). Reading never makes a participant."""
    if person.user_id is not None:
        participant = Participant.objects.filter(
            conversation=conversation, user=person.user_id
        )
    else:
        participant = Participant.objects.filter(
            conversation=conversation,
            channel=Channel.FACILITATOR,
            external_ref=f"table-person-{person.pk}",
        )
    left = [
        statement
        for statement in queries.unvoted_statements(conversation, participant)
        if statement.pk not in skipped
    ]
    return (left[0] if left else None), len(left)
