"""The opinion map as plain frozen dataclasses, with a JSON round trip.

A result is both the answer shown to people and the state the next computation warm-starts
from (Pol.is keeps the same state between its incremental updates): the clustered set only
grows, base clusters and group centres seed the next k-means, and the k smoother remembers
which group count has been winning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class RepresentativeStatement:
    """Why a statement stands for a group: Pol.is's `finalize-cmt-stats` figures."""

    statement: int
    repful_for: str  # "agree" or "disagree": the side on which the group differs most
    n_success: int  # group members who voted that side
    n_trials: int  # group members who voted at all (passes included)
    p_success: float  # (n_success + 1) / (n_trials + 2)
    p_test: float  # z of the one-proportion test that p_success > 1/2
    repness: float  # p_success divided by the same probability for everyone else
    repness_test: float  # z of the two-proportion test, group versus the rest
    best_agree: bool = (
        False  # put first by Pol.is so each group shows what it agrees on
    )


@dataclass(frozen=True)
class ConsensusStatement:
    statement: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class DivisiveStatement:
    statement: int
    agree_rates: tuple[
        float, ...
    ]  # pseudocounted agree probability per group, in group order
    spread: float  # highest minus lowest agree rate
    # Each group's agree votes and votes seen (agree, disagree or pass), in group order:
    # the plain shares a reader is shown, where the rates above are for ranking.
    n_agree: tuple[int, ...] = ()
    n_seen: tuple[int, ...] = ()


@dataclass(frozen=True)
class Group:
    id: int
    size: int
    centre: tuple[float, float]
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True)
class KSmoother:
    """Pol.is's `group-k-smoother`: k changes only after the new k wins `buffer` times running."""

    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None


@dataclass(frozen=True, eq=False)
class OpinionResult:
    n_participants: int
    n_statements: int
    participant_group: NDArray[np.int32]  # per participant index; -1 when not clustered
    clustered: NDArray[np.int32]  # participant indices, ascending; only ever grows
    coordinates: NDArray[np.float64]  # (len(clustered), 2), same order as `clustered`
    groups: tuple[Group, ...]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    divisive: tuple[DivisiveStatement, ...]
    priorities: NDArray[np.float64]  # per statement; 0 for moderated-out ones
    # Warm-start state.
    pca_components: NDArray[np.float64]  # (2, n_statements)
    pca_centre: NDArray[np.float64]  # (n_statements,)
    base_centres: NDArray[np.float64]  # (n_base, 2)
    base_ids: NDArray[np.int32]  # (n_base,) ids that persist from run to run
    base_of_clustered: NDArray[
        np.int32
    ]  # base cluster id of each clustered participant
    group_labels_by_k: dict[
        int, NDArray[np.int32]
    ]  # group of each base cluster, per k tried
    silhouettes: dict[int, float]
    k_smoother: KSmoother
    k_history: tuple[int, ...]  # best k by silhouette on each run, most recent last
    timings: dict[str, float] = field(default_factory=dict)

    def without_group_memory(self) -> OpinionResult:
        """This state less each k's groups and the k smoother: warm-started from it, the next
        update keeps the projection, the base clusters and who is in, but finds the groups
        afresh and takes the k with the best silhouette outright."""
        return replace(self, group_labels_by_k={}, k_smoother=KSmoother())

    def to_dict(self) -> JsonDict:
        return {
            "n_participants": self.n_participants,
            "n_statements": self.n_statements,
            "participant_group": self.participant_group.tolist(),
            "clustered": self.clustered.tolist(),
            "coordinates": self.coordinates.tolist(),
            "groups": [
                {
                    "id": group.id,
                    "size": group.size,
                    "centre": list(group.centre),
                    "representative": [vars(r) for r in group.representative],
                }
                for group in self.groups
            ],
            "consensus_agree": [vars(c) for c in self.consensus_agree],
            "consensus_disagree": [vars(c) for c in self.consensus_disagree],
            "divisive": [
                {
                    "statement": d.statement,
                    "agree_rates": list(d.agree_rates),
                    "spread": d.spread,
                    "n_agree": list(d.n_agree),
                    "n_seen": list(d.n_seen),
                }
                for d in self.divisive
            ],
            "priorities": self.priorities.tolist(),
            "pca_components": self.pca_components.tolist(),
            "pca_centre": self.pca_centre.tolist(),
            "base_centres": self.base_centres.tolist(),
            "base_ids": self.base_ids.tolist(),
            "base_of_clustered": self.base_of_clustered.tolist(),
            "group_labels_by_k": {
                str(k): g.tolist() for k, g in self.group_labels_by_k.items()
            },
            "silhouettes": {str(k): s for k, s in self.silhouettes.items()},
            "k_smoother": vars(self.k_smoother),
            "k_history": list(self.k_history),
            "timings": dict(self.timings),
        }

    @classmethod
    def from_dict(cls, data: JsonDict) -> OpinionResult:
        n_statements = int(data["n_statements"])
        return cls(
            n_participants=int(data["n_participants"]),
            n_statements=n_statements,
            participant_group=np.asarray(data["participant_group"], dtype=np.int32),
            clustered=np.asarray(data["clustered"], dtype=np.int32),
            coordinates=np.asarray(data["coordinates"], dtype=np.float64).reshape(
                -1, 2
            ),
            groups=tuple(
                Group(
                    id=int(g["id"]),
                    size=int(g["size"]),
                    centre=(float(g["centre"][0]), float(g["centre"][1])),
                    representative=tuple(
                        RepresentativeStatement(**r) for r in g["representative"]
                    ),
                )
                for g in data["groups"]
            ),
            consensus_agree=tuple(
                ConsensusStatement(**c) for c in data["consensus_agree"]
            ),
            consensus_disagree=tuple(
                ConsensusStatement(**c) for c in data["consensus_disagree"]
            ),
            divisive=tuple(
                DivisiveStatement(
                    statement=int(d["statement"]),
                    agree_rates=tuple(float(a) for a in d["agree_rates"]),
                    spread=float(d["spread"]),
                    # Maps stored before the counts were kept have rates only.
                    n_agree=tuple(int(a) for a in d.get("n_agree", ())),
                    n_seen=tuple(int(n) for n in d.get("n_seen", ())),
                )
                for d in data["divisive"]
            ),
            priorities=np.asarray(data["priorities"], dtype=np.float64),
            pca_components=np.asarray(data["pca_components"], dtype=np.float64).reshape(
                -1, n_statements
            ),
            pca_centre=np.asarray(data["pca_centre"], dtype=np.float64),
            base_centres=np.asarray(data["base_centres"], dtype=np.float64).reshape(
                -1, 2
            ),
            base_ids=np.asarray(data["base_ids"], dtype=np.int32),
            base_of_clustered=np.asarray(data["base_of_clustered"], dtype=np.int32),
            group_labels_by_k={
                int(k): np.asarray(g, dtype=np.int32)
                for k, g in data["group_labels_by_k"].items()
            },
            silhouettes={int(k): float(s) for k, s in data["silhouettes"].items()},
            k_smoother=KSmoother(**data["k_smoother"]),
            k_history=tuple(int(k) for k in data["k_history"]),
            timings={str(k): float(v) for k, v in data["timings"].items()},
        )
