"""What a statement may say and when two say the same: plain rules, no database."""

import pytest

from convene.conversations.models import STATEMENT_MAX_LENGTH
from convene.conversations.statement_text import (
    Likeness,
    clean_statement_text,
    problem_with,
    same_words,
)


def test_whitespace_is_made_single_and_trimmed() -> None:
    assert (
        clean_statement_text("  Bus   passes\n for\tcarers ") == "Bus passes for carers"
    )


def test_a_plain_sentence_has_no_problem() -> None:
    assert problem_with("Youth clubs should open at weekends.") is None


def test_an_empty_statement_asks_for_words() -> None:
    assert problem_with("") == "Write a statement: plain text, a sentence or two."


@pytest.mark.parametrize(
    "text",
    [
        "Fund <b>youth</b> clubs",
        "<script>alert(1)</script>",
        "Look <img src=x onerror=alert(1)>",
        "A comment <!-- hidden --> here",
    ],
)
def test_html_is_refused_and_named(text: str) -> None:
    problem = problem_with(text)

    assert problem is not None
    assert problem.startswith("Statements are plain text: take out <")


def test_angle_brackets_that_are_not_html_get_through() -> None:
    assert (
        problem_with("The <Friends of the Park> group should be asked first.") is None
    )


def test_a_long_html_tag_is_shortened_in_the_message() -> None:
    problem = problem_with('<a href="' + "x" * 60 + '">link</a>')

    assert problem is not None
    assert "…, which reads as HTML" in problem


def test_too_long_says_how_long_it_is() -> None:
    text = "a" * (STATEMENT_MAX_LENGTH + 5)

    assert problem_with(text) == (
        f"Keep it to {STATEMENT_MAX_LENGTH} characters "
        f"(this has {STATEMENT_MAX_LENGTH + 5})."
    )


def test_the_same_words_in_another_case_and_punctuation_are_a_repeat() -> None:
    assert same_words("Fund youth clubs!", "fund, youth... CLUBS")
    assert not same_words("Fund youth clubs", "Clubs fund youth")


def test_a_reordered_or_slightly_reworded_statement_is_flagged() -> None:
    likeness = Likeness("Councils should fund youth clubs for five years")

    assert likeness.score("For five years councils should fund youth clubs") == 1.0
    assert likeness.score("Councils should fund the youth clubs for five years") > 0.8


def test_a_different_statement_is_not_flagged() -> None:
    likeness = Likeness("Councils should fund youth clubs for five years")

    assert likeness.score("Bus passes should be free for carers") == 0.0
