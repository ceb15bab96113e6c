"""Closing a conversation always brings its map up to the final votes.

No vote comes after the close to ask for an update again, so the close's own update must not
be lost: not to an update already waiting, nor to a crash between the close and its queueing.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from convene.conversations.models import Conversation, OpinionResult
from convene.conversations.organising import set_conversation_open
from convene.conversations.tasks import OPINION_PENDING_TIMEOUT, pending_update_key
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    seeds,
    vote,
)

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAP_TASK = "convene.conversations.tasks.update_opinion_map"


class CloseFailed(Exception):
    pass


def conversation_with_votes(n: int) -> Conversation:
    conversation = make_conversation()
    for i in range(n):
        person = make_participant(conversation)
        for j, statement in enumerate(seeds(conversation)):
            vote(person, statement, 1 if (i + j) % 2 else -1)
    return conversation


@transaction.atomic
def close_then_fail(conversation: Conversation) -> None:
    set_conversation_open(conversation, is_open=False)
    raise CloseFailed


def queued_map_updates(conversation: Conversation) -> int:
    return DBTaskResult.objects.filter(
        task_path=MAP_TASK, args_kwargs__args=[conversation.pk]
    ).count()


def test_closing_settles_the_map_even_with_an_update_already_waiting(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = conversation_with_votes(6)  # their votes' own updates never ran
    # An update was queued a moment ago (its worker may have died with it).
    cache.add(pending_update_key(conversation.pk), 1, OPINION_PENDING_TIMEOUT)

    with django_capture_on_commit_callbacks(execute=True):
        set_conversation_open(conversation, is_open=False)

    result = OpinionResult.objects.get(conversation=conversation)
    assert result.n_votes == 6 * len(seeds(conversation))


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_final_update_is_queued_in_the_transaction_that_closes() -> None:
    conversation = conversation_with_votes(2)

    with transaction.atomic():
        set_conversation_open(conversation, is_open=False)
        # Already in the queue before the commit: they are stored together.
        assert queued_map_updates(conversation) == 1


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_close_that_is_rolled_back_queues_no_update() -> None:
    conversation = conversation_with_votes(2)

    with pytest.raises(CloseFailed):
        close_then_fail(conversation)

    assert queued_map_updates(conversation) == 0
    conversation.refresh_from_db()
    assert conversation.is_open
