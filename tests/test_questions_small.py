"""Exact answers of the six questions on the small fixture and on a graph built here."""

from __future__ import annotations

import pytest

from sendkg.errors import EntityNotFound
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.queries.resolution import resolution
from sendkg.queries import (
    affected_by,
    funders_of,
    legislation_driving,
    owners_of,
    owners_of_text,
    reporting_chain,
    responsibilities_of,
    responsibilities_of_text,
    subjects,
)
from sendkg.records import Edge, Node, Source


def src(line: int) -> Source:
    return Source("built.txt", line)


def built_graph() -> KnowledgeGraph:
    """plan > aim > objective > action > outcome, with owners, laws, money and governance
    (including a reporting loop and a sub group). Also used by test_sparql_parity."""
    kg = KnowledgeGraph()
    nodes = [("plan:p", "Plan", "The Plan"), ("aim:a", "Aim", "An Aim"),
             ("obj:o", "Objective", "Travel training"), ("act:x", "Action", "Business case"),
             ("out:y", "Outcome", "Fewer taxis"), ("org:la", "Organisation", "The Council"),
             ("org:ccg", "Organisation", "The CCG"), ("post:mgr", "Post", "Manager"),
             ("post:chair", "Post", "Chair of the HWB"), ("person:ann", "Person", "Ann"),
             ("person:bob", "Person", "Bob"), ("person:carol", "Person", "Carol"),
             ("leg:cfa", "Legislation", "Children and Families Act 2014"),
             ("board:jcp", "Board", "JCP Partnership"), ("board:sag", "Board", "Accountability Group"),
             ("board:hwb", "Board", "Health and Wellbeing Board"),
             ("board:loop1", "Board", "Loop One"), ("board:loop2", "Board", "Loop Two")]
    for line, (id, type, label) in enumerate(nodes, start=1):
        kg.add_node(Node(id, type, label, sources=(src(line),)))
    edges = [("plan:p", "hasAim", "aim:a", {}), ("aim:a", "hasObjective", "obj:o", {}),
             ("obj:o", "hasAction", "act:x", {}), ("act:x", "hasOutcome", "out:y", {}),
             ("plan:p", "responsible", "org:la", {"role": "lead"}),
             ("plan:p", "ownedBy", "org:la", {}),
             ("obj:o", "responsible", "post:mgr", {"role": "lead"}),
             ("act:x", "responsible", "person:ann", {"role": "support"}),
             ("act:x", "responsible", "org:la", {"role": "lead"}),
             ("person:bob", "holds", "post:mgr", {}), ("person:carol", "holds", "post:chair", {}),
             ("plan:p", "drivenBy", "leg:cfa", {}), ("obj:o", "drivenBy", "leg:cfa", {"section": "s.19"}),
             ("obj:o", "fundedBy", "org:ccg", {"amount": "£5,000", "mechanism": "section 75 pooled budget"}),
             ("obj:o", "monitoredBy", "board:jcp", {}),
             ("board:jcp", "reportsTo", "board:sag", {"frequency": "quarterly", "reports": "progress"}),
             ("board:sag", "subGroupOf", "board:hwb", {}),
             ("board:hwb", "chairedBy", "post:chair", {"role": "chair"}),
             ("plan:p", "monitoredBy", "board:loop1", {}),
             ("board:loop1", "reportsTo", "board:loop2", {}),
             ("board:loop2", "reportsTo", "board:loop1", {})]
    for line, (s, p, o, props) in enumerate(edges, start=100):
        kg.add_edge(Edge(s, p, o, props, (src(line),)))
    return kg


@pytest.fixture(scope="module")
def built() -> KnowledgeGraph:
    return built_graph()


# ---------------------------------------------------------------- owner

def test_owner_direct_then_inherited_with_post_holders(built):
    owners = owners_of(built, "act:x")
    assert [(o.node.id, o.role, o.via.id if o.via else None) for o in owners] == [
        ("org:la", "lead", None),          # direct, restated at plan level: not repeated
        ("person:ann", "support", None),
        ("post:mgr", "lead", "obj:o"),     # inherited from the objective
        ("org:la", None, "plan:p"),        # the plan is ownedBy the council: inherited
    ]
    assert [h.id for h in owners[2].holders] == ["person:bob"]
    assert owners[2].inherited and owners[2].sources == (src(106),)


def test_owner_of_plan_includes_owned_by(built):
    assert [(o.node.id, o.relation) for o in owners_of(built, "plan:p")] == [
        ("org:la", "responsible"), ("org:la", "ownedBy")]


def test_owner_inherits_plan_ownership_marked_with_the_plan(built):
    # An officer reads a plan's owner as answering for its aims and objectives too.
    inherited = [(o.node.id, o.via.id) for o in owners_of(built, "obj:o")
                 if o.relation == "ownedBy"]
    assert inherited == [("org:la", "plan:p")]
    aim_owners = [(o.node.id, o.relation, o.inherited) for o in owners_of(built, "aim:a")]
    assert aim_owners == [("org:la", "responsible", True), ("org:la", "ownedBy", True)]


def test_owner_of_small_fixture_action(small_kg):
    owners = owners_of(small_kg, "act:ex-travel-2")
    assert [(o.node.id, o.role, o.via.id if o.via else None, [p.id for p in o.posts],
             [str(s) for s in o.sources]) for o in owners] == [
        ("person:mark-smith", "lead", None, ["post:commissioning-manager"], ["example_plan.txt:12"]),
        ("org:council", "lead", "obj:ex-travel", [], ["example_plan.txt:10"]),
    ]


def test_owner_text_resolves_aliases(small_kg):
    [(subject, owners)] = owners_of_text(small_kg, "Example JCP")
    assert subject.id == "plan:example" and owners == []


def test_owner_text_refuses_a_person_and_says_why(small_kg):
    with pytest.raises(EntityNotFound, match="names a Person"):
        owners_of_text(small_kg, "Mark Smith")


def test_a_tie_answers_for_the_best_and_names_the_others_all_answers_for_each():
    kg = KnowledgeGraph()
    kg.add_node(Node("obj:a", "Objective", "Travel training"))
    kg.add_node(Node("obj:b", "Objective", "Travel training"))
    found = resolution(kg, "travel training", ("Objective",))
    assert [m.node.id for m in found.chosen] == ["obj:a"]
    assert [m.node.id for m in found.also] == ["obj:b"]
    assert [n.id for n in subjects(kg, "travel training", ("Objective",), all=True)] == [
        "obj:a", "obj:b"]


def test_the_type_a_question_prefers_wins_among_close_candidates():
    kg = KnowledgeGraph()
    kg.add_node(Node("out:a", "Outcome", "Short breaks"))
    kg.add_node(Node("obj:a", "Objective", "Short breaks and respite"))
    assert [n.id for n in subjects(kg, "short breaks", ("Objective", "Outcome"))] == ["out:a"]
    kg.add_node(Node("out:b", "Outcome", "More short breaks offered"))
    kg.add_node(Node("obj:b", "Objective", "Better short breaks offer"))
    assert subjects(kg, "short breaks offer", ("Objective", "Outcome"))[0].id == "obj:b"


def test_a_frequent_word_alone_never_beats_the_distinctive_one():
    kg = KnowledgeGraph()
    for i in range(5):
        kg.add_node(Node(f"obj:a{i}", "Objective", f"Audit arrangements number {i}"))
    kg.add_node(Node("obj:t", "Objective", "Better children-to-adult transition"))
    assert subjects(kg, "transition arrangements", ("Objective",))[0].id == "obj:t"


def test_nothing_matches():
    with pytest.raises(EntityNotFound, match="no close match for 'no such thing'"):
        subjects(KnowledgeGraph(), "no such thing")


def test_a_weak_best_match_is_not_answered_for_but_named():
    kg = KnowledgeGraph()
    kg.add_node(Node("obj:a", "Objective", "Independent travel training for young people"))
    found = resolution(kg, "young carers respite budget", ("Objective",))
    assert not found.chosen and [m.node.id for m in found.nearest] == ["obj:a"]
    assert found.message.startswith("no close match for 'young carers respite budget'; nearest")


# ---------------------------------------------------------------- owns

def test_owns_through_posts_grouped_by_plan(built):
    found = responsibilities_of(built, "person:bob")
    assert [(r.item.id, r.relation, r.through.id, [p.id for p in r.plans]) for r in found] == [
        ("obj:o", "responsible", "post:mgr", ["plan:p"])]


def test_owns_of_organisation(built):
    found = responsibilities_of(built, "org:la")
    assert [(r.item.id, r.relation, [p.id for p in r.plans]) for r in found] == [
        ("act:x", "responsible", ["plan:p"]), ("plan:p", "responsible", ["plan:p"]),
        ("plan:p", "ownedBy", ["plan:p"])]


def test_owns_chairs_and_funds(built):
    assert [(r.item.id, r.relation, r.through.id) for r in responsibilities_of(built, "person:carol")] \
        == [("board:hwb", "chairedBy", "post:chair")]
    funded = responsibilities_of(built, "org:ccg")
    assert [(r.item.id, r.relation, r.edge.props["amount"]) for r in funded] == [
        ("obj:o", "fundedBy", "£5,000")]


def test_owns_on_small_fixture(small_kg):
    [(subject, found)] = responsibilities_of_text(small_kg, "Lindsey Dunn")
    assert subject.id == "person:lyndsey-dunn"
    assert [(r.item.id, r.edge.props.get("role"), [p.id for p in r.plans]) for r in found] == [
        ("act:ex-travel-1", "lead", ["plan:example"])]


# ---------------------------------------------------------------- chain

def test_chain_climbs_containers_and_bodies_with_chairs(built):
    chain = reporting_chain(built, "act:x")
    assert [[h.node.id for h in p] for p in chain.paths()] == [
        ["act:x", "obj:o", "board:jcp", "board:sag", "board:hwb"],
        ["act:x", "obj:o", "aim:a", "plan:p", "board:loop1", "board:loop2", "board:loop1"],
    ]
    first = chain.paths()[0]
    assert [h.relation for h in first[1:]] == ["hasAction", "monitoredBy", "reportsTo", "subGroupOf"]
    assert first[3].edge.props == {"frequency": "quarterly", "reports": "progress"}
    [chair] = first[4].chairs
    assert (chair.node.id, [h.id for h in chair.holders]) == ("post:chair", ["person:carol"])
    assert [n.id for n in chain.tops()] == ["board:hwb"]


def test_chain_reports_loops_as_findings_and_stops(built):
    chain = reporting_chain(built, "plan:p")
    assert chain.findings == ("reporting loop: Loop One → Loop Two → Loop One",)
    assert chain.paths()[-1][-1].loop


def test_chain_with_no_reporting_line():
    kg = KnowledgeGraph()
    kg.add_node(Node("plan:lonely", "Plan", "Lonely plan"))
    assert reporting_chain(kg, "plan:lonely").findings == (
        "no reporting line recorded for Lonely plan",)


def test_chain_on_small_fixture(small_kg):
    chain = reporting_chain(small_kg, "act:ex-travel-1")
    [path] = chain.paths()
    assert [(h.node.id, h.relation, h.edge.props.get("frequency") if h.edge else None)
            for h in path] == [
        ("act:ex-travel-1", None, None), ("obj:ex-travel", "hasAction", None),
        ("plan:example", "hasObjective", None), ("board:jcp", "monitoredBy", None),
        ("board:accountability", "reportsTo", "quarterly"), ("board:hwb", "reportsTo", "annual")]
    assert [c.node.id for c in path[-1].chairs] == ["person:mary-smith"]


# ---------------------------------------------------------------- drivers

def test_drivers_direct_wins_over_restated_inherited(built):
    assert [(d.node.id, d.section, d.via.id if d.via else None)
            for d in legislation_driving(built, "obj:o")] == [("leg:cfa", "s.19", None)]


def test_drivers_inherited_from_every_container(built):
    assert [(d.node.id, d.section, d.via.id) for d in legislation_driving(built, "act:x")] == [
        ("leg:cfa", "s.19", "obj:o"), ("leg:cfa", None, "plan:p")]


def test_drivers_on_small_fixture(small_kg):
    [driver] = legislation_driving(small_kg, "act:ex-travel-1")
    assert (driver.node.id, driver.via.id, driver.uri) == (
        "leg:children-and-families-act-2014", "obj:ex-travel",
        "http://www.legislation.gov.uk/id/ukpga/2014/6")


# ---------------------------------------------------------------- funders

def test_funders_inherited_with_amount_and_mechanism(built):
    [funder] = funders_of(built, "act:x")
    assert (funder.node.id, funder.amount, funder.mechanism, funder.via.id) == (
        "org:ccg", "£5,000", "section 75 pooled budget", "obj:o")


def test_funders_on_small_fixture(small_kg):
    [funder] = funders_of(small_kg, "act:ex-travel-2")
    assert (funder.node.id, funder.relation, funder.amount, funder.period, funder.mechanism,
            funder.inherited) == ("org:ccg", "fundedBy", "£20,000", "2021-22",
                                  "section 75 pooled budget", False)
    assert funders_of(small_kg, "act:ex-travel-1") == []


# ---------------------------------------------------------------- impact

def test_impact_of_a_body_takes_what_reports_through_it(built):
    assert [(a.node.id, a.depth, [e.p for e in a.because]) for a in affected_by(built, "board:sag")] \
        == [("board:jcp", 1, ["reportsTo"]), ("obj:o", 2, ["monitoredBy"]),
            ("act:x", 3, ["hasAction"]), ("out:y", 4, ["hasOutcome"])]


def test_impact_of_a_person_goes_through_their_posts(built):
    assert [(a.node.id, a.depth) for a in affected_by(built, "person:bob")] == [
        ("post:mgr", 1), ("obj:o", 2), ("act:x", 3), ("out:y", 4)]


def test_impact_of_losing_a_chair_stops_at_the_board(built):
    assert [(a.node.id, a.depth) for a in affected_by(built, "person:carol")] == [
        ("post:chair", 1), ("board:hwb", 2)]


def test_impact_of_an_act(built):
    found = affected_by(built, "leg:cfa")
    assert [(a.node.id, a.depth) for a in found] == [
        ("obj:o", 1), ("plan:p", 1), ("act:x", 2), ("aim:a", 2), ("out:y", 3)]
    assert found[3].transitive and not found[0].transitive


def test_impact_on_small_fixture(small_kg):
    assert [(a.node.id, a.depth) for a in affected_by(small_kg, "org:council")] == [
        ("obj:ex-travel", 1), ("post:commissioning-manager", 1),
        ("act:ex-travel-1", 2), ("act:ex-travel-2", 2)]


def test_results_carry_the_json_contract(built):
    for result in (owners_of(built, "act:x")[0], legislation_driving(built, "act:x")[0],
                   funders_of(built, "act:x")[0], responsibilities_of(built, "person:bob")[0],
                   affected_by(built, "board:sag")[0]):
        shape = result.as_dict()
        assert {"id", "type", "label", "sources"} <= set(shape)
    tree = reporting_chain(built, "act:x").as_dict()
    assert tree["tree"]["next"][0]["id"] == "obj:o"
    assert tree["tops"][0] == {"id": "board:hwb", "type": "Board",
                               "label": "Health and Wellbeing Board",
                               "sources": [{"document": "built.txt", "line": 16}]}
