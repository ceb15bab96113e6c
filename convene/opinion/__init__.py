"""Convene's opinion engine: Pol.is's opinion-group maths on sparse matrices, pure NumPy/SciPy.

Votes in (participant, statement, vote) arrays, an `OpinionResult` out; pass the last result
back as `previous` to warm-start the next. No Django here: the conversations app stores the
result (`to_dict()`) and calls this from its background task.
"""

from convene.opinion.engine import compute_opinion_map
from convene.opinion.replay import replay_opinion_map
from convene.opinion.results import (
    ConsensusStatement,
    DivisiveStatement,
    Group,
    KSmoother,
    OpinionResult,
    RepresentativeStatement,
)

__all__ = [
    "ConsensusStatement",
    "DivisiveStatement",
    "Group",
    "KSmoother",
    "OpinionResult",
    "RepresentativeStatement",
    "compute_opinion_map",
    "replay_opinion_map",
]
