"""Writing the XSS vectors into every table, as few records as the fields' lengths allow."""

import re
from dataclasses import dataclass, field

from django.db import transaction

from convene.core.tests.sweeps.xss_records import FIELD_NAMES, REFUSALS, TABLES, Table
from testsupport import xss

_PLACED = re.compile(r"\b[0-9]+-[0-9]+\b")


@dataclass
class Seeded:
    placed: int = 0  # vector x field placements stored
    refused: int = 0  # placements a form or service refused on the way in
    pages: list[str] = field(default_factory=list)  # paths showing the records


def _filler(name: str, number: int) -> str:
    """Plain text where a record has no vector left for a field (unique, for names)."""
    if name.startswith("website"):
        return f"https://plain.example/{number}"
    return f"Plain {name} {number}"


def _texts(table: Table) -> list[dict[str, str]]:
    """Each record's texts: every vector in every field, packed into few records."""
    packs = {
        name: xss.packed(
            FIELD_NAMES.index(f"{table.name}.{name}"),
            limit,
            per_text=1 if table.one_each else 0,
        )
        for name, limit in table.fields.items()
    }
    count = max(len(texts) for texts in packs.values())
    return [
        {
            name: texts[number] if number < len(texts) else _filler(name, number)
            for name, texts in packs.items()
        }
        for number in range(count)
    ]


def _write(
    table: Table, number: int, texts: dict[str, str], seeded: Seeded, *, alone: str = ""
) -> None:
    """Write one record; when it is refused, write each field's text alone, so only the
    refused text is counted as refused."""
    try:
        with transaction.atomic():
            record = table.write(number, texts)
    except REFUSALS:
        if alone or len(texts) == 1:
            seeded.refused += len(_PLACED.findall(texts[alone or next(iter(texts))]))
            return
        for name in texts:
            one = {
                other: text if other == name else _filler(f"{other} {name}", number)
                for other, text in texts.items()
            }
            _write(table, number, one, seeded, alone=name)
        return
    seeded.placed += sum(len(_PLACED.findall(text)) for text in texts.values())
    seeded.pages.extend(table.pages(record))


def seed_every_table() -> Seeded:
    seeded = Seeded()
    for table in TABLES:
        for number, texts in enumerate(_texts(table)):
            _write(table, number, texts, seeded)
    return seeded
