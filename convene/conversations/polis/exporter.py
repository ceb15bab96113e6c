"""A conversation out as a Pol.is export, for Pol.is's own tools, red-dwarf or a spreadsheet.

The four files are Pol.is's (comments.csv, votes.csv, participants-votes.csv, summary.csv),
with Pol.is's columns first and in its order, then ours (is-meta, is-seed). Participants and
statements imported from Pol.is go out under their Pol.is ids, so a conversation survives a
round trip; rows born here get fresh ids above them. Written to a folder (`export_polis`) or
streamed as a zip (`polis_zip`), a block at a time: memory stays flat however many votes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from numpy.typing import NDArray

from convene.conversations.models import Conversation, OpinionResult, Statement, Vote
from convene.conversations.polis.dates import epoch_ms, polis_datetime, polis_datetimes
from convene.conversations.polis.reader import (
    COMMENTS,
    PARTICIPANTS_VOTES,
    SUMMARY,
    VOTES,
)
from convene.core.snapshot import read_snapshot

# Pol.is's classic columns in its order, so scripts that index them keep working, then ours.
COMMENTS_HEADER = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
    "is-meta",
    "is-seed",
)
VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
# The newer of Pol.is's two layouts, with xid second, as its exports have been written since
# about 2021 (london.youth.policing, the austria-climate ones). xid is the id a site that
# embeds Pol.is gives its users; Convene has none, so the column is empty.
PARTICIPANTS_HEADER = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)
SUMMARY_KEYS = (
    "topic",
    "url",
    "views",
    "voters",
    "voters-in-conv",
    "commenters",
    "comments",
    "groups",
    "conversation-description",
)

_EXPORT_BATCH = 20_000
_BLOCK_CELLS = 500_000  # participants-votes.csv cells held in memory at once
_MODERATION_OF_STATUS = {
    Statement.Status.ACCEPTED: 1,
    Statement.Status.PENDING: 0,
    Statement.Status.REJECTED: -1,
    # Pol.is has no "withdrawn": its votes count, as an accepted statement's do.
    Statement.Status.WITHDRAWN: 1,
}


@dataclass(frozen=True)
class _Ids:
    """The Pol.is id each participant and statement goes out under."""

    participants: dict[int, int]  # pk -> Pol.is participant id
    statements: dict[int, int]  # pk -> Pol.is comment id


def _polis_ids(pairs: list[tuple[int, str]]) -> dict[int, int]:
    """Keep imported ids; number rows born here after the largest of them, in pk order."""
    kept: dict[int, int] = {}
    seen: set[int] = set()
    for pk, ref in pairs:
        if ref.isdigit() and int(ref) not in seen:
            kept[pk] = int(ref)
            seen.add(int(ref))
    next_id = max(seen, default=-1) + 1
    ids: dict[int, int] = {}
    for pk, _ in pairs:
        if pk in kept:
            ids[pk] = kept[pk]
        else:
            ids[pk] = next_id
            next_id += 1
    return ids


def _ids_of(conversation: Conversation) -> _Ids:
    return _Ids(
        participants=_polis_ids(
            list(
                conversation.participants.order_by("pk").values_list(
                    "pk", "external_ref"
                )
            )
        ),
        statements=_polis_ids(
            list(
                conversation.statements.order_by("pk").values_list("pk", "external_ref")
            )
        ),
    )


def _comments_csv(conversation: Conversation, ids: _Ids) -> Iterator[str]:
    counted = (
        conversation.votes.order_by()
        .values("statement_id", "choice")
        .annotate(n=Count("pk"))
        .values_list("statement_id", "choice", "n")
    )
    counts = {(statement_id, choice): n for statement_id, choice, n in counted}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COMMENTS_HEADER)
    rows = conversation.statements.values_list(
        "pk", "created_at", "author_id", "status", "is_meta", "is_seed", "text"
    )
    for pk, created_at, author_id, status, is_meta, is_seed, text in sorted(
        rows, key=lambda row: ids.statements[row[0]]
    ):
        writer.writerow(
            (
                epoch_ms(created_at),
                polis_datetime(created_at),
                ids.statements[pk],
                "" if author_id is None else ids.participants[author_id],
                counts.get((pk, 1), 0),
                counts.get((pk, -1), 0),
                _MODERATION_OF_STATUS[Statement.Status(status)],
                text,
                "true" if is_meta else "false",
                "true" if is_seed else "false",
            )
        )
    yield out.getvalue()


def _lookup(
    mapping: dict[int, int],
) -> Callable[[NDArray[np.int64]], NDArray[np.int64]]:
    """A vectorised `mapping[key]` for primary keys."""
    keys = np.array(sorted(mapping), dtype=np.int64)
    values = np.array([mapping[int(k)] for k in keys], dtype=np.int64)

    def look_up(pks: NDArray[np.int64]) -> NDArray[np.int64]:
        return values[np.searchsorted(keys, pks)]

    return look_up


def _milliseconds(values: Sequence[str | datetime]) -> NDArray[np.int64]:
    """Times as the cursor returns them, as milliseconds since the epoch."""
    first = values[0] if values else None
    if isinstance(first, str):
        # SQLite's text (naive UTC), parsed by NumPy in C.
        return np.array(values, dtype="datetime64[ms]").astype(np.int64)
    epoch = _EPOCH if first is not None and timezone.is_aware(first) else _NAIVE_EPOCH
    return np.array([(v - epoch) // _ONE_MS for v in values], dtype=np.int64)  # type: ignore[operator]  # all datetimes, like the first


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 (naive UTC, as SQLite stores times)
_ONE_MS = timedelta(milliseconds=1)


def _rows(query: QuerySet[Any, Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The query's rows in batches straight from the cursor.

    Django's per-row conversion was most of the time of exporting millions of votes. The
    chunked cursor is a server-side one on PostgreSQL, so the rows are never all in memory at
    once; SQLite's cursor reads its rows as they are fetched anyway.
    """
    sql, params = query.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(_EXPORT_BATCH):
            yield batch


def _votes_csv(conversation: Conversation, ids: _Ids) -> Iterator[str]:
    yield ",".join(VOTES_HEADER) + "\n"
    votes = conversation.votes.order_by("statement_id", "participant_id")
    at: Cast | F = F("updated_at")
    if connection.vendor == "sqlite":
        # The stored text itself: Django's SQLite driver would parse a datetime per row.
        at = Cast("updated_at", output_field=TextField())
    comment_id = _lookup(ids.statements)
    participant_id = _lookup(ids.participants)
    for batch in _rows(
        votes.values_list("statement_id", "participant_id", "choice", at)
    ):
        columns = list(zip(*batch, strict=True))
        tids = comment_id(np.array(columns[0], dtype=np.int64))
        pids = participant_id(np.array(columns[1], dtype=np.int64))
        ms = _milliseconds(list(columns[3]))
        # Every field is a number or a fixed-form date, so no quoting is needed.
        yield "".join(
            f"{m},{d},{t},{p},{c}\n"
            for m, d, t, p, c in zip(
                ms.tolist(),
                polis_datetimes(ms).tolist(),
                tids.tolist(),
                pids.tolist(),
                columns[2],
                strict=True,
            )
        )


def _groups_of(conversation: Conversation, ids: _Ids) -> tuple[dict[int, int], int]:
    """Pol.is participant id -> opinion group, and the number of groups."""
    result = OpinionResult.objects.filter(conversation=conversation).first()
    if result is None:
        return {}, 0
    data = result.data or {}
    group_of_index = data.get("participant_group", [])
    groups: dict[int, int] = {}
    for index, pk in enumerate(result.participant_ids):
        if (
            index < len(group_of_index)
            and group_of_index[index] >= 0
            and pk in ids.participants
        ):
            groups[ids.participants[pk]] = int(group_of_index[index])
    return groups, len(data.get("groups", []))


def _votes_of_participants(
    conversation: Conversation, block: NDArray[np.int64], by_pk: NDArray[np.int64]
) -> Iterator[NDArray[np.int64]]:
    """(participant pk, statement pk, choice) rows of the votes of `block`'s participants.

    Each run of participants next to each other in the conversation's pk order is one range
    query on the vote's participant index. Pol.is ids follow pk order except for ids kept from
    an import or a ballot number, so a block is usually one run.
    """
    positions = np.sort(np.searchsorted(by_pk, block))
    for run in np.split(positions, np.flatnonzero(np.diff(positions) != 1) + 1):
        votes = conversation.votes.filter(
            participant_id__gte=int(by_pk[run[0]]),
            participant_id__lte=int(by_pk[run[-1]]),
        ).values_list("participant_id", "statement_id", "choice")
        for batch in _rows(votes):
            yield np.array(batch, dtype=np.int64).reshape(-1, 3)


def _participants_votes_csv(
    conversation: Conversation, ids: _Ids, groups: dict[int, int], voters: set[int]
) -> Iterator[str]:
    """A row per participant who voted, in Pol.is id order, a block of them at a time.

    As in Pol.is, someone who only wrote statements has no row; comments.csv names them.
    """
    comments = sorted(ids.statements.items(), key=lambda item: item[1])
    people = sorted(
        ((pk, pid) for pk, pid in ids.participants.items() if pk in voters),
        key=lambda item: item[1],
    )
    column_of = _lookup({pk: column for column, (pk, _) in enumerate(comments)})
    block_pks = np.array([pk for pk, _ in people], dtype=np.int64)
    by_pk = np.sort(block_pks)
    authored = Counter(
        conversation.statements.exclude(author=None).values_list("author_id", flat=True)
    )
    yield ",".join([*PARTICIPANTS_HEADER, *(str(tid) for _, tid in comments)]) + "\n"
    cell = np.array(["-1", "0", "1", ""])
    step = max(1, _BLOCK_CELLS // max(len(comments), 1))
    for start in range(0, len(people), step):
        block = block_pks[start : start + step]
        row_of = _lookup({int(pk): row for row, pk in enumerate(block)})
        choices = np.full((len(block), len(comments)), 3, dtype=np.int8)
        for votes in _votes_of_participants(conversation, block, by_pk):
            choices[row_of(votes[:, 0]), column_of(votes[:, 1])] = votes[:, 2] + 1
        n_votes = (choices != 3).sum(axis=1).tolist()
        n_agree = (choices == 2).sum(axis=1).tolist()
        n_disagree = (choices == 0).sum(axis=1).tolist()
        text = cell[choices]
        lines = []
        for row, (pk, pid) in enumerate(people[start : start + step]):
            group = groups.get(pid)
            no_xid = ""
            head = (
                f"{pid},{no_xid},{'' if group is None else group},{authored.get(pk, 0)},"
                f"{n_votes[row]},{n_agree[row]},{n_disagree[row]}"
            )
            lines.append(",".join([head, *text[row].tolist()]) + "\n")
        yield "".join(lines)


def _summary_csv(
    conversation: Conversation,
    ids: _Ids,
    *,
    n_voters: int,
    n_groups: int,
) -> Iterator[str]:
    values = {
        "topic": conversation.question,
        "url": f"{settings.SITE_URL}{conversation.get_absolute_url()}",
        # Convene counts no page views; everyone who took part is the nearest figure.
        "views": len(ids.participants),
        "voters": n_voters,
        # Pol.is's count of the people whose votes its maths reads (the rows of its vote
        # matrix), not of those it put in groups: in every Pol.is export it equals voters.
        "voters-in-conv": n_voters,
        "commenters": conversation.statements.exclude(author=None)
        .values("author")
        .distinct()
        .count(),
        "comments": len(ids.statements),
        "groups": n_groups,
        "conversation-description": conversation.description,
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for key in SUMMARY_KEYS:
        writer.writerow((key, values[key]))
    yield out.getvalue()


def _counted_voters(conversation: Conversation) -> int:
    """People with a vote that counts, as the results page and the wall count them.

    participants-votes.csv still has a row for everyone who voted at all, and votes.csv
    every vote, so a round trip loses nothing; the summary's figures are the ones a reader
    compares with the results page.
    """
    counted = Vote.objects.counted_in(conversation).order_by()
    return counted.values("participant_id").distinct().count()


def polis_files(conversation: Conversation) -> Iterator[tuple[str, Iterator[str]]]:
    """Each of the four CSVs by name, with its text as it is read from the database.

    Nothing holds a whole file or all the votes, so memory stays flat however many votes a
    conversation has; take each file's text before asking for the next file. The four are
    read from one snapshot, so votes cast during an export are in none of them rather than
    counted in one file and missing from the next.
    """
    with read_snapshot():
        ids = _ids_of(conversation)
        groups, n_groups = _groups_of(conversation, ids)
        voters = set(
            conversation.votes.order_by()
            .values_list("participant_id", flat=True)
            .distinct()
        )
        yield COMMENTS, _comments_csv(conversation, ids)
        yield VOTES, _votes_csv(conversation, ids)
        yield (
            PARTICIPANTS_VOTES,
            _participants_votes_csv(conversation, ids, groups, voters),
        )
        yield (
            SUMMARY,
            _summary_csv(
                conversation,
                ids,
                n_voters=_counted_voters(conversation),
                n_groups=n_groups,
            ),
        )


def export_polis(conversation: Conversation, directory: str | Path) -> list[Path]:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv into `directory`.

    Existing files of those names are replaced; the directory is made if missing. Raises
    `OSError` when it can't be written, having replaced nothing: the four files are written
    beside their final names first, so an earlier export is never left half overwritten
    with files that disagree.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    final_of: dict[Path, Path] = {}  # each draft's final path
    try:
        for name, text in polis_files(conversation):
            draft = folder / f".{name}.part"
            final_of[draft] = folder / name
            with draft.open("w", newline="", encoding="utf-8") as out:
                out.writelines(text)
        for draft, final in final_of.items():
            draft.replace(final)
    finally:
        for draft in final_of:
            draft.unlink(missing_ok=True)
    return list(final_of.values())


class _ZipOutput:
    """Where the zip is written: bytes wait here until the download takes them.

    It can't seek, so zipfile writes each file's sizes after its data, as a stream must.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def polis_zip(conversation: Conversation) -> Iterator[bytes]:
    """The same four files in one zip, made as the download is sent."""
    output = _ZipOutput()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in polis_files(conversation):
            with archive.open(name, "w", force_zip64=True) as entry:
                for chunk in text:
                    entry.write(chunk.encode("utf-8"))
                    if data := output.take():
                        yield data
    yield output.take()
