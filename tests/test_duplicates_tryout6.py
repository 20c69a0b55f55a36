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


TRAVEL = "Independent travel training for young people"


def _graph(nodes, edges) -> KnowledgeGraph:
    """A graph of (id, type, props) nodes, labelled by their id's name (an action by
    TRAVEL: every pair of actions reads as the same work), and (s, p, o) edges."""
    kg = KnowledgeGraph()
    for id, type, props in nodes:
        kg.add_node(Node(id, type, TRAVEL if type == "Action" else id.split(":")[1],
                         props=props))
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


# --- #8, #9, #10: who a side shows, and the split on it ---------------------------------

@pytest.fixture(scope="module")
def bundled_sides(bundled_kg):
    """Every finding and every side of the bundled data, by item id."""
    from sendkg.checks.duplicates import duplicates

    found = duplicates(bundled_kg)
    return found, {s.node.id: s for f in found for s in f.sides}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_side_with_no_lead_shows_its_owners_with_their_role_as_owner_does(bundled_sides, cli):
    # The SEND JCP names no lead for this aim, only the plan's agreeing partners; the
    # working group's aim is the group's by its terms of reference (tryout6.md #8).
    _, sides = bundled_sides
    camhs = sides["obj:jcp-camhs-pathways"]
    assert camhs.leads == ()
    gone = "(abolished 31 March 2020; duties now with NHS North East and North Cumbria ICB)"
    assert camhs.owned_by[0] == (  # the CCGs abolished by today say so, as owner says it
        "agreeing partner: Durham County Council; NHS Durham Dales, Easington and "
        f"Sedgefield Clinical Commissioning Group {gone}; NHS North Durham Clinical "
        f"Commissioning Group {gone}")
    poverty = sides["obj:cpwg-develop-strategy"]
    assert poverty.owned_by == ("terms of reference of the group: Child Poverty Working Group",)
    for item, side in (("obj:jcp-camhs-pathways", camhs), ("obj:cpwg-develop-strategy", poverty)):
        said = _flat(cli("owner", item).out)
        assert all(text in said for text in side.owned_by), item
    # the group leads the report's action and owns the aim by its terms: the same owner,
    # not "the same lead" (one side names no lead)
    found, _ = bundled_sides
    (plan,) = [f for f in found if (f.first.node.id, f.second.node.id) == (
        "act:cpwg-develop-action-plan", "obj:cpwg-develop-strategy")]
    assert plan.kind == "duplicate"
    assert "same owner (Child Poverty Working Group)" in plan.explanation["why"]
    screen = _flat(cli("duplicates", "--limit", "0").out)
    assert "Working Group Terms of Reference · terms of reference of the group: Child" \
           " Poverty Working Group" in screen


def test_a_lead_is_written_as_owner_writes_it(bundled_sides, cli):
    # tryout6.md #10: one way of writing a lead, `sendkg owner`'s, with its post and
    # organisation, a post with its holder, an uncertain mark.
    _, sides = bundled_sides
    assert sides["deliv:oip-t3-m2"].leads == (
        "Caroline O'Neill (Head of Education, Children and Young People's Services)",)
    checked = 0
    for item in ("deliv:oip-t3-m2", "deliv:oip-t1-m5", "act:jcp-transition-2",
                 "act:jcp-speech-language-communication-3",
                 "act:oip-r5-family-outcomes-framework", "act:dby-send-reforms-programme"):
        said = _flat(cli("owner", item).out)
        for lead in sides[item].leads:
            assert lead in said, (item, lead)
            checked += 1
    assert checked >= 8


def test_the_same_work_in_one_plan_with_no_lead_in_common_is_owned_by_different_people(
        bundled_sides):
    # tryout6.md #9: the SEND JCP's two baselines, one led by three officers, the other
    # by two others.
    found, _ = bundled_sides
    (baseline,) = [f for f in found if (f.first.node.id, f.second.node.id) == (
        "act:jcp-social-communication-3", "act:jcp-speech-language-communication-3")]
    assert (baseline.kind, baseline.scope) == ("different-owners", "within plan")
    assert baseline.message == "the same work owned by different people (within plan)"


def _plan_graph(leads: dict[str, str | None]) -> KnowledgeGraph:
    """One council's plan agreed by two partners, with one action per entry of `leads`
    (action id -> its lead's id, or None), every action the same words."""
    nodes = [("plan:p", "Plan", {}), ("org:la", "Organisation", LA),
             ("org:ccg", "Organisation", {"kind": "CCG"}),
             ("person:ann", "Person", {}), ("person:bob", "Person", {})]
    edges = [("plan:p", "coversArea", "area:a")]
    nodes.append(("area:a", "Area", {}))
    kg = _graph(nodes + [(a, "Action", {}) for a in leads], edges)
    for partner in ("org:la", "org:ccg"):
        kg.add_edge(Edge("plan:p", "ownedBy", partner, {"role": "agreeing partner"}))
    for action, lead in leads.items():
        kg.add_edge(Edge("plan:p", "hasAction", action))
        if lead:
            kg.add_edge(Edge(action, "responsible", lead, {"role": "lead"}))
    return kg


def _pairs(kg) -> list[tuple]:
    from sendkg.checks.duplicates import duplicates

    return sorted((f.kind, f.first.node.id, f.second.node.id, f.scope,
                   f.first.owned_by, f.second.owned_by) for f in duplicates(kg))


def test_in_one_plan_different_leads_split_and_the_same_partners_do_not():
    partners = "agreeing partner: ccg; la"  # by name, as owner lists them
    assert _pairs(_plan_graph({"act:a": "person:ann", "act:b": "person:bob"})) == [
        ("different-owners", "act:a", "act:b", "within plan", ("lead: ann",), ("lead: bob",))]
    assert _pairs(_plan_graph({"act:a": "person:ann", "act:b": "person:ann"}))[0][0] \
        == "duplicate"
    # no lead anywhere: both show the plan's agreeing partners, the same people
    assert _pairs(_plan_graph({"act:a": None, "act:b": None})) == [
        ("duplicate", "act:a", "act:b", "within plan", (partners,), (partners,))]
    # a named lead against the partners: nobody in common, as both sides show
    assert _pairs(_plan_graph({"act:a": "person:ann", "act:b": None})) == [
        ("different-owners", "act:a", "act:b", "within plan", ("lead: ann",), (partners,))]


# --- #17: a board reached by an uncertain reading keeps its mark ----------------------

def test_same_board_reached_by_an_uncertain_monitoring_line_says_so(bundled_sides):
    found, _ = bundled_sides
    group = "board:cyp-mental-health-emotional-wellbeing-resilience-group"
    marked = [f for f in found for b in f.explanation.get("shared_boards", ())
              if b["id"] == group]
    assert marked
    for f in marked:
        (board,) = [b for b in f.explanation["shared_boards"] if b["id"] == group]
        assert board["uncertain"].startswith("uncertain: the source names the CYP MH")
        assert f"{board['label']} (uncertain))" in f.explanation["why"]
    certain = [b for f in found for b in f.explanation.get("shared_boards", ())
               if b["id"] != group]
    assert certain and all(b["uncertain"] is None for b in certain)


def test_a_board_is_uncertain_when_either_item_reaches_it_only_uncertainly():
    from sendkg.checks.duplicates import duplicates

    def why(first_uncertain: bool, second_uncertain: bool) -> str:
        kg = _graph([("plan:a", "Plan", {}), ("plan:b", "Plan", {}),
                     ("org:la", "Organisation", LA), ("board:b", "Board", {}),
                     ("person:ann", "Person", {}),
                     ("act:a", "Action", {}), ("act:b", "Action", {})],
                    [("plan:a", "ownedBy", "org:la"), ("plan:b", "ownedBy", "org:la"),
                     ("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
                     ("act:a", "responsible", "person:ann"),
                     ("act:b", "responsible", "person:ann")])
        for action, doubt in (("act:a", first_uncertain), ("act:b", second_uncertain)):
            kg.add_edge(Edge(action, "monitoredBy", "board:b",
                             {"uncertain": True, "note": "read from a chart"} if doubt else {}))
        (finding,) = duplicates(kg)
        return finding.explanation["why"]

    assert "same board (b);" in why(False, False)
    assert "same board (b (uncertain));" in why(True, False)
    assert "same board (b (uncertain));" in why(False, True)
