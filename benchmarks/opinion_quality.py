"""How closely Convene's opinion groups match Pol.is's own, next to red-dwarf's, on real exports.

    .venv/bin/python benchmarks/opinion_quality.py [--data DIR] [--more DIR] [--skip-more]
        [--only NAME,...] [--skip-peer] [--skip-replay] [--jobs 2]

For each conversation: the adjusted Rand index (ARI) against Pol.is's `group-id`, on the
participants Pol.is and every engine clustered, then the median and how many conversations
each mode is behind red-dwarf on. The conversations in `--more` (four others from the same
open data) are summed up on their own and then with the rest. Both engines admit the same
people (at least 7 votes: Pol.is's `in-conv`, red-dwarf's `min_user_vote_threshold`), so on
these exports the comparison set is everyone today's Pol.is rule would cluster; it is smaller
than Pol.is's own where an older Pol.is grouped people with fewer votes. `k c/rd/p` is the
number of groups from Convene, red-dwarf and Pol.is. `convene` is one computation
on the final votes; `import` is the same with everyone Pol.is grouped kept in, as
`convene import-polis` computes it; `replay` feeds the vote log in time order through
warm-started updates, one a second of log time as the live map follows votes, with the same
people kept in, then one more with the groups started afresh, as Pol.is's worker recomputes
a conversation when it restarts; this is how `convene import-polis --replay` computes it
(minutes per conversation).

Data gathered using the Polis software, sub-licensed under CC BY 4.0 with attribution to
The Computational Democracy Project.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convene.conversations.polis.reader import PolisExport, read_polis_export
from convene.opinion.engine import compute_opinion_map
from convene.opinion.matrix import build_vote_matrix
from convene.opinion.replay import replay_opinion_map
from testsupport.polis_data import POLIS_DATA

DATA = POLIS_DATA  # ../shared/data/polis beside the checkout, or $POLIS_DATA
# Four more conversations, copied from the same open data (see data/polis-more/README.md).
MORE = Path(__file__).resolve().parent / "data" / "polis-more"


def convene_groups(
    export: PolisExport, replay: bool, keep_polis_set: bool = False
) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    if replay and export.timestamps is not None:
        result = replay_opinion_map(
            export.participants,
            export.statements,
            export.votes,
            export.timestamps,
            n_participants=len(export.participant_ids),
            n_statements=len(export.statement_ids),
            moderated_out=export.moderated_out,
            in_conversation=export.polis_grouped if keep_polis_set else (),
        )
    else:
        result = compute_opinion_map(
            export.participants,
            export.statements,
            export.votes,
            n_participants=len(export.participant_ids),
            n_statements=len(export.statement_ids),
            moderated_out=export.moderated_out,
            in_conversation=export.polis_grouped if keep_polis_set else (),
        )
    return result.participant_group.astype(np.int64), time.perf_counter() - started


def replayed_groups(directory: Path) -> np.ndarray:
    """`import-polis --replay`'s groups (in a worker process: replays take minutes)."""
    export = read_polis_export(directory)
    return convene_groups(export, replay=True, keep_polis_set=True)[0]


def reddwarf_groups(export: PolisExport) -> tuple[np.ndarray, float]:
    from reddwarf.implementations.polis import run_pipeline

    # red-dwarf pivots the log, so it takes one (final) vote per pair.
    final = build_vote_matrix(
        export.participants,
        export.statements,
        export.votes,
        n_participants=len(export.participant_ids),
        n_statements=len(export.statement_ids),
    ).votes.tocoo()
    votes = [
        {
            "participant_id": int(export.participant_ids[p]),
            "statement_id": int(export.statement_ids[s]),
            "vote": int(v),
            "modified": 0,
        }
        for p, s, v in zip(final.row, final.col, final.data, strict=True)
    ]
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(
            votes=votes,
            mod_out_statement_ids=[
                int(export.statement_ids[t]) for t in export.moderated_out
            ],
            random_state=0,
        )
    elapsed = time.perf_counter() - started
    labels = np.full(len(export.participant_ids), -1, dtype=np.int64)
    frame = result.participants_df
    clustered = frame["cluster_id"].notna()
    ids = np.asarray(frame.index[clustered], dtype=np.int64)
    labels[np.searchsorted(export.participant_ids, ids)] = frame.loc[
        clustered, "cluster_id"
    ].astype(int)
    return labels, elapsed


def ari(reference: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> float:
    return float(adjusted_rand_score(reference[mask], labels[mask]))


COLUMNS = ("convene", "import", "replay", "red-dwarf")


def measure(
    folders: list[Path],
    replays: dict[Path, Future[np.ndarray]],
    args: argparse.Namespace,
) -> dict[str, list[float]]:
    """Print a row per conversation in `folders` and return each column's ARIs."""
    columns: dict[str, list[float]] = {column: [] for column in COLUMNS}
    for folder in folders:
        export = read_polis_export(folder)
        reference = export.polis_groups.astype(np.int64)
        labels, seconds = convene_groups(export, replay=False)
        imported, _ = convene_groups(export, replay=False, keep_polis_set=True)
        mask = (reference >= 0) & (labels >= 0) & (imported >= 0)
        replayed = None
        if not args.skip_replay:
            replayed = replays[folder].result()
            mask &= replayed >= 0
        peer = None
        if not args.skip_peer:
            peer, _ = reddwarf_groups(export)
            mask &= peer >= 0
        texts = []
        for column, found in zip(
            COLUMNS, (labels, imported, replayed, peer), strict=True
        ):
            if found is None:
                texts.append("-")
                continue
            columns[column].append(ari(reference, found, mask))
            texts.append(f"{columns[column][-1]:.3f}")
        ks = "/".join(
            str(len(np.unique(x[x >= 0]))) if x is not None else "-"
            for x in (labels, peer, reference)
        )
        print(
            f"{folder.name[:46]:46} {int(mask.sum()):5d} {texts[0]:>8} {texts[1]:>7}"
            f" {texts[2]:>7} {texts[3]:>9} {ks:>8} {seconds:7.3f}",
            flush=True,
        )
    return columns


def print_summary(label: str, columns: dict[str, list[float]]) -> None:
    medians = [f"{statistics.median(v):.3f}" if v else "-" for v in columns.values()]
    print(
        f"{label:46} {'':5} {medians[0]:>8} {medians[1]:>7} {medians[2]:>7}"
        f" {medians[3]:>9}"
    )
    peer = columns["red-dwarf"]
    if peer:
        behind = {
            column: sum(a < b for a, b in zip(found, peer, strict=True))
            for column, found in columns.items()
            if found and column != "red-dwarf"
        }
        print(
            f"{'  behind red-dwarf on':46} {'':5}"
            + "".join(
                f" {behind.get(column, '-'):>{width}}"
                for column, width in zip(COLUMNS[:3], (8, 7, 7), strict=True)
            )
        )
        # The issue's targets: a median of at least 0.9, and never behind red-dwarf.
        met = {
            column: "yes"
            if statistics.median(found) >= 0.9 and not behind[column]
            else "no"
            for column, found in columns.items()
            if column in behind
        }
        print(
            f"{'  median >= 0.9 and never behind':46} {'':5}"
            + "".join(
                f" {met.get(column, '-'):>{width}}"
                for column, width in zip(COLUMNS[:3], (8, 7, 7), strict=True)
            )
        )


def conversation_folders(data: Path, only: str) -> list[Path]:
    folders = sorted(p for p in data.iterdir() if (p / "comments.csv").is_file())
    if only:
        folders = [p for p in folders if p.name in only.split(",")]
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--more",
        type=Path,
        default=MORE,
        help="further conversations, summed up on their own (default: %(default)s)",
    )
    parser.add_argument("--skip-more", action="store_true", help="leave out --more")
    parser.add_argument("--only", default="", help="comma-separated conversation names")
    parser.add_argument("--skip-peer", action="store_true", help="don't run red-dwarf")
    parser.add_argument(
        "--skip-replay",
        action="store_true",
        help="don't replay the vote log in time order (the replays take minutes)",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="processes replaying at once (default 2)"
    )
    args = parser.parse_args()

    print(
        f"{'conversation':46} {'n':>5} {'convene':>8} {'import':>7} {'replay':>7}"
        f" {'red-dwarf':>9} {'k c/rd/p':>8} {'time c':>7}"
    )
    blocks = [("median", conversation_folders(args.data, args.only))]
    if not args.skip_more and args.more.is_dir():
        blocks.append(("median, more", conversation_folders(args.more, args.only)))
    every: dict[str, list[float]] = {column: [] for column in COLUMNS}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        # Every replay starts at once, so the later blocks' run while the first is measured.
        replays = {
            folder: pool.submit(replayed_groups, folder)
            for _, folders in blocks
            for folder in folders
            if not args.skip_replay
        }
        for label, folders in blocks:
            if not folders:
                continue
            columns = measure(folders, replays, args)
            print_summary(label, columns)
            for column, found in columns.items():
                every[column] += found
    if len([folders for _, folders in blocks if folders]) > 1:
        print_summary("median, all", every)


if __name__ == "__main__":
    main()
