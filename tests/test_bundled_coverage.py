"""The coverage floor of the bundled dataset, counted against the seed documents.

Expected numbers come from reading the documents (the line ranges are given), and where
the text allows, from counting the seed text itself in the test.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sendkg.queries.find import resolve

JCP = "plan:durham-send-jcp-2017-18"
CYPS = "plan:durham-cyp-strategy-2019-22"
COMMISSIONING = "plan:durham-cyps-commissioning-plan-2019-21"
DERBY = "plan:derby-cyp-integrated-commissioning-strategy-2016-19"
OFSTED = "plan:ofsted-improvement-plan-2016"


def targets(kg, node_id, relation):
    return [e.o for e in kg.out_edges(node_id, relation)]


def test_send_jcp_has_its_13_focus_areas_and_11_action_tables(bundled_kg, seeds):
    text = (seeds / "002_81098658c4b2e719.txt").read_text().splitlines()
    table_headers = [n for n, line in enumerate(text, 1) if line.startswith("Objective\t")]
    objectives = targets(bundled_kg, JCP, "hasObjective")
    assert len(objectives) == 13  # the priority list, lines 233-246
    assert {bundled_kg.node(o).props["kind"] for o in objectives} == {"focus area"}
    with_actions = [o for o in objectives if targets(bundled_kg, o, "hasAction")]
    # 12 header rows in the text; the one at line 318 continues the youth-offending table.
    assert len(table_headers) == 12 and len(with_actions) == 11


def test_send_jcp_every_action_row_is_recorded(bundled_kg):
    objectives = targets(bundled_kg, JCP, "hasObjective")
    actions = [a for o in objectives for a in targets(bundled_kg, o, "hasAction")]
    drivers = [d for o in objectives for d in targets(bundled_kg, o, "drivenBy")]
    outcomes = [x for o in objectives for x in targets(bundled_kg, o, "hasOutcome")]
    outcomes += [x for a in actions for x in targets(bundled_kg, a, "hasOutcome")]
    assert len(actions) == 59
    assert len(drivers) == 26  # every legislation cell, "NHS Act 2006/HSCA 2012" split in two
    assert len(set(outcomes)) == 34
    owned = [a for a in actions if list(bundled_kg.out_edges(a, "responsible"))]
    objective_owned = [o for o in objectives if list(bundled_kg.out_edges(o, "responsible"))]
    assert len(owned) + len(objective_owned) > 0
    for objective in objectives:  # no focus area with a table lacks an owner
        if targets(bundled_kg, objective, "hasAction"):
            direct = list(bundled_kg.out_edges(objective, "responsible"))
            below = [e for a in targets(bundled_kg, objective, "hasAction")
                     for e in bundled_kg.out_edges(a, "responsible")]
            assert direct or below, objective


def test_send_jcp_monitoring_and_reporting(bundled_kg):
    reports = {e.o: e.props.get("frequency") for e in bundled_kg.out_edges(JCP, "reportsTo")}
    assert reports["board:send-strategy-and-accountability-group"] == "quarterly"
    for board in ("board:healthy-child-programme-board", "board:health-and-wellbeing-board",
                  "board:children-and-families-partnership",
                  "board:nhs-north-durham-ccg-governing-body",
                  "board:nhs-ddes-ccg-governing-body"):
        assert reports[board] == "annual", board


def test_cyp_strategy_aims_objectives_deliverables_kpis(bundled_kg):
    aims = targets(bundled_kg, CYPS, "hasAim")
    objectives = [o for a in aims for o in targets(bundled_kg, a, "hasObjective")]
    deliverables = [d for o in objectives for d in targets(bundled_kg, o, "hasDeliverable")]
    numbers = sorted(bundled_kg.node(o).props["number"] for o in objectives)
    assert len(aims) == 4
    # The document numbers 15 objectives, 1.1-1.5, 2.1-2.4, 3.1-3.3, 4.1-4.3 (lines 772-837).
    assert numbers == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4",
                       "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"]
    assert len(deliverables) == 81
    assert len(list(bundled_kg.nodes("Indicator"))) >= 13
    monitored = [a for a in aims if list(bundled_kg.out_edges(a, "monitoredBy"))]
    assert len(monitored) == 4


def test_cyp_strategy_governance_chairs(bundled_kg):
    chairs = {e.s for e in bundled_kg.edges("chairedBy")}
    assert "board:children-and-families-partnership" in chairs
    assert len([c for c in chairs]) >= 12


def test_commissioning_plan_related_strategies_and_reporting_groups(bundled_kg):
    related = targets(bundled_kg, COMMISSIONING, "buildsOn") + \
        targets(bundled_kg, COMMISSIONING, "readWith")
    assert len(related) >= 8
    groups = targets(bundled_kg, COMMISSIONING, "monitoredBy") + \
        targets(bundled_kg, COMMISSIONING, "reportsTo")
    assert len(set(groups)) >= 9  # 2 monitoring groups (line 366), 7 receiving reports (370-376)


def test_derby_boards_and_joint_commissioning_partners(bundled_kg):
    derby_boards = [n for n in bundled_kg.nodes("Board") if n.id.startswith("board:derby-")]
    assert len(derby_boards) == 3
    partners = {e.o for e in bundled_kg.edges("commissionedBy")
                if any(s.document.startswith("003_") for s in e.sources)}
    assert {"org:derby-city-council", "org:nhs-southern-derbyshire-ccg"} <= partners


ACT = re.compile(r"\b((?:[A-Z][a-z]+ (?:and |& )?){1,6}Act (?:19|20)\d\d)\b")


def test_every_act_named_in_the_seeds_is_one_legislation_node(bundled_kg, seeds):
    named = Counter()
    for path in sorted(seeds.glob("*.txt")):
        for match in ACT.finditer(path.read_text()):
            named[match.group(1).removeprefix("The ")] += 1
    assert len(named) >= 12
    unresolved = {}
    for act in named:
        found = [n for n in resolve(bundled_kg, act, type="Legislation")]
        if len(found) != 1 or act.casefold() not in \
                {x.casefold() for x in (found[0].label, *found[0].aliases)}:
            unresolved[act] = [n.id for n in found]
    assert unresolved == {}


@pytest.mark.parametrize("spelling", ["Lyndsey Dunn", "Lindsey Dunn"])
def test_the_two_spellings_of_lyndsey_dunn_are_one_person(bundled_kg, spelling):
    assert [n.id for n in resolve(bundled_kg, spelling)] == ["person:lyndsey-dunn"]


def test_ofsted_improvement_plan_recommendations_themes_and_actions(bundled_kg):
    recommendations = [o for o in targets(bundled_kg, OFSTED, "hasObjective")
                       if bundled_kg.node(o).props.get("kind") == "recommendation"]
    themes = targets(bundled_kg, OFSTED, "hasAim")
    assert sorted(int(bundled_kg.node(r).props["number"]) for r in recommendations) == \
        list(range(1, 15))  # Appendix 2, lines 478-640
    assert len(themes) == 4
    for theme in themes:  # each theme has a lead (line 269: a lead per theme)
        roles = {e.props.get("role") for e in bundled_kg.out_edges(theme, "responsible")}
        assert "lead" in roles or "co-lead" in roles, theme
    actions = {a for r in recommendations for a in targets(bundled_kg, r, "hasAction")}
    table_rows = {a for a in actions
                  if any(478 <= s.line <= 640 for s in bundled_kg.node(a).sources)}
    assert len(table_rows) >= 48  # 48 action rows in the tables
    # every table row names a lead officer; narrative actions of the review may not
    assert [a for a in table_rows if not list(bundled_kg.out_edges(a, "responsible"))] == []


def test_child_poverty_working_group_terms_of_reference(bundled_kg):
    tor = "plan:child-poverty-working-group-tor"
    group = "board:child-poverty-working-group"
    assert len(targets(bundled_kg, tor, "hasObjective")) == 6  # objectives I-VI, line 169
    members = [e.s for e in bundled_kg.in_edges(group, "memberOf")]
    assert len(members) >= 18  # membership, lines 187-207
    assert "person:margaret-whellans" in targets(bundled_kg, group, "chairedBy")
    assert "board:children-and-families-partnership" in targets(bundled_kg, group, "subGroupOf")
    assert "board:county-durham-poverty-action-group" in targets(bundled_kg, group, "reportsTo")


def test_lscb_chair_and_statutory_basis(bundled_kg):
    assert "person:jane-geraghty" in targets(bundled_kg, "board:durham-lscb", "chairedBy")
    assert {"leg:children-act-2004", "leg:working-together-to-safeguard-children-2015"} <= \
        set(targets(bundled_kg, "board:durham-lscb", "drivenBy"))


# Entities of the bundled graph allowed to stand without any relation, each with why.
# Empty: every entity the documents name is tied to something they state (issue 13).
RELATIONLESS_ALLOWED: dict[str, str] = {}


def test_every_bundled_entity_has_a_relation(bundled_kg):
    # a successor body no document names is joined to the others by its succession
    succeeding = {i for s in bundled_kg.successions for i in (*s.predecessors, *s.successors)}
    alone = sorted(n.id for n in bundled_kg.nodes()
                   if n.id not in RELATIONLESS_ALLOWED and n.id not in succeeding
                   and not any(True for _ in bundled_kg.out_edges(n.id))
                   and not any(True for _ in bundled_kg.in_edges(n.id)))
    assert alone == [], f"entities with no relation (add the relation the document " \
                        f"states, or remove the entity): {alone}"


def test_who_issues_the_national_frameworks(bundled_kg):
    issued = {(e.s, e.o) for e in bundled_kg.edges("issuedBy")}
    assert {("leg:ofsted-ilacs-framework", "org:ofsted"),
            ("leg:local-area-send-inspection-framework", "org:ofsted"),
            ("leg:local-area-send-inspection-framework", "org:cqc"),
            ("leg:hmip-youth-offending-inspection", "org:hmi-probation"),
            ("leg:child-health-in-2030-in-england", "org:rcpch"),
            ("leg:jrf-definition-of-poverty", "org:joseph-rowntree-foundation")} <= issued
