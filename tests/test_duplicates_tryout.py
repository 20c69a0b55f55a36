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
    # two papers' reports on the Ofsted recommendations, at lines 27 and 449, remain
    assert frozenset(("plan:durham-qib-one-year-on-report-2017",
                      "plan:ofsted-improvement-plan-2016")) in pairs


def test_a_repeated_report_says_why_in_plain_words(bundled_kg):
    from sendkg.checks.duplicates_governance import repeated_reports

    found = {frozenset((r.first.s, r.second.s)): r for r in repeated_reports(bundled_kg, 0.5)}
    ofsted = found[frozenset(("plan:durham-qib-one-year-on-report-2017",
                              "plan:ofsted-improvement-plan-2016"))]
    assert ofsted.why(bundled_kg) == (
        "both send Durham CYP Overview and Scrutiny Committee alike reports: "
        "'one-year-on progress against the 14 Ofsted recommendations' and "
        "'progress against the Ofsted recommendations'")


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
