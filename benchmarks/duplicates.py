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

    python benchmarks/duplicates.py [--sizes 10 50 150] [--seed 0] [--sample 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FULL_UP_TO = 30_000


def measure(councils: int, seed: int, sample: int, min_score: float) -> dict:
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import load
    from sendkg.checks.duplicates_candidates import minhash_pairs
    from sendkg.checks.duplicates_scoring import (
        DuplicateIndex,
        candidate_pairs,
        exact_pairs,
    )

    with tempfile.TemporaryDirectory() as folder:
        write_synthetic(Path(folder), councils, seed)
        kg = load(folder, cache=False)
    start = time.perf_counter()
    index = DuplicateIndex(kg)
    index_seconds = time.perf_counter() - start
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
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    args = parser.parse_args(argv)
    header = ("councils items texts query exact_pairs recall exact_s candidates_s speedup "
              "lsh_candidates/text_pairs")
    if not args.json:
        print(f"threshold {args.min_score}; {header}")
    ok = True
    for size in args.sizes:
        print(f"measuring {size} councils ...", file=sys.stderr, flush=True)
        row = measure(size, args.seed, args.sample, args.min_score)
        ok &= row["recall"] >= 0.95
        if args.json:
            print(json.dumps(row), flush=True)
            continue
        print(f"{row['councils']:>8} {row['items']:>6} {row['distinct_texts']:>5} "
              f"{row['query_items']:>6} {row['exact_pairs']:>11} {row['recall']:>6.4f} "
              f"{row['exact_seconds']:>7.1f} {row['candidate_seconds']:>12.1f} "
              f"{row['speedup']:>7.2f} {row['lsh_text_candidates']}/{row['text_pairs']}",
              flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
