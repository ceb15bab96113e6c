"""The opinion map of a Pol.is export as JSON, straight from its files: no database.

This is what `convene opinion-map` writes, to compare the engine's groups with Pol.is's own
(the export's group-id column) or with another implementation's on the same files.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TypedDict

from convene.conversations.polis.reader import PolisExport, read_polis_export
from convene.opinion.engine import compute_opinion_map
from convene.opinion.replay import replay_opinion_map
from convene.opinion.results import (
    ConsensusStatement,
    DivisiveStatement,
    Group,
    OpinionResult,
    RepresentativeStatement,
)


class StatementJson(TypedDict):
    statement_id: int
    text: str


class RepresentativeJson(StatementJson):
    repful_for: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool


class ConsensusJson(StatementJson):
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


class DivisiveJson(StatementJson):
    agree_rates: list[float]  # each group's, in the order of `groups`
    spread: float  # the highest agree rate minus the lowest


class GroupJson(TypedDict):
    id: int
    size: int
    centre: list[float]
    representative: list[RepresentativeJson]


class OpinionMapJson(TypedDict):
    participants: int
    statements: int
    clustered: int
    groups: list[GroupJson]
    participant_groups: dict[
        str, int
    ]  # Pol.is participant id -> group (clustered only)
    polis_groups: dict[str, int]  # Pol.is's own group, where the export has it
    consensus: dict[str, list[ConsensusJson]]  # "agree" and "disagree"
    divisive: list[DivisiveJson]
    replayed: bool  # the vote log was replayed (asked for, and there was one)
    timings: dict[str, float]


def opinion_map_json(path: str | Path, *, replay: bool = False) -> OpinionMapJson:
    """Run the opinion engine on a Pol.is export and return the map as JSON-ready data.

    As `convene import-polis` computes it: everyone Pol.is grouped stays in the map. With
    `replay=True` the vote log is fed through in time order, an update per second of log
    time as the live map follows votes, then one from what Pol.is's worker keeps across a
    restart (needs votes.csv); otherwise one computation on the final votes.
    """
    started = time.perf_counter()
    export = read_polis_export(path)
    read_seconds = time.perf_counter() - started
    result, replayed = _engine_map(export, replay=replay)
    clustered = result.participant_group >= 0
    return {
        "participants": len(export.participant_ids),
        "statements": len(export.statement_ids),
        "clustered": int(clustered.sum()),
        "groups": [_group_json(export, group) for group in result.groups],
        "participant_groups": _groups_by_polis_id(export, result),
        "polis_groups": _polis_groups_by_id(export),
        "consensus": {
            "agree": [_consensus_json(export, c) for c in result.consensus_agree],
            "disagree": [_consensus_json(export, c) for c in result.consensus_disagree],
        },
        "divisive": [_divisive_json(export, d) for d in result.divisive],
        "replayed": replayed,
        "timings": {"read": read_seconds, **result.timings},
    }


def _engine_map(export: PolisExport, *, replay: bool) -> tuple[OpinionResult, bool]:
    """The engine's map of the export, and whether it came from replaying the vote log."""
    arguments = {
        "n_participants": len(export.participant_ids),
        "n_statements": len(export.statement_ids),
        "moderated_out": export.moderated_out.tolist(),
        "meta": export.meta_statements.tolist(),
        "in_conversation": export.polis_grouped.tolist(),
    }
    if replay and export.timestamps is not None:
        replayed = replay_opinion_map(
            export.participants,
            export.statements,
            export.votes,
            export.timestamps,
            **arguments,
        )
        return replayed, True
    computed = compute_opinion_map(
        export.participants, export.statements, export.votes, **arguments
    )
    return computed, False


def _statement_json(export: PolisExport, index: int) -> StatementJson:
    return {
        "statement_id": int(export.statement_ids[index]),
        "text": export.statement_texts[index],
    }


def _group_json(export: PolisExport, group: Group) -> GroupJson:
    return {
        "id": group.id,
        "size": group.size,
        "centre": list(group.centre),
        "representative": [
            _representative_json(export, r) for r in group.representative
        ],
    }


def _representative_json(
    export: PolisExport, r: RepresentativeStatement
) -> RepresentativeJson:
    return {
        **_statement_json(export, r.statement),
        "repful_for": r.repful_for,
        "n_success": r.n_success,
        "n_trials": r.n_trials,
        "p_success": r.p_success,
        "p_test": r.p_test,
        "repness": r.repness,
        "repness_test": r.repness_test,
        "best_agree": r.best_agree,
    }


def _consensus_json(export: PolisExport, c: ConsensusStatement) -> ConsensusJson:
    return {
        **_statement_json(export, c.statement),
        "n_success": c.n_success,
        "n_trials": c.n_trials,
        "p_success": c.p_success,
        "p_test": c.p_test,
    }


def _divisive_json(export: PolisExport, d: DivisiveStatement) -> DivisiveJson:
    return {
        **_statement_json(export, d.statement),
        "agree_rates": [float(rate) for rate in d.agree_rates],
        "spread": float(d.spread),
    }


def _groups_by_polis_id(export: PolisExport, result: OpinionResult) -> dict[str, int]:
    """The engine's group of each participant it clustered, by Pol.is participant id."""
    clustered = result.participant_group >= 0
    return {
        str(int(pid)): int(g)
        for pid, g in zip(
            export.participant_ids[clustered],
            result.participant_group[clustered],
            strict=True,
        )
    }


def _polis_groups_by_id(export: PolisExport) -> dict[str, int]:
    """Pol.is's own group of each participant it placed in one."""
    polis = export.polis_groups >= 0
    return {
        str(int(pid)): int(g)
        for pid, g in zip(
            export.participant_ids[polis], export.polis_groups[polis], strict=True
        )
    }
