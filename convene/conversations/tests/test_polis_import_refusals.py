"""`import-polis` on damaged exports: refused naming file, line and problem; nothing written.

Each case damages one thing in a copy of a small real export (london.youth.policing; data
gathered using the Polis software, compdemocracy.org/polis, CC BY 4.0, The Computational
Democracy Project). A case that Pol.is itself would produce is imported instead, and says so.
"""

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from testsupport.polis_data import POLIS_DATA_MISSING, polis_data_missing, polis_export

LONDON = polis_export("london.youth.policing")
BOM = b"\xef\xbb\xbf"

pytestmark = pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING)

Damage = Callable[[Path], Path]  # damages a copy of the export; returns what to import


def copy_export(tmp_path: Path) -> Path:
    target = tmp_path / LONDON.name
    shutil.copytree(LONDON, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def edit(name: str, line: int, old: bytes, new: bytes) -> Damage:
    """Replace the first `old` on one line of a file with `new`."""

    def damage(export: Path) -> Path:
        path = export / name
        lines = path.read_bytes().splitlines(keepends=True)
        assert old in lines[line - 1], (name, line, old)
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        path.write_bytes(b"".join(lines))
        return export

    return damage


def keep_lines(name: str, count: int) -> Damage:
    def damage(export: Path) -> Path:
        path = export / name
        path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:count]))
        return export

    return damage


def copy_line(name: str, source: int, target: int) -> Damage:
    """Overwrite line `target` with line `source`."""

    def damage(export: Path) -> Path:
        path = export / name
        lines = path.read_bytes().splitlines(keepends=True)
        lines[target - 1] = lines[source - 1]
        path.write_bytes(b"".join(lines))
        return export

    return damage


def keep_columns(name: str, count: int) -> Damage:
    def damage(export: Path) -> Path:
        path = export / name
        lines = path.read_bytes().splitlines()
        path.write_bytes(
            b"".join(b",".join(li.split(b",")[:count]) + b"\n" for li in lines)
        )
        return export

    return damage


def write(name: str, data: bytes) -> Damage:
    def damage(export: Path) -> Path:
        (export / name).write_bytes(data)
        return export

    return damage


def remove(*names: str) -> Damage:
    def damage(export: Path) -> Path:
        for name in names:
            (export / name).unlink()
        return export

    return damage


def both(first: Damage, second: Damage) -> Damage:
    return lambda export: second(first(export))


def a_file_instead(export: Path) -> Path:
    return export / "comments.csv"


def a_zip_instead(export: Path) -> Path:
    return Path(shutil.make_archive(str(export), "zip", export))


C, V, P, S = "comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"

# (damage, file named, line named or None for the file as a whole, the problem)
REFUSED: dict[str, tuple[Damage, str, int | None, str]] = {
    # comments.csv
    "comments-undecodable": (edit(C, 4, b"Allow ", b"Allow \xff"), C, 4, "not UTF-8"),
    "comments-latin-1": (edit(C, 6, b"Global", b"Gl\xf6bal"), C, 6, "not UTF-8"),
    "comments-nul": (edit(C, 6, b"Global", b"Glo\x00bal"), C, 6, "NUL"),
    "comments-unterminated-quote": (
        edit(C, 3, b",Why are", b',"Why are'),
        C,
        3,
        "quote",
    ),
    "comments-negative-id": (edit(C, 2, b",35,23,", b",-35,23,"), C, 2, "comment-id"),
    "comments-non-numeric-id": (
        edit(C, 2, b",35,23,", b",3x5,23,"),
        C,
        2,
        "comment-id",
    ),
    "comments-huge-id": (
        edit(C, 2, b",35,23,", b",99999999999999999999999,23,"),
        C,
        2,
        "comment-id",
    ),
    "comments-duplicate-id": (
        edit(C, 3, b",38,23,", b",35,23,"),
        C,
        3,
        "comment-id 35 appears twice",
    ),
    "comments-missing-column": (
        edit(C, 1, b"moderated", b"mod"),
        C,
        1,
        r"missing column\(s\): moderated",
    ),
    "comments-column-twice": (
        edit(C, 1, b"agrees", b"comment-id"),
        C,
        1,
        "named twice: comment-id",
    ),
    "comments-moderated-out-of-range": (
        edit(C, 4, b",4,0,1,Allow", b",4,0,2,Allow"),
        C,
        4,
        "moderated must be 1, 0 or -1",
    ),
    "comments-header-only": (keep_lines(C, 1), C, 1, "no comments"),
    "comments-empty": (write(C, b""), C, 1, "empty"),
    "comments-too-many-fields": (
        edit(C, 6, b"a must", b"a must,extra"),
        C,
        6,
        "expected 8 fields, found 9",
    ),
    "comments-too-few-fields": (
        edit(C, 6, b",1,Global", b",Global"),
        C,
        6,
        "expected 8 fields, found 7",
    ),
    "comments-timestamp-not-a-number": (
        edit(C, 2, b"1658934589213", b"yesterday"),
        C,
        2,
        "timestamp",
    ),
    "comments-timestamp-past-year-9999": (
        edit(C, 2, b"1658934589213", b"999999999999999999"),
        C,
        2,
        "after the year 9999",
    ),
    "comments-author-not-a-number": (
        edit(C, 2, b",35,23,", b",35,twenty,"),
        C,
        2,
        "author-id",
    ),
    "comments-missing": (remove(C), C, None, "file is missing"),
    # Lines are the file's own, counted past a comment written over two.
    "comments-line-after-a-two-line-comment": (
        both(
            edit(C, 3, b",38,23,", b",35,23,"),
            both(
                edit(C, 2, b"hiring", b'hiring"'),
                edit(C, 2, b",Eliminate bias", b',"Eliminate\nbias'),
            ),
        ),
        C,
        4,
        "comment-id 35 appears twice",
    ),
    # votes.csv
    "votes-undecodable": (edit(V, 3, b"Wed", b"W\xe9d"), V, 3, "not UTF-8"),
    "votes-nul": (edit(V, 4, b"Wed", b"W\x00d"), V, 4, "NUL"),
    "votes-unterminated-quote": (edit(V, 5, b"Wed", b'"Wed'), V, 5, "quote"),
    "votes-negative-voter-id": (
        edit(V, 2, b",1,1,-1", b",1,-1,-1"),
        V,
        2,
        "voter-id",
    ),
    "votes-huge-voter-id": (
        edit(V, 2, b",1,1,-1", b",1,9999999999999999999,-1"),
        V,
        2,
        "voter-id",
    ),
    "votes-vote-out-of-range": (
        edit(V, 3, b",1,2,-1", b",1,2,2"),
        V,
        3,
        "vote must be -1, 0 or 1: 2",
    ),
    "votes-unknown-comment": (
        edit(V, 3, b",1,2,-1", b",999,2,-1"),
        V,
        3,
        "comment-id 999 is not in comments.csv",
    ),
    "votes-negative-comment-id": (
        edit(V, 3, b",1,2,-1", b",-1,2,-1"),
        V,
        3,
        "comment-id -1 is not in comments.csv",
    ),
    "votes-timestamp-not-a-number": (
        edit(V, 4, b"1658933827059", b"16589338x7059"),
        V,
        4,
        "timestamp",
    ),
    "votes-timestamp-past-year-9999": (
        edit(V, 4, b"1658933827059", b"999999999999999999"),
        V,
        4,
        "timestamp",
    ),
    "votes-negative-timestamp": (
        edit(V, 4, b"1658933827059", b"-1658933827059"),
        V,
        4,
        "timestamp must not be negative",
    ),
    "votes-bom-in-the-middle": (edit(V, 6, b"1658", BOM + b"1658"), V, 6, "timestamp"),
    "votes-too-many-fields": (
        edit(V, 7, b",-1\n", b",-1,1\n"),
        V,
        7,
        "expected 5 fields, found 6",
    ),
    "votes-too-few-fields": (
        edit(V, 7, b",-1\n", b"\n"),
        V,
        7,
        "expected 5 fields, found 4",
    ),
    "votes-missing-column": (
        edit(V, 1, b"voter-id", b"voter"),
        V,
        1,
        r"missing column\(s\): voter-id",
    ),
    # With participants-votes.csv holding votes, an empty log would drop them all.
    "votes-column-twice": (
        edit(V, 1, b"datetime", b"vote"),
        V,
        1,
        "named twice: vote",
    ),
    "votes-header-only": (keep_lines(V, 1), V, 2, "no votes"),
    "votes-empty": (write(V, b""), V, 1, "empty"),
    # participants-votes.csv
    "participants-undecodable": (edit(P, 3, b"2,,", b"2,\xc3,"), P, 3, "not UTF-8"),
    "participants-nul": (edit(P, 3, b"2,,", b"2,\x00,"), P, 3, "NUL"),
    "participants-unterminated-quote": (edit(P, 4, b"3,,", b'3,",'), P, 4, "quote"),
    "participants-no-vote-columns": (keep_columns(P, 7), P, 1, "no vote columns"),
    "participants-negative-id": (edit(P, 3, b"2,,", b"-2,,"), P, 3, "participant"),
    "participants-huge-id": (
        edit(P, 3, b"2,,", b"99999999999999999999999,,"),
        P,
        3,
        "participant",
    ),
    "participants-twice": (copy_line(P, 2, 3), P, 3, "participant 1 appears twice"),
    "participants-vote-out-of-range": (
        edit(P, 2, b",-1,1,-1,1,", b",-1,5,-1,1,"),
        P,
        2,
        "vote must be -1, 0 or 1",
    ),
    "participants-vote-not-a-number": (
        edit(P, 2, b",-1,1,-1,1,", b",-1,yes,-1,1,"),
        P,
        2,
        "vote must be -1, 0 or 1: 'yes'",
    ),
    "participants-negative-group": (edit(P, 2, b"1,,1,", b"1,,-1,"), P, 2, "group-id"),
    "participants-unknown-comment-column": (
        edit(P, 1, b",38\n", b",99\n"),
        P,
        1,
        "comment-id 99 is not in comments.csv",
    ),
    "participants-ragged": (edit(P, 4, b"3,,", b"3,,,"), P, 4, "expected"),
    "participants-bom-in-the-middle": (
        edit(P, 5, b"4,", BOM + b"4,"),
        P,
        5,
        "participant",
    ),
    # summary.csv
    "summary-undecodable": (edit(S, 1, b"What", b"Wh\xe2t"), S, 1, "not UTF-8"),
    "summary-nul": (edit(S, 1, b"What", b"Wh\x00at"), S, 1, "NUL"),
    "summary-unterminated-quote": (edit(S, 2, b"https", b'"https'), S, 2, "quote"),
    # the export as a whole
    "no-vote-files": (remove(V, P), V, None, "file is missing"),
    "a-file-instead": (a_file_instead, C, None, "not a directory"),
    "a-zip-instead": (a_zip_instead, "london.youth.policing.zip", None, "unpack"),
}


def database_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Conversation, Statement, Participant, Vote, OpinionResult)
    }


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_polis", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED)
def test_damaged_export_is_refused_naming_file_line_and_problem(
    tmp_path: Path, case: str
) -> None:
    damage, name, line, problem = REFUSED[case]
    path = damage(copy_export(tmp_path))
    before = database_rows()

    with pytest.raises(CommandError) as refusal:
        run_import(path)

    where = re.escape(name) + (f", line {line}" if line is not None else "")
    assert re.search(f"{where}: [^\n]*{problem}", str(refusal.value)), refusal.value
    assert str(refusal.value).startswith("Nothing imported.")
    assert database_rows() == before


def crlf_everywhere(export: Path) -> Path:
    for path in export.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return export


N_VOTES = 638  # london's votes, each on a (voter, comment) of its own

# Odd, but what Pol.is itself writes or would take: (damage, statements, votes).
ACCEPTED: dict[str, tuple[Damage, int, int]] = {
    # Longer than a statement holds: shortened, and the import says so.
    "comment-over-the-limit": (edit(C, 2, b"Eliminate", b"x" * 400), 39, N_VOTES),
    # A comment is any text Pol.is took, zero-width characters included.
    "bom-inside-a-comment": (edit(C, 2, b"bias", b"bi\xef\xbb\xbfas"), 39, N_VOTES),
    "comment-over-two-lines": (
        both(
            edit(C, 2, b"hiring", b'hiring"'),
            edit(C, 2, b",Eliminate bias", b',"Eliminate\nbias'),
        ),
        39,
        N_VOTES,
    ),
    "windows-line-endings": (crlf_everywhere, 39, N_VOTES),
    "trailing-blank-lines": (edit(V, 641, b"\n", b"\n\n\n"), 39, N_VOTES),
    # A comment's time and author are details: blank, the statement goes without them.
    "blank-comment-time-and-author": (
        edit(C, 2, b"1658934589213,Wed Jul 27 22:09:49 WIB 2022,35,23,", b",,35,,"),
        39,
        N_VOTES,
    ),
    # A conversation nobody has voted in yet exports a log with only its header.
    "no-votes-yet": (both(keep_lines(V, 1), remove(P)), 39, 0),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ACCEPTED)
def test_odd_but_valid_export_is_imported(tmp_path: Path, case: str) -> None:
    damage, n_statements, n_votes = ACCEPTED[case]
    path = damage(copy_export(tmp_path))

    output = run_import(path)

    conversation = Conversation.objects.get()
    assert output.strip().splitlines()[-1].startswith(f"Imported {conversation.slug!r}")
    assert conversation.statements.count() == n_statements
    assert conversation.votes.count() == n_votes
