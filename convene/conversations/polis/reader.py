"""Read a Pol.is export directory (comments.csv + votes.csv, or participants-votes.csv).

Small files go through the csv module (`files`); the vote log, which reaches tens of millions
of rows, is parsed with NumPy straight from its bytes (`vote_log`). Anything malformed raises
`PolisExportError` naming the file and line, because a silently skipped row would quietly change
the opinion map, and an import must write nothing rather than part of an export.
What only an import keeps (summary.csv, and comments' times, authors and seed flags) may be
blank, which loses that detail; a value there that can't be Pol.is's is refused like any other.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from convene.conversations.polis.files import (
    ENCODING,
    MAX_MILLISECONDS,
    csv_records,
    parse_id,
    parse_milliseconds,
    read_rows,
    read_text,
)
from convene.conversations.polis.files import (
    PolisExportError as PolisExportError,  # what callers catch, raised by every reader
)
from convene.conversations.polis.vote_log import read_vote_log

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
SUMMARY = "summary.csv"  # optional: synthetic exports have none


@dataclass(frozen=True, eq=False)
class PolisExport:
    participant_ids: NDArray[
        np.int64
    ]  # Pol.is participant id of each participant index
    statement_ids: NDArray[
        np.int64
    ]  # Pol.is comment id of each statement index, ascending
    statement_texts: tuple[str, ...]
    moderation: NDArray[np.int8]  # 1 accepted, 0 unmoderated, -1 moderated out
    is_meta: NDArray[np.bool_]  # statements about the conversation itself
    participants: NDArray[np.int32]  # the vote log, in time order
    statements: NDArray[np.int32]
    votes: NDArray[np.int8]
    timestamps: (
        NDArray[np.int64] | None
    )  # milliseconds; None when read from participant rows
    polis_groups: NDArray[np.int32]  # Pol.is's group per participant index, -1 if none
    has_polis_groups: bool

    @property
    def moderated_out(self) -> NDArray[np.int64]:
        """Statements Pol.is leaves out of the maths: moderated out, or meta."""
        return np.flatnonzero((self.moderation == -1) | self.is_meta)

    @property
    def meta_statements(self) -> NDArray[np.int64]:
        """Meta statements still on show, which keep Pol.is's fixed routing priority."""
        return np.flatnonzero(self.is_meta & (self.moderation != -1))

    @property
    def polis_grouped(self) -> NDArray[np.int64]:
        """Participants Pol.is placed in a group: once in, they stay in the map."""
        return np.flatnonzero(self.polis_groups >= 0)


_FLAG = {"1": 1, "0": 0, "-1": -1, "true": 1, "false": 0, "": 0}


def _read_comments(
    path: Path,
) -> tuple[NDArray[np.int64], tuple[str, ...], NDArray[np.int8], NDArray[np.bool_]]:
    header, rows = read_rows(path, ("comment-id", "moderated", "comment-body"))
    if not rows:
        raise PolisExportError(path, "no comments, only the header", 1)
    id_col = header.index("comment-id")
    mod_col = header.index("moderated")
    body_col = header.index("comment-body")
    meta_col = header.index("is-meta") if "is-meta" in header else None
    records: dict[int, tuple[str, int, bool]] = {}
    for number, row in rows:
        tid = parse_id(path, number, "comment-id", row[id_col])
        _check_comment_extras(path, number, header, row)
        if tid in records:
            raise PolisExportError(path, f"comment-id {tid} appears twice", number)
        moderated = _FLAG.get(row[mod_col].strip().lower())
        if moderated is None or row[mod_col].strip() == "":
            raise PolisExportError(
                path, f"moderated must be 1, 0 or -1: {row[mod_col]!r}", number
            )
        meta = False
        if meta_col is not None:
            flag = _FLAG.get(row[meta_col].strip().lower())
            if flag is None or flag < 0:
                raise PolisExportError(
                    path, f"is-meta must be true or false: {row[meta_col]!r}", number
                )
            meta = flag == 1
        records[tid] = (row[body_col], moderated, meta)
    ids = np.array(sorted(records), dtype=np.int64)
    texts = tuple(records[int(t)][0] for t in ids)
    moderation = np.array([records[int(t)][1] for t in ids], dtype=np.int8)
    is_meta = np.array([records[int(t)][2] for t in ids], dtype=bool)
    return ids, texts, moderation, is_meta


def _check_comment_extras(
    path: Path, line: int, header: list[str], row: list[str]
) -> None:
    """Only an import keeps a comment's time and author: blank loses them, but anything
    else must be what Pol.is writes there, or the statement would quietly lose them."""
    for column, parse in (("timestamp", parse_milliseconds), ("author-id", parse_id)):
        if column in header and (text := row[header.index(column)]).strip():
            parse(path, line, column, text)


def _read_participant_rows(
    path: Path, statement_ids: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Participant ids, their group ids (-1 for none) and (pid, comment id, vote) rows."""
    header, rows = read_rows(path, ("participant", "group-id"))
    pid_col = header.index("participant")
    group_col = header.index("group-id")
    first_vote_col = header.index("n-disagree") + 1 if "n-disagree" in header else 2
    vote_columns = header[first_vote_col:]
    if not vote_columns:
        # Pol.is writes one column per comment; without them every vote would be lost.
        raise PolisExportError(
            path, "no vote columns (one per comment-id, after n-disagree)", 1
        )
    comment_ids = np.array(
        [parse_id(path, 1, "comment-id column", name) for name in vote_columns],
        dtype=np.int64,
    )
    unknown = ~np.isin(comment_ids, statement_ids)
    if unknown.any():
        raise PolisExportError(
            path, f"comment-id {int(comment_ids[unknown][0])} is not in {COMMENTS}", 1
        )
    line_of_pid: dict[int, int] = {}
    groups: list[int] = []
    triples: list[tuple[int, int, int]] = []
    for number, row in rows:
        pid = parse_id(path, number, "participant", row[pid_col])
        if pid in line_of_pid:
            raise PolisExportError(
                path,
                f"participant {pid} appears twice (first on line {line_of_pid[pid]})",
                number,
            )
        line_of_pid[pid] = number
        group = row[group_col].strip()
        groups.append(parse_id(path, number, "group-id", group) if group else -1)
        for column, cell in enumerate(row[first_vote_col:]):
            cell = cell.strip()
            if not cell:
                continue
            try:
                vote = int(float(cell))
            except ValueError:
                vote = 99
            if vote not in (-1, 0, 1) or float(cell) != vote:
                raise PolisExportError(
                    path, f"vote must be -1, 0 or 1: {cell!r}", number
                )
            triples.append((pid, int(comment_ids[column]), vote))
    votes = np.array(triples, dtype=np.int64).reshape(-1, 3)
    pids = np.array(list(line_of_pid), dtype=np.int64)
    return pids, np.array(groups, dtype=np.int64), votes


def read_polis_export(directory: str | Path) -> PolisExport:
    """Read an export; votes.csv is preferred (it has time order), participant rows otherwise."""
    folder = Path(directory)
    if not folder.is_dir():
        raise PolisExportError(folder, _not_a_directory(folder))
    statement_ids, texts, moderation, is_meta = _read_comments(folder / COMMENTS)
    rows_path = folder / PARTICIPANTS_VOTES
    votes_path = folder / VOTES
    row_pids = np.zeros(0, dtype=np.int64)
    row_groups = np.zeros(0, dtype=np.int64)
    row_votes = np.zeros((0, 3), dtype=np.int64)
    if rows_path.is_file():
        row_pids, row_groups, row_votes = _read_participant_rows(
            rows_path, statement_ids
        )
    elif not votes_path.is_file():
        raise PolisExportError(
            votes_path, f"file is missing (and so is {PARTICIPANTS_VOTES})"
        )

    timestamps: NDArray[np.int64] | None
    if votes_path.is_file():
        timestamps, comment, voter, vote = read_vote_log(votes_path)
        if not len(vote) and len(row_votes):
            # The log is preferred, so an emptied one would drop every vote.
            raise PolisExportError(
                votes_path,
                f"no votes, though {PARTICIPANTS_VOTES} holds {len(row_votes)}",
                2,
            )
        _check_log(votes_path, timestamps, voter, first_line=2)
        _check_votes(votes_path, vote, comment, statement_ids, first_line=2)
        order = np.argsort(
            timestamps, kind="stable"
        )  # later vote wins, by time then file order
        if not np.all(order == np.arange(len(order))):
            timestamps, comment, voter, vote = (
                a[order] for a in (timestamps, comment, voter, vote)
            )
    else:
        timestamps = None
        voter, comment, vote = row_votes[:, 0], row_votes[:, 1], row_votes[:, 2]

    participant_ids = np.unique(np.concatenate([voter, row_pids]))
    groups = np.full(len(participant_ids), -1, dtype=np.int32)
    if len(row_pids):
        groups[np.searchsorted(participant_ids, row_pids)] = row_groups
    return PolisExport(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        statement_texts=texts,
        moderation=moderation,
        is_meta=is_meta,
        participants=np.searchsorted(participant_ids, voter).astype(np.int32),
        statements=np.searchsorted(statement_ids, comment).astype(np.int32),
        votes=vote.astype(np.int8),
        timestamps=timestamps,
        polis_groups=groups,
        has_polis_groups=bool(len(row_pids)) and bool((row_groups >= 0).any()),
    )


def _not_a_directory(path: Path) -> str:
    if zipfile.is_zipfile(path):
        return "a zip file, not a directory: unpack it and import the folder it holds"
    return "not a directory" if path.exists() else "not a directory (nothing is there)"


def _check_log(
    path: Path,
    timestamps: NDArray[np.int64],
    voter: NDArray[np.int64],
    first_line: int,
) -> None:
    """What the parser can't see: ids are never negative, times stay within dates."""
    for values, column, problem in (
        (voter < 0, "voter-id", "must not be negative"),
        (timestamps < 0, "timestamp", "must not be negative"),
        (timestamps > MAX_MILLISECONDS, "timestamp", "is after the year 9999"),
    ):
        if values.any():
            row = int(np.flatnonzero(values)[0])
            value = int((voter if column == "voter-id" else timestamps)[row])
            raise PolisExportError(
                path, f"{column} {problem}: {value}", first_line + row
            )


def _check_votes(
    path: Path,
    vote: NDArray[np.int64],
    comment: NDArray[np.int64],
    statement_ids: NDArray[np.int64],
    first_line: int,
) -> None:
    bad_vote = np.flatnonzero((vote < -1) | (vote > 1))
    if len(bad_vote):
        row = int(bad_vote[0])
        raise PolisExportError(
            path, f"vote must be -1, 0 or 1: {int(vote[row])}", first_line + row
        )
    position = np.clip(
        np.searchsorted(statement_ids, comment), 0, max(len(statement_ids) - 1, 0)
    )
    known = (
        (statement_ids[position] == comment)
        if len(statement_ids)
        else np.zeros(len(comment), bool)
    )
    if not known.all():
        row = int(np.flatnonzero(~known)[0])
        raise PolisExportError(
            path,
            f"comment-id {int(comment[row])} is not in {COMMENTS}",
            first_line + row,
        )


def read_summary(path: Path) -> dict[str, str]:
    """summary.csv is key,value rows; it is optional (synthetic exports have none)."""
    if not path.is_file():
        return {}
    # Only the topic and description are kept, but text that isn't UTF-8, holds a NUL
    # byte or leaves a quote open is refused as in any other file.
    records = csv_records(path, read_text(path))
    return {row[0].strip(): ",".join(row[1:]) for _, row in records if row}


@dataclass(frozen=True)
class CommentExtras:
    """What comments.csv says beyond what the engine reads, which only the import keeps:
    when, by whom, and whether the organisers wrote it to start the conversation."""

    timestamps: dict[int, int]
    authors: dict[int, int]
    seeds: frozenset[int]


def read_comment_extras(path: Path) -> CommentExtras:
    # `read_polis_export` has already validated the file; these columns are optional, and a
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
    return CommentExtras(timestamps=timestamps, authors=authors, seeds=frozenset(seeds))
