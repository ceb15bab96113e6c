import numpy as np

from convene.opinion.clusters import refine_participants


def test_participant_on_the_wrong_side_of_the_line_moves_group() -> None:
    points = np.array(
        [[-1.0, 0.0], [-1.1, 0.1], [-0.9, 0.0], [1.0, 0.0], [1.1, 0.0], [0.9, 0.1]]
    )
    # The last participant came in with a base cluster that was grouped with the left camp.
    labels = np.array([0, 0, 0, 1, 1, 0])

    refined = refine_participants(points, labels, 2)

    assert refined.tolist() == [0, 0, 0, 1, 1, 1]


def test_refinement_never_leaves_a_group_of_one() -> None:
    points = np.array([[0.0, 0.0], [0.1, 0.0], [0.2, 0.0], [10.0, 0.0]])
    labels = np.array([0, 0, 1, 1])

    refined = refine_participants(points, labels, 2)

    assert refined.tolist() == [0, 0, 1, 1]
