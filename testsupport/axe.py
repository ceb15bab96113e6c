"""axe-core in a Playwright page: the WCAG 2.2 AA checks, and their failures in words.

axe-core comes from npm, pinned in `axe/package-lock.json`; `make axe` (part of `make
test`) installs it with `npm ci`.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

AXE_SCRIPT = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe files 2.2's A criteria under 2.1's tags).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """
(tags) => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  resultTypes: ["violations"],
})
"""


def violations(page: Any) -> list[dict[str, Any]]:
    """What axe finds wrong with the page as it stands now (its script is added once)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(_RUN, WCAG_AA_TAGS)
    return list(result["violations"])


def describe(state: str, found: list[dict[str, Any]]) -> Iterator[str]:
    """One line per element: the page state, the rule, the element and what is wrong."""
    for violation in found:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            yield (
                f"{state}: {violation['id']} ({violation['impact']}) at {target}: "
                f"{summary or violation['help']}"
            )
