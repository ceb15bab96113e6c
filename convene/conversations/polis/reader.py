"""Read a Pol.is export directory (comments.csv + votes.csv, or participants-votes.csv).

Small files go through the csv module; the vote log, which reaches tens of millions of rows, is
parsed with NumPy straight from its bytes. Anything malformed raises `PolisExportError` naming
the file and line, because a silently skipped row would quietly change the opinion map.
What only an import keeps (summary.csv, and comments' times, authors and seed flags) is read
leniently: a blank or odd value there loses that detail, not the export.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
SUMMARY = "summary.csv"  # optional: synthetic exports have none
_CHUNK_BYTES = 32 * 1024 * 1024
_MAX_DIGITS = 18  # int64 holds any 18-digit number
# UTF-8, with or without the byte-order mark Excel writes for "CSV UTF-8": with plain
# "utf-8" the mark sticks to the first column's name, which then seems to be missing.
ENCODING = "utf-8-sig"


class PolisExportError(ValueError):
    """The export is missing something or holds a value that can't be a Pol.is export's."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


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


def _int(path: Path, line: int, column: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PolisExportError(
            path, f"{column} is not an integer: {text!r}", line
        ) from None


def _read_rows(
    path: Path, required: tuple[str, ...]
) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise PolisExportError(path, "file is missing")
    with path.open(newline="", encoding=ENCODING) as handle:
        try:
            rows = list(csv.reader(handle))
        except csv.Error as error:
            raise PolisExportError(path, f"not valid CSV: {error}") from None
    if not rows:
        raise PolisExportError(path, "file is empty")
    header = rows[0]
    missing = [name for name in required if name not in header]
    if missing:
        raise PolisExportError(path, f"missing column(s): {', '.join(missing)}", 1)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header) and row:
            raise PolisExportError(
                path, f"expected {len(header)} fields, found {len(row)}", number
            )
    return header, rows[1:]


_FLAG = {"1": 1, "0": 0, "-1": -1, "true": 1, "false": 0, "": 0}


def _read_comments(
    path: Path,
) -> tuple[NDArray[np.int64], tuple[str, ...], NDArray[np.int8], NDArray[np.bool_]]:
    header, rows = _read_rows(path, ("comment-id", "moderated", "comment-body"))
    id_col = header.index("comment-id")
    mod_col = header.index("moderated")
    body_col = header.index("comment-body")
    meta_col = header.index("is-meta") if "is-meta" in header else None
    records: dict[int, tuple[str, int, bool]] = {}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        tid = _int(path, number, "comment-id", row[id_col])
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


def _parse_int_field(
    buf: NDArray[np.uint8], start: NDArray[np.int64], end: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Integers in buf[start:end] for every row at once; also says which rows were malformed.

    Goes digit column by digit column (right-aligned), so the work is a few vector operations
    per digit rather than a temporary per row and digit.
    """
    width = end - start
    bad = (width <= 0) | (width > _MAX_DIGITS + 1)
    widest = int(min(width.max(initial=1), _MAX_DIGITS + 1))
    value = np.zeros(len(start), dtype=np.int64)
    negative = np.zeros(len(start), dtype=bool)
    for column in range(widest):
        position = end - widest + column
        inside = position >= start
        char = buf[np.maximum(position, 0)]
        sign = inside & (position == start) & (char == ord("-"))
        negative |= sign
        digit = inside & ~sign
        bad |= digit & ((char < ord("0")) | (char > ord("9")))
        value = np.where(digit, value * 10 + (char.astype(np.int64) - ord("0")), value)
    bad |= negative & (width < 2)
    return np.where(negative, -value, value), bad


def _read_vote_log(
    path: Path,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """(timestamp, comment id, voter id, vote) of every row, in file order."""
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    newline = data.find(b"\n")
    header = (
        (data if newline < 0 else data[:newline]).decode("utf-8", "replace").split(",")
    )
    header = [name.strip().strip('"') for name in header]
    required = ("timestamp", "comment-id", "voter-id", "vote")
    missing = [name for name in required if name not in header]
    if missing:
        raise PolisExportError(path, f"missing column(s): {', '.join(missing)}", 1)
    columns = [header.index(name) for name in required]
    n_fields = len(header)
    body = (
        np.frombuffer(data, dtype=np.uint8)[newline + 1 :]
        if newline >= 0
        else np.zeros(0, np.uint8)
    )
    # Trailing blank lines are harmless; anything else must be a full row.
    end = len(body)
    while end and body[end - 1] in (10, 32):
        end -= 1
    parsed: list[list[NDArray[np.int64]]] = [[] for _ in required]
    line = 2
    position = 0
    base = newline + 1
    while position < end:
        stop = min(end, position + _CHUNK_BYTES)
        if stop < end:
            # Extend the chunk to the end of its last line.
            next_newline = data.find(b"\n", base + stop - 1)
            stop = (
                end
                if next_newline < 0 or next_newline - base >= end
                else next_newline - base + 1
            )
        chunk = body[position:stop]
        if chunk[-1] != 10:
            chunk = np.concatenate([chunk, np.array([10], dtype=np.uint8)])
        values, n_lines = _parse_chunk(path, chunk, n_fields, columns, line)
        for store, value in zip(parsed, values, strict=True):
            store.append(value)
        line += n_lines
        position = stop
    if not parsed[0]:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    timestamp, comment, voter, vote = (np.concatenate(p) for p in parsed)
    return timestamp, comment, voter, vote


def _parse_chunk(
    path: Path,
    chunk: NDArray[np.uint8],
    n_fields: int,
    columns: list[int],
    first_line: int,
) -> tuple[list[NDArray[np.int64]], int]:
    if (chunk == ord('"')).any():
        return _parse_chunk_slowly(path, chunk, n_fields, columns, first_line)
    newlines = np.flatnonzero(chunk == 10)
    separators = np.flatnonzero((chunk == 10) | (chunk == 44))
    n_lines = len(newlines)
    # Every line must hold exactly n_fields - 1 commas.
    is_newline = chunk[separators] == 10
    seps_per_line = np.diff(np.concatenate(([-1], np.flatnonzero(is_newline))))
    wrong = np.flatnonzero(seps_per_line != n_fields)
    if len(wrong):
        found = int(seps_per_line[wrong[0]])
        raise PolisExportError(
            path,
            f"expected {n_fields} fields, found {found}",
            first_line + int(wrong[0]),
        )
    grid = separators.reshape(n_lines, n_fields).astype(np.int64)
    line_start = np.concatenate(([0], newlines[:-1] + 1)).astype(np.int64)
    values = []
    for name, column in zip(
        ("timestamp", "comment-id", "voter-id", "vote"), columns, strict=True
    ):
        start = line_start if column == 0 else grid[:, column - 1] + 1
        value, bad = _parse_int_field(chunk, start, grid[:, column])
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            text = bytes(chunk[start[row] : grid[row, column]]).decode(
                "utf-8", "replace"
            )
            raise PolisExportError(
                path, f"{name} is not an integer: {text!r}", first_line + row
            )
        values.append(value)
    return values, n_lines


def _parse_chunk_slowly(
    path: Path,
    chunk: NDArray[np.uint8],
    n_fields: int,
    columns: list[int],
    first_line: int,
) -> tuple[list[NDArray[np.int64]], int]:
    """Quoted fields can hide commas, so such chunks go through the csv module."""
    lines = bytes(chunk).decode("utf-8", "replace").split("\n")[:-1]
    names = ("timestamp", "comment-id", "voter-id", "vote")
    out: list[list[int]] = [[] for _ in names]
    for offset, row in enumerate(csv.reader(lines)):
        number = first_line + offset
        if len(row) != n_fields:
            raise PolisExportError(
                path, f"expected {n_fields} fields, found {len(row)}", number
            )
        for store, name, column in zip(out, names, columns, strict=True):
            store.append(_int(path, number, name, row[column]))
    return [np.asarray(v, dtype=np.int64) for v in out], len(lines)


def _read_participant_rows(
    path: Path, statement_ids: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Participant ids, their group ids (-1 for none) and (pid, comment id, vote) rows."""
    header, rows = _read_rows(path, ("participant", "group-id"))
    pid_col = header.index("participant")
    group_col = header.index("group-id")
    first_vote_col = header.index("n-disagree") + 1 if "n-disagree" in header else 2
    vote_columns = header[first_vote_col:]
    comment_ids = np.array(
        [_int(path, 1, "comment-id column", name) for name in vote_columns],
        dtype=np.int64,
    )
    unknown = ~np.isin(comment_ids, statement_ids)
    if unknown.any():
        raise PolisExportError(
            path, f"comment-id {int(comment_ids[unknown][0])} is not in {COMMENTS}", 1
        )
    pids: list[int] = []
    groups: list[int] = []
    triples: list[tuple[int, int, int]] = []
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        pid = _int(path, number, "participant", row[pid_col])
        pids.append(pid)
        group = row[group_col].strip()
        groups.append(_int(path, number, "group-id", group) if group else -1)
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
    if len(set(pids)) != len(pids):
        raise PolisExportError(path, "a participant appears on two rows")
    votes = np.array(triples, dtype=np.int64).reshape(-1, 3)
    return np.array(pids, dtype=np.int64), np.array(groups, dtype=np.int64), votes


def read_polis_export(directory: str | Path) -> PolisExport:
    """Read an export; votes.csv is preferred (it has time order), participant rows otherwise."""
    folder = Path(directory)
    if not folder.is_dir():
        raise PolisExportError(folder, "not a directory")
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
        timestamps, comment, voter, vote = _read_vote_log(votes_path)
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
    with path.open(newline="", encoding=ENCODING) as handle:
        return {row[0].strip(): ",".join(row[1:]) for row in csv.reader(handle) if row}


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
