"""Name badges printed on A4 sheets of sticky labels, in the common Avery-style layouts."""

from collections.abc import Iterable
from dataclasses import dataclass

from convene.events.models import Registration


@dataclass(frozen=True)
class BadgeSheet:
    """One layout of labels on an A4 sheet; sizes in millimetres, from the sheet's corner."""

    key: str
    description: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    top_margin: float
    left_margin: float
    column_gap: float
    name_size_pt: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


BADGE_SHEETS = {
    sheet.key: sheet
    for sheet in [
        BadgeSheet(
            key="3x7",
            description="21 labels a sheet, 63.5 by 38.1 mm (L7160 and the like)",
            columns=3,
            rows=7,
            label_width=63.5,
            label_height=38.1,
            top_margin=15.15,
            left_margin=7.25,
            column_gap=2.5,
            name_size_pt=17,
        ),
        BadgeSheet(
            key="2x4",
            description="8 labels a sheet, 99.1 by 67.7 mm (L7165 and the like)",
            columns=2,
            rows=4,
            label_width=99.1,
            label_height=67.7,
            top_margin=13.1,
            left_margin=4.65,
            column_gap=2.5,
            name_size_pt=28,
        ),
    ]
}


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    # "", "long" or "longest": long names are set smaller so they stay on their label.
    length: str
    table: str = ""  # the table they sit at, so people find it from their badge


def _length(name: str) -> str:
    if len(name) > 28:
        return "longest"
    if len(name) > 16:
        return "long"
    return ""


def badge_pages(
    registrations: Iterable[Registration], sheet: BadgeSheet
) -> list[list[Badge]]:
    """The badges, a sheet's worth to a page, in the order given."""
    badges = [
        Badge(
            r.name,
            r.organisation,
            _length(r.name),
            r.table.name if r.table_id and r.table else "",
        )
        for r in registrations
    ]
    return [
        badges[start : start + sheet.per_page]
        for start in range(0, len(badges), sheet.per_page)
    ]
