#!/usr/bin/env python3
"""Precision and recall of the governance recogniser on the development corpus.

Reads every document of tests/fixtures/governance/ (councils' governance paragraphs)
with the project's readers, runs `governance_statements` over it and compares the
(subject, relation, object) facts found with those written by hand in expected.yaml.
Names are compared after `normalise`, without a leading "the" and without the council's
own name in front ("Lancashire SEND Improvement Board" is the "SEND Improvement Board"
of a Lancashire paper). A statement about the document's plan counts as "(plan)".

    python scripts/governance_eval.py            # table per family and overall
    python scripts/governance_eval.py --misses   # also each missed and each wrong fact
    python scripts/governance_eval.py --corpus DIR
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "governance"
FAMILIES = {"reportsTo": "reporting", "monitoredBy": "reporting", "subGroupOf": "structure",
            "replacedBy": "structure", "chairedBy": "chair", "memberOf": "membership",
            "drivenBy": "legislation"}


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.expected += other.expected
        self.correct += other.correct

    def cells(self) -> list[str]:
        precision = self.correct / self.found if self.found else None
        recall = self.correct / self.expected if self.expected else None
        return [str(self.expected), str(self.found), str(self.correct),
                "-" if precision is None else f"{precision:.2f}",
                "-" if recall is None else f"{recall:.2f}"]


def key(name: str, area: str) -> str:
    from sendkg.names import normalise

    text = normalise(name)
    for prefix in ("the ", normalise(area) + " "):
        text = text.removeprefix(prefix)
    return text


def found_facts(path: Path, area: str) -> set[tuple[str, str, str]]:
    from sendkg.ingest.governance_text import governance_statements
    from sendkg.loaders.rows import read_rows

    facts = set()
    for statement in governance_statements(read_rows(path)):
        if statement.relation not in FAMILIES:  # a property ("established"), not a fact here
            continue
        subject = "(plan)" if statement.subject_kind == "Plan" else statement.subject
        relation = "reportsTo" if statement.relation == "monitoredBy" else statement.relation
        facts.add((key(subject, area), relation, key(statement.object, area)))
    return facts


def expected_facts(entry: dict) -> set[tuple[str, str, str]]:
    area = entry.get("area", "")
    return {(key(f[0], area), f[1], key(f[2], area)) for f in entry.get("facts") or []}


def _of(facts: set, family: str) -> set:
    return {f for f in facts if FAMILIES.get(f[1]) == family}


def evaluate(corpus: Path, show: bool) -> dict[str, Score]:
    expected = yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8")) or {}
    scores = {family: Score() for family in dict.fromkeys(FAMILIES.values())}
    for name, entry in sorted(expected.items()):
        want = expected_facts(entry)
        got = found_facts(corpus / name, entry.get("area", ""))
        for family, score in scores.items():
            got_f, want_f = _of(got, family), _of(want, family)
            score.add(Score(len(got_f), len(want_f), len(got_f & want_f)))
        if show:
            for fact in sorted(want - got):
                print(f"missed  {name}: {fact}")
            for fact in sorted(got - want):
                print(f"wrong   {name}: {fact}")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list missed and wrong facts")
    args = parser.parse_args(argv)
    if not (args.corpus / "expected.yaml").is_file():
        print(f"no governance corpus at {args.corpus} (expected.yaml and the documents it "
              f"names); see tests/fixtures/governance/SOURCES.md", file=sys.stderr)
        return 2
    scores = evaluate(args.corpus, args.misses)
    total = Score()
    print(f"{'family':<12} {'expected':>8} {'found':>6} {'correct':>7} {'P':>5} {'R':>5}")
    for family, score in scores.items():
        total.add(score)
        print(f"{family:<12} " + " ".join(f"{c:>{w}}" for c, w in
                                         zip(score.cells(), (8, 6, 7, 5, 5))))
    print(f"{'overall':<12} " + " ".join(f"{c:>{w}}" for c, w in
                                         zip(total.cells(), (8, 6, 7, 5, 5))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
