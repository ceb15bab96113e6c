"""When a membership term ends: plain date arithmetic, no database."""

import datetime

# Joining an annual membership this close to the end of the membership year buys the
# whole of the next year too, so nobody joins in the last weeks only to lapse at once.
LATE_JOINING_MONTHS = 3


def _year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: a year on is 1 March
        return day.replace(year=day.year + 1, month=3, day=1)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return datetime.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def membership_year_end(day: datetime.date, *, year_starts_month: int) -> datetime.date:
    """The last day of the membership year that holds `day`."""
    if not 1 <= year_starts_month <= 12:
        raise ValueError("The membership year must start in a month from 1 to 12.")
    start_year = day.year if day.month >= year_starts_month else day.year - 1
    year_start = datetime.date(start_year, year_starts_month, 1)
    return _months_after(year_start, 12) - datetime.timedelta(days=1)


def term_end(
    term: str, starts: datetime.date, *, year_starts_month: int
) -> datetime.date | None:
    """The last day of a term that starts on `starts`; None for a lifetime membership.

    term is a MembershipType.Term value: "rolling" runs a year less a day, "annual" runs to
    the end of the membership year (or the next one when started in its last months).
    """
    if term == "lifetime":
        return None
    if term == "rolling":
        return _year_later(starts) - datetime.timedelta(days=1)
    if term == "annual":
        year_end = membership_year_end(starts, year_starts_month=year_starts_month)
        late = _months_after(starts, LATE_JOINING_MONTHS) > year_end
        if late:
            return membership_year_end(
                year_end + datetime.timedelta(days=1),
                year_starts_month=year_starts_month,
            )
        return year_end
    raise ValueError(f"Unknown membership term: {term!r}")
