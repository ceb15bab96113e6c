"""The opinion map of a Pol.is export as JSON, with Pol.is's ids: no database involved.

TODO(opinion engine): use `convene.opinion.opinion_map_json` once the engine provides one;
until then the shape is built here from `read_polis_export` and `compute_opinion_map`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TypedDict

import numpy as np

from convene.opinion.engine import compute_opinion_map
from convene.opinion.polis_export import PolisExport, read_polis_export
from convene.opinion.results import OpinionResult

POLIS_CREDIT = "Data gathered using the Polis software (compdemocracy.org/polis)."


class ParticipantJson(TypedDict):
    participant: int  # Pol.is participant id
    group: int | None  # None when not clustered


class RepresentativeJson(TypedDict):
    comment_id: int
    text: str
    repful_for: str
    n_success: int
    n_trials: int
    p_success: float
    repness: float
    repness_test: float


class GroupJson(TypedDict):
    id: int
    size: int
    representative: list[RepresentativeJson]


class ConsensusJson(TypedDict):
    comment_id: int
    text: str
    n_success: int
    n_trials: int
    p_success: float


class ConsensusSidesJson(TypedDict):
    agree: list[ConsensusJson]
    disagree: list[ConsensusJson]


class OpinionMapJson(TypedDict):
    source: str
    credit: str
    n_participants: int
    n_statements: int
    n_votes: int
    participants: list[ParticipantJson]
    groups: list[GroupJson]
    consensus: ConsensusSidesJson
    timings: dict[str, float]  # seconds per step, "read" being the export's reading


def opinion_map_of_export(directory: str | Path) -> OpinionMapJson:
    """Read an export and compute its map; raises `PolisExportError` for a bad export."""
    started = time.perf_counter()
    export = read_polis_export(directory)
    read_seconds = time.perf_counter() - started
    result = compute_opinion_map(
        export.participants,
        export.statements,
        export.votes,
        n_participants=len(export.participant_ids),
        n_statements=len(export.statement_ids),
        moderated_out=export.moderated_out,
    )
    return _as_json(str(directory), export, result, read_seconds)


def _n_final_votes(export: PolisExport) -> int:
    """Votes as Pol.is counts them: one per participant and statement, the last one."""
    keys = export.participants.astype(np.int64) * max(len(export.statement_ids), 1)
    return len(np.unique(keys + export.statements))


def _as_json(
    source: str, export: PolisExport, result: OpinionResult, read_seconds: float
) -> OpinionMapJson:
    def comment(index: int) -> tuple[int, str]:
        return int(export.statement_ids[index]), export.statement_texts[index]

    def consensus(side: str) -> list[ConsensusJson]:
        chosen = (
            result.consensus_agree if side == "agree" else result.consensus_disagree
        )
        return [
            {
                "comment_id": comment(c.statement)[0],
                "text": comment(c.statement)[1],
                "n_success": c.n_success,
                "n_trials": c.n_trials,
                "p_success": c.p_success,
            }
            for c in chosen
        ]

    return {
        "source": source,
        "credit": POLIS_CREDIT,
        "n_participants": len(export.participant_ids),
        "n_statements": len(export.statement_ids),
        "n_votes": _n_final_votes(export),
        "participants": [
            {"participant": int(pid), "group": None if group < 0 else int(group)}
            for pid, group in zip(
                export.participant_ids, result.participant_group, strict=True
            )
        ],
        "groups": [
            {
                "id": group.id,
                "size": group.size,
                "representative": [
                    {
                        "comment_id": comment(r.statement)[0],
                        "text": comment(r.statement)[1],
                        "repful_for": r.repful_for,
                        "n_success": r.n_success,
                        "n_trials": r.n_trials,
                        "p_success": r.p_success,
                        "repness": r.repness,
                        "repness_test": r.repness_test,
                    }
                    for r in group.representative
                ],
            }
            for group in result.groups
        ],
        "consensus": {"agree": consensus("agree"), "disagree": consensus("disagree")},
        "timings": {"read": read_seconds, **result.timings},
    }
