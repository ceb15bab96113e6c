"""The wall is read from the back of a room: its quieter text still meets WCAG's 4.5:1."""

from pathlib import Path

from testsupport.contrast import blend, contrast, declarations, hex_colour

WALL_CSS = Path(__file__).parents[1] / "static" / "conversations" / "wall.css"
NORMAL_TEXT = 4.5


def test_the_refresh_link_is_readable_while_the_wall_updates_itself() -> None:
    # The link steps back once the live connection is open, but must stay readable.
    background = hex_colour(declarations(WALL_CSS, ".wall")["background"])
    link = declarations(WALL_CSS, ".wall a")["color"]
    quieter = declarations(WALL_CSS, '.wall-grid[data-live-state="open"] .wall-refresh')
    colour = hex_colour(quieter.get("color", link))
    seen = blend(colour, background, float(quieter.get("opacity", "1")))

    assert contrast(seen, background) >= NORMAL_TEXT
