import pytest

from convene.conversations.models import Statement
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    seeds,
)

pytestmark = pytest.mark.django_db


def test_a_near_repeat_is_flagged_with_the_statement_it_repeats() -> None:
    conversation = make_conversation()
    original = seeds(conversation)[
        0
    ]  # "Funders should commit for five years, not one."

    statement = add_statement(
        make_participant(conversation), "Funders should commit for five years not one!"
    )

    assert statement.similar_to == original


def test_a_reworded_repeat_is_flagged() -> None:
    conversation = make_conversation()
    original = seeds(conversation)[1]

    statement = add_statement(
        make_participant(conversation),
        "Residents should sit on the boards which fund local projects.",
    )

    assert statement.similar_to == original


def test_a_new_idea_is_not_flagged() -> None:
    conversation = make_conversation()

    statement = add_statement(
        make_participant(conversation), "Bus routes matter more than any grant."
    )

    assert statement.similar_to is None


def test_rejected_statements_are_not_compared() -> None:
    conversation = make_conversation()
    Statement.objects.filter(pk=seeds(conversation)[0].pk).update(
        status=Statement.Status.REJECTED
    )

    statement = add_statement(
        make_participant(conversation), "Funders should commit for five years, not one."
    )

    assert statement.similar_to is None
