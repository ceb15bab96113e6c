"""The bulk services imports write through: rows as the models would write them, at once."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from convene.conversations import bulk
from convene.conversations.models import Channel, Conversation, Statement
from convene.conversations.organising import create_conversation
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = pytest.mark.django_db


def _archive() -> Conversation:
    return create_conversation("An archive", slug="archive", is_open=False)


def test_votes_go_in_with_their_times_and_nothing_is_queued_or_pushed(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given an imported archive's statements and participants
    archive = _archive()
    statements = bulk.record_imported_statements(
        archive,
        statements=[
            bulk.ImportedStatement(
                ref="7", text="More buses", status=Statement.Status.ACCEPTED
            ),
            bulk.ImportedStatement(
                ref="9",
                text="Fewer cars",
                status=Statement.Status.PENDING,
                created_ms=1_000,
            ),
        ],
        channel=Channel.POLIS,
    )
    people = bulk.record_imported_participants(
        archive, refs=["3", "5"], channel=Channel.POLIS
    )
    batches: list[int] = []

    # when three votes are recorded
    with django_capture_on_commit_callbacks() as callbacks:
        n = bulk.record_imported_votes(
            archive,
            participant_ids=people[[0, 0, 1]],
            statement_ids=statements[[0, 1, 1]],
            choices=np.array([1, -1, 0], dtype=np.int8),
            created_ms=np.array([0, 2_000, 3_000], dtype=np.int64),
            updated_ms=np.array([500, 2_500, 3_000], dtype=np.int64),
            channel=Channel.POLIS,
            on_batch=batches.append,
        )

    # then they are stored as given, and no map update or live push is queued
    assert n == 3
    assert batches == [3]
    votes = list(
        archive.votes.order_by("pk").values_list(
            "participant__external_ref",
            "statement__external_ref",
            "choice",
            "updated_at",
        )
    )
    assert votes == [
        ("3", "7", 1, datetime(1970, 1, 1, 0, 0, 0, 500_000, tzinfo=UTC)),
        ("3", "9", -1, datetime(1970, 1, 1, 0, 0, 2, 500_000, tzinfo=UTC)),
        ("5", "9", 0, datetime(1970, 1, 1, 0, 0, 3, tzinfo=UTC)),
    ]
    assert Statement.objects.get(pk=statements[1]).created_at == datetime(
        1970, 1, 1, 0, 0, 1, tzinfo=UTC
    )
    assert callbacks == []


def test_authors_are_linked_only_within_the_conversation() -> None:
    archive = _archive()
    (statement,) = bulk.record_imported_statements(
        archive,
        statements=[
            bulk.ImportedStatement(ref="1", text="Hi", status=Statement.Status.ACCEPTED)
        ],
        channel=Channel.POLIS,
    )
    (author,) = bulk.record_imported_participants(
        archive, refs=["0"], channel=Channel.POLIS
    )
    elsewhere = seeds(make_conversation())[0]

    bulk.link_imported_authors(
        archive, authors=[(int(statement), int(author)), (elsewhere.pk, int(author))]
    )

    assert Statement.objects.get(pk=statement).author_id == author
    elsewhere.refresh_from_db()
    assert elsewhere.author_id is None
