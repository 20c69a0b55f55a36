"""The synthetic corpus: deterministic, valid, with namesakes kept apart."""

from __future__ import annotations

import filecmp

from sendkg.data.synthetic import write_synthetic
from sendkg.graph import load


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = write_synthetic(tmp_path / "a", councils=2, seed=7)
    b = write_synthetic(tmp_path / "b", councils=2, seed=7)
    c = write_synthetic(tmp_path / "c", councils=2, seed=8)
    names = ["documents/c001.yaml", "documents/c002.yaml"]
    assert filecmp.cmpfiles(a, b, names, shallow=False)[0] == names
    assert filecmp.cmpfiles(a, c, names, shallow=False)[0] == []


def test_synthetic_councils_build_with_realistic_shapes(tmp_path):
    kg = load(write_synthetic(tmp_path / "s", councils=3, seed=1), cache=False)
    counts = kg.type_counts()
    assert counts["Plan"] == 15
    assert 3 * 5 * 8 <= counts["Objective"] <= 3 * 5 * 12
    assert counts["Person"] == 3 * 200
    depths = [len(path) for path in _reporting_paths(kg)]
    assert 4 <= max(depths) <= 6


def test_namesakes_stay_distinct_people(tmp_path):
    kg = load(write_synthetic(tmp_path / "s", councils=1, seed=3), cache=False)
    labels = [n.label for n in kg.nodes("Person")]
    assert len(set(labels)) < len(labels)  # some officers share a name ...
    assert any(item.reason.startswith("same name") for item in kg.review)  # ... listed for review


def _reporting_paths(kg):
    boards = [n.id for n in kg.nodes("Board")]
    for board in boards:
        path = [board]
        while True:
            up = [e.o for e in kg.out_edges(path[-1], "reportsTo")]
            if not up:
                break
            path.append(up[0])
        yield path
