"""`opinion-map`: the engine alone on a Pol.is export, as JSON, without a database.

Real exports in shared/data/polis beside the checkout: data gathered using the Polis software
(compdemocracy.org/polis), sub-licensed under CC BY 4.0 with attribution to The Computational
Democracy Project (source: the compdemocracy openData repository).
"""

import io
import json
import re
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from convene.__main__ import main
from convene.conversations.models import Conversation
from testsupport.polis_data import POLIS_DATA, POLIS_DATA_MISSING, polis_data_missing

DATA = POLIS_DATA
LONDON = DATA / "london.youth.policing"
AUSTRIA = DATA / "austria-climate.7z7ejpbmv5.2022-08-08"  # participant rows only

pytestmark = pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING)


# No `db` fixture: pytest-django fails any test here that touches the database.
@pytest.mark.parametrize("export", [LONDON, AUSTRIA], ids=["votes-log", "rows-only"])
def test_writes_groups_and_consensus_without_a_database(
    export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.json"
    stdout = io.StringIO()

    call_command("opinion_map", str(export), "--out", str(out), stdout=stdout)

    result = json.loads(out.read_text())
    assert result["groups"]
    assert sum(group["size"] for group in result["groups"]) == result["clustered"]
    assert len(result["participant_groups"]) == result["clustered"]
    assert set(result["participant_groups"].values()) == {
        group["id"] for group in result["groups"]
    }
    assert result["consensus"]["agree"] or result["consensus"]["disagree"]
    comment = (result["consensus"]["agree"] + result["consensus"]["disagree"])[0]
    assert isinstance(comment["statement_id"], int)
    assert comment["text"]
    assert result["timings"]["total"] > 0
    assert "compdemocracy.org/polis" in result["credit"]
    assert stdout.getvalue().startswith(f"Wrote {out}: ")


def test_london_counts_match_the_export() -> None:
    stdout = io.StringIO()

    call_command("opinion_map", str(LONDON), stdout=stdout)

    result = json.loads(stdout.getvalue())
    assert result["participants"] == 26
    assert result["statements"] == 39
    assert set(result["participant_groups"]) <= {str(p) for p in range(1, 27)}
    assert result["source"] == str(LONDON)


def test_replay_follows_the_vote_log(tmp_path: Path) -> None:
    out = tmp_path / "map.json"

    call_command(
        "opinion_map", str(LONDON), "--replay", "--out", str(out), stdout=io.StringIO()
    )

    result = json.loads(out.read_text())
    assert result["groups"]
    assert result["replayed"]


def test_replay_without_a_vote_log_says_so(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for name in ("comments.csv", "participants-votes.csv"):
        (export / name).write_bytes((LONDON / name).read_bytes())
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("opinion_map", str(export), "--replay", stdout=stdout, stderr=stderr)

    assert "No votes.csv to replay" in stderr.getvalue()
    result = json.loads(stdout.getvalue())
    assert not result["replayed"]
    assert result["groups"]


def test_missing_folders_of_the_output_are_made(tmp_path: Path) -> None:
    out = tmp_path / "maps" / "2024" / "london.json"

    call_command("opinion_map", str(LONDON), "--out", str(out), stdout=io.StringIO())

    assert json.loads(out.read_text())["participants"] == 26


def test_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    in_a_file = tmp_path / "notes.txt" / "map.json"
    (tmp_path / "notes.txt").write_text("not a folder")

    with pytest.raises(CommandError, match=r"notes\.txt is a file, not a folder\.$"):
        call_command("opinion_map", str(LONDON), "--out", str(in_a_file))
    with pytest.raises(
        CommandError,
        match=rf"^Can't write {re.escape(str(tmp_path))}: Is a directory\.$",
    ):
        call_command("opinion_map", str(LONDON), "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_bad_export_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"comments\.csv: file is missing"):
        call_command("opinion_map", str(tmp_path), stdout=io.StringIO())


def test_hyphenated_names_work_from_the_console_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "map.json"
    monkeypatch.setattr(
        sys, "argv", ["convene", "opinion-map", str(LONDON), "--out", str(out)]
    )

    main()

    assert json.loads(out.read_text())["participants"] == 26


@pytest.mark.django_db
def test_hyphenated_import_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A command run from the command line closes every database connection when it ends,
    # which would close the test's own (on PostgreSQL; SQLite's in-memory one survives).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(sys, "argv", ["convene", "import-polis", str(LONDON)])
    main()
    slug = Conversation.objects.get().slug
    monkeypatch.setattr(
        sys, "argv", ["convene", "export-polis", slug, str(tmp_path / "out")]
    )
    main()

    assert (tmp_path / "out" / "votes.csv").is_file()
    assert f"Exported {slug!r}" in capsys.readouterr().out


def test_files_saved_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts each file with one.
    export = tmp_path / "export"
    export.mkdir()
    for path in LONDON.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        (export / path.name).write_text(text, encoding="utf-8-sig")
    stdout = io.StringIO()

    call_command("opinion_map", str(export), stdout=stdout)

    result = json.loads(stdout.getvalue())
    assert result["participants"] == 26
    assert result["groups"]


def test_divisive_statements_carry_each_groups_agree_rate_and_the_spread() -> None:
    stdout = io.StringIO()

    call_command("opinion_map", str(LONDON), stdout=stdout)

    result = json.loads(stdout.getvalue())
    assert result["divisive"]
    for entry in result["divisive"]:
        rates = entry["agree_rates"]
        assert len(rates) == len(result["groups"])
        assert all(0 <= rate <= 1 for rate in rates)
        assert entry["spread"] == pytest.approx(max(rates) - min(rates))
        assert entry["text"]
