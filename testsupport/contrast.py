"""WCAG 2.2 contrast, computed from the colours a stylesheet sets.

Tests read the stylesheet itself, so a colour changed there is checked again.
"""

import re
from pathlib import Path

Colour = tuple[float, float, float]


def declarations(stylesheet: Path, selector: str) -> dict[str, str]:
    """The properties of the rule whose selector list is exactly `selector`."""
    css = re.sub(r"/\*.*?\*/", "", stylesheet.read_text(), flags=re.DOTALL)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if " ".join(selectors.split()) == selector:
            pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
            return {name.strip(): value.strip() for name, value in pairs}
    raise LookupError(f"no rule for {selector!r} in {stylesheet.name}")


def hex_colour(value: str) -> Colour:
    """An sRGB colour from #rgb or #rrggbb, each channel 0..255."""
    digits = value.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", digits):
        raise ValueError(f"{value!r} is not a hex colour")
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return float(red), float(green), float(blue)


def blend(colour: Colour, over: Colour, opacity: float) -> Colour:
    """What `colour` drawn at `opacity` on `over` looks like."""
    red, green, blue = (
        opacity * c + (1 - opacity) * o for c, o in zip(colour, over, strict=True)
    )
    return red, green, blue


def _luminance(colour: Colour) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: Colour, other: Colour) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
