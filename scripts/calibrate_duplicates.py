"""Precision and recall of `sendkg duplicates` on the held-out half of a labelled set.

Reads tests/fixtures/duplicates/labelled_set.yaml (173 pairs of bundled items, each
labelled duplicate or not with why, labelled before the scoring was tuned and split
into `dev` and `test` halves), scores every pair with the same scoring as the command,
and prints precision and recall on the test half only: at the default threshold, then
at a few others so the choice of default can be seen. Tune with `--half dev`; report
the test half. A pair is called a duplicate when its score is at or above the threshold
(and the command would report it: pairs inside one row are never reported).

    python scripts/calibrate_duplicates.py [--half test|dev|all] [--data DIR] [--pairs FILE ...] [--json]

By default two sets are read: labelled_set.yaml (bundled plans, scored on the bundled
graph) and labelled_other_councils.yaml (three other councils' public plans against each
other and the bundled ones; its `data:` folder is scored together with the bundled
dataset). Figures are given for each set and for both pooled. `--pairs FILE` (repeatable)
reads other sets. The older set (labelled_pairs.yaml, 73 pairs labelled by those who
tuned the first scoring, no halves) still reads with `--pairs
tests/fixtures/duplicates/labelled_pairs.yaml --half all`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "duplicates"
PAIRS = LABELLED / "labelled_set.yaml"
SETS = (PAIRS, LABELLED / "labelled_other_councils.yaml")
HALVES = ("test", "dev", "all")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def labelled_pairs(path: Path = PAIRS, half: str = "all") -> list[dict]:
    """The labelled pairs of one half ('test', 'dev') or of both ('all')."""
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return [p for p in pairs if half == "all" or p.get("half") == half]


def extra_data(path: Path) -> Path | None:
    """The dataset folder a labelled set names (`data:`, relative to the set's file),
    scored together with the bundled (or --data) dataset; None when it names none."""
    folder = yaml.safe_load(path.read_text(encoding="utf-8")).get("data")
    return (path.parent / folder) if folder else None


def graph_for(data: Path | None, extra: Path | None):
    """The graph of `data` (bundled when None), with the files of `extra` added: both
    folders copied into one temporary folder and built as one dataset."""
    import shutil
    import tempfile

    from sendkg.graph import bundled_data_dir, load, load_dataset

    if extra is None:
        return load(data)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(data or bundled_data_dir(), Path(tmp) / "base")
        shutil.copytree(extra, Path(tmp) / "extra")
        return load_dataset(tmp)


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

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--pairs", type=Path, action="append", default=None,
                        help="a labelled set (repeatable; default: the two sets)")
    parser.add_argument("--half", choices=HALVES, default="test",
                        help="which half to measure (default: the held-out test half)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for path in args.pairs or SETS:
        if not path.is_file():
            parser.error(f"labelled pairs not found: {path} (give --pairs FILE)")
    if args.data is not None and not args.data.is_dir():
        parser.error(f"dataset folder not found: {args.data} (give --data DIR)")
    by_set = {path.name: scored(graph_for(args.data, extra_data(path)),
                                labelled_pairs(path, args.half))
              for path in args.pairs or SETS}
    if len(by_set) > 1:
        by_set["pooled"] = [r for results in by_set.values() for r in results]
    report = {name: {"default": precision_recall(results, DEFAULT_MIN_SCORE),
                     "thresholds": [precision_recall(results, t) for t in THRESHOLDS]}
              for name, results in by_set.items()}
    if args.json:
        print(json.dumps({"half": args.half, "sets": report}, indent=2))
        return 0
    for name, found in report.items():
        default = found["default"]
        print(f"{name}, half {args.half}: {default['pairs']} labelled pairs, "
              f"{default['duplicates']} duplicates")
        print(f"  default threshold {DEFAULT_MIN_SCORE}: precision "
              f"{default['precision']:.3f}, recall {default['recall']:.3f} "
              f"({default['true_positives']} of {default['called']} called are duplicates)")
        for row in found["thresholds"]:
            print(f"    at {row['threshold']:.2f}: precision {row['precision']:.3f}, "
                  f"recall {row['recall']:.3f}, called {row['called']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
