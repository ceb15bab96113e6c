from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResult
from django_tasks.signals import task_enqueued

from convene.conversations.models import Conversation
from convene.conversations.tasks import pending_update_key, update_opinion_map
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
)

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def enqueued(settings: Any) -> Iterator[list[TaskResult[Any]]]:
    """Tasks queued on a backend that holds them, as a worker would until it gets to them."""
    settings.TASKS = DUMMY_TASKS
    results: list[TaskResult[Any]] = []

    def note(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
        results.append(task_result)

    task_enqueued.connect(note)
    yield results
    task_enqueued.disconnect(note)


def _vote_twice(
    client: Client,
    conversation: Conversation,
    capture: Callable[..., Any],
) -> None:
    first, second, _ = seeds(conversation)
    with capture(execute=True):
        vote_through_form(client, conversation, first, 1)
    with capture(execute=True):
        vote_through_form(Client(), conversation, second, -1)


def test_votes_in_quick_succession_queue_one_update(
    visitor: Client,
    enqueued: list[TaskResult[Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation()

    _vote_twice(visitor, conversation, django_capture_on_commit_callbacks)

    assert len(enqueued) == 1
    assert enqueued[0].args == [conversation.pk]
    assert cache.get(pending_update_key(conversation.pk))


def test_the_update_runs_about_a_second_later(
    visitor: Client,
    enqueued: list[TaskResult[Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation()
    before = timezone.now()

    _vote_twice(visitor, conversation, django_capture_on_commit_callbacks)

    run_after = enqueued[0].task.run_after
    assert run_after is not None
    assert before < run_after <= timezone.now() + timedelta(seconds=1)


def test_votes_during_a_computation_queue_the_next_one(
    visitor: Client,
    enqueued: list[TaskResult[Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation()
    _vote_twice(visitor, conversation, django_capture_on_commit_callbacks)

    # the worker starts the queued update...
    update_opinion_map.call(conversation.pk)
    # ...and a vote arrives after it began
    with django_capture_on_commit_callbacks(execute=True):
        vote_through_form(visitor, conversation, seeds(conversation)[2], 0)

    assert len(enqueued) == 2


def test_the_vote_request_itself_computes_nothing(
    visitor: Client, enqueued: list[TaskResult[Any]]
) -> None:
    conversation = make_conversation()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "convene.conversations.opinion_map.compute_opinion_map",
            lambda *a, **k: pytest.fail("computed on the vote request"),
        )
        vote_through_form(visitor, conversation, seeds(conversation)[0], 1)

    assert conversation.votes.count() == 1


def test_with_a_worker_in_another_process_votes_a_second_later_queue_the_next(
    visitor: Client,
    enqueued: list[TaskResult[Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
    settings: Any,
) -> None:
    # Embedded, the worker's local-memory cache is its own: it can't clear this flag, so
    # the flag must lapse by itself or the map would wait a minute for its next update.
    # (The suite's at-scale pass shares a Redis cache; this is the embedded set-up.)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    conversation = make_conversation()
    _vote_twice(visitor, conversation, django_capture_on_commit_callbacks)

    with (
        time_machine.travel(timezone.now() + timedelta(seconds=1.5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        vote_through_form(visitor, conversation, seeds(conversation)[2], 0)

    assert len(enqueued) == 2


def test_a_vote_stands_when_its_update_cannot_be_queued(
    visitor: Client,
    enqueued: list[TaskResult[Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # Embedded, SQLite may stay busy with the worker's write past its timeout.
    conversation = make_conversation()
    first, second, _ = seeds(conversation)

    with (
        mock.patch(
            "django_tasks.backends.dummy.DummyBackend.enqueue",
            side_effect=OperationalError("database is locked"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = vote_through_form(visitor, conversation, first, 1)
    with django_capture_on_commit_callbacks(execute=True):
        vote_through_form(visitor, conversation, second, 1)

    assert response.status_code == 302
    assert conversation.votes.count() == 2
    assert len(enqueued) == 1
