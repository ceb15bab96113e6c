"""Where tests and benchmarks find the shared Pol.is exports (no Django needed)."""

import os
from pathlib import Path

# The checkout sits beside `shared/` (as on developers' machines and in CI); POLIS_DATA
# points elsewhere when it does not.
POLIS_DATA = Path(
    os.environ.get(
        "POLIS_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"
    )
)


def polis_export(name: str) -> Path:
    return POLIS_DATA / name


def polis_data_missing() -> bool:
    """Whether tests on the real exports should skip: they aren't here and this isn't CI.

    CI always has them beside the checkout, so there a missing folder fails those tests
    instead of quietly skipping them.
    """
    return not POLIS_DATA.is_dir() and not os.environ.get("CI")


POLIS_DATA_MISSING = (
    f"the shared Pol.is exports are not at {POLIS_DATA} (set POLIS_DATA)"
)
