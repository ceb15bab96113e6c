"""The checks every file of a Pol.is export passes before its values are read.

A file is refused, naming its line, for bytes that aren't UTF-8 (a spreadsheet saved it in
another encoding), for a NUL byte (no text holds one, and PostgreSQL refuses to store it), and
for a quote that never closes its field (the rest of the file would become one comment).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

# UTF-8, with or without the byte-order mark Excel writes for "CSV UTF-8": with plain
# "utf-8" the mark sticks to the first column's name, which then seems to be missing.
ENCODING = "utf-8-sig"
MAX_DIGITS = 18  # int64 holds any 18-digit number
# Pol.is times are milliseconds since 1970; past the year 9999 no database keeps a date.
MAX_MILLISECONDS = 253_402_300_799_999
NOT_UTF8 = 'bytes that are not UTF-8 (save the file as "CSV UTF-8")'
NUL = "a NUL byte, which no text may hold"


class PolisExportError(ValueError):
    """The export is missing something or holds a value that can't be a Pol.is export's."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


def line_of(data: bytes, offset: int, first_line: int = 1) -> int:
    """The line of `data` that byte `offset` is on."""
    return first_line + data.count(b"\n", 0, offset)


def check_text(path: Path, data: bytes, first_line: int = 1) -> str:
    """The text of `data`, refusing bytes that aren't UTF-8 and NUL bytes by their line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PolisExportError(
            path, NOT_UTF8, line_of(data, error.start, first_line)
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise PolisExportError(path, NUL, line_of(data, nul, first_line))
    return text


def read_text(path: Path) -> str:
    if not path.is_file():
        raise PolisExportError(path, "file is missing")
    return check_text(path, path.read_bytes().removeprefix(codecs.BOM_UTF8))


def csv_records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (a quoted comment may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise PolisExportError(path, quote_problem(error), start) from None
    return records


def quote_problem(error: csv.Error) -> str:
    # Unclosed, a quote runs on to the end of the file or until a field outgrows the csv
    # module's limit; any other error in strict mode is text right after a closing quote.
    if "end of data" in str(error) or "field limit" in str(error):
        return 'a quote (") opens a field here and never closes it'
    return f'a quote (") in the wrong place: {error}'


def read_rows(
    path: Path, required: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows, each with its line; blank lines are left out."""
    records = csv_records(path, read_text(path))
    if not records:
        raise PolisExportError(path, "file is empty", 1)
    header = records[0][1]
    check_header(path, header, required)
    rows = [(line, row) for line, row in records[1:] if row]
    for line, row in rows:
        if len(row) != len(header):
            raise PolisExportError(
                path, f"expected {len(header)} fields, found {len(row)}", line
            )
    return header, rows


def check_header(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise PolisExportError(path, f"missing column(s): {', '.join(missing)}", 1)
    # Columns are found by name: with two of one name, which holds the values is a guess.
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise PolisExportError(path, f"column(s) named twice: {', '.join(twice)}", 1)


def parse_int(path: Path, line: int, column: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PolisExportError(
            path, f"{column} is not an integer: {text!r}", line
        ) from None


def parse_id(path: Path, line: int, column: str, text: str) -> int:
    """A Pol.is id: a whole number from 0, as Pol.is numbers comments and participants."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS):
        raise PolisExportError(
            path,
            f"{column} must be a whole number from 0 (at most {MAX_DIGITS} digits): "
            f"{text!r}",
            line,
        )
    return int(digits)


def parse_milliseconds(path: Path, line: int, column: str, text: str) -> int:
    value = parse_id(path, line, column, text)
    if value > MAX_MILLISECONDS:
        raise PolisExportError(path, f"{column} is after the year 9999: {text!r}", line)
    return value
