"""votes.csv, parsed with NumPy straight from its bytes: it reaches tens of millions of rows.

A chunk goes through the csv module only when it holds a quote, which could hide a comma.
Only the checks that are whole-array operations run on every chunk (a NUL byte, a byte past
ASCII), so a clean log never meets per-row Python.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from convene.conversations.polis.files import (
    MAX_DIGITS,
    PolisExportError,
    check_header,
    check_text,
    parse_int,
    quote_problem,
)

CHUNK_BYTES = 32 * 1024 * 1024
COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


def _parse_int_field(
    buf: NDArray[np.uint8], start: NDArray[np.int64], end: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Integers in buf[start:end] for every row at once; also says which rows were malformed.

    Goes digit column by digit column (right-aligned), so the work is a few vector operations
    per digit rather than a temporary per row and digit.
    """
    width = end - start
    bad = (width <= 0) | (width > MAX_DIGITS + 1)
    widest = int(min(width.max(initial=1), MAX_DIGITS + 1))
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
    bad |= ~negative & (width > MAX_DIGITS)  # 19 digits may not fit in an int64
    return np.where(negative, -value, value), bad


def read_vote_log(
    path: Path,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """(timestamp, comment id, voter id, vote) of every row, in file order."""
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    if not data or data.isspace():  # stops at the first byte that isn't
        raise PolisExportError(path, "file is empty", 1)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    header = [name.strip().strip('"') for name in check_text(path, first).split(",")]
    check_header(path, header, COLUMNS)
    columns = [header.index(name) for name in COLUMNS]
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
    parsed: list[list[NDArray[np.int64]]] = [[] for _ in COLUMNS]
    line = 2
    position = 0
    base = newline + 1
    while position < end:
        stop = min(end, position + CHUNK_BYTES)
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
    # Whole-array checks: the byte-by-byte ones run only on a chunk that fails them.
    if chunk.max() > 127 or chunk.min() == 0:
        check_text(path, bytes(chunk), first_line)
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
    for name, column in zip(COLUMNS, columns, strict=True):
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
    text = bytes(chunk).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[list[int]] = [[] for _ in COLUMNS]
    offset = 0  # lines read before the current row
    try:
        for row in reader:
            number = first_line + offset
            if reader.line_num != offset + 1:
                # Each row of the log is one line; a quote spanning lines hides the rest.
                raise PolisExportError(
                    path, 'a quote (") opens a field here and never closes it', number
                )
            if len(row) != n_fields:
                raise PolisExportError(
                    path, f"expected {n_fields} fields, found {len(row)}", number
                )
            for store, name, column in zip(out, COLUMNS, columns, strict=True):
                store.append(parse_int(path, number, name, row[column]))
            offset = reader.line_num
    except csv.Error as error:
        raise PolisExportError(
            path, quote_problem(error), first_line + offset
        ) from None
    return [np.asarray(v, dtype=np.int64) for v in out], text.count("\n")
