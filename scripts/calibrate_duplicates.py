"""Precision and recall of `sendkg duplicates` on the held-out half of a labelled set.

Reads tests/fixtures/duplicates/labelled_set.yaml (173 pairs of bundled items, each
labelled duplicate or not with why, labelled before the scoring was tuned and split
into `dev` and `test` halves), scores every pair with the same scoring as the command,
and prints precision and recall on the test half only: at the default threshold, then
at a few others so the choice of default can be seen. Tune with `--half dev`; report
the test half. A pair is called a duplicate when its score is at or above the threshold
(and the command would report it: pairs inside one row are never reported).

    python scripts/calibrate_duplicates.py [--half test|dev|all] [--data DIR] [--pairs FILE] [--json]

The older set (labelled_pairs.yaml, 73 pairs labelled by those who tuned the first
scoring, no halves) still reads with `--pairs tests/fixtures/duplicates/labelled_pairs.yaml
--half all`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "duplicates" / \
    "labelled_set.yaml"
HALVES = ("test", "dev", "all")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def labelled_pairs(path: Path = PAIRS, half: str = "all") -> list[dict]:
    """The labelled pairs of one half ('test', 'dev') or of both ('all')."""
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return [p for p in pairs if half == "all" or p.get("half") == half]


def scored(kg, pairs: list[dict]) -> list[tuple[dict, float]]:
    """Each labelled pair with its score (0 for an item and its own container)."""
    from sendkg.checks.duplicates_scoring import DuplicateIndex

    index = DuplicateIndex(kg)
    missing = sorted({i for p in pairs for i in (p["first"], p["second"])
                      if i not in index.items.position})
    if missing:
        raise SystemExit(f"labelled ids not in the graph: {', '.join(missing)}")
    scores = index.scores_of([(p["first"], p["second"]) for p in pairs])
    return [(p, s or 0.0) for p, s in zip(pairs, scores)]


def precision_recall(results: list[tuple[dict, float]], threshold: float) -> dict:
    called = [p for p, s in results if s >= threshold - 1e-9]
    hits = sum(p["duplicate"] for p in called)
    positives = sum(p["duplicate"] for p, _ in results)
    return {"threshold": threshold, "precision": hits / len(called) if called else 0.0,
            "recall": hits / positives if positives else 0.0, "called": len(called),
            "true_positives": hits, "duplicates": positives, "pairs": len(results)}


def main(argv: list[str] | None = None) -> int:
    from sendkg.checks.duplicates_scoring import DEFAULT_MIN_SCORE
    from sendkg.graph import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--half", choices=HALVES, default="test",
                        help="which half to measure (default: the held-out test half)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.pairs.is_file():
        parser.error(f"labelled pairs not found: {args.pairs} (give --pairs FILE)")
    if args.data is not None and not args.data.is_dir():
        parser.error(f"dataset folder not found: {args.data} (give --data DIR)")
    results = scored(load(args.data), labelled_pairs(args.pairs, args.half))
    default = precision_recall(results, DEFAULT_MIN_SCORE)
    table = [precision_recall(results, t) for t in THRESHOLDS]
    if args.json:
        print(json.dumps({"half": args.half, "default": default, "thresholds": table},
                         indent=2))
        return 0
    print(f"{args.pairs.name}, half {args.half}: {default['pairs']} labelled pairs, "
          f"{default['duplicates']} duplicates")
    print(f"default threshold {DEFAULT_MIN_SCORE}: precision {default['precision']:.3f}, "
          f"recall {default['recall']:.3f} ({default['true_positives']} of "
          f"{default['called']} called are duplicates)")
    for row in table:
        print(f"  at {row['threshold']:.2f}: precision {row['precision']:.3f}, "
              f"recall {row['recall']:.3f}, called {row['called']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
