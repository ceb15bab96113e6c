"""Time Convene's opinion engine against red-dwarf's run_pipeline on the same inputs.

    .venv/bin/python benchmarks/opinion_speed.py [--sizes 10000,100000,1000000]
        [--statements 1000] [--skip-peer] [--skip-real] [--only NAME,...]
        [--peer-timeout 600] [--repeat 3] [--repeat-real 21] [--cache DIR]

Inputs: the real Pol.is conversations in ../shared/data/polis beside the checkout, and synthetic ones from
its synthetic.py (`generate(n, m, seed)`, cached as .npz so a rerun skips the slow generator).
Each engine runs in its own subprocess, so peak memory (ru_maxrss) is its own; "peak" is the
whole process, "+data" is the rise over the inputs already loaded. Time is the engine call
only, imports excluded. On real conversations both engines get one untimed warm-up call and
then the best of --repeat-real, as a long-lived worker runs them. On synthetic inputs Convene
takes the best of --repeat and red-dwarf runs once (stopped after --peer-timeout seconds).
ARI is against Pol.is's groups (real) or the planted groups (synthetic).

Data gathered using the Polis software, sub-licensed under CC BY 4.0 with attribution to
The Computational Democracy Project.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testsupport.polis_data import POLIS_DATA  # noqa: E402 (after the path is set)

DATA = POLIS_DATA  # ../shared/data/polis beside the checkout, or $POLIS_DATA


def _rss_mib() -> float:
    """Peak resident memory of this process. VmHWM starts afresh at exec, unlike ru_maxrss,
    which Linux carries over from the parent that forked us."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _load(source: str) -> dict[str, np.ndarray]:
    """Final-vote inputs: pid, tid, vote, moderated, reference groups (-1 = none), n, m."""
    if source.endswith(".npz"):
        with np.load(source) as stored:
            data = {key: stored[key] for key in stored.files}
        data["moderated"] = np.zeros(0, dtype=np.int64)
        data["reference"] = data.pop("groups").astype(np.int64)
        data["n"] = np.array(len(data["reference"]))
        data["m"] = np.array(int(data["tid"].max()) + 1)
        return data
    from convene.conversations.polis.reader import read_polis_export

    export = read_polis_export(source)
    return {
        "pid": export.participants,
        "tid": export.statements,
        "vote": export.votes,
        "moderated": export.moderated_out,
        "reference": export.polis_groups.astype(np.int64),
        "n": np.array(len(export.participant_ids)),
        "m": np.array(len(export.statement_ids)),
    }


def _ari(reference: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import adjusted_rand_score

    both = (reference >= 0) & (labels >= 0)
    return (
        float(adjusted_rand_score(reference[both], labels[both]))
        if both.any()
        else float("nan")
    )


def run_child(engine: str, source: str, repeat: int) -> None:
    data = _load(source)
    # Real conversations take milliseconds, so first-call costs (lazy imports, caches) would
    # swamp them: both engines get the same untimed warm-up call first.
    warm_up = not source.endswith(".npz")
    n, m = int(data["n"]), int(data["m"])
    baseline = _rss_mib()
    if engine == "convene":
        from convene.opinion.engine import compute_opinion_map

        best = float("inf")
        for attempt in range(repeat + warm_up):
            started = time.perf_counter()
            result = compute_opinion_map(
                data["pid"],
                data["tid"],
                data["vote"],
                n_participants=n,
                n_statements=m,
                moderated_out=data["moderated"].tolist(),
            )
            if attempt >= warm_up:
                best = min(best, time.perf_counter() - started)
        labels = result.participant_group.astype(np.int64)
        groups = len(result.groups)
    else:
        from reddwarf.implementations.polis import run_pipeline

        from convene.opinion.matrix import build_vote_matrix

        final = build_vote_matrix(
            data["pid"], data["tid"], data["vote"], n_participants=n, n_statements=m
        )
        coo = final.votes.tocoo()
        votes = [
            {
                "participant_id": int(p),
                "statement_id": int(s),
                "vote": int(v),
                "modified": 0,
            }
            for p, s, v in zip(coo.row, coo.col, coo.data, strict=True)
        ]
        del final, coo
        baseline = _rss_mib()
        best = float("inf")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for attempt in range(repeat + warm_up):
                started = time.perf_counter()
                peer = run_pipeline(
                    votes=votes,
                    mod_out_statement_ids=data["moderated"].tolist(),
                    random_state=0,
                )
                if attempt >= warm_up:
                    best = min(best, time.perf_counter() - started)
        frame = peer.participants_df
        clustered = frame["cluster_id"].notna()
        labels = np.full(n, -1, dtype=np.int64)
        labels[np.asarray(frame.index[clustered], dtype=np.int64)] = frame.loc[
            clustered, "cluster_id"
        ].astype(int)
        groups = len(np.unique(labels[labels >= 0]))
    print(
        json.dumps(
            {
                "seconds": best,
                "peak_mib": _rss_mib(),
                "rise_mib": _rss_mib() - baseline,
                "ari": _ari(data["reference"], labels),
                "groups": groups,
                "votes": len(data["vote"]),
            }
        )
    )


def measure(
    engine: str, source: str, repeat: int, timeout: float | None
) -> dict[str, float] | None:
    command = [
        sys.executable,
        __file__,
        "--child",
        engine,
        "--input",
        source,
        "--repeat",
        str(repeat),
    ]
    try:
        done = subprocess.run(  # noqa: S603 (runs this very script)
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  {engine} failed on {source}:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def synthetic_input(n: int, m: int, cache: Path) -> str:
    path = cache / f"synthetic-{n}x{m}-seed0.npz"
    if not path.exists():
        sys.path.insert(0, str(DATA))
        from synthetic import generate  # the shared generator, NumPy only

        print(f"  generating {n} x {m} (cached in {path}) ...", file=sys.stderr)
        pid, tid, vote, groups = generate(n, m, 0)
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            pid=pid.astype(np.int32),
            tid=tid.astype(np.int32),
            vote=vote,
            groups=groups,
        )
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="synthetic participant counts"
    )
    parser.add_argument(
        "--statements", type=int, default=1000, help="statements in synthetic runs"
    )
    parser.add_argument("--skip-peer", action="store_true", help="don't run red-dwarf")
    parser.add_argument(
        "--skip-real", action="store_true", help="only synthetic conversations"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated real conversation names"
    )
    parser.add_argument("--peer-timeout", type=float, default=600.0)
    parser.add_argument(
        "--peer-max",
        type=int,
        default=100_000,
        help="largest synthetic size red-dwarf runs",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of, synthetic (Convene only)"
    )
    parser.add_argument(
        "--repeat-real", type=int, default=21, help="best of, real (both engines)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/convene-opinion-bench"),  # noqa: S108 (a cache of public synthetic data)
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--child", choices=("convene", "reddwarf"), help=argparse.SUPPRESS
    )
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.input, args.repeat)
        return

    inputs: list[tuple[str, str, bool]] = []
    if not args.skip_real:
        names = sorted(
            p.name for p in args.data.iterdir() if (p / "comments.csv").is_file()
        )
        if args.only:
            names = [n for n in names if n in args.only.split(",")]
        inputs += [(name, str(args.data / name), True) for name in names]
    for size in (int(s) for s in args.sizes.split(",") if s):
        label = f"synthetic {size // 1000}k x {args.statements}"
        inputs.append(
            (
                label,
                synthetic_input(size, args.statements, args.cache),
                size <= args.peer_max,
            )
        )

    print(
        f"{'input':40} {'votes':>9} | {'convene s':>9} {'peak MiB':>8} {'+data':>6} {'ARI':>6} | "
        f"{'red-dwarf s':>11} {'peak MiB':>8} {'ARI':>6} | {'speed-up':>8}"
    )
    for label, source, run_peer in inputs:
        real = not source.endswith(".npz")
        ours = measure(
            "convene", source, args.repeat_real if real else args.repeat, None
        )
        if ours is None:
            continue
        peer = None
        peer_text = f"{'skipped':>11} {'':>8} {'':>6}"
        if run_peer and not args.skip_peer:
            # Real conversations are quick, so red-dwarf gets the same best-of as Convene.
            peer_repeat = args.repeat_real if real else 1
            peer = measure("reddwarf", source, peer_repeat, args.peer_timeout)
            if peer is None:
                peer_text = f"{'> timeout':>11} {'':>8} {'':>6}"
            else:
                peer_text = f"{peer['seconds']:11.3f} {peer['peak_mib']:8.0f} {peer['ari']:6.3f}"
        ratio = f"{peer['seconds'] / ours['seconds']:7.0f}x" if peer else f"{'-':>8}"
        print(
            f"{label[:40]:40} {int(ours['votes']):9d} | {ours['seconds']:9.4f} {ours['peak_mib']:8.0f} "
            f"{ours['rise_mib']:6.0f} {ours['ari']:6.3f} | {peer_text} | {ratio}",
            flush=True,
        )


if __name__ == "__main__":
    main()
