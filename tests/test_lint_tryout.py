"""A new user's lint findings (notes/s4/tryout.md #5, #6, #15, #23) on the bundled data.

Derby's Integrated Commissioning Strategy (seed 003) reports its 2015-16 progress
(lines 258-292): each item has `period: 2015-16` and most a status such as "approved"
or "delivered". It cites the Derby Plan 2013-2015 (lines 150-154) only as context.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date

from conftest import run_cli, sendkg_script

TODAY = date(2025, 1, 1)
DERBY = "plan:derby-cyp-integrated-commissioning-strategy-2016-19"


def lint_json(*args) -> dict:
    return json.loads(run_cli("lint", "--today", TODAY.isoformat(), "--json", *args).out)


def lint_screen(*args) -> str:
    """The human output at 80 columns, from the installed command (a real terminal width)."""
    return subprocess.run([str(sendkg_script()), "lint", "--today", TODAY.isoformat(), *args],
                          capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}).stdout


def test_a_recorded_period_or_a_completed_status_is_not_a_missing_time_scale(bundled_kg):
    # "Future in Mind bid" (003 l.263): period 2015-16, status approved.
    bid = bundled_kg.node("act:dby-future-in-mind-bid")
    assert bid.props["period"] == "2015-16" and bid.props["status"] == "approved"
    flagged = {r["id"] for r in lint_json("--rule", "action-without-timescale",
                                          "--mentioned")["results"]}
    assert not {i for i in flagged if i.startswith("act:dby-")}
    # Durham's JCP actions with no date at all are still reported.
    assert any(i.startswith("act:jcp-") for i in flagged)


def test_the_report_gives_derby_objectives_the_period_of_their_actions(bundled_kg):
    from sendkg.render.report_content import plan_report

    report = plan_report(bundled_kg, DERBY, duplicates=False)
    scales = [o.timescale for o in report.objectives]
    # the objectives' own recorded periods (2016-17 intentions, one of 2015-16)
    assert scales.count("2016-17") == 7 and "2015-16" in scales


def test_an_objective_without_a_period_takes_its_actions_periods(bundled_kg):
    from sendkg.render.report_content import _timescale

    from sendkg.records import Node

    bid, other = (bundled_kg.node(i) for i in ("act:dby-future-in-mind-bid",
                                               "act:jcp-short-breaks-1"))
    assert _timescale(Node("obj:x", "Objective", "X"), [bid]) == "Apr 2015 to Mar 2016"
    assert _timescale(Node("obj:x", "Objective", "X"), [bid, other]) == (
        "Apr 2015 to May 2017")


def test_plans_mentioned_in_passing_are_set_aside_and_counted():
    payload = lint_json()
    assert payload["counts"]["error"] == 0
    assert payload["mentioned_in_passing"]["priority-without-owner"] == 3
    ids = {r["id"] for r in payload["results"]}
    assert "aim:dby-derby-plan-start-in-life" not in ids
    shown = {r["id"] for r in lint_json("--mentioned")["results"]}
    assert "aim:dby-derby-plan-start-in-life" in shown
    assert len(lint_json("--mentioned")["results"]) == len(payload["results"]) + sum(
        payload["mentioned_in_passing"].values())
    screen = lint_screen("--limit", "3")
    assert "30 more findings are on plans only mentioned in passing" in screen
    assert "Derby Plan 2013-2015" not in screen


def test_a_block_cut_by_the_limit_says_how_many_there_are():
    # The JCP has 11 actions with no time scale; --limit 8 shows the first 5 of them.
    total = len(lint_json("--plan", "JCP", "--rule", "action-without-timescale")["results"])
    assert total == 11
    screen = lint_screen("--plan", "JCP", "--limit", "8")
    assert f"5 of {total} × action without timescale" in screen


def test_lint_output_at_80_columns_has_no_trailing_spaces_and_whole_counts():
    lines = lint_screen("--limit", "40").splitlines()
    assert [line for line in lines if line != line.rstrip()] == []
    assert max(len(line) for line in lines) <= 80
    # a heading's count is never split over two lines ("(8" / "of 16)")
    assert not [line for line in lines if line.startswith("of ")]
    assert not [line for line in lines if line.rstrip().endswith(("(2", "(3", "(5", "(8"))]


def test_list_rules_never_breaks_a_rule_name():
    from sendkg.checks.lint_config import default_settings

    out = lint_screen("--list-rules", "--registry")
    words = set(out.split())
    assert all(rule_id in words for rule_id in default_settings())
    assert all(len(line) <= 80 and line == line.rstrip() for line in out.splitlines())


def test_the_checks_page_says_how_many_findings_are_set_aside(bundled_kg):
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    page = TestClient(create_app(Site(bundled_kg))).get("/checks").text
    assert "30 more are on plans only mentioned in passing" in page
    assert "Derby Plan 2013-2015" not in page
