"""The six questions on the bundled data, checked against the seed documents.

Items are found by where they stand in a seed (document and line), the way an officer
would look them up; people, posts, organisations, boards and Acts by their canonical
ids. Each expectation cites the seed line it was read from.
"""

from __future__ import annotations

import pytest

from sendkg.queries import (
    affected_by,
    funders_of,
    legislation_driving,
    owners_of,
    owners_of_text,
    reporting_chain,
    responsibilities_of,
)

JCP = "002_81098658c4b2e719.txt"       # Durham SEND Joint Commissioning Plan 2017-2018
STRATEGY = "001_0d35ad221a688b36.txt"  # County Durham CYP Strategy 2019-2022
CYPS = "000_c3432e8db6082dfc.txt"      # Durham CYPS Commissioning Plan 2019-2021
DERBY = "003_d152c1de27bd5320.txt"     # Derby City Integrated Commissioning Strategy


def at_line(kg, type: str, document: str, line: int, word: str = "") -> str:
    """The one entity of `type` stated at `document:line` whose label has `word`."""
    found = sorted(n.id for n in kg.nodes(type)
                   if word.casefold() in n.label.casefold()
                   and any(s.document == document and s.line == line for s in n.sources))
    assert len(found) == 1, f"expected one {type} at {document}:{line} ({word!r}): {found}"
    return found[0]


def owners(kg, item_id: str, direct: bool | None = None) -> set[str]:
    return {o.node.id for o in owners_of(kg, item_id)
            if direct is None or o.inherited != direct}


def laws(kg, item_id: str, direct: bool | None = None) -> set[str]:
    return {d.node.id for d in legislation_driving(kg, item_id)
            if direct is None or d.inherited != direct}


# ---------------------------------------------------------------- owner (002 action tables)

def test_owner_of_travel_training(bundled_kg):
    # 002:325 "Paul Shadforth/ Mark Smith L/A" (L/A is the council)
    item = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    assert owners(bundled_kg, item, direct=True) == {
        "person:paul-shadforth", "person:mark-smith", "org:durham-county-council"}


def test_owner_of_travel_training_business_case_inherits_the_council(bundled_kg):
    # 002:325 "Establish a Business Case ..." led by the two officers; the council's
    # responsibility for the objective is inherited and marked.
    item = at_line(bundled_kg, "Action", JCP, 325, "business case")
    found = {(o.node.id, o.via.id if o.via else None) for o in owners_of(bundled_kg, item)}
    objective = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    assert ("person:mark-smith", None) in found and ("person:paul-shadforth", None) in found
    assert ("org:durham-county-council", objective) in found


def test_owner_of_community_equipment(bundled_kg):
    # 002:304 "Mark Smith L/A"
    item = at_line(bundled_kg, "Objective", JCP, 304, "equipment")
    assert owners(bundled_kg, item, direct=True) == {
        "person:mark-smith", "org:durham-county-council"}


def test_owner_of_short_breaks_merges_lindsey_and_lyndsey(bundled_kg):
    # 002:301 "Lindsey Dunn L/A Claire Garner-Harris (NECs) ND & DDES CCGs"
    item = at_line(bundled_kg, "Objective", JCP, 301, "short break")
    assert owners(bundled_kg, item, direct=True) == {
        "person:lyndsey-dunn", "person:claire-garner-harris", "org:necs",
        "org:nhs-north-durham-ccg", "org:nhs-ddes-ccg", "org:durham-county-council"}


def test_owner_of_paediatric_therapy(bundled_kg):
    # 002:307 "Rebeca Haynes ND & DDES CCGs"
    item = at_line(bundled_kg, "Objective", JCP, 307, "therap")
    assert owners(bundled_kg, item, direct=True) == {
        "person:rebeca-haynes", "org:nhs-north-durham-ccg", "org:nhs-ddes-ccg"}


def test_owner_of_high_needs_names_the_dco_and_who_holds_it(bundled_kg):
    # 002:328 "Paul Shadforth L/A Kim Lawther DCO ND & DDES CCGs"; the contact block at
    # the end of 002 names Kim Lawther Designated Clinical Officer (SEND).
    item = at_line(bundled_kg, "Objective", JCP, 328, "high needs")
    found = {o.node.id: o for o in owners_of(bundled_kg, item)}
    assert {"person:paul-shadforth", "person:kim-lawther", "post:designated-clinical-officer",
            "org:nhs-north-durham-ccg", "org:nhs-ddes-ccg"} <= set(found)
    assert [h.id for h in found["post:designated-clinical-officer"].holders] == [
        "person:kim-lawther"]


def test_owner_of_transition_includes_the_dmo(bundled_kg):
    # 002:310 "Lyndsey Dunn L/A Dr Chandra Anand DMO"
    item = at_line(bundled_kg, "Objective", JCP, 310, "transition")
    assert {"person:lyndsey-dunn", "person:chandra-anand",
            "post:designated-medical-officer"} <= owners(bundled_kg, item, direct=True)


# ---------------------------------------------------------------- owns

def owned(kg, agent: str) -> set[str]:
    return {r.item.id for r in responsibilities_of(kg, agent)}


def test_owns_mark_smith_across_the_jcp(bundled_kg):
    # 002:304, 316/319, 325, 332 name Mark Smith
    expected = {at_line(bundled_kg, "Objective", JCP, line, word) for line, word in
                [(304, "equipment"), (316, "offend"), (325, "travel"), (332, "speech")]}
    found = responsibilities_of(bundled_kg, "person:mark-smith")
    assert expected <= {r.item.id for r in found}
    plans = {p.id for r in found if r.item.id in expected for p in r.plans}
    assert plans == {"plan:durham-send-jcp-2017-18"}


def test_owns_paul_shadforth(bundled_kg):
    # 002:322 autism review, 325 travel training, 328 high needs
    expected = {at_line(bundled_kg, "Objective", JCP, line, word) for line, word in
                [(322, "communication"), (325, "travel"), (328, "high needs")]}
    assert expected <= owned(bundled_kg, "person:paul-shadforth")


def test_owns_lyndsey_dunn(bundled_kg):
    # 002:301 short breaks ("Lindsey"), 310 transition ("Lyndsey")
    expected = {at_line(bundled_kg, "Objective", JCP, 301, "short break"),
                at_line(bundled_kg, "Objective", JCP, 310, "transition")}
    assert expected <= owned(bundled_kg, "person:lyndsey-dunn")


def test_owns_kim_lawther_directly_and_as_dco(bundled_kg):
    # 002:328 "Kim Lawther DCO"
    item = at_line(bundled_kg, "Objective", JCP, 328, "high needs")
    ways = {(r.item.id, r.through.id if r.through else None)
            for r in responsibilities_of(bundled_kg, "person:kim-lawther")}
    assert (item, None) in ways and (item, "post:designated-clinical-officer") in ways


def test_owns_chairs_from_the_strategy_governance_chart(bundled_kg):
    # 001 Appendix 3: "Chair: Cllr Lucy Hovvels" (HWB), "Chair: Margaret Whellans" (CFP)
    assert ("board:health-and-wellbeing-board", "chairedBy") in {
        (r.item.id, r.relation) for r in responsibilities_of(bundled_kg, "person:lucy-hovvels")}
    assert ("board:children-and-families-partnership", "chairedBy") in {
        (r.item.id, r.relation)
        for r in responsibilities_of(bundled_kg, "person:margaret-whellans")}


# ---------------------------------------------------------------- chain

def first_hops(chain) -> set[tuple[str, str]]:
    return {(h.relation, h.node.id) for h in chain.root.next}


def test_chain_of_travel_training(bundled_kg):
    # 002:339 work-streams monitored via the SEND Joint Commissioning Partnership;
    # 002:341 overall progress quarterly to the SEND Strategy and Accountability Group.
    item = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    chain = reporting_chain(bundled_kg, item)
    assert first_hops(chain) == {("monitoredBy", "board:send-joint-commissioning-partnership"),
                                 ("hasObjective", "plan:durham-send-jcp-2017-18")}
    paths = [[h.node.id for h in p] for p in chain.paths()]
    assert [item, "board:send-joint-commissioning-partnership",
            "board:send-strategy-and-accountability-group"] in paths
    assert not chain.findings


def test_chain_of_the_jcp_reports_quarterly_and_annually(bundled_kg):
    # 002:341 quarterly to the SSAG; annual report to the Healthy Child Programme Board,
    # Health & Wellbeing Board, Children and Families Partnership and CCG Governing Bodies.
    chain = reporting_chain(bundled_kg, "plan:durham-send-jcp-2017-18")
    hops = {h.node.id: h.edge.props.get("frequency") for h in chain.root.next}
    assert hops["board:send-strategy-and-accountability-group"] == "quarterly"
    for body in ("board:healthy-child-programme-board", "board:health-and-wellbeing-board",
                 "board:children-and-families-partnership",
                 "board:nhs-north-durham-ccg-governing-body",
                 "board:nhs-ddes-ccg-governing-body"):
        assert hops[body] == "annual"


def test_chain_carries_chairs(bundled_kg):
    # 001 Appendix 3: HWB chaired by Cllr Lucy Hovvels
    chain = reporting_chain(bundled_kg, "plan:durham-send-jcp-2017-18")
    hwb = next(h for h in chain.root.next if h.node.id == "board:health-and-wellbeing-board")
    assert [c.node.id for c in hwb.chairs] == ["person:lucy-hovvels"]


def test_chain_counts_a_sub_group_as_a_hop(bundled_kg):
    # 004:2403 the Healthy Child Programme Board is a sub group of the HWB
    chain = reporting_chain(bundled_kg, "board:healthy-child-programme-board")
    assert ("subGroupOf", "board:health-and-wellbeing-board") in first_hops(chain)


def test_chain_of_the_cyps_commissioning_plan(bundled_kg):
    # 000:366 monitored via the Durham Joint Commissioning Group and the Integrated
    # Steering Group for Children; 000:368-376 progress reports to seven groups.
    chain = reporting_chain(bundled_kg, "plan:durham-cyps-commissioning-plan-2019-21")
    hops = first_hops(chain)
    assert {("monitoredBy", "board:integrated-steering-group-for-children"),
            ("monitoredBy", "board:joint-commissioning-group"),
            ("reportsTo", "board:send-strategy-and-accountability-group")} <= hops
    assert len({b for r, b in hops if r == "reportsTo"}) == 7


# ---------------------------------------------------------------- drivers

def test_drivers_of_travel_training(bundled_kg):
    # 002:325 "Travel training good practice guide 2011 / SEND Code of Practice 2015";
    # 002:226 the plan's national legislation, inherited.
    item = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    assert laws(bundled_kg, item, direct=True) == {
        "leg:travel-training-good-practice-guide-2011", "leg:send-code-of-practice"}
    assert {"leg:children-and-families-act-2014", "leg:care-act-2014",
            "leg:health-and-social-care-act-2012"} <= laws(bundled_kg, item, direct=False)


def test_drivers_of_community_equipment_with_links(bundled_kg):
    # 002:304 Children Act 1989, CSDPA 1970, LGHA 1989, NHS Act 2006/HSCA 2012
    item = at_line(bundled_kg, "Objective", JCP, 304, "equipment")
    direct = {d.node.id: d.uri for d in legislation_driving(bundled_kg, item) if not d.inherited}
    assert direct == {
        "leg:children-act-1989": "http://www.legislation.gov.uk/id/ukpga/1989/41",
        "leg:chronically-sick-and-disabled-persons-act-1970":
            "http://www.legislation.gov.uk/id/ukpga/1970/44",
        "leg:local-government-and-housing-act-1989":
            "http://www.legislation.gov.uk/id/ukpga/1989/42",
        "leg:nhs-act-2006": "http://www.legislation.gov.uk/id/ukpga/2006/41",
        "leg:health-and-social-care-act-2012": "http://www.legislation.gov.uk/id/ukpga/2012/7"}


def test_drivers_of_young_people_who_offend(bundled_kg):
    # 002:316 "Crime and Disorder Act 1998 / SEND Code of Practice 2015"
    item = at_line(bundled_kg, "Objective", JCP, 316, "offend")
    assert laws(bundled_kg, item, direct=True) == {
        "leg:crime-and-disorder-act-1998", "leg:send-code-of-practice"}


def test_drivers_of_autism_review(bundled_kg):
    # 002:322 "Children and Families Act 2014 Autism Act 2009 SEND Code of Practice 2015"
    item = at_line(bundled_kg, "Objective", JCP, 322, "communication")
    assert laws(bundled_kg, item, direct=True) == {
        "leg:children-and-families-act-2014", "leg:autism-act-2009", "leg:send-code-of-practice"}


def test_drivers_of_transition_one_code_whatever_the_year(bundled_kg):
    # 002:310 "Children and Families Act 2014 SEND Code of Practice 2015 Care Act 2014"
    item = at_line(bundled_kg, "Objective", JCP, 310, "transition")
    assert laws(bundled_kg, item, direct=True) == {
        "leg:children-and-families-act-2014", "leg:send-code-of-practice", "leg:care-act-2014"}


def test_drivers_of_an_action_are_inherited_from_its_objective(bundled_kg):
    action = at_line(bundled_kg, "Action", JCP, 325, "business case")
    objective = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    found = {(d.node.id, d.via.id) for d in legislation_driving(bundled_kg, action)}
    assert ("leg:travel-training-good-practice-guide-2011", objective) in found


# ---------------------------------------------------------------- funders

def funder_rows(kg, item_id: str) -> set[tuple]:
    return {(f.node.id, f.relation, f.amount, f.period, f.inherited)
            for f in funders_of(kg, item_id)}


def test_funders_nhs_england_health_care_support_workers(bundled_kg):
    # 002:316 "NHS England to fund 2fte Health Care Support Workers (Mental Health)",
    # April 17 to March 19
    item = at_line(bundled_kg, "Action", JCP, 316, "care support")
    assert ("org:nhs-england", "fundedBy", "2 FTE Health Care Support Workers (Mental Health)",
            "April 17 to March 19", False) in funder_rows(bundled_kg, item)


def test_funders_public_health_nurse_by_contract_variation(bundled_kg):
    # 002:316 "contract variation to 0-19 Health Visiting and School Nursing Contract ...
    # 1FTE Specialist Children's Public Health Nurse ... (Funded by Public Health)"
    item = at_line(bundled_kg, "Action", JCP, 316, "nurse")
    [funder] = [f for f in funders_of(bundled_kg, item) if not f.inherited]
    assert funder.node.id == "org:durham-county-council-public-health"
    assert "contract variation" in funder.mechanism


def test_funders_therapist_post_moves_from_cdyos_to_the_ccgs(bundled_kg):
    # 002:316 SLT post funded by CDYOS to 30 November 2017, then in the CCG contract
    extend = at_line(bundled_kg, "Action", JCP, 316, "extend")
    assert {f.node.id for f in funders_of(bundled_kg, extend) if not f.inherited} == {
        "org:county-durham-youth-offending-service"}
    move = at_line(bundled_kg, "Action", JCP, 316, "into CCG")
    assert {f.node.id for f in funders_of(bundled_kg, move) if not f.inherited} == {
        "org:nhs-north-durham-ccg", "org:nhs-ddes-ccg"}


def test_funders_short_breaks_pooled_budgets(bundled_kg):
    # 002:228 section 75 and section 256 pooled budget agreements (short breaks/respite)
    item = at_line(bundled_kg, "Objective", JCP, 301, "short break")
    direct = {f.node.id: f.mechanism for f in funders_of(bundled_kg, item) if not f.inherited}
    assert set(direct) == {"org:durham-county-council", "org:nhs-north-durham-ccg",
                           "org:nhs-ddes-ccg"}
    assert all("section 75" in mechanism for mechanism in direct.values())


def test_funders_co_commissioners_inherited_from_the_jcp(bundled_kg):
    # 002:40 co-commissioned with NHS Darlington CCG, NHS England and the OPCC
    item = at_line(bundled_kg, "Objective", JCP, 325, "travel")
    inherited = {(f.node.id, f.via.id) for f in funders_of(bundled_kg, item) if f.inherited}
    for org in ("org:nhs-darlington-ccg", "org:nhs-england", "org:durham-pcc"):
        assert (org, "plan:durham-send-jcp-2017-18") in inherited


def test_funders_derby_joint_commissioning_partners(bundled_kg):
    # 003:189 footnote: jointly commissioned by Derby City Council and Southern Derbyshire CCG
    rows = [f for f in funders_of(bundled_kg, "obj:dby-reduce-high-cost-placements")
            if not f.inherited]
    assert {(f.node.id, f.relation) for f in rows} == {
        ("org:derby-city-council", "commissionedBy"),
        ("org:nhs-southern-derbyshire-ccg", "commissionedBy")}


# ---------------------------------------------------------------- impact

def affected(kg, node_id: str) -> dict[str, int]:
    return {a.node.id: a.depth for a in affected_by(kg, node_id)}


def test_impact_of_the_crime_and_disorder_act(bundled_kg):
    # 002:316 the young-offenders objective is driven by it; its actions go with it
    objective = at_line(bundled_kg, "Objective", JCP, 316, "offend")
    found = affected(bundled_kg, "leg:crime-and-disorder-act-1998")
    assert found[objective] == 1
    assert found[at_line(bundled_kg, "Action", JCP, 316, "care support")] == 2


def test_impact_of_abolishing_the_send_jcp_partnership(bundled_kg):
    # 002:339 every work-stream is monitored via the partnership
    found = affected(bundled_kg, "board:send-joint-commissioning-partnership")
    for line, word in [(301, "short break"), (325, "travel"), (328, "high needs")]:
        assert found[at_line(bundled_kg, "Objective", JCP, line, word)] == 1
    assert found[at_line(bundled_kg, "Action", JCP, 325, "business case")] == 2


def test_impact_of_the_send_strategy_and_accountability_group(bundled_kg):
    # 002:341 the JCP reports to it quarterly; 000:375 so does the CYPS plan; the JCP
    # partnership reports through it
    found = affected(bundled_kg, "board:send-strategy-and-accountability-group")
    assert found["plan:durham-send-jcp-2017-18"] == 1
    assert found["plan:durham-cyps-commissioning-plan-2019-21"] == 1
    assert found["board:send-joint-commissioning-partnership"] == 1
    assert found[at_line(bundled_kg, "Objective", JCP, 325, "travel")] == 2


def test_impact_of_nhs_england(bundled_kg):
    # 002:316 funds two kinds of youth offending health posts; 002:40 co-commissions the JCP
    found = affected(bundled_kg, "org:nhs-england")
    assert found[at_line(bundled_kg, "Action", JCP, 316, "care support")] == 1
    assert found[at_line(bundled_kg, "Action", JCP, 316, "diversion")] == 1
    assert found["plan:durham-send-jcp-2017-18"] == 1
    assert found[at_line(bundled_kg, "Objective", JCP, 325, "travel")] == 2


def test_impact_of_mark_smith(bundled_kg):
    # 002:304 equipment objective he leads; his post (002 contact block) is affected too
    found = affected(bundled_kg, "person:mark-smith")
    assert found[at_line(bundled_kg, "Objective", JCP, 304, "equipment")] == 1
    assert found["post:strategic-commissioning-manager"] == 1


def test_impact_of_the_autism_act(bundled_kg):
    # 002:322 the complex social communication review
    found = affected(bundled_kg, "leg:autism-act-2009")
    assert found[at_line(bundled_kg, "Objective", JCP, 322, "communication")] == 1


# ---------------------------------------------------------------- text resolution

@pytest.mark.parametrize("text, expected", [
    ("Independent travel training for young people with disabilities", "obj:jcp-travel-training"),
    ("Durham SEND Joint Commissioning Plan", "plan:durham-send-jcp-2017-18"),
])
def test_text_resolution_on_bundled_data(bundled_kg, text, expected):
    assert [subject.id for subject, _ in owners_of_text(bundled_kg, text)] == [expected]
