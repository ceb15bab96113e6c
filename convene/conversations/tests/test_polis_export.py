"""`export-polis` and the staff download: a conversation out in Pol.is's own format.

Real exports in shared/data/polis beside the checkout: data gathered using the Polis software
(compdemocracy.org/polis), sub-licensed under CC BY 4.0 with attribution to The Computational
Democracy Project (source: the compdemocracy openData repository).
"""

import asyncio
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from asgiref.sync import async_to_sync
from django.core import signals
from django.core.management import CommandError, call_command
from django.db import close_old_connections
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from convene.conversations.models import Channel, Conversation, Vote
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.polis import exporter
from convene.conversations.polis.dates import polis_datetimes
from convene.conversations.polis.importer import import_polis_export
from convene.conversations.polis.reader import PolisExport, read_polis_export
from convene.conversations.services import get_or_create_participant
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    make_two_camps,
    seeds,
    vote,
)
from convene.core.handlers import OneHopASGIHandler
from testsupport.polis_data import POLIS_DATA_MISSING, polis_data_missing, polis_export

LONDON = polis_export("london.youth.policing")

pytestmark = [
    pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING),
    pytest.mark.django_db,
]


def final_votes(export: PolisExport) -> set[tuple[int, int, int]]:
    """(participant id, comment id, vote) of each pair's last vote."""
    last: dict[tuple[int, int], int] = {}
    for p, s, v in zip(
        export.participants, export.statements, export.votes, strict=True
    ):
        last[int(export.participant_ids[p]), int(export.statement_ids[s])] = int(v)
    return {(p, s, v) for (p, s), v in last.items()}


def last_vote_times(export: PolisExport) -> dict[tuple[int, int], int]:
    assert export.timestamps is not None
    return {
        (int(p), int(s)): int(t)
        for p, s, t in zip(
            export.participants, export.statements, export.timestamps, strict=True
        )
    }


@pytest.fixture
def conversation() -> Conversation:
    return import_polis_export(LONDON)


def test_round_trip_keeps_votes_and_statements(
    conversation: Conversation, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("export_polis", conversation.slug, str(tmp_path / "out"), stdout=out)

    original = read_polis_export(LONDON)
    again = read_polis_export(tmp_path / "out")
    assert final_votes(again) == final_votes(original)
    assert list(again.statement_ids) == list(original.statement_ids)
    assert again.statement_texts == original.statement_texts
    assert list(again.moderation) == list(original.moderation)
    assert list(again.participant_ids) == list(original.participant_ids)
    assert last_vote_times(again) == last_vote_times(original)
    assert out.getvalue().startswith(f"Exported {conversation.slug!r} to 4 files")


def test_files_follow_polis_columns(conversation: Conversation, tmp_path: Path) -> None:
    call_command(
        "export_polis", str(conversation.pk), str(tmp_path), stdout=io.StringIO()
    )

    def header(name: str, folder: Path = tmp_path) -> list[str]:
        with (folder / name).open(newline="") as handle:
            return next(csv.reader(handle))

    # Scripts index Pol.is's columns by position: Pol.is's own come first, in its order
    # (london.youth.policing's are the classic comments and the newer participant rows).
    assert header("comments.csv") == [
        *header("comments.csv", LONDON),
        "is-meta",
        "is-seed",
    ]
    assert header("comments.csv")[:8] == [
        "timestamp", "datetime", "comment-id", "author-id",
        "agrees", "disagrees", "moderated", "comment-body",
    ]  # fmt: skip
    assert header("votes.csv") == header("votes.csv", LONDON)
    participants = header("participants-votes.csv")
    assert participants[:7] == header("participants-votes.csv", LONDON)[:7] == [
        "participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree",
    ]  # fmt: skip
    assert [int(c) for c in participants[7:]] == sorted(
        int(c) for c in participants[7:]
    )
    with (tmp_path / "summary.csv").open(newline="") as handle:
        summary = dict(csv.reader(handle))
    assert list(summary) == [
        "topic", "url", "views", "voters", "voters-in-conv",
        "commenters", "comments", "groups", "conversation-description",
    ]  # fmt: skip
    assert summary["topic"] == conversation.question
    assert summary["voters"] == "26"
    with (tmp_path / "votes.csv").open(newline="") as handle:
        first = next(csv.DictReader(handle))
    assert len(first["timestamp"]) == 13
    assert first["datetime"].endswith(" UTC 2022")


def test_authors_and_summary_counts_survive_a_round_trip(
    conversation: Conversation, tmp_path: Path
) -> None:
    # london.youth.policing: participant 0 wrote comments 0-14 and never voted.
    call_command("export_polis", conversation.slug, str(tmp_path), stdout=io.StringIO())

    def authors(folder: Path) -> dict[str, str]:
        with (folder / "comments.csv").open(newline="") as handle:
            return {r["comment-id"]: r["author-id"] for r in csv.DictReader(handle)}

    def summary(folder: Path) -> dict[str, str]:
        with (folder / "summary.csv").open(newline="") as handle:
            return dict(csv.reader(handle))

    assert authors(tmp_path) == authors(LONDON)
    for key in ("views", "voters", "voters-in-conv", "commenters"):
        assert summary(tmp_path)[key] == summary(LONDON)[key], key
    with (tmp_path / "participants-votes.csv").open(newline="") as handle:
        rows = [row["participant"] for row in csv.DictReader(handle)]
    assert "0" not in rows  # as in Pol.is, a row only for who voted
    assert len(rows) == 26


def test_participant_rows_carry_groups_of_the_latest_map(
    conversation: Conversation, tmp_path: Path
) -> None:
    result = conversation.opinion_result
    call_command("export_polis", conversation.slug, str(tmp_path), stdout=io.StringIO())

    with (tmp_path / "participants-votes.csv").open(newline="") as handle:
        rows = {row["participant"]: row for row in csv.DictReader(handle)}
    groups = result.data["participant_group"]
    by_ref = dict(conversation.participants.values_list("pk", "external_ref"))
    for index, pk in enumerate(result.participant_ids):
        expected = "" if groups[index] < 0 else str(groups[index])
        assert rows[by_ref[pk]]["group-id"] == expected
    assert any(row["group-id"] != "" for row in rows.values())
    export = read_polis_export(tmp_path)
    assert export.has_polis_groups
    assert np.all(
        np.bincount(export.participants, minlength=len(export.participant_ids))
        == [int(rows[str(p)]["n-votes"]) for p in export.participant_ids]
    )


def test_meta_comments_survive_a_round_trip(tmp_path: Path) -> None:
    # bg2050-volunteers is a newer export, with Pol.is's is-meta column.
    source = polis_export("bg2050-volunteers")
    imported = import_polis_export(source)

    call_command("export_polis", imported.slug, str(tmp_path), stdout=io.StringIO())

    original = read_polis_export(source)
    again = read_polis_export(tmp_path)
    assert original.is_meta.sum() == 1
    assert list(again.is_meta) == list(original.is_meta)
    with (tmp_path / "comments.csv").open(newline="") as handle:
        flags = {row["comment-id"]: row["is-meta"] for row in csv.DictReader(handle)}
    assert flags["12"] == "true"
    assert set(flags.values()) == {"true", "false"}


def test_seed_statements_survive_a_round_trip(tmp_path: Path) -> None:
    # bg2050-volunteers is a newer export, with Pol.is's is-seed column.
    source = polis_export("bg2050-volunteers")
    with (source / "comments.csv").open(newline="") as handle:
        seeds = {
            row["comment-id"]
            for row in csv.DictReader(handle)
            if row["is-seed"] == "true"
        }
    imported = import_polis_export(source)

    call_command("export_polis", imported.slug, str(tmp_path), stdout=io.StringIO())

    with (tmp_path / "comments.csv").open(newline="") as handle:
        written = {row["comment-id"]: row["is-seed"] for row in csv.DictReader(handle)}
    assert seeds
    assert {ref for ref, flag in written.items() if flag == "true"} == seeds
    assert set(written.values()) == {"true", "false"}


def test_a_file_in_place_of_the_folder_is_refused(
    conversation: Conversation, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    target.write_text("my notes")

    with pytest.raises(
        CommandError,
        match=rf"^Nothing exported\. Can't write {re.escape(str(target))}: "
        rf"{re.escape(str(target))} is a file, not a folder\.$",
    ):
        call_command("export_polis", conversation.slug, str(target))
    assert target.read_text() == "my notes"
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_a_folder_that_cannot_be_made_is_refused(
    conversation: Conversation, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("my notes")
    target = tmp_path / "notes.txt" / "export"

    with pytest.raises(CommandError, match=r"^Nothing exported\. Can't write .*\.$"):
        call_command("export_polis", conversation.slug, str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_exporting_again_replaces_the_four_files_and_leaves_nothing_else(
    conversation: Conversation, tmp_path: Path
) -> None:
    call_command("export_polis", conversation.slug, str(tmp_path), stdout=io.StringIO())
    conversation.statements.update(text="Changed")

    call_command("export_polis", conversation.slug, str(tmp_path), stdout=io.StringIO())

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "comments.csv", "participants-votes.csv", "summary.csv", "votes.csv",
    ]  # fmt: skip
    assert set(read_polis_export(tmp_path).statement_texts) == {"Changed"}


def test_unknown_conversation_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No conversation has the slug or id 'nope'"):
        call_command("export_polis", "nope", str(tmp_path), stdout=io.StringIO())


def test_staff_download_a_zip_of_the_four_files(
    conversation: Conversation, organiser_client: Client
) -> None:
    url = reverse("conversations:export-polis", args=[conversation.slug])

    response = organiser_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"{conversation.slug}-polis-export.zip" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        assert sorted(archive.namelist()) == [
            "comments.csv", "participants-votes.csv", "summary.csv", "votes.csv",
        ]  # fmt: skip
        votes = archive.read("votes.csv").decode().splitlines()
    assert len(votes) == 1 + conversation.votes.count()


def _download(client: Client, conversation: Conversation) -> list[bytes]:
    response = client.get(
        reverse("conversations:export-polis", args=[conversation.slug])
    )
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return [bytes(chunk) for chunk in response.streaming_content]


def test_download_is_streamed_with_the_same_files_as_the_command(
    conversation: Conversation, organiser_client: Client, tmp_path: Path
) -> None:
    chunks = _download(organiser_client, conversation)

    # sent as it is made, a piece at a time, rather than built whole first
    assert len(chunks) > 4
    call_command("export_polis", conversation.slug, str(tmp_path), stdout=io.StringIO())
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        for name in archive.namelist():
            assert archive.read(name) == (tmp_path / name).read_bytes()


def test_downloaded_zip_imports_back_to_the_same_votes(
    conversation: Conversation, organiser_client: Client, tmp_path: Path
) -> None:
    # given the staff download of an imported conversation
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(_download(organiser_client, conversation)))
    )
    archive.extractall(tmp_path)

    # when it is imported again, through the same reader as import-polis
    again = import_polis_export(tmp_path, slug="imported-again")

    # then the votes are the same, pair by pair
    def votes_of(imported: Conversation) -> set[tuple[str, str, int]]:
        return set(
            imported.votes.values_list(
                "participant__external_ref", "statement__external_ref", "choice"
            )
        )

    assert votes_of(again) == votes_of(conversation)
    assert final_votes(read_polis_export(tmp_path)) == final_votes(
        read_polis_export(LONDON)
    )


def test_download_through_asgi_is_not_buffered_whole(
    conversation: Conversation, organiser_client: Client
) -> None:
    # Django's own handler reads a plain iterator whole into memory, and warns when it does;
    # the site's sends the zip as it is made.
    url = reverse("conversations:export-polis", args=[conversation.slug])
    cookie = f"sessionid={organiser_client.cookies['sessionid'].value}"
    sent: list[dict[str, Any]] = []

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected
        raise AssertionError("unreachable")

    async def send(message: Mapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http", "method": "GET", "path": url, "query_string": b"",
        "headers": [(b"cookie", cookie.encode()), (b"host", b"testserver")],
        "server": ("testserver", 80), "client": ("127.0.0.1", 1), "scheme": "http",
        "asgi": {"version": "3.0"}, "http_version": "1.1",
    }  # fmt: skip
    handler = OneHopASGIHandler()
    # As Django's test clients do: the test's connection must outlive the request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "error", message="StreamingHttpResponse must consume"
            )
            async_to_sync(handler)(scope, receive, send)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)

    assert sent[0]["status"] == 200
    body = b"".join(m.get("body", b"") for m in sent[1:])
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert (
            len(archive.read("votes.csv").splitlines())
            == 1 + conversation.votes.count()
        )


@pytest.mark.parametrize("block_cells", [2_000_000, 9])
def test_participant_rows_follow_polis_ids_kept_out_of_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_cells: int
) -> None:
    # Paper ballots numbered 1 and 2 keep those ids, ahead of earlier web participants;
    # with 9 cells a block of rows holds 3 people of whom 2 are apart in the database.
    monkeypatch.setattr(exporter, "_BLOCK_CELLS", block_cells)
    native = make_conversation()
    statements = seeds(native)
    assert len(statements) == 3
    web = [make_participant(native) for _ in range(3)]
    paper = [
        get_or_create_participant(native, external_ref=ref, channel=Channel.PAPER)
        for ref in ("2", "1")
    ]
    for i, person in enumerate(web + paper):
        for j, statement in enumerate(statements[: i % 3 + 1]):
            vote(person, statement, (i + j) % 3 - 1)

    call_command("export_polis", native.slug, str(tmp_path), stdout=io.StringIO())
    with_log = read_polis_export(tmp_path)
    (tmp_path / "votes.csv").unlink()
    rows_only = read_polis_export(tmp_path)  # read from participants-votes.csv alone

    assert list(rows_only.participant_ids) == [1, 2, 3, 4, 5]
    assert final_votes(rows_only) == final_votes(with_log)
    assert len(final_votes(rows_only)) == native.votes.count()


def test_visitors_and_members_cannot_download(
    conversation: Conversation, visitor: Client, member_client: Client
) -> None:
    url = reverse("conversations:export-polis", args=[conversation.slug])

    response = visitor.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    # An imported conversation is unpublished: unknown to a member.
    assert member_client.get(url).status_code == 404


def test_conversation_page_links_staff_to_the_download(
    conversation: Conversation, organiser_client: Client, visitor: Client
) -> None:
    conversation.is_published = True  # so visitors see the page, without the link
    conversation.save(update_fields=["is_published"])
    url = reverse("conversations:export-polis", args=[conversation.slug])

    staff_page = organiser_client.get(conversation.get_absolute_url())
    visitor_page = visitor.get(conversation.get_absolute_url())

    assert staff_page.status_code == visitor_page.status_code == 200
    assert url in staff_page.content.decode()
    assert url not in visitor_page.content.decode()


def test_conversation_born_here_gets_fresh_polis_ids(tmp_path: Path) -> None:
    native = make_conversation()
    make_two_camps(native)
    compute_opinion_result(native)

    call_command("export_polis", native.slug, str(tmp_path), stdout=io.StringIO())

    export = read_polis_export(tmp_path)
    assert list(export.statement_ids) == list(range(native.statements.count()))
    assert list(export.participant_ids) == list(range(native.participants.count()))
    by_id = {
        (p, s): c
        for p, s, c in Vote.objects.filter(conversation=native).values_list(
            "participant_id", "statement_id", "choice"
        )
    }
    participant_pks = list(
        native.participants.order_by("pk").values_list("pk", flat=True)
    )
    statement_pks = list(native.statements.order_by("pk").values_list("pk", flat=True))
    assert final_votes(export) == {
        (participant_pks.index(p), statement_pks.index(s), c)
        for (p, s), c in by_id.items()
    }
    assert export.has_polis_groups


def test_datetimes_are_written_as_polis_does_in_utc() -> None:
    # london.youth.policing's first comment: "Wed Jul 27 22:09:49 WIB 2022" (UTC+7).
    written = polis_datetimes(np.array([1658934589213, 0], dtype=np.int64))

    assert written.tolist() == [
        "Wed Jul 27 15:09:49 UTC 2022",
        "Thu Jan 01 00:00:00 UTC 1970",
    ]
