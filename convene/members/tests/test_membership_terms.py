import datetime

import pytest

from convene.members.membership_terms import term_end

day = datetime.date


@pytest.mark.parametrize(
    ("term", "starts", "ends"),
    [
        ("rolling", day(2026, 5, 14), day(2027, 5, 13)),
        ("rolling", day(2028, 2, 29), day(2029, 2, 28)),
        ("lifetime", day(2026, 5, 14), None),
        # A January membership year: joining in spring runs to 31 December...
        ("annual", day(2026, 3, 2), day(2026, 12, 31)),
        # ...and joining in its last three months buys the next year too.
        ("annual", day(2026, 10, 1), day(2027, 12, 31)),
    ],
)
def test_term_ends(term: str, starts: datetime.date, ends: datetime.date) -> None:
    assert term_end(term, starts, year_starts_month=1) == ends


def test_annual_term_follows_a_membership_year_starting_in_april() -> None:
    assert term_end("annual", day(2026, 5, 1), year_starts_month=4) == day(2027, 3, 31)
    assert term_end("annual", day(2026, 2, 1), year_starts_month=4) == day(2027, 3, 31)
    assert term_end("annual", day(2026, 9, 1), year_starts_month=4) == day(2027, 3, 31)
