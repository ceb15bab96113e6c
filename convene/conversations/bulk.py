"""Writes for imports: a whole archive's statements, participants and votes at once.

Unlike every other writer, these services write rows in bulk: votes and participants with
plain INSERTs run in batches, statements with `bulk_create`, each row exactly what the model
would write. An import brings millions of votes, and through the ORM a model instance per vote
is most of its time. Everything else records a response through `services`, one at a time:
`_cast_vote` (behind `check_cast_vote` and `check_web_vote`) checks the choice, that the
conversation is open and the statement visible (`_votable_statement`), changes an earlier
vote rather than adding a second, and after the commit queues an opinion-map update
(`schedule_opinion_update`) and pushes the change to live pages (`_publish`, that is
`live.publish_conversation_changed`); `check_add_statement` also holds the participant to the
statement rate limits (`limits.check_statement_rate`), flags a near-repeat for the moderator
(`find_similar_statement`) and records the author's own agree vote.

An import needs none of that per row, and does this instead:
- the conversation is one the import made in the same transaction, so nobody votes on it or
  watches it yet, and there is no earlier vote to change;
- the importer has checked its input (the Pol.is reader refuses a bad vote or an unknown
  comment), and the database constraints (one vote per participant and statement, a choice
  of -1, 0 or 1) still hold every row;
- nothing is pushed or queued per vote: the importer computes the map once, after the commit
  (`compute_opinion_result`, or `store_opinion_result` after a replay), and storing it tells
  live pages;
- an archive's statements are not someone typing, so no rate limit or near-repeat check
  applies.
Anything recording people as they take part goes through `services`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from numpy.typing import NDArray

from convene.conversations.models import Conversation, Participant, Statement, Vote

_BATCH = 5_000
_VOTE_BATCH = 20_000
_SQLITE_CACHE_KIB = 256 * 1024

DbValue = str | datetime | None


@dataclass(frozen=True)
class ImportedStatement:
    ref: str  # its id where it came from, kept as `external_ref`
    text: str
    status: Statement.Status
    rejection_reason: str = ""
    is_meta: bool = False
    is_seed: bool = False
    created_ms: int | None = None  # when it was written, if the source says


@transaction.atomic
def record_imported_statements(
    conversation: Conversation,
    *,
    statements: Sequence[ImportedStatement],
    channel: str,
) -> NDArray[np.int64]:
    """Add the statements; returns their primary keys in the order given."""
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=statement.text,
                status=statement.status,
                rejection_reason=statement.rejection_reason,
                channel=channel,
                external_ref=statement.ref,
                is_meta=statement.is_meta,
                is_seed=statement.is_seed,
            )
            for statement in statements
        ],
        batch_size=_BATCH,
    )
    pks = _pks_by_ref(Statement, conversation, [s.ref for s in statements])
    # auto_now_add overrides created_at on insert, so the source's times go in afterwards.
    times = [
        (pk, statement.created_ms)
        for pk, statement in zip(pks.tolist(), statements, strict=True)
        if statement.created_ms is not None
    ]
    if times:
        stamps = _db_datetimes(np.array([ms for _, ms in times], dtype=np.int64))
        _update(
            conversation,
            Statement,
            "created_at",
            [(stamp, pk) for stamp, (pk, _) in zip(stamps, times, strict=True)],
        )
    return pks


@transaction.atomic
def record_imported_participants(
    conversation: Conversation, *, refs: Sequence[str], channel: str
) -> NDArray[np.int64]:
    """Add a participant for each reference; returns their primary keys in the order given."""
    # Plain INSERTs for the same reason as the votes: 100k participants through bulk_create
    # take seconds of model instances.
    sql = _insert_sql(
        Participant, ("conversation", "external_ref", "channel", "created_at")
    )
    now = _adapt(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(refs), _VOTE_BATCH):
            cursor.executemany(
                sql,
                [
                    (conversation.pk, ref, channel, now)
                    for ref in refs[start : start + _VOTE_BATCH]
                ],
            )
    return _pks_by_ref(Participant, conversation, refs)


@transaction.atomic
def record_imported_votes(
    conversation: Conversation,
    *,
    participant_ids: NDArray[np.int64],
    statement_ids: NDArray[np.int64],
    choices: NDArray[np.int8],
    created_ms: NDArray[np.int64] | None,
    updated_ms: NDArray[np.int64] | None,
    channel: str,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Add one vote per (participant, statement) pair given; returns how many.

    Times are milliseconds since the epoch, or None for now. Rows go in the order given, in
    batches (by participant then statement is fastest: the order of the vote table's
    indexes); `on_batch` hears how many each batch wrote.
    """
    sql = _insert_sql(
        Vote,
        (
            "conversation",
            "statement",
            "participant",
            "choice",
            "channel",
            "created_at",
            "updated_at",
        ),
    )
    now = _adapt(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(statement_ids), _VOTE_BATCH):
            stop = min(start + _VOTE_BATCH, len(statement_ids))
            count = stop - start
            if created_ms is not None and updated_ms is not None:
                created = _db_datetimes(created_ms[start:stop])
                updated = _db_datetimes(updated_ms[start:stop])
            else:
                created = updated = [now] * count
            cursor.executemany(
                sql,
                list(
                    zip(
                        [conversation.pk] * count,
                        statement_ids[start:stop].tolist(),
                        participant_ids[start:stop].tolist(),
                        choices[start:stop].tolist(),
                        [channel] * count,
                        created,
                        updated,
                        strict=True,
                    )
                ),
            )
            if on_batch is not None:
                on_batch(count)
    return len(statement_ids)


@transaction.atomic
def link_imported_authors(
    conversation: Conversation, *, authors: Sequence[tuple[int, int]]
) -> None:
    """Point statements at their authors: (statement pk, participant pk) pairs."""
    _update(
        conversation,
        Statement,
        "author",
        [(author, statement) for statement, author in authors],
    )


@contextmanager
def large_write_cache() -> Iterator[None]:
    """Give SQLite a big page cache while an import writes millions of rows.

    Each vote goes into five indexes; with SQLite's default 2 MB cache the random ones thrash
    and an import of 4M votes takes twice as long. The setting is per connection and put back.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _pks_by_ref(
    model: type[Statement] | type[Participant],
    conversation: Conversation,
    refs: Sequence[str],
) -> NDArray[np.int64]:
    """Primary key of the row made for each reference, in the order given."""
    if not len(refs):
        return np.zeros(0, dtype=np.int64)
    rows = model.objects.filter(conversation=conversation)
    by_ref = dict(rows.values_list("external_ref", "pk"))
    return np.array([by_ref[ref] for ref in refs], dtype=np.int64)


def _update(
    conversation: Conversation,
    model: type[Statement],
    field: str,
    values: list[tuple[DbValue | int, int]],
) -> None:
    """Set one field of many of the conversation's rows: (value, primary key) pairs."""
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    column, owner = _columns(model, (field, "conversation"))
    sql = f"UPDATE {table} SET {column} = %s WHERE id = %s AND {owner} = %s"  # noqa: S608 (names from the model, values as parameters)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(value, pk, conversation.pk) for value, pk in values])


def _insert_sql(model: type[Vote] | type[Participant], names: tuple[str, ...]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, names))
    values = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608 (names from the model, values as parameters)


def _columns(
    model: type[Vote] | type[Participant] | type[Statement], names: tuple[str, ...]
) -> list[str]:
    """The quoted database columns of the model's fields `names`."""
    column_of = {f.name: f.column for f in model._meta.concrete_fields if f.column}
    return [connection.ops.quote_name(column_of[name]) for name in names]


def _db_datetimes(milliseconds: NDArray[np.int64]) -> list[DbValue]:
    """Milliseconds since the epoch as values the database driver takes for a datetime."""
    if connection.vendor == "sqlite" and settings.USE_TZ:
        # What Django's SQLite backend stores: naive UTC in str(datetime) form. Building the
        # strings with NumPy keeps millions of votes from going through Python datetimes.
        text = np.datetime_as_string(
            milliseconds.astype("datetime64[ms]").astype("datetime64[us]"), unit="us"
        )
        text = np.char.replace(text, "T", " ")
        whole = milliseconds % 1000 == 0
        if whole.any():
            # str(datetime) leaves out zero microseconds.
            text[whole] = text[whole].astype("U19")
        return [str(t) for t in text.tolist()]
    return [
        _adapt(datetime.fromtimestamp(int(ms) / 1000, tz=UTC)) for ms in milliseconds
    ]


def _adapt(moment: datetime) -> DbValue:
    value: DbValue = connection.ops.adapt_datetimefield_value(moment)
    return value
