"""A new user's duplicates findings (notes/s4/tryout.md #4, #16) on the bundled data.

The OSC pack (seed 004, line 28) lists the LSCB Annual Report as sent to the scrutiny
committee by the LSCB and by its Independent Chair: one report. The CYP Strategy (seed
001, lines 1483-1488) names in one sentence an aim and the plan that delivers it, both
monitored by one board: one fact, not two reports.
"""

from __future__ import annotations

import json

from conftest import run_cli


def reported_pairs(kg, min_score=0.5) -> set[frozenset[str]]:
    from sendkg.checks.duplicates_governance import repeated_reports

    return {frozenset((r.first.s, r.second.s)) for r in repeated_reports(kg, min_score)}


def test_a_board_and_its_own_chair_are_not_two_senders(bundled_kg):
    assert bundled_kg.edge("board:durham-lscb", "chairedBy", "post:durham-lscb-independent-chair")
    pairs = reported_pairs(bundled_kg)
    assert frozenset(("board:durham-lscb", "post:durham-lscb-independent-chair")) not in pairs
    # the Corporate Director of CYPS reports for the Child Poverty Working Group "as its chair"
    assert frozenset(("board:child-poverty-working-group", "post:corporate-director-cyps")) \
        not in pairs


def test_two_facts_of_one_sentence_are_not_two_reports(bundled_kg):
    pairs = reported_pairs(bundled_kg)
    assert frozenset(("aim:cyps-4", "plan:durham-send-written-statement-of-action")) not in pairs
    assert frozenset(("aim:cyps-3", "plan:durhamworks")) not in pairs


# tryout5 #4: each pair is one agenda item of the OSC pack of 28.9.17 (seed 004, l.19-32).
ONE_PAPER = {
    # item 7: the QIB one-year-on report on the Ofsted plan, attached at Appendix 2 (l.256)
    ("plan:durham-qib-one-year-on-report-2017", "plan:ofsted-improvement-plan-2016"),
    # item 9: the Q1 performance report the post leads, read with the framework holding
    # the aim (l.1336)
    ("aim:perf-altogether-better-for-cyp", "post:director-of-transformation-and-partnerships"),
    # item 10: the capital programme is one line (l.1868) of the outturn report (l.1854);
    # its "capital outturn" is cited from the report's own recommendation (l.2046)
    ("plan:durham-cyps-capital-programme-2016-17",
     "plan:durham-cyps-revenue-capital-outturn-2016-17"),
    # item 6: the child poverty report is the working group's progress report (l.73), and
    # asks the committee to agree the strands of the strategy the group owns (l.112)
    ("board:child-poverty-working-group", "plan:durham-child-poverty-report-2017-09"),
    ("plan:county-durham-child-poverty-strategy", "plan:durham-child-poverty-report-2017-09"),
}


def test_one_agenda_item_recorded_as_two_facts_is_not_two_senders(bundled_kg):
    osc = "board:cyp-overview-and-scrutiny-committee"
    for first, second in ONE_PAPER:  # both still report to the committee in the data
        assert any(e.o == osc for r in ("reportsTo", "monitoredBy")
                   for e in bundled_kg.out_edges(first, r))
        assert any(e.o == osc for r in ("reportsTo", "monitoredBy")
                   for e in bundled_kg.out_edges(second, r))
    found = reported_pairs(bundled_kg, min_score=0.0)
    assert not {frozenset(pair) for pair in ONE_PAPER} & found


def test_a_repeated_report_says_who_sends_and_what_a_report_is_on(bundled_kg):
    from sendkg.checks.duplicates_governance import repeated_reports

    found = {frozenset((r.first.s, r.second.s)): r for r in repeated_reports(bundled_kg, 0.0)}
    capital = found[frozenset(("plan:durham-cyps-capital-programme-2016-17",
                               "post:corporate-director-resources"))]
    assert capital.why(bundled_kg) == (
        "Durham CYP Overview and Scrutiny Committee receives alike reports: a report on "
        "plan CYPS Capital Programme 2016/17, 'capital outturn' and Corporate "
        "Director Resources sends 'Quarter 4 2016/17 budget outturn; Quarter 1 2017/18 "
        "revenue and capital forecast (line 32)'")


def test_same_legislation_means_the_items_own_not_their_plans():
    # The Durham travel-training objective is driven by the travel training guide and
    # the SEND Code of Practice (002); the Acts both plans cite are plan-wide context.
    payload = json.loads(run_cli("duplicates", "--between", "JCP", "Derby ICS", "--limit",
                                 "8", "--json").out)
    travel = [r for r in payload["results"] if "travel training" in r["why"]]
    assert travel
    assert all(r["explanation"].get("shared_legislation", []) == [] for r in travel)
    assert all("same legislation" not in r["why"] for r in travel)
    assert not any("Children and Families Act 2014" in r["why"] for r in travel)
