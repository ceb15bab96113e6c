"""What the conversations app holds about a person: the conversations they took part in,
their votes and their statements. See members.registry."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User

from convene.conversations import erasure
from convene.conversations.models import (
    Participant,
    Statement,
    TableNote,
    TablePerson,
    Vote,
)
from convene.members.registry import (
    Due,
    Erasure,
    Exported,
    PersonalData,
    Retention,
    declare,
    declare_retention,
)


def export_conversations(user: User) -> Exported:
    taken_part: list[Exported] = []
    for participant in erasure.participations_of(user):
        conversation = participant.conversation
        votes = Vote.objects.filter(participant=participant).select_related("statement")
        statements = Statement.objects.filter(author=participant)
        taken_part.append(
            {
                "conversation": conversation.question,
                "address": conversation.get_absolute_url(),
                "joined_at": participant.created_at.isoformat(),
                "channel": participant.get_channel_display(),
                "votes": [
                    {
                        "statement": vote.statement.text,
                        "vote": vote.get_choice_display(),
                        "channel": vote.get_channel_display(),
                        "at": vote.updated_at.isoformat(),
                    }
                    for vote in votes.order_by("created_at", "pk")
                ],
                "statements": [
                    {
                        "text": statement.text,
                        "status": statement.get_status_display(),
                        "channel": statement.get_channel_display(),
                        "at": statement.created_at.isoformat(),
                    }
                    for statement in statements.order_by("created_at", "pk")
                ],
            }
        )
    return taken_part


def erase_conversations(user: User, request: Erasure) -> int:
    if request.keep_voice:
        return erasure.anonymise_voice_of(user)
    removed = erasure.remove_voice_of(user)
    return removed.votes + removed.statements_deleted + removed.statements_withdrawn


declare(
    PersonalData(
        key="conversations",
        label="Your votes and statements",
        explanation="Each conversation you took part in while logged in: every vote you "
        "gave and every statement you wrote, with when and how (web, paper, ...).",
        models=(Participant, Vote, Statement),
        export=export_conversations,
        erase=erase_conversations,
        order=10,
    )
)


# --- Tables: sitting at one, and notes written there ----------------------------------


def export_tables(user: User) -> Exported:
    seats = TablePerson.objects.filter(user=user).select_related(
        "group", "group__event"
    )
    written = TableNote.objects.filter(written_by=user).select_related(
        "group", "group__event"
    )
    return {
        "at_tables": [
            {
                "event": seat.group.event.title,
                "table": seat.group.name,
                "counted": seat.consents_to_count,
                "added_at": seat.added_at.isoformat(),
            }
            for seat in seats
        ],
        "notes_written": [
            {
                "event": note.group.event.title,
                "table": note.group.name,
                "text": note.text,
                "saved_at": note.saved_at.isoformat(),
            }
            for note in written
        ],
    }


def erase_tables(user: User, request: Erasure) -> int:
    """A seat forgets who sat there (and the name given); notes stay, by no one. Who
    added the seat or entered views for it is forgotten too."""
    seats = TablePerson.objects.filter(user=user).update(user=None, label="")
    added = TablePerson.objects.filter(added_by=user).update(added_by=None)
    notes = TableNote.objects.filter(written_by=user).update(written_by=None)
    entered = Vote.objects.filter(entered_by=user).update(entered_by=None)
    entered += Statement.objects.filter(entered_by=user).update(entered_by=None)
    return seats + added + notes + entered


declare(
    PersonalData(
        key="tables",
        label="Tables at events",
        explanation="The tables a facilitator added you to (and whether you agreed to be "
        "counted), and the table notes you wrote as a facilitator.",
        models=(TablePerson, TableNote),
        export=export_tables,
        erase=erase_tables,
        order=10,
    )
)


# --- Retention: anonymous browsers' link to their votes -------------------------------


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_ANONYMOUS_PARTICIPANT_DAYS)


def due_unclaimed_browsers(now: datetime) -> Due:
    count, oldest = erasure.count_unclaimed_browsers(_cutoff(now))
    return Due(count=count, oldest=oldest)


def forget_unclaimed_browsers(now: datetime, limit: int) -> int:
    return erasure.forget_unclaimed_browsers(_cutoff(now), limit=limit)


declare_retention(
    Retention(
        key="anonymous_participants",
        label="Anonymous voters' browsers",
        explanation="People who voted without logging in are known by a cookie in their "
        "browser. Once a browser has been idle this long, the link is cut: its votes "
        "still count, tied to no one, and it can no longer be claimed.",
        setting="RETENTION_ANONYMOUS_PARTICIPANT_DAYS",
        keep_days=lambda: int(settings.RETENTION_ANONYMOUS_PARTICIPANT_DAYS),
        due=due_unclaimed_browsers,
        erase_batch=forget_unclaimed_browsers,
    )
)
