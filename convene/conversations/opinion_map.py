"""The opinion map: computed from the votes that the map reads, and stored.

`tasks.update_opinion_map` runs `compute_opinion_result` about a second after votes arrive
(`tasks.schedule_opinion_update`); an import calls it directly. The maths is the `opinion`
package's, which knows nothing of the database: here the votes become arrays, with each
participant and statement at a stable index across updates so each warm-starts from the last.
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from convene.conversations import live
from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Statement,
    Vote,
    hidden_statuses,
)
from convene.opinion.engine import compute_opinion_map
from convene.opinion.results import OpinionResult as OpinionMap

logger = logging.getLogger(__name__)


def _stable_indices(
    known: list[int], seen: Iterable[int]
) -> tuple[list[int], dict[int, int]]:
    """Earlier ids keep their index; ids new since are appended in the order they appear."""
    ids = list(known)
    index = {pk: i for i, pk in enumerate(ids)}
    for pk in seen:
        if pk not in index:
            index[pk] = len(ids)
            ids.append(pk)
    return ids, index


def _previous_map(row: OpinionResult | None) -> OpinionMap | None:
    if row is None or not row.data:
        return None
    try:
        return OpinionMap.from_dict(row.data)
    except (KeyError, TypeError, ValueError):
        # A result stored by an older engine: start cold rather than fail the update.
        logger.warning("Opinion map of %s could not warm-start", row.conversation_id)
        return None


def compute_opinion_result(
    conversation: Conversation, *, already_in: Iterable[int] = ()
) -> OpinionResult | None:
    """Recompute and store the conversation's opinion map; None while nobody has voted.

    `already_in` holds participants (pks) to keep in the map however few their votes: on
    import, those Pol.is had in its groups. Once in, they stay in through later updates.
    A closed conversation's groups are found afresh from its votes, without the k smoother
    that keeps a live wall from flickering between counts of groups: its results show the
    groups the final votes make (as Pol.is's worker recomputes a finished conversation).
    The votes are read and the maths done outside any transaction: on SQLite a write
    transaction locks the whole database, and votes arriving meanwhile must not wait for it.
    Only the save is a transaction.
    """
    read_at = timezone.now()
    row = OpinionResult.objects.filter(conversation=conversation).first()
    votes = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "choice")
    )
    if not votes:
        return None
    participant_ids, participant_index = _stable_indices(
        row.participant_ids if row else [], (p for p, _, _ in votes)
    )
    statement_ids, statement_index = _stable_indices(
        row.statement_ids if row else [], (s for _, s, _ in votes)
    )
    # Meta statements stay out of the maths but keep their routing priority, as in Pol.is.
    # So do statements nobody may vote on yet (pre-moderated, awaiting a moderator), though
    # their authors' own votes are recorded.
    hidden = hidden_statuses(conversation)
    set_apart = {  # index: hidden (True), or meta and shown (False)
        statement_index[s]: status in hidden
        for s, status in Statement.objects.filter(
            Q(status__in=hidden) | Q(is_meta=True), conversation=conversation
        ).values_list("pk", "status")
        if s in statement_index
    }
    previous = _previous_map(row)
    if previous is not None and not conversation.is_open:
        previous = previous.without_group_memory()
    result = compute_opinion_map(
        np.fromiter((participant_index[p] for p, _, _ in votes), np.int64, len(votes)),
        np.fromiter((statement_index[s] for _, s, _ in votes), np.int64, len(votes)),
        np.fromiter((c for _, _, c in votes), np.int64, len(votes)),
        n_participants=len(participant_ids),
        n_statements=len(statement_ids),
        moderated_out=list(set_apart),
        meta=[i for i, is_hidden in set_apart.items() if not is_hidden],
        previous=previous,
        in_conversation=[
            participant_index[p] for p in already_in if p in participant_index
        ],
    )
    return store_opinion_result(
        conversation,
        computed_at=read_at,
        n_votes=len(votes),
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        data=result.to_dict(),
    )


@transaction.atomic
def store_opinion_result(
    conversation: Conversation,
    *,
    computed_at: datetime,
    n_votes: int,
    participant_ids: list[int],
    statement_ids: list[int],
    data: dict[str, Any],
) -> OpinionResult:
    # Two workers may compute one conversation at once (at scale): the map read from the
    # newer votes is kept, whichever finishes last.
    row = (
        OpinionResult.objects.select_for_update()
        .filter(conversation=conversation)
        .first()
    )
    if row is not None and row.computed_at > computed_at:
        return row
    row = row or OpinionResult(conversation=conversation)
    row.computed_at = computed_at
    row.n_votes = n_votes
    row.participant_ids = participant_ids
    row.statement_ids = statement_ids
    row.data = data
    row.save()
    live.publish_on_commit(conversation.pk, "result")
    return row
