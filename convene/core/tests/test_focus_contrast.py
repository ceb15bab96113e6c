"""Someone moving through a page by keyboard sees where they are: the focus ring stands at 3:1
or more against what is beside it (WCAG 2.2's non-text contrast), wherever it is drawn."""

import re
from pathlib import Path

from testsupport.contrast import Colour, contrast, declarations, hex_colour

SITE_CSS = Path(__file__).parents[1] / "static" / "core" / "site.css"
FOCUS = (
    "a:focus-visible, button:focus-visible, input:focus-visible,"
    " select:focus-visible, textarea:focus-visible"
)
NON_TEXT = 3.0


def _colour(value: str) -> Colour:
    """The hex colour in a declaration, through the site's custom properties."""
    root = declarations(SITE_CSS, ":root")
    for _ in range(3):  # a property may name another
        value = re.sub(r"var\((--[\w-]+)\)", lambda name: root[name[1]], value)
    found = re.search(r"#[0-9a-fA-F]{3,6}\b", value)
    assert found is not None, f"no colour in {value!r}"
    return hex_colour(found[0])


def test_the_focus_ring_stands_out_on_the_page_and_on_cards() -> None:
    ring = _colour(declarations(SITE_CSS, FOCUS)["outline"])
    page = _colour(declarations(SITE_CSS, ":root")["background"])
    card = _colour(declarations(SITE_CSS, ".card")["background"])

    assert contrast(ring, page) >= NON_TEXT
    assert contrast(ring, card) >= NON_TEXT


def test_the_halo_inside_the_ring_stands_out_on_buttons_and_from_the_ring() -> None:
    focus = declarations(SITE_CSS, FOCUS)
    ring = _colour(focus["outline"])
    halo = _colour(focus["box-shadow"])
    buttons = [
        _colour(declarations(SITE_CSS, ".button, button")["background"]),
        _colour(declarations(SITE_CSS, "button.danger")["background"]),
    ]

    assert contrast(halo, ring) >= NON_TEXT
    for button in buttons:
        assert contrast(halo, button) >= NON_TEXT


def test_the_focus_ring_stands_out_on_the_coloured_header() -> None:
    header = _colour(declarations(SITE_CSS, ".site-header")["background"])
    ring = _colour(
        declarations(SITE_CSS, ".site-header :focus-visible")["outline-color"]
    )

    assert contrast(ring, header) >= NON_TEXT
