#!/usr/bin/env python3
"""Precision and recall of `sendkg ingest` on the seed documents.

For each tests/fixtures/ingest/expected_*.yaml (pairs written by reading a document),
ingest the seed document, write the dataset, build it with the project's own dataset
loader, and compare the (objective, legislation) and (objective, responsible officer)
pairs found in the built graph with the expected ones. An objective's officers are its
own responsible parties and those of its actions.

    python scripts/ingest_eval.py                 # registry + bundled graph, as the CLI does
    python scripts/ingest_eval.py --registry-only # the registry alone
Exit code 1 when any precision or recall is below --threshold (0.9).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "ingest"
SEEDS = ROOT.parent / "shared" / "seeds"
PLANS = {"004_4328c8f235d45c34.txt": "Durham CYPS Ofsted Improvement Plan"}


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0

    def add(self, other: "Score") -> None:
        self.found += other.found
        self.expected += other.expected
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def reference_index(registry_only: bool):
    from sendkg.graph import bundled_data_dir, load_bundled
    from sendkg.ingest.pipeline import index_from_registry
    from sendkg.ingest.name_index import NameIndex

    if not registry_only:
        try:
            return NameIndex.from_graph(load_bundled()), "registry + bundled graph"
        except Exception as error:  # the bundled data may be mid-curation
            print(f"note: bundled graph unavailable ({error}); registry only", file=sys.stderr)
    return index_from_registry(bundled_data_dir() / "registry"), "registry only"


def built_graph(seed: Path, index, folder: Path):
    """Ingest `seed`, write it into `folder`, build the folder with the dataset loader."""
    from sendkg.graph import load_dataset
    from sendkg.ingest.pipeline import ingest_file
    from sendkg.ingest.writer import write_outputs

    result = ingest_file(seed, index, PLANS.get(seed.name))
    write_outputs([result], folder / "documents" / f"{seed.stem}.yaml", index)
    return load_dataset(folder)


def objective_key(node, expected: dict):
    low, high = expected["lines"]
    lines = [s.line for s in node.sources if s.document == expected["document"]
             and s.line and low <= s.line <= high]
    if not lines:
        return None
    return min(lines) if expected["key"] == "line" else str(node.props.get("number"))


def found_pairs(kg, expected: dict) -> dict[object, dict[str, set[str]]]:
    """key -> {"officers": ids, "legislation": ids} from the built graph."""
    pairs = {}
    for node in kg.nodes("Objective"):
        key = objective_key(node, expected)
        if key is None:
            continue
        items = [node.id] + [e.o for e in kg.out_edges(node.id, "hasAction")]
        entry = pairs.setdefault(key, {"officers": set(), "legislation": set()})
        entry["officers"] |= {e.o for i in items for e in kg.out_edges(i, "responsible")}
        entry["legislation"] |= {e.o for e in kg.out_edges(node.id, "drivenBy")}
    return pairs


def matches(kg, node_id: str, wanted: str) -> bool:
    from sendkg.names import normalise

    if ":" in wanted and " " not in wanted:
        return node_id == wanted
    node = kg.node(node_id)
    return normalise(wanted) in {normalise(n) for n in (node.label, *node.aliases)}


def score_pairs(kg, found: set[str], wanted: list[str]) -> tuple[Score, list, list]:
    correct = {w for w in wanted if any(matches(kg, f, w) for f in found)}
    extra = [f for f in sorted(found) if not any(matches(kg, f, w) for w in wanted)]
    missing = [w for w in wanted if w not in correct]
    return Score(len(found), len(wanted), len(correct)), extra, missing


def evaluate(expected_path: Path, index, seeds: Path, verbose: bool) -> dict[str, Score]:
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        kg = built_graph(seeds / expected["document"], index, Path(folder))
    found = found_pairs(kg, expected)
    wanted = {o["key"]: o for o in expected["objectives"]}
    scores = {"legislation": Score(), "officers": Score()}
    for key in sorted(set(found) | set(wanted), key=str):
        for kind in scores:
            score, extra, missing = score_pairs(kg, found.get(key, {}).get(kind, set()),
                                                wanted.get(key, {}).get(kind, []))
            scores[kind].add(score)
            if verbose and (extra or missing):
                print(f"  {expected['document']} objective {key} {kind}: "
                      f"extra {extra} missing {missing}")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry-only", action="store_true")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    index, mode = reference_index(args.registry_only)
    print(f"identity: {mode}")
    print(f"{'document':28} {'pairs':18} {'found':>6} {'expected':>9} {'correct':>8} "
          f"{'precision':>10} {'recall':>7}")
    worst = 1.0
    for path in sorted(EXPECTED.glob("expected_*.yaml")):
        for kind, score in evaluate(path, index, args.seeds, args.verbose).items():
            worst = min(worst, score.precision, score.recall)
            print(f"{path.stem.removeprefix('expected_'):28} {'(objective, ' + kind + ')':18} "
                  f"{score.found:>6} {score.expected:>9} {score.correct:>8} "
                  f"{score.precision:>10.3f} {score.recall:>7.3f}")
    return 0 if worst >= args.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
