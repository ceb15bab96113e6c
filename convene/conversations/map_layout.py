"""Where an opinion map's people and groups are drawn, and in which colours.

The results page and the live wall draw the same map in a square 0..100 view box: each
person a dot in their group's colour, each group a lettered mark at its centre.
"""

import math
from dataclasses import dataclass, field
from typing import Any

GROUP_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Colour-blind-safe (Okabe-Ito); every colour is paired with a letter in the text and table.
# Green and vermilion come last, so that up to four groups never look like the agree and
# disagree bars beside them.
GROUP_COLOURS = ["#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#009e73", "#d55e00"]
UNGROUPED_COLOUR = "#8a8a8a"
# Beyond this many people the map draws an even sample, so the page stays light on a phone;
# the table and the group sizes always count everyone.
MAP_MAX_DOTS = 1500


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True)
class MapGroupMark:
    letter: str
    size: int
    colour: str
    x: float
    y: float

    @property
    def label(self) -> str:
        return f"Group {self.letter}"

    @property
    def text_colour(self) -> str:
        """The group's colour, darkened until its label reads on the map's light ground."""
        return readable_on_light(self.colour)


def _rgb(colour: str) -> tuple[float, float, float]:
    return (
        int(colour[1:3], 16) / 255,
        int(colour[3:5], 16) / 255,
        int(colour[5:7], 16) / 255,
    )


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_on_light(colour: str, ground: str = "#fafafa", ratio: float = 4.5) -> str:
    """`colour` darkened in steps until it has WCAG's contrast `ratio` against `ground`
    (4.5:1, for text of the map labels' size)."""
    ground_light = _luminance(_rgb(ground))
    r, g, b = _rgb(colour)
    for _ in range(20):
        if (ground_light + 0.05) / (_luminance((r, g, b)) + 0.05) >= ratio:
            break
        r, g, b = r * 0.9, g * 0.9, b * 0.9
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


@dataclass(frozen=True)
class MapLayout:
    """An opinion map placed in the 0..100 view box that the results page and wall draw."""

    dots: list[MapDot] = field(default_factory=list)
    groups: list[MapGroupMark] = field(default_factory=list)
    n_mapped: int = (
        0  # everyone placed on the map, of whom `dots` may be an even sample
    )


def lay_out_map(
    coordinates: list[list[float]],
    clustered: list[int],
    participant_group: list[int],
    groups: list[dict[str, Any]],
) -> MapLayout:
    xs, ys = _scaled_together(
        [c[0] for c in coordinates] + [g["centre"][0] for g in groups],
        [c[1] for c in coordinates] + [g["centre"][1] for g in groups],
    )
    letters = [GROUP_LETTERS[i % len(GROUP_LETTERS)] for i in range(len(groups))]
    colours = [GROUP_COLOURS[i % len(GROUP_COLOURS)] for i in range(len(groups))]
    step = max(1, -(-len(coordinates) // MAP_MAX_DOTS))  # ceiling division
    placed = list(zip(xs, ys, clustered, strict=False))
    dots = []
    seen_at: dict[tuple[float, float], int] = {}
    for x, y, index in placed[::step]:
        # People who voted exactly alike land on one point; set each one after the first
        # a little apart, so a group of ten shows ten dots, not eight.
        repeat = seen_at.get((x, y), 0)
        seen_at[(x, y)] = repeat + 1
        x, y = _spread_apart(x, y, repeat)
        g = participant_group[index] if index < len(participant_group) else -1
        grouped = 0 <= g < len(groups)
        dots.append(
            MapDot(
                x,
                y,
                colours[g] if grouped else UNGROUPED_COLOUR,
                f"Group {letters[g]}" if grouped else "No group yet",
            )
        )
    n = len(coordinates)
    marks = [
        MapGroupMark(
            letters[i], int(group.get("size", 0)), colours[i], xs[n + i], ys[n + i]
        )
        for i, group in enumerate(groups)
    ]
    return MapLayout(dots=dots, groups=marks, n_mapped=n)


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_DOT_SPACING = 2.3  # view-box units: more than a results-page dot across (2.2)


def _spread_apart(x: float, y: float, repeat: int) -> tuple[float, float]:
    """The `repeat`-th extra dot at one point, on a sunflower spiral around it."""
    if repeat == 0:
        return x, y
    radius = _DOT_SPACING * math.sqrt(repeat)
    angle = repeat * _GOLDEN_ANGLE
    return (
        round(x + radius * math.cos(angle), 2),
        round(y + radius * math.sin(angle), 2),
    )


def _scaled_together(
    xs: list[float], ys: list[float]
) -> tuple[list[float], list[float]]:
    """Into the 8..92 band of the map's square 0..100 view box, both axes at one scale.

    The second component spreads people less than the first; stretching each axis to fill
    the box would show differences along it as large as the main divide.
    """
    if not xs:
        return [], []
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0

    def place(values: list[float]) -> list[float]:
        # Centred in the band: the shorter axis leaves equal room on either side.
        middle = (min(values) + max(values)) / 2
        return [round(50 + 84 * (v - middle) / span, 2) for v in values]

    return place(xs), place(ys)
