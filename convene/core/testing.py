"""Where tests and benchmarks find the shared Pol.is exports (no Django needed)."""

import os
from pathlib import Path

# The checkout sits beside `shared/` (as on developers' machines and in CI); POLIS_DATA
# points elsewhere when it does not.
POLIS_DATA = Path(
    os.environ.get(
        "POLIS_DATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "polis"
    )
)


def polis_export(name: str) -> Path:
    return POLIS_DATA / name
