"""Recomputing the opinion map in the background, about once a second while votes arrive."""

import logging
from datetime import timedelta
from functools import partial

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

from convene.conversations import moderation_alerts
from convene.conversations.models import Conversation
from convene.conversations.opinion_map import compute_opinion_result
from convene.core import topology
from convene.core.task_worker import run_again_if_interrupted

logger = logging.getLogger(__name__)

# The opinion map is recomputed at most about once a second per conversation while votes arrive.
OPINION_UPDATE_DELAY = timedelta(seconds=1)
# How long a pending update blocks others if its task never starts (a worker down): after
# this the next vote schedules a fresh one.
OPINION_PENDING_TIMEOUT = 60
# Until its update is safely queued, the key lives only this long: a web process killed
# between taking the key and queueing the update leaves a key that blocks the map's updates
# for seconds, not a minute.
OPINION_QUEUEING_TIMEOUT = 5


def pending_update_key(conversation_id: int) -> str:
    return f"conversations:opinion-update-pending:{conversation_id}"


# Run again if its worker dies midway: a second computation only stores the same map, or a
# newer one.
@run_again_if_interrupted
@task()
def update_opinion_map(conversation_id: int) -> None:
    # Cleared first: votes cast while this computes schedule the next update.
    cache.delete(pending_update_key(conversation_id))
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None:
        compute_opinion_result(conversation)


def schedule_opinion_update(conversation_id: int) -> bool:
    """Queue one opinion-map update about a second from now, unless one is already waiting.

    Votes arriving while an update waits are counted by it, so a busy room costs one
    computation a second, not one per vote. The task clears the key as it starts, so votes
    cast during a computation schedule the next one. Returns whether a task was queued.

    Where the task can't see this process's cache (embedded: the worker is another process
    with a local-memory cache of its own), it can't clear the key: the key expires when the
    queued update is due instead, and the next vote after that queues the next update
    (still at most about one a second).
    """
    timeout = (
        OPINION_PENDING_TIMEOUT
        if topology.worker_shares_cache()
        else OPINION_UPDATE_DELAY.total_seconds()
    )
    key = pending_update_key(conversation_id)
    if not cache.add(key, 1, min(timeout, OPINION_QUEUEING_TIMEOUT)):
        return False
    queued = update_opinion_map
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + OPINION_UPDATE_DELAY)
    try:
        queued.enqueue(conversation_id)
    except DatabaseError:
        # Not queued (embedded: SQLite busy with the worker's write past its timeout). This
        # runs after the vote committed, so the vote stands and the person sees it counted;
        # the next vote queues the update.
        logger.exception(
            "Opinion update for conversation %s not queued", conversation_id
        )
        cache.delete(key)
        return False
    if timeout > OPINION_QUEUEING_TIMEOUT:
        cache.touch(
            key, timeout
        )  # unless the update has started and cleared it already
    return True


def queue_final_opinion_update(conversation_id: int) -> None:
    """Queue the update that settles a closed conversation's map, in the caller's transaction.

    No vote will come later to ask again, so this one must not be lost: queued in the
    transaction that closes the conversation (not after its commit, and past any update
    already waiting), the close and its final update are stored together or not at all, and
    a worker that dies while computing it leaves it to be taken back.
    """
    update_opinion_map.enqueue(conversation_id)


def update_map_on_commit(conversation_id: int) -> None:
    """Schedule the map's update once the transaction that changed its votes commits."""
    transaction.on_commit(partial(schedule_opinion_update, conversation_id))


@task()
def alert_moderators() -> None:
    moderation_alerts.alert_moderators()


def alert_moderators_on_commit() -> None:
    """After a statement starts waiting: the count may have reached the alert's."""
    transaction.on_commit(alert_moderators.enqueue)
