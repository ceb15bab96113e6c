"""Letting go of what a person said: the services other apps call when someone leaves, and
when an anonymous browser's link to its votes is past its time.

Votes and statements belong to a Participant; a member reaches theirs through their
account. Leaving, they choose: remove their votes and statements, or keep them counted but
tied to no one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from convene.conversations.models import Participant, Statement, Vote
from convene.conversations.tasks import update_map_on_commit

WITHDRAWN_REASON = "Withdrawn: its author left and asked for their words to be removed."


@dataclass(frozen=True)
class VoiceRemoved:
    votes: int
    statements_deleted: int
    statements_withdrawn: int


def participations_of(user: User) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=user)
        .select_related("conversation")
        .order_by("created_at", "pk")
    )


@transaction.atomic
def remove_voice_of(user: User) -> VoiceRemoved:
    """Delete the person's votes and statements in every conversation.

    A statement others have voted on is not deleted, or their votes would go with it: it
    is withdrawn instead (hidden from new votes, tied to no one), and their votes on it
    stay. The opinion map of each conversation touched is recomputed after commit.
    """
    participants = list(participations_of(user).select_for_update())
    votes = deleted = withdrawn = 0
    for participant in participants:
        votes += Vote.objects.filter(participant=participant).delete()[0]
        voted_on_by_others = Exists(Vote.objects.filter(statement=OuterRef("pk")))
        statements = Statement.objects.filter(author=participant)
        kept = statements.filter(voted_on_by_others)
        withdrawn += kept.update(
            author=None,
            status=Statement.Status.WITHDRAWN,
            rejection_reason=WITHDRAWN_REASON,
            moderated_at=timezone.now(),
        )
        deleted += statements.delete()[0]
        participant.delete()
        update_map_on_commit(participant.conversation_id)
    return VoiceRemoved(
        votes=votes, statements_deleted=deleted, statements_withdrawn=withdrawn
    )


@transaction.atomic
def anonymise_voice_of(user: User) -> int:
    """Keep the person's votes and statements, counted as before, tied to no one: their
    participants lose the account, the browser key and any reference that led to them.
    Returns how many participants were unlinked."""
    return participations_of(user).update(user=None, browser_key=None, external_ref="")


def _unclaimed_browsers(cutoff: datetime) -> QuerySet[Participant]:
    recent_vote = Vote.objects.filter(
        participant=OuterRef("pk"), updated_at__gte=cutoff
    )
    return (
        Participant.objects.filter(
            user__isnull=True, browser_key__isnull=False, created_at__lt=cutoff
        )
        .exclude(Exists(recent_vote))
        .order_by("created_at", "pk")
    )


def count_unclaimed_browsers(cutoff: datetime) -> tuple[int, datetime | None]:
    """Anonymous browsers idle since the cutoff: how many, and the oldest's start."""
    waiting = _unclaimed_browsers(cutoff)
    return waiting.count(), waiting.values_list("created_at", flat=True).first()


@transaction.atomic
def forget_unclaimed_browsers(cutoff: datetime, *, limit: int) -> int:
    """Cut the link between anonymous browsers idle since the cutoff and their votes.

    The votes stay, counted and tied to no one; the browser, if it comes back, starts
    afresh. Up to `limit` at a time; returns how many were cut.
    """
    batch = list(_unclaimed_browsers(cutoff).values_list("pk", flat=True)[:limit])
    return Participant.objects.filter(pk__in=batch).update(browser_key=None)
