"""What organisers and moderators do to a conversation: create it, seed it, open and close
it, and decide on the statements people add. Taking part is in `services.py`."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from convene.conversations import live, queries
from convene.conversations.models import (
    Conversation,
    DiscussionGroup,
    Statement,
)
from convene.conversations.services import ConversationError, checked_statement_text
from convene.conversations.tasks import (
    queue_final_opinion_update,
    update_map_on_commit,
)
from convene.core.slugs import unique_slug
from convene.events.models import Event
from convene.themes.models import Theme


@transaction.atomic
def create_conversation(
    question: str,
    *,
    slug: str = "",
    description: str = "",
    event: Event | None = None,
    discussion_group: DiscussionGroup | None = None,
    moderation: str = Conversation.Moderation.POST,
    is_open: bool = True,
    is_published: bool = True,
    allow_statements: bool = True,
    themes: Iterable[Theme] = (),
    seed_statements: Iterable[str] = (),
) -> Conversation:
    if discussion_group is not None and event is None:
        event = discussion_group.event
    conversation = Conversation(
        question=question.strip(),
        slug=slug
        or unique_slug(
            Conversation.objects.all(),
            question,
            max_length=100,
            fallback="conversation",
        ),
        description=description.strip(),
        event=event,
        discussion_group=discussion_group,
        moderation=moderation,
        is_open=is_open,
        is_published=is_published,
        allow_statements=allow_statements,
    )
    conversation.full_clean()
    conversation.save()
    conversation.themes.set(list(themes))
    for text in seed_statements:
        add_seed_statement(conversation, text=text)
    return conversation


@transaction.atomic
def create_discussion_group(
    event: Event,
    *,
    name: str,
    topic: str = "",
    capacity: int | None = None,
    room: str = "",
) -> DiscussionGroup:
    group = DiscussionGroup(
        event=event,
        name=name.strip(),
        topic=topic.strip(),
        capacity=capacity,
        room=room.strip(),
    )
    group.full_clean()
    group.save()
    return group


def checked_seed_text(conversation: Conversation, text: str) -> str:
    """`checked_statement_text`, and not a word-for-word repeat of a statement already in
    the conversation (an unsaved conversation has none)."""
    cleaned = checked_statement_text(text)
    repeated = (
        queries.repeated_statement(conversation, cleaned) if conversation.pk else None
    )
    if repeated is not None:
        raise ConversationError(
            f"Statement {repeated.pk} already says this: “{repeated.text}”"
        )
    return cleaned


@transaction.atomic
def add_seed_statement(conversation: Conversation, *, text: str) -> Statement:
    """Staff's statements that start a conversation: accepted as written, unless they say
    again, word for word, what a statement in the conversation already says."""
    statement = Statement(
        conversation=conversation,
        text=checked_seed_text(conversation, text),
        is_seed=True,
        status=Statement.Status.ACCEPTED,
        moderated_at=timezone.now(),
    )
    statement.full_clean()
    statement.save()
    live.publish_on_commit(conversation.pk, "statement")
    return statement


@transaction.atomic
def set_conversation_open(conversation: Conversation, *, is_open: bool) -> Conversation:
    """Close a conversation to votes and new statements, or open it again.

    The wall and every phone on the voting page hear of it at once: a closed wall shows where
    the results are instead of the code to join.
    """
    # Compared with the stored value, not the instance's: the admin's form has already set it.
    changed = (
        Conversation.objects.filter(pk=conversation.pk)
        .exclude(is_open=is_open)
        .update(is_open=is_open)
    )
    conversation.is_open = is_open
    if changed:
        live.publish_on_commit(conversation.pk, "state")
        if not is_open:
            # Its map is settled on the final votes (see compute_opinion_result).
            queue_final_opinion_update(conversation.pk)
    return conversation


def _refuse_withdrawn(statement: Statement) -> None:
    if statement.status == Statement.Status.WITHDRAWN:
        raise ConversationError(
            "Its author withdrew this statement when they left: it stays as it is, "
            "counted in the results, and takes no new votes."
        )


@transaction.atomic
def accept_statement(statement: Statement) -> Statement:
    if statement.status == Statement.Status.ACCEPTED:
        return statement
    _refuse_withdrawn(statement)
    statement.status = Statement.Status.ACCEPTED
    statement.rejection_reason = ""
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "rejection_reason", "moderated_at"])
    live.publish_on_commit(statement.conversation_id, "statement")
    # Its votes (its author's agree, at least) now count: the map is computed again.
    update_map_on_commit(statement.conversation_id)
    return statement


@transaction.atomic
def reject_statement(statement: Statement, *, reason: str) -> Statement:
    """Take a statement out of the conversation; its votes stay but the map ignores it."""
    _refuse_withdrawn(statement)
    reason = " ".join(reason.split())
    if not reason:
        raise ConversationError("Give a reason, so the decision can be explained.")
    statement.status = Statement.Status.REJECTED
    statement.rejection_reason = reason
    statement.moderated_at = timezone.now()
    statement.full_clean()
    statement.save(update_fields=["status", "rejection_reason", "moderated_at"])
    live.publish_on_commit(statement.conversation_id, "statement")
    update_map_on_commit(statement.conversation_id)
    return statement


@transaction.atomic
def mark_statement_meta(statement: Statement, *, is_meta: bool) -> Statement:
    """Mark a statement as about the conversation itself ("I'm not sure I understand"), or not.

    People still see and vote on a meta statement, but the opinion map leaves it out, as
    Pol.is does; so the map is computed again.
    """
    if statement.is_meta == is_meta:
        return statement
    statement.is_meta = is_meta
    statement.save(update_fields=["is_meta"])
    live.publish_on_commit(statement.conversation_id, "statement")
    update_map_on_commit(statement.conversation_id)
    return statement
