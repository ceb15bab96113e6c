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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from numpy.typing import NDArray

from convene.conversations import bulk
from convene.conversations.models import (
    STATEMENT_MAX_LENGTH,
    Channel,
    Conversation,
    OpinionResult,
    Statement,
)
from convene.conversations.opinion_map import (
    compute_opinion_result,
    store_opinion_result,
)
from convene.conversations.organising import create_conversation
from convene.conversations.polis.reader import (
    COMMENTS,
    SUMMARY,
    CommentExtras,
    PolisExport,
    read_comment_extras,
    read_polis_export,
    read_summary,
)
from convene.core.slugs import unique_slug
from convene.opinion.replay import replay_opinion_map

Progress = Callable[[int, int], None]

POLIS_CREDIT = "Data gathered using the Polis software (compdemocracy.org/polis)."

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
    summary = read_summary(folder / SUMMARY)
    extras = read_comment_extras(folder / COMMENTS)
    final = _final_votes(export)
    tally = _Tally(
        progress,
        total=len(export.statement_ids)
        + len(export.participant_ids)
        + len(final.participants),
    )
    with transaction.atomic(), bulk.large_write_cache():
        conversation = _create_conversation(
            folder,
            summary,
            slug=slug,
            question=question,
            is_open=is_open,
            is_published=is_published,
        )
        written = _write_rows(conversation, export, extras, final, tally)
    tally.finish()
    result, replayed = _opinion_map(
        conversation, export, written, replay=replay, progress=replay_progress
    )
    return PolisImport(
        conversation=conversation,
        n_statements=len(written.statement_pks),
        n_participants=len(written.participant_pks) + written.n_silent_authors,
        n_votes=written.n_votes,
        n_shortened=written.n_shortened,
        n_groups=len(result.data.get("groups", [])) if result is not None else 0,
        replayed=replayed,
        has_vote_log=export.timestamps is not None,
    )


class _Tally:
    """The import's progress: rows written of all it will write."""

    def __init__(self, progress: Progress | None, *, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def add(self, written: int) -> None:
        self.done += written
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


@dataclass(frozen=True)
class _Written:
    """The rows an import made; the engine's indices are the export's, in this order."""

    statement_pks: NDArray[np.int64]  # per statement index
    participant_pks: NDArray[np.int64]  # per participant index
    n_silent_authors: int  # authors who never voted, outside the map
    n_votes: int
    n_shortened: int


def _write_rows(
    conversation: Conversation,
    export: PolisExport,
    extras: CommentExtras,
    final: _FinalVotes,
    tally: _Tally,
) -> _Written:
    statement_pks, n_shortened = _create_statements(conversation, export, extras)
    tally.add(len(statement_pks))
    participant_pks = bulk.record_imported_participants(
        conversation, refs=_refs(export.participant_ids), channel=Channel.POLIS
    )
    tally.add(len(participant_pks))
    n_votes = bulk.record_imported_votes(
        conversation,
        participant_ids=participant_pks[final.participants],
        statement_ids=statement_pks[final.statements],
        choices=final.choices,
        created_ms=final.first_ms,
        updated_ms=final.last_ms,
        channel=Channel.POLIS,
        on_batch=tally.add,
    )
    silent_pks = _link_authors(
        conversation, export, extras, statement_pks, participant_pks
    )
    return _Written(
        statement_pks=statement_pks,
        participant_pks=participant_pks,
        n_silent_authors=len(silent_pks),
        n_votes=n_votes,
        n_shortened=n_shortened,
    )


def _opinion_map(
    conversation: Conversation,
    export: PolisExport,
    written: _Written,
    *,
    replay: bool,
    progress: Progress | None,
) -> tuple[OpinionResult | None, bool]:
    """The imported conversation's map, and whether it came from replaying the vote log.

    After the commit, so a failure in the maths can't undo an import; at once rather than
    queued, so the results page shows the map as soon as the command returns. Whoever
    Pol.is placed in a group stays in the map, as Pol.is keeps anyone once in.
    """
    timestamps = export.timestamps if replay else None  # None too with no vote log
    if timestamps is None:
        computed = compute_opinion_result(
            conversation,
            already_in=written.participant_pks[export.polis_grouped].tolist(),
        )
        return computed, False
    return _replayed_map(conversation, export, written, timestamps, progress), True


def _replayed_map(
    conversation: Conversation,
    export: PolisExport,
    written: _Written,
    timestamps: NDArray[np.int64],
    progress: Progress | None,
) -> OpinionResult:
    computed_at = timezone.now()
    result = replay_opinion_map(
        export.participants,
        export.statements,
        export.votes,
        timestamps,
        n_participants=len(written.participant_pks),
        n_statements=len(written.statement_pks),
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
        n_votes=written.n_votes,
        participant_ids=written.participant_pks.tolist(),
        statement_ids=written.statement_pks.tolist(),
        data=result.to_dict(),
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
    if slug is not None:
        _check_slug(slug)
    else:
        slug = unique_slug(
            Conversation.objects.all(),
            topic or folder.name,
            max_length=80,
            fallback="polis",
        )
    try:
        return create_conversation(
            topic[:max_question],
            slug=slug,
            description=_description(summary),
            moderation=Conversation.Moderation.POST,
            is_open=is_open,
            is_published=is_published,
        )
    except ValidationError as error:
        raise PolisImportError("; ".join(error.messages)) from None


def _check_slug(slug: str) -> None:
    if slug != slugify(slug) or not slug:
        raise PolisImportError(
            f"{slug!r} is not a slug: use lower-case letters, digits and hyphens."
        )
    if Conversation.objects.filter(slug=slug).exists():
        raise PolisImportError(
            f"The slug {slug!r} is taken by another conversation; "
            "choose another or leave it out to get a fresh one."
        )


def _description(summary: dict[str, str]) -> str:
    """The export's description, crediting Pol.is as its licence asks."""
    description = summary.get("conversation-description", "").strip()
    url = summary.get("url", "").strip()
    credit = (
        f"Imported from a Pol.is export{f' ({url})' if url else ''}. {POLIS_CREDIT}"
    )
    if POLIS_CREDIT not in description:
        description = f"{description}\n\n{credit}".strip()
    return description


def _shorten(text: str) -> str:
    if len(text) <= STATEMENT_MAX_LENGTH:
        return text
    return text[: STATEMENT_MAX_LENGTH - 1].rstrip() + "…"


def _create_statements(
    conversation: Conversation, export: PolisExport, extras: CommentExtras
) -> tuple[NDArray[np.int64], int]:
    statements = [
        bulk.ImportedStatement(
            ref=str(int(tid)),
            text=_shorten(text),
            status=_STATUS_OF_MODERATION[int(flag)],
            rejection_reason="Moderated out in Pol.is" if flag == -1 else "",
            is_meta=bool(meta),
            is_seed=int(tid) in extras.seeds,
            created_ms=extras.timestamps.get(int(tid)),
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
    pks = bulk.record_imported_statements(
        conversation, statements=statements, channel=Channel.POLIS
    )
    return pks, n_shortened


def _authors_who_never_voted(
    export: PolisExport, extras: CommentExtras
) -> NDArray[np.int64]:
    """Pol.is ids of comment authors who cast no vote, such as an organiser who wrote the
    opening comments; Pol.is lists them in no participant file, only as authors."""
    authors = np.array(sorted(set(extras.authors.values())), dtype=np.int64)
    return authors[~np.isin(authors, export.participant_ids)]


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


def _link_authors(
    conversation: Conversation,
    export: PolisExport,
    extras: CommentExtras,
    statement_pks: NDArray[np.int64],
    participant_pks: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Point each statement that names an author at that author's participant.

    Authors who never voted become participants first, kept apart from the map's, whose
    order is the engine's; returns their primary keys.
    """
    silent_authors = _authors_who_never_voted(export, extras)
    silent_pks = bulk.record_imported_participants(
        conversation, refs=_refs(silent_authors), channel=Channel.POLIS
    )
    pk_of_polis_id = dict(
        zip(
            [*export.participant_ids.tolist(), *silent_authors.tolist()],
            [*participant_pks.tolist(), *silent_pks.tolist()],
            strict=True,
        )
    )
    authors = [
        (int(pk), pk_of_polis_id[author])
        for pk, tid in zip(statement_pks, export.statement_ids, strict=True)
        if (author := extras.authors.get(int(tid))) is not None
    ]
    bulk.link_imported_authors(conversation, authors=authors)
    return silent_pks


def _refs(polis_ids: NDArray[np.int64]) -> list[str]:
    """Pol.is ids as participants' `external_ref`."""
    return [str(pid) for pid in polis_ids.tolist()]
