"""One real Pol.is conversation: our groups should be Pol.is's groups.

Data gathered using the Polis software, sub-licensed under CC BY 4.0 with attribution to
The Computational Democracy Project.
"""

import numpy as np
import pytest

from convene.conversations.polis.reader import read_polis_export
from convene.opinion.engine import compute_opinion_map
from testsupport.polis_data import POLIS_DATA_MISSING, polis_data_missing, polis_export

CONVERSATION = polis_export("canadian-electoral-reform")


def _adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols, total = (
        pairs(table),
        pairs(table.sum(1)),
        pairs(table.sum(0)),
        pairs(np.array([len(a)])),
    )
    expected = rows * cols / total
    return (index - expected) / ((rows + cols) / 2 - expected)


@pytest.mark.skipif(polis_data_missing(), reason=POLIS_DATA_MISSING)
def test_groups_match_polis_on_canadian_electoral_reform() -> None:
    export = read_polis_export(CONVERSATION)

    result = compute_opinion_map(
        export.participants,
        export.statements,
        export.votes,
        n_participants=len(export.participant_ids),
        n_statements=len(export.statement_ids),
        moderated_out=export.moderated_out,
    )

    ours = result.participant_group
    theirs = export.polis_groups
    both = (ours >= 0) & (theirs >= 0)
    assert both.sum() == 281
    assert _adjusted_rand_index(ours[both], theirs[both]) > 0.85
