import re
from pathlib import Path

import numpy as np
import pytest

from convene.conversations.polis import vote_log
from convene.conversations.polis.reader import PolisExportError, read_polis_export

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1,,5,0,1,0,1,Bus lanes now\n"
    '2,,7,0,0,1,-1,"Spam, with a comma"\n'
    "3,,9,1,0,0,0,More trees\n"
)
VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def _export(
    tmp_path: Path,
    votes: str | None = None,
    comments: str = COMMENTS,
    rows: str | None = None,
) -> Path:
    (tmp_path / "comments.csv").write_text(comments)
    if votes is not None:
        (tmp_path / "votes.csv").write_text(VOTES_HEADER + votes)
    if rows is not None:
        (tmp_path / "participants-votes.csv").write_text(rows)
    return tmp_path


def test_reads_comments_and_the_vote_log(tmp_path: Path) -> None:
    export = read_polis_export(
        _export(tmp_path, "10,Mon,5,3,1\n11,Mon,9,3,-1\n12,Mon,5,8,0\n13,Mon,7,8,1\n")
    )

    assert export.statement_ids.tolist() == [5, 7, 9]
    assert export.statement_texts[1] == "Spam, with a comma"
    assert export.moderated_out.tolist() == [1]
    assert export.participant_ids.tolist() == [3, 8]
    assert export.participants.tolist() == [0, 0, 1, 1]
    assert export.statements.tolist() == [0, 2, 0, 1]
    assert export.votes.tolist() == [1, -1, 0, 1]
    assert export.timestamps is not None


def test_orders_the_log_by_time_so_the_later_vote_wins(tmp_path: Path) -> None:
    export = read_polis_export(_export(tmp_path, "20,,5,3,-1\n10,,5,3,1\n"))

    assert export.votes.tolist() == [1, -1]


def test_reads_participant_rows_when_there_is_no_vote_log(tmp_path: Path) -> None:
    rows = (
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,5,7,9\n"
        "0,1,0,2,1,1,1,,-1\n"
        "4,,0,1,0,0,,0,\n"
    )
    export = read_polis_export(_export(tmp_path, rows=rows))

    assert export.timestamps is None
    assert export.participant_ids.tolist() == [0, 4]
    assert export.polis_groups.tolist() == [1, -1]
    assert export.has_polis_groups
    assert sorted(
        zip(
            export.participants.tolist(),
            export.statements.tolist(),
            export.votes.tolist(),
            strict=True,
        )
    ) == [
        (0, 0, 1),
        (0, 2, -1),
        (1, 1, 0),
    ]


def test_handles_windows_line_endings_and_a_trailing_blank_line(tmp_path: Path) -> None:
    export = read_polis_export(_export(tmp_path, "10,,5,3,1\r\n11,,9,4,-1\r\n\r\n"))

    assert export.votes.tolist() == [1, -1]


def add_byte_order_marks(export: Path) -> None:
    """As Excel's "CSV UTF-8" saves each file."""
    for path in export.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8-sig")


def test_reads_files_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    rows = (
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,5,7,9\n"
        "0,1,0,1,1,0,1,,\n"
    )
    export = _export(tmp_path, "10,,5,3,1\n11,,9,4,-1\n", rows=rows)
    add_byte_order_marks(export)
    assert (export / "votes.csv").read_bytes().startswith(b"\xef\xbb\xbftimestamp")

    read = read_polis_export(export)
    (export / "votes.csv").unlink()
    from_rows = read_polis_export(export)

    assert read.statement_ids.tolist() == [5, 7, 9]
    assert read.votes.tolist() == [1, -1]
    assert read.timestamps is not None
    assert read.timestamps.tolist() == [10, 11]
    assert from_rows.participant_ids.tolist() == [0]
    assert from_rows.polis_groups.tolist() == [1]


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ("10,,5,3,2\n", "votes.csv, line 2: vote must be -1, 0 or 1: 2"),
        (
            "10,,5,3,1\n11,,6,3,1\n",
            "votes.csv, line 3: comment-id 6 is not in comments.csv",
        ),
        (
            "10,,5,3,1\n11,,5,x,1\n",
            "votes.csv, line 3: voter-id is not an integer: 'x'",
        ),
        ("10,,5,3,1\n11,,5,3\n", "votes.csv, line 3: expected 5 fields, found 4"),
        ("10,,5,3,1\n11,,5,3,\n", "votes.csv, line 3: vote is not an integer: ''"),
        ("10,,5,3,1\n\n11,,5,3,1\n", "votes.csv, line 3: expected 5 fields, found 1"),
    ],
)
def test_malformed_vote_log_names_file_and_line(
    tmp_path: Path, votes: str, message: str
) -> None:
    with pytest.raises(PolisExportError, match=re.escape(message)):
        read_polis_export(_export(tmp_path, votes))


def test_missing_vote_column(tmp_path: Path) -> None:
    _export(tmp_path, "")
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,vote\n1,5,1\n")

    with pytest.raises(PolisExportError, match=r"votes\.csv, line 1: missing column"):
        read_polis_export(tmp_path)


def test_missing_comments_file(tmp_path: Path) -> None:
    (tmp_path / "votes.csv").write_text(VOTES_HEADER)

    with pytest.raises(PolisExportError, match=r"comments\.csv: file is missing"):
        read_polis_export(tmp_path)


def test_missing_votes_and_participant_rows(tmp_path: Path) -> None:
    with pytest.raises(PolisExportError, match=r"votes\.csv: file is missing"):
        read_polis_export(_export(tmp_path))


@pytest.mark.parametrize(
    ("comments", "message"),
    [
        ("comment-id,comment-body\n1,x\n", "line 1: missing column(s): moderated"),
        (
            "comment-id,moderated,comment-body\n1,2,x\n",
            "line 2: moderated must be 1, 0 or -1",
        ),
        (
            "comment-id,moderated,comment-body\n1,1,x\n1,1,y\n",
            "line 3: comment-id 1 appears twice",
        ),
        (
            "comment-id,moderated,comment-body\none,1,x\n",
            "line 2: comment-id must be a whole number from 0",
        ),
        (
            "comment-id,moderated,comment-body\n1,1\n",
            "line 2: expected 3 fields, found 2",
        ),
    ],
)
def test_malformed_comments(tmp_path: Path, comments: str, message: str) -> None:
    with pytest.raises(PolisExportError, match=re.escape("comments.csv, " + message)):
        read_polis_export(_export(tmp_path, "", comments=comments))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "participant,group-id,n-disagree,5\n0,,0,3\n",
            "line 2: vote must be -1, 0 or 1",
        ),
        (
            "participant,group-id,n-disagree,6\n0,,0,1\n",
            "line 1: comment-id 6 is not in comments.csv",
        ),
        (
            "participant,group-id,n-disagree,5\n0,a,0,1\n",
            "line 2: group-id must be a whole number from 0",
        ),
    ],
)
def test_malformed_participant_rows(tmp_path: Path, rows: str, message: str) -> None:
    with pytest.raises(
        PolisExportError, match=re.escape("participants-votes.csv, " + message)
    ):
        read_polis_export(_export(tmp_path, rows=rows))


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(PolisExportError, match=r"not a directory"):
        read_polis_export(tmp_path / "nowhere")


def test_large_log_parses_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vote_log, "CHUNK_BYTES", 64)
    lines = "".join(
        f"{100 + i},Mon Jan 01,{(5, 7, 9)[i % 3]},{i % 11},{i % 3 - 1}\n"
        for i in range(500)
    )
    export = read_polis_export(_export(tmp_path, lines))

    assert len(export.votes) == 500
    assert export.votes.tolist() == [i % 3 - 1 for i in range(500)]
    assert np.array_equal(
        export.participant_ids[export.participants], np.arange(500) % 11
    )
