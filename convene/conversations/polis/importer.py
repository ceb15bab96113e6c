"""A Pol.is export in as a new conversation, all or nothing.

The files are read by the validated reader (`reader`) that `convene opinion-map` uses too, so
an export the engine would refuse is refused here, before anything is written.

Choices an import makes, so people migrating from Pol.is know what they get:
- The conversation is unpublished and closed unless asked otherwise: an archive loaded for
  analysis shouldn't appear on the public list inviting people to vote on it.
- `moderated` 1 becomes accepted, -1 rejected, 0 pending. The conversation is post-moderated,
  as Pol.is conversations are by default, so pending statements stay visible and keep counting
  in the opinion map, and a moderator can still decide on them. Exporting gives back 1/-1/0.
- `is-meta` (in newer exports; older ones have no such column) marks statements about the
  conversation itself. They stay visible but out of the opinion map, as in Pol.is, and
  exporting writes the column back as true/false.
- `is-seed` (newer exports too) marks the statements the organisers started the
  conversation with; they become seed statements here, and exporting writes them back.
- Each Pol.is participant becomes a Participant whose `external_ref` is the Pol.is id;
  each comment a Statement whose `external_ref` is the comment id. Exporting reuses these ids,
  so a conversation survives a round trip, and gives fresh ids above them to rows born here.
  Participants, statements and votes all have the channel "Imported from Pol.is", so the
  results page doesn't count them as people who took part here on the web.
- A comment's author who never voted (an organiser who wrote the opening comments, say) is a
  participant with no votes, outside the map, so authorship and the commenters count survive
  a round trip. As in Pol.is, participants-votes.csv has a row only for those who voted.
- Everyone Pol.is placed in an opinion group (a group-id in participants-votes.csv) is in
  the imported map too, even with fewer than 7 votes: Pol.is keeps anyone once in, and it
  used to group people after a single vote. Others join by today's rule (7 votes).
- Only the final vote on each (participant, statement) pair is kept, as Pol.is counts them;
  `created_at` is the time of the first vote on the pair and `updated_at` of the final one.
- Statement.text holds at most 280 characters; longer Pol.is comments are shortened with "…"
  and the import says how many were.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from numpy.typing import NDArray

from convene.conversations.models import (
    STATEMENT_MAX_LENGTH,
    Channel,
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.polis.reader import (
    COMMENTS,
    ENCODING,
    SUMMARY,
    PolisExport,
    read_polis_export,
)
from convene.conversations.services import compute_opinion_result, store_opinion_result
from convene.core.slugs import unique_slug
from convene.opinion.replay import replay_opinion_map

Progress = Callable[[int, int], None]

POLIS_CREDIT = "Data gathered using the Polis software (compdemocracy.org/polis)."

_BATCH = 5_000
_VOTE_BATCH = 20_000
_SQLITE_CACHE_KIB = 256 * 1024
_STATUS_OF_MODERATION = {
    1: Statement.Status.ACCEPTED,
    0: Statement.Status.PENDING,
    -1: Statement.Status.REJECTED,
}


class PolisImportError(ValueError):
    """The export is readable but can't become a conversation (a taken slug, say)."""


@dataclass(frozen=True)
class PolisImport:
    conversation: Conversation
    n_statements: int
    n_participants: int
    n_votes: int
    n_shortened: int  # statements cut to STATEMENT_MAX_LENGTH
    n_groups: int  # opinion groups in the map computed after the import
    replayed: bool  # the map came from replaying the vote log
    has_vote_log: bool  # the export has votes.csv, so the map could have been replayed


def import_polis_export(
    directory: str | Path,
    *,
    slug: str | None = None,
    question: str | None = None,
    progress: Progress | None = None,
    is_open: bool = False,
    is_published: bool = False,
) -> Conversation:
    """Load a Pol.is export as a new conversation; see `import_polis` for the counts."""
    return import_polis(
        directory,
        slug=slug,
        question=question,
        progress=progress,
        is_open=is_open,
        is_published=is_published,
    ).conversation


def import_polis(
    directory: str | Path,
    *,
    slug: str | None = None,
    question: str | None = None,
    progress: Progress | None = None,
    replay: bool = False,
    replay_progress: Progress | None = None,
    is_open: bool = False,
    is_published: bool = False,
) -> PolisImport:
    """Load a Pol.is export as a new conversation, all or nothing.

    Raises `PolisExportError` (naming the file and line) for a malformed export and
    `PolisImportError` when the requested slug is taken; nothing is written in either case.
    Importing the same export twice makes a second conversation with its own slug.
    With `replay` (and a vote log), the map is rebuilt as Pol.is computed it: its votes
    replayed in time order, an update per second of log time, then one with the groups
    found afresh, as Pol.is's worker recomputes a conversation after a restart.
    The conversation takes votes only with `is_open` and is listed only with
    `is_published`.
    """
    folder = Path(directory)
    export = read_polis_export(folder)
    summary = _read_summary(folder / SUMMARY)
    extras = _read_comment_extras(folder / COMMENTS)
    with transaction.atomic(), _large_sqlite_cache():
        conversation = _create_conversation(
            folder,
            summary,
            slug=slug,
            question=question,
            is_open=is_open,
            is_published=is_published,
        )
        total = len(export.statement_ids) + len(export.participant_ids)
        final = _final_votes(export)
        total += len(final.participants)
        done = 0
        statement_pks, n_shortened = _create_statements(conversation, export, extras)
        done += len(statement_pks)
        _report(progress, done, total)
        participant_pks = _create_participants(conversation, export.participant_ids)
        done += len(participant_pks)
        _report(progress, done, total)
        for inserted in _insert_votes(
            conversation, final, statement_pks, participant_pks
        ):
            done += inserted
            _report(progress, done, total)
        # Kept apart from the map's participants, whose order is the engine's.
        silent_authors = _authors_who_never_voted(export, extras)
        silent_pks = _create_participants(conversation, silent_authors)
        pk_of_polis_id = dict(
            zip(
                [*export.participant_ids.tolist(), *silent_authors.tolist()],
                [*participant_pks.tolist(), *silent_pks.tolist()],
                strict=True,
            )
        )
        _link_authors(export, extras, statement_pks, pk_of_polis_id)
    _report(progress, total, total)
    # After the commit, so a failure in the maths can't undo an import; at once rather than
    # queued, so the results page shows the map as soon as the command returns. Whoever
    # Pol.is placed in a group stays in the map, as Pol.is keeps anyone once in.
    result: OpinionResult | None
    timestamps = export.timestamps if replay else None  # None too with no vote log
    replayed = timestamps is not None
    if timestamps is not None:
        result = _replayed_map(
            conversation,
            export,
            timestamps=timestamps,
            statement_pks=statement_pks,
            participant_pks=participant_pks,
            n_votes=len(final.participants),
            progress=replay_progress,
        )
    else:
        result = compute_opinion_result(
            conversation,
            already_in=participant_pks[export.polis_grouped].tolist(),
        )
    return PolisImport(
        conversation=conversation,
        n_statements=len(statement_pks),
        n_participants=len(participant_pks) + len(silent_pks),
        n_votes=len(final.participants),
        n_shortened=n_shortened,
        n_groups=len(result.data.get("groups", [])) if result is not None else 0,
        replayed=replayed,
        has_vote_log=export.timestamps is not None,
    )


def _replayed_map(
    conversation: Conversation,
    export: PolisExport,
    *,
    timestamps: NDArray[np.int64],
    statement_pks: NDArray[np.int64],
    participant_pks: NDArray[np.int64],
    n_votes: int,
    progress: Progress | None,
) -> OpinionResult:
    computed_at = timezone.now()
    result = replay_opinion_map(
        export.participants,
        export.statements,
        export.votes,
        timestamps,
        n_participants=len(participant_pks),
        n_statements=len(statement_pks),
        moderated_out=export.moderated_out,
        meta=export.meta_statements,
        in_conversation=export.polis_grouped,
        progress=progress,
    )
    # The engine's indices are the export's, so the stored map names the rows just made;
    # the live updates from here on warm-start from it.
    return store_opinion_result(
        conversation,
        computed_at=computed_at,
        n_votes=n_votes,
        participant_ids=participant_pks.tolist(),
        statement_ids=statement_pks.tolist(),
        data=result.to_dict(),
    )


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _read_summary(path: Path) -> dict[str, str]:
    """summary.csv is key,value rows; it is optional (synthetic exports have none)."""
    if not path.is_file():
        return {}
    with path.open(newline="", encoding=ENCODING) as handle:
        return {row[0].strip(): ",".join(row[1:]) for row in csv.reader(handle) if row}


@dataclass(frozen=True)
class _CommentExtras:
    """What comments.csv says beyond what the engine reads: when, by whom, and whether the
    organisers wrote it to start the conversation."""

    timestamps: dict[int, int]
    authors: dict[int, int]
    seeds: frozenset[int]


def _read_comment_extras(path: Path) -> _CommentExtras:
    # The engine's reader has already validated the file; these columns are optional, and a
    # blank or odd value only means the statement keeps no time or author.
    timestamps: dict[int, int] = {}
    authors: dict[int, int] = {}
    seeds: set[int] = set()
    with path.open(newline="", encoding=ENCODING) as handle:
        for row in csv.DictReader(handle):
            try:
                tid = int(row["comment-id"])
            except (TypeError, ValueError):
                continue
            for column, store in (("timestamp", timestamps), ("author-id", authors)):
                value = (row.get(column) or "").strip()
                if value.lstrip("-").isdigit():
                    store[tid] = int(value)
            if (row.get("is-seed") or "").strip().lower() in ("true", "1"):
                seeds.add(tid)
    return _CommentExtras(
        timestamps=timestamps, authors=authors, seeds=frozenset(seeds)
    )


def _create_conversation(
    folder: Path,
    summary: dict[str, str],
    *,
    slug: str | None,
    question: str | None,
    is_open: bool,
    is_published: bool,
) -> Conversation:
    max_question = Conversation._meta.get_field("question").max_length or 300
    topic = (question or summary.get("topic", "") or "").strip() or folder.name
    description = summary.get("conversation-description", "").strip()
    url = summary.get("url", "").strip()
    credit = (
        f"Imported from a Pol.is export{f' ({url})' if url else ''}. {POLIS_CREDIT}"
    )
    if POLIS_CREDIT not in description:
        description = f"{description}\n\n{credit}".strip()
    if slug is not None:
        if slug != slugify(slug) or not slug:
            raise PolisImportError(
                f"{slug!r} is not a slug: use lower-case letters, digits and hyphens."
            )
        if Conversation.objects.filter(slug=slug).exists():
            raise PolisImportError(
                f"The slug {slug!r} is taken by another conversation; "
                "choose another or leave it out to get a fresh one."
            )
    else:
        slug = unique_slug(
            Conversation.objects.all(),
            topic or folder.name,
            max_length=80,
            fallback="polis",
        )
    conversation = Conversation(
        question=topic[:max_question],
        slug=slug,
        description=description,
        moderation=Conversation.Moderation.POST,
        is_open=is_open,
        is_published=is_published,
    )
    try:
        conversation.full_clean()
    except ValidationError as error:
        raise PolisImportError("; ".join(error.messages)) from None
    conversation.save()
    return conversation


def _shorten(text: str) -> str:
    if len(text) <= STATEMENT_MAX_LENGTH:
        return text
    return text[: STATEMENT_MAX_LENGTH - 1].rstrip() + "…"


def _create_statements(
    conversation: Conversation, export: PolisExport, extras: _CommentExtras
) -> tuple[NDArray[np.int64], int]:
    statements = [
        Statement(
            conversation=conversation,
            text=_shorten(text),
            status=_STATUS_OF_MODERATION[int(flag)],
            rejection_reason="Moderated out in Pol.is" if flag == -1 else "",
            channel=Channel.POLIS,
            external_ref=str(int(tid)),
            is_meta=bool(meta),
            is_seed=int(tid) in extras.seeds,
        )
        for tid, text, flag, meta in zip(
            export.statement_ids,
            export.statement_texts,
            export.moderation,
            export.is_meta,
            strict=True,
        )
    ]
    n_shortened = sum(
        len(text) > STATEMENT_MAX_LENGTH for text in export.statement_texts
    )
    Statement.objects.bulk_create(statements, batch_size=_BATCH)
    pks = _pks_by_ref(Statement, conversation, export.statement_ids)
    # auto_now_add overrides created_at on insert, so the Pol.is times go in afterwards.
    times = [
        (int(pk), extras.timestamps[int(tid)])
        for pk, tid in zip(pks, export.statement_ids, strict=True)
        if int(tid) in extras.timestamps
    ]
    if times:
        stamps = _db_datetimes(np.array([ms for _, ms in times], dtype=np.int64))
        table = connection.ops.quote_name(Statement._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET created_at = %s WHERE id = %s",  # noqa: S608 (table name from the model, values as parameters)
                [(stamp, pk) for stamp, (pk, _) in zip(stamps, times, strict=True)],
            )
    return pks, n_shortened


def _authors_who_never_voted(
    export: PolisExport, extras: _CommentExtras
) -> NDArray[np.int64]:
    """Pol.is ids of comment authors who cast no vote, such as an organiser who wrote the
    opening comments; Pol.is lists them in no participant file, only as authors."""
    authors = np.array(sorted(set(extras.authors.values())), dtype=np.int64)
    return authors[~np.isin(authors, export.participant_ids)]


def _create_participants(
    conversation: Conversation, polis_ids: NDArray[np.int64]
) -> NDArray[np.int64]:
    # Raw rows for the same reason as the votes: 100k participants through bulk_create
    # take seconds of model instances.
    sql = _insert_sql(
        Participant, ("conversation", "external_ref", "channel", "created_at")
    )
    now = _adapt(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(polis_ids), _VOTE_BATCH):
            cursor.executemany(
                sql,
                [
                    (conversation.pk, str(pid), Channel.POLIS.value, now)
                    for pid in polis_ids[start : start + _VOTE_BATCH].tolist()
                ],
            )
    return _pks_by_ref(Participant, conversation, polis_ids)


def _pks_by_ref(
    model: type[Statement] | type[Participant],
    conversation: Conversation,
    ids: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Primary key of the row made for each Pol.is id, in the export's index order."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    rows = model.objects.filter(conversation=conversation)
    by_ref = {int(ref): pk for ref, pk in rows.values_list("external_ref", "pk")}
    return np.array([by_ref[int(i)] for i in ids], dtype=np.int64)


@dataclass(frozen=True)
class _FinalVotes:
    participants: NDArray[np.int64]  # indices into the export's participant ids
    statements: NDArray[np.int64]
    choices: NDArray[np.int8]
    first_ms: NDArray[np.int64] | None  # first vote on the pair
    last_ms: NDArray[np.int64] | None  # the final vote


def _final_votes(export: PolisExport) -> _FinalVotes:
    """The last vote on each pair wins (the log is in time order), as in Pol.is."""
    n_statements = max(len(export.statement_ids), 1)
    keys = export.participants.astype(np.int64) * n_statements + export.statements
    n = len(keys)
    _, last_reversed = np.unique(keys[::-1], return_index=True)
    # In key order, that is by participant then statement: rows then go into the vote
    # table's (participant, statement) indexes in order, which is much of an import's time.
    last = n - 1 - last_reversed
    first_ms = last_ms = None
    if export.timestamps is not None:
        unique_keys, first = np.unique(keys, return_index=True)
        last_ms = export.timestamps[last]
        # unique_keys is sorted; map each final vote's key to its first vote.
        first_ms = export.timestamps[first[np.searchsorted(unique_keys, keys[last])]]
    return _FinalVotes(
        participants=export.participants[last].astype(np.int64),
        statements=export.statements[last].astype(np.int64),
        choices=export.votes[last],
        first_ms=first_ms,
        last_ms=last_ms,
    )


DbValue = str | datetime | None


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


def _insert_sql(model: type[Vote] | type[Participant], names: tuple[str, ...]) -> str:
    meta = model._meta
    quote = connection.ops.quote_name
    column_of = {f.name: f.column for f in meta.concrete_fields if f.column}
    columns = ", ".join(quote(column_of[name]) for name in names)
    values = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})"  # noqa: S608 (names from the model, values as parameters)


def _insert_votes(
    conversation: Conversation,
    final: _FinalVotes,
    statement_pks: NDArray[np.int64],
    participant_pks: NDArray[np.int64],
) -> Iterator[int]:
    """Insert the votes in batches with executemany; yields how many each batch wrote.

    The ORM's bulk_create builds a model instance per vote, which is most of the time for an
    export of millions; the rows here are exactly what the model would write.
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
    statements = statement_pks[final.statements]
    participants = participant_pks[final.participants]
    with connection.cursor() as cursor:
        for start in range(0, len(statements), _VOTE_BATCH):
            stop = min(start + _VOTE_BATCH, len(statements))
            count = stop - start
            if final.first_ms is not None and final.last_ms is not None:
                created = _db_datetimes(final.first_ms[start:stop])
                updated = _db_datetimes(final.last_ms[start:stop])
            else:
                created = updated = [now] * count
            cursor.executemany(
                sql,
                list(
                    zip(
                        [conversation.pk] * count,
                        statements[start:stop].tolist(),
                        participants[start:stop].tolist(),
                        final.choices[start:stop].tolist(),
                        [Channel.POLIS.value] * count,
                        created,
                        updated,
                        strict=True,
                    )
                ),
            )
            yield count


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """Give SQLite a big page cache while it writes millions of rows.

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


def _link_authors(
    export: PolisExport,
    extras: _CommentExtras,
    statement_pks: NDArray[np.int64],
    pk_of_polis_id: dict[int, int],
) -> None:
    """Point each statement that names an author at that author's participant."""
    pairs = [
        (pk_of_polis_id[author], int(pk))
        for pk, tid in zip(statement_pks, export.statement_ids, strict=True)
        if (author := extras.authors.get(int(tid))) is not None
    ]
    if pairs:
        table = connection.ops.quote_name(Statement._meta.db_table)
        column = connection.ops.quote_name(Statement._meta.get_field("author").column)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608 (names from the model, values as parameters)
                pairs,
            )
