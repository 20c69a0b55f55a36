"""`sendkg duplicates` at scale: MinHash LSH candidates against exact all-pairs scoring.

For synthetic corpora of 10, 50 and 150 councils (sendkg.data.synthetic), in one run:
- exact: every item pair scored block by block (sparse products for the structure,
  a table of all distinct-text pairs for the words), sendkg.checks.duplicates_scoring
  .exact_pairs;
- candidates: MinHash LSH over the distinct texts, then the same scoring,
  candidate_pairs (what `sendkg duplicates` runs).
Both answer the same question: the pairs at or above the threshold that involve the
query items. Up to 30,000 items every item is a query item; above that a seeded random
sample of --sample items (the synthetic plans repeat 14 themes in every council, so the
full answer at 150 councils runs to tens of millions of pairs). Recall is the share of
the exact method's pairs the candidates find; speedup is exact time / candidates time.
The index both use (texts, attachments) is built once and timed apart.

With --data DIR (a dataset made by `sendkg synth --councils N -o DIR`), that dataset is
measured instead of fresh ones, and the whole command an officer runs,
`sendkg duplicates --json --data DIR`, is timed against TARGET_SECONDS (its graph cache
warmed first), with its peak memory, the number of results and the load average.

    python benchmarks/duplicates.py [--sizes 10 50 150] [--seed 0] [--sample 5000]
    python benchmarks/duplicates.py --data DIR
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FULL_UP_TO = 30_000
TARGET_SECONDS = 60.0  # issue 18: `sendkg duplicates --json` at 150 councils


def measure(councils: int, seed: int, sample: int, min_score: float,
            data: Path | None = None) -> dict:
    from sendkg.checks.duplicates_candidates import minhash_pairs
    from sendkg.checks.duplicates_scoring import (
        DuplicateIndex,
        candidate_pairs,
        exact_pairs,
    )
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import load

    if data is not None:
        kg = load(data)
    else:
        with tempfile.TemporaryDirectory() as folder:
            write_synthetic(Path(folder), councils, seed)
            kg = load(folder, cache=False)
    start = time.perf_counter()
    index = DuplicateIndex(kg)
    index_seconds = time.perf_counter() - start
    councils = len(set(index.items.council_of.values())) if data is not None else councils
    n = len(index.items)
    rows = None if n <= FULL_UP_TO else np.sort(
        np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))
    exact, exact_seconds = _timed(exact_pairs, index, min_score, rows)
    fast, fast_seconds = _timed(candidate_pairs, index, min_score, rows)
    found = np.isin(exact.codes(n), fast.codes(n)).sum()
    texts = len(index.texts)
    u, _ = minhash_pairs(index.texts.topics)
    return {"councils": councils, "items": n, "distinct_texts": texts,
            "query_items": n if rows is None else len(rows),
            "text_pairs": texts * (texts - 1) // 2, "lsh_text_candidates": len(u),
            "exact_pairs": len(exact), "candidate_pairs": len(fast),
            "recall": round(float(found / max(1, len(exact))), 4),
            "index_seconds": round(index_seconds, 2), "exact_seconds": round(exact_seconds, 2),
            "candidate_seconds": round(fast_seconds, 2),
            "speedup": round(exact_seconds / fast_seconds, 2)}


def command(data: Path) -> dict:
    """`sendkg duplicates --json --data DIR` as an officer runs it, after a process that
    only loads the graph (so its cache is warm): wall seconds (and until the first
    result: loading, scoring and clustering; the rest is writing), peak memory (MB, of the
    largest child process, from the kernel's accounting; run before this process grows,
    since a child counts what it shared with its parent before starting the command),
    results, load."""
    graph_warm = [sys.executable, "-c", "import sys; from sendkg.graph import load; "
                  "load(sys.argv[1])", str(data)]
    subprocess.run(graph_warm, check=True)
    script = Path(sys.executable).with_name("sendkg")
    start = time.perf_counter()
    results, written, tail, first = 0, 0, b"", 0.0
    with subprocess.Popen([str(script), "duplicates", "--json", "--data", str(data)],
                          stdout=subprocess.PIPE) as run:
        for line in run.stdout:  # read as written: the whole output is hundreds of MB
            written += len(line)
            if line.startswith(b"  {"):
                results += 1
                first = first or time.perf_counter() - start
            if line.startswith(b' "totals"'):
                tail = line
    seconds = time.perf_counter() - start
    if run.returncode:
        raise SystemExit(f"sendkg duplicates failed (exit {run.returncode})")
    totals = json.loads(tail.split(b":", 1)[1]) if tail else {}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child
    return {"seconds": round(seconds, 1), "target_seconds": TARGET_SECONDS,
            "first_result_seconds": round(first, 1),
            "peak_mb": round(peak / 1024), "results": results, "totals": totals,
            "megabytes_written": round(written / 1e6), "load": os.getloadavg()}


def _timed(method, index, min_score, rows):
    start = time.perf_counter()
    result = method(index, min_score, "all", rows=rows)
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    from sendkg.checks.duplicates_scoring import DEFAULT_MIN_SCORE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 150])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--data", type=Path, help="measure this synthetic dataset and time "
                                                  "`sendkg duplicates --json` on it")
    parser.add_argument("--command-only", action="store_true",
                        help="with --data: only time the command, not the recall")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    args = parser.parse_args(argv)
    header = ("councils items texts query exact_pairs recall exact_s candidates_s speedup "
              "lsh_candidates/text_pairs")
    if not args.json:
        print(f"threshold {args.min_score}; load {_load()}; {header}")
    ok = True
    if args.data:
        print(f"timing sendkg duplicates --json --data {args.data} ...", file=sys.stderr,
              flush=True)
        run = command(args.data)
        ok &= run["seconds"] < TARGET_SECONDS
        if args.json:
            print(json.dumps({"command": "sendkg duplicates --json", **run}), flush=True)
        else:
            verdict = ("target met" if run["seconds"] < TARGET_SECONDS else
                       f"target missed {run['seconds'] / TARGET_SECONDS:.2f}x")
            print(f"sendkg duplicates --json: {run['seconds']} s (target {TARGET_SECONDS:.0f} s:"
                  f" {verdict}; first result after {run['first_result_seconds']} s); peak {run['peak_mb']} MB; {run['results']} results "
                  f"({run['megabytes_written']} MB) {run['totals']}; load {_load()}")
    if args.command_only:
        return 0 if ok else 1
    for size in ([0] if args.data else args.sizes):
        print(f"measuring {args.data or f'{size} councils'} ...", file=sys.stderr, flush=True)
        row = measure(size, args.seed, args.sample, args.min_score, args.data)
        row["load"] = os.getloadavg()
        ok &= row["recall"] >= 0.95
        if args.json:
            print(json.dumps(row), flush=True)
            continue
        print(f"{row['councils']:>8} {row['items']:>6} {row['distinct_texts']:>5} "
              f"{row['query_items']:>6} {row['exact_pairs']:>11} {row['recall']:>6.4f} "
              f"{row['exact_seconds']:>7.1f} {row['candidate_seconds']:>12.1f} "
              f"{row['speedup']:>7.2f} {row['lsh_text_candidates']}/{row['text_pairs']}"
              f"  recall target 0.95 {'met' if row['recall'] >= 0.95 else 'MISSED'}; "
              f"load {_load()}", flush=True)
    return 0 if ok else 1


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
