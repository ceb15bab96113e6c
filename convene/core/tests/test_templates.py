"""Templates stay readable in a diff and a side-by-side review: no line over 200 characters."""

from pathlib import Path

import convene

ROOT = Path(convene.__file__).resolve().parent
LONGEST = 200


def test_no_template_line_is_over_200_characters() -> None:
    templates = sorted(
        path for path in ROOT.glob("**/templates/**/*") if path.is_file()
    )
    too_long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > LONGEST
    ]
    assert templates, "no templates found"
    listed = "\n".join(too_long)
    assert not too_long, f"template lines over {LONGEST} characters:\n{listed}"
