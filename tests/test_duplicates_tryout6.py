"""A new user's duplicates findings (notes/s5/tryout6.md #1, #8, #9, #10, #17).

#1: Central Bedfordshire's and Warwickshire's inspection papers (the fixture
tests/fixtures/duplicates/fresh_councils, read with the bundled data) are owned by
Ofsted and the CQC (and the DfE and NHS England): a national body is never a key
joining two councils, so the two councils stay apart in `duplicates` and `lint`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from sendkg.graph.knowledge_graph import KnowledgeGraph

from sendkg.records import Edge, Node

ROOT = Path(__file__).resolve().parent.parent
FRESH = ROOT / "tests" / "fixtures" / "duplicates" / "fresh_councils"
CBEDS, WARKS = "Central Bedfordshire Council", "Warwickshire County Council"


@pytest.fixture(scope="module")
def fresh_data(tmp_path_factory) -> Path:
    """The bundled dataset with the fresh councils' files, as one folder (as
    scripts/calibrate_duplicates.py graph_for reads them)."""
    from sendkg.graph import bundled_data_dir

    folder = tmp_path_factory.mktemp("fresh") / "data"
    shutil.copytree(bundled_data_dir(), folder)
    shutil.copytree(FRESH, folder / "documents" / "fresh",
                    ignore=shutil.ignore_patterns("*.md"))
    return folder


@pytest.fixture(scope="module")
def fresh_kg(fresh_data):
    from sendkg.graph import load_dataset

    return load_dataset(fresh_data)


# --- #1: two councils' inspection papers never make them one council -------------------

def test_inspection_papers_owned_by_national_bodies_keep_their_councils_apart(fresh_kg):
    from sendkg.checks.duplicates_structure import plan_councils

    council = plan_councils(fresh_kg)
    warwickshire = [p.id for p in fresh_kg.nodes("Plan") if p.id.startswith("plan:war-")]
    assert len(warwickshire) == 6
    assert {council[p] for p in warwickshire} == {"org:warwickshire-county-council"}
    cbeds = [p.id for p in fresh_kg.nodes("Plan") if p.id.startswith("plan:cbeds-")]
    assert {council[p] for p in cbeds} == {"org:central-bedfordshire-council"}
    # the inspection letters themselves: owned by Ofsted and the CQC only
    for plan in ("plan:war-send-inspection-2021", "plan:cbeds-send-inspection-2019"):
        owners = {e.o for e in fresh_kg.out_edges(plan, "ownedBy")}
        assert owners == {"org:ofsted", "org:cqc"}


def test_work_of_the_two_councils_is_never_one_councils_duplicate(fresh_kg):
    from sendkg.checks.duplicates import duplicates

    found = duplicates(fresh_kg)
    councils = {f.kind: set() for f in found}
    for f in found:
        councils[f.kind].add(tuple(sorted({s.council.label for s in f.sides if s.council})))
    for kind in ("duplicate", "different-owners"):
        assert all(len(c) == 1 for c in councils[kind]), kind
        assert (WARKS,) in councils[kind]  # Warwickshire's own pairs, under its own name
    (support,) = [f for f in found if {"obj:cbeds-s22-right-support",
                                        "obj:war-s24-right-support"}
                  <= {s.node.id for s in f.sides}]
    assert support.kind == "similar-areas"


def test_duplicates_json_and_area_name_each_council(fresh_data):
    result = run_cli("duplicates", "--data", str(fresh_data), "--json")
    assert result.code == 0, result.err
    sides = [s for r in json.loads(result.out)["results"]
             for s in (r.get("members") or [r["first"], r["second"]])]
    war = {s["council"]["label"] for s in sides if s["id"].startswith(("obj:war-", "act:war-"))}
    assert war == {WARKS}
    result = run_cli("duplicates", "--data", str(fresh_data), "--json", "--area",
                     "Central Bedfordshire")
    for row in json.loads(result.out)["results"]:
        if row["kind"] in ("duplicate", "different-owners"):
            assert {row["first"]["council"]["label"], row["second"]["council"]["label"]} \
                == {CBEDS}


def test_lint_gives_each_council_its_heading(fresh_data):
    result = run_cli("lint", "--data", str(fresh_data), "--json")
    areas = {r["id"]: r["areas"] for r in json.loads(result.out)["results"]}
    warwickshire = [a for i, a in areas.items() if i.startswith(("obj:war-", "plan:war-"))]
    assert warwickshire and all(WARKS in a and CBEDS not in a for a in warwickshire)
    screen = run_cli("lint", "--data", str(fresh_data)).out
    assert f"{CBEDS} (" in screen and f"{WARKS} (" in screen


def _graph(nodes, edges) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for id, type, props in nodes:
        kg.add_node(Node(id, type, id.split(":")[1], props=props))
    for s, p, o in edges:
        kg.add_edge(Edge(s, p, o))
    return kg


LA = {"kind": "local authority"}
REGULATOR = {"kind": "regulator"}


def test_a_plan_owned_only_by_a_national_body_takes_the_council_it_builds_on():
    kg = _graph([("org:a", "Organisation", LA), ("org:b", "Organisation", LA),
                 ("org:ofsted", "Organisation", REGULATOR),
                 ("plan:a", "Plan", {}), ("plan:b", "Plan", {}),
                 ("plan:a-letter", "Plan", {}), ("plan:b-letter", "Plan", {}),
                 ("plan:a-review", "Plan", {}), ("plan:both", "Plan", {}),
                 ("plan:alone", "Plan", {})],
                [("plan:a", "ownedBy", "org:a"), ("plan:b", "ownedBy", "org:b"),
                 ("plan:a-letter", "ownedBy", "org:ofsted"),
                 ("plan:a-letter", "buildsOn", "plan:a"),
                 ("plan:b-letter", "ownedBy", "org:ofsted"),
                 ("plan:b-letter", "readWith", "plan:b"),
                 # a review of the letter: reaches its council through the letter
                 ("plan:a-review", "ownedBy", "org:ofsted"),
                 ("plan:a-review", "buildsOn", "plan:a-letter"),
                 ("plan:both", "ownedBy", "org:ofsted"),  # read with two councils' plans
                 ("plan:both", "readWith", "plan:a"), ("plan:both", "readWith", "plan:b"),
                 ("plan:alone", "ownedBy", "org:ofsted")])
    from sendkg.checks.duplicates_structure import plan_councils

    assert plan_councils(kg) == {"plan:a": "org:a", "plan:a-letter": "org:a",
                                 "plan:a-review": "org:a", "plan:b": "org:b",
                                 "plan:b-letter": "org:b"}


def test_a_regulator_covering_an_area_gives_no_plan_that_area():
    # What a national body covers says nothing of which council its paper is about.
    kg = _graph([("org:a", "Organisation", LA), ("org:nhse", "Organisation", {}),
                 ("area:a", "Area", {}), ("area:england", "Area", {}),
                 ("plan:a", "Plan", {}), ("plan:letter", "Plan", {})],
                [("plan:a", "ownedBy", "org:a"), ("plan:a", "ownedBy", "org:nhse"),
                 ("org:nhse", "coversArea", "area:england"),
                 ("plan:letter", "ownedBy", "org:nhse"),
                 ("plan:letter", "coversArea", "area:a")])
    from sendkg.checks.duplicates_structure import plan_councils, plan_keys

    assert plan_keys(kg, "plan:a") == ["org:a"]
    assert plan_keys(kg, "plan:letter") == ["area:a"]
    assert plan_councils(kg) == {"plan:a": "org:a", "plan:letter": "area:a"}
