"""The question semantics added over the cores, each on a small hand-built graph:
owner of a board and of a post, funders rolled up from actions, drivers' `how`,
impact groups, and the answer a question gives for an officer's wording."""

from __future__ import annotations

import pytest

from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.funding import funders_rolled_up
from sendkg.queries.impact import impact_groups
from sendkg.queries.questions import answer
from sendkg.queries.responsibility import owners_answer
from sendkg.records import Edge, Node, Source

NODES = [
    ("plan:p", "Plan", "SEND Joint Commissioning Plan"), ("obj:o", "Objective", "Short breaks"),
    ("act:a", "Action", "Recommission overnight respite"),
    ("out:x", "Outcome", "More short breaks"),
    ("board:b", "Board", "Child Poverty Working Group"), ("post:dir", "Post", "Director"),
    ("person:ann", "Person", "Ann Example"), ("person:bo", "Person", "Bo Example"),
    ("org:la", "Organisation", "Council"), ("org:nhse", "Organisation", "NHS England"),
    ("org:ccg", "Organisation", "Example CCG"),
    ("leg:care", "Legislation", "Care Act 2014"), ("leg:cfa", "Legislation", "CFA 2014"),
]
EDGES = [
    ("plan:p", "hasObjective", "obj:o", {}), ("obj:o", "hasAction", "act:a", {}),
    ("obj:o", "hasOutcome", "out:x", {}),
    ("board:b", "chairedBy", "post:dir", {"role": "chair"}),
    ("board:b", "chairedBy", "person:ann", {"role": "chair"}),
    ("board:b", "chairedBy", "person:bo", {"role": "vice-chair"}),
    ("person:ann", "holds", "post:dir", {}), ("org:la", "memberOf", "board:b", {"role": "partner"}),
    ("act:a", "fundedBy", "org:nhse", {"amount": "2 FTE"}),
    ("plan:p", "commissionedBy", "org:ccg", {}),
    ("obj:o", "drivenBy", "leg:cfa", {}), ("plan:p", "drivenBy", "leg:care", {}),
]


@pytest.fixture()
def kg():
    graph = KnowledgeGraph()
    for node_id, kind, label in NODES:
        graph.add_node(Node(node_id, kind, label, (), {}, (Source("t.txt", 1),)))
    for s, p, o, props in EDGES:
        graph.add_edge(Edge(s, p, o, props, (Source("t.txt", 2),)))
    return graph


def test_owner_of_a_board_gives_chairs_once_then_partners(kg):
    found = owners_answer(kg, "board:b")
    assert [(o.relation, o.role, o.node.id, [h.id for h in o.holders]) for o in found] == [
        ("chairedBy", "chair", "post:dir", ["person:ann"]),
        ("chairedBy", "vice-chair", "person:bo", []),
        ("memberOf", "partner", "org:la", [])]


def test_owner_of_a_post_is_its_holder(kg):
    assert [o.node.id for o in owners_answer(kg, "post:dir")] == ["person:ann"]


def test_funders_roll_up_from_actions_before_inherited(kg):
    found = funders_rolled_up(kg, "obj:o")
    assert [(f.node.id, f.how, f.part and f.part.id) for f in found] == [
        ("org:nhse", "via-part", "act:a"), ("org:ccg", "inherited", None)]


def test_drivers_say_how(kg):
    assert [(d.node.id, d.how) for d in legislation_driving(kg, "act:a")] == [
        ("leg:cfa", "inherited"), ("leg:care", "plan-context")]
    assert legislation_driving(kg, "obj:o")[0].as_dict()["how"] == "direct"


def test_impact_gives_a_plan_citing_the_act_once_not_its_rows(kg):
    groups = impact_groups(kg, "leg:care")
    assert {k: [a.node.id for a in v] for k, v in groups.items()} == {
        "direct": [], "contained": [], "reporting": [], "plan-context": ["plan:p"]}
    groups = impact_groups(kg, "leg:cfa")
    assert [a.node.id for a in groups["direct"]] == ["obj:o"]
    assert sorted(a.node.id for a in groups["contained"]) == ["act:a", "out:x"]


def test_answer_prefers_the_objective_and_names_the_outcome(kg):
    found = answer(kg, "owner", "short brakes")
    assert [n.id for n, _ in found.results] == ["obj:o"]
    assert "out:x" in [m.node.id for m in found.resolution.also]
    assert [n.id for n, _ in answer(kg, "owner", "short brakes", all=True).results][:2] == [
        "obj:o", "out:x"]
    assert [n.id for n, _ in answer(kg, "owner", "short breaks", type="Outcome").results] == [
        "out:x"]
