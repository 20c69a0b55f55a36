"""A new user's lint findings (notes/s5/tryout6.md #4, #5, #7, #11-#15, #18, #21).

What the papers say, checked by hand in the seeds: seed 004 (the Durham CYP scrutiny
pack of 28.9.17) lists the child poverty projects "implemented" to date (l.95-104,
recorded `status: in place (September 2017)`) and the Child Poverty Working Group's
members by post, three names against the Head of Child Health of Harrogate and District
NHS FT (l.192); it says the Head of Looked After Children and Care Leavers post was
created (l.283) and calls it "the new Head of Service post which was vacant in Q1" in
the Q1 2017/18 budget (l.2184, 2190). Seed 001 (the CYP Strategy 2019-2022, "2019- 2022"
on its cover, l.3-5) lists what "We did" (l.442-474) and its young people's and parents'
groups (l.327-329, 1594-1614). The registry's successions end the two Durham CCGs'
governing bodies on 31 March 2020.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

from conftest import run_cli, sendkg_script

TODAY = "2026-11-22"
BUNDLED = Path(__file__).parent.parent / "data" / "bundled"
FIXTURES = Path(__file__).parent / "fixtures"


def lint_json(*args, today: str = TODAY) -> dict:
    return json.loads(run_cli("lint", "--today", today, "--json", *args).out)


def lint_screen(*args, today: str = TODAY) -> str:
    """The human output at 80 columns, from the installed command (a real terminal width)."""
    return subprocess.run([str(sendkg_script()), "lint", "--today", today, *args],
                          capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}).stdout


def ids(payload: dict, rule: str) -> set[str]:
    return {r["id"] for r in payload["results"] if r["rule"] == rule}


# --- #4: an action recorded as done needs no time scale ---------------------------

def test_an_action_in_place_or_taken_needs_no_time_scale(bundled_kg):
    holiday, we_did = bundled_kg.node("act:cpwg-holiday-hunger"), bundled_kg.node(
        "act:cyps-wedid-2")
    assert holiday.props["status"] == "in place (September 2017)"
    assert we_did.props["kind"] == "action taken"
    assert not any(holiday.props.get(k) or we_did.props.get(k)
                   for k in ("timescale", "start", "end", "period"))
    found = ids(lint_json("--rule", "action-without-timescale"), "action-without-timescale")
    assert not {holiday.id, we_did.id} & found
    # the working group's next step (l.108) is not done and has no date: still asked
    assert "act:cpwg-develop-action-plan" in found


def test_the_words_that_say_done_are_data_and_read_on_status_and_kind():
    from sendkg.checks.lint_config import default_settings
    from sendkg.checks.rules_plans import is_completed
    from sendkg.names import normalise
    from sendkg.records import Node

    words = default_settings()["action-without-timescale"].params["completed_statuses"]
    assert {"in place", "action taken"} <= set(words)
    done = frozenset(normalise(w) for w in words)
    assert is_completed(Node("a", "Action", "A", props={"status": "In place (2017)"}), done)
    assert is_completed(Node("a", "Action", "A", props={"kind": "action taken"}), done)
    assert not is_completed(Node("a", "Action", "A", props={"status": "planned"}), done)
    assert not is_completed(Node("a", "Action", "A", props={"kind": "next step"}), done)


# --- #5: the post's holders are recorded as the paper gives them -------------------

def test_the_three_people_named_against_the_head_of_child_health_hold_it(bundled_kg):
    post = "post:head-of-child-health-hdft"
    holders = {e.s: e for e in bundled_kg.in_edges(post, "holds")}
    assert set(holders) == {"person:suzanne-lamb", "person:pauline-coglan",
                            "person:jodie-sellers"}
    assert all([s.line for s in e.sources] == [192] for e in holders.values())
    assert post not in ids(lint_json("--rule", "post-without-holder"), "post-without-holder")


def test_the_head_of_looked_after_children_is_one_post(bundled_kg):
    post = bundled_kg.node("post:head-of-looked-after-children-and-care-leavers")
    assert "Head of Service - LAC Permanence and Care Leavers" in post.aliases
    assert {283, 2184, 2190} <= {s.line for s in post.sources}
    assert not bundled_kg.has_node("post:head-of-service-lac-permanence-and-care-leavers")
    found = [r for r in lint_json("--rule", "post-without-holder")["results"]
             if r["label"].startswith("Head of") and ("Looked After" in r["label"]
                                                      or "LAC" in r["label"])]
    assert [r["id"] for r in found] == [post.id]  # vacant in Q1 2017/18: asked once


# --- #7: a period that is not a period is refused ---------------------------------

def test_a_typo_in_a_period_is_refused_with_file_and_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    path = data / "documents" / "002_send_joint_commissioning_plan.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "period: 2017-2018" in line)
    lines[number - 1] = lines[number - 1].replace("2017-2018", "2017-2O18")
    path.write_text("".join(lines), encoding="utf-8")
    for command in ("stats", "lint"):
        result = run_cli(command, "--data", data)
        assert result.code == 2, command
        errors = result.err.strip().splitlines()
        assert len(errors) == 1
        assert f"{path.name}:{number}: period '2017-2O18' is not a period" in errors[0]
        assert "Traceback" not in result.err


def test_periods_as_officers_write_them_are_read():
    from sendkg.dates import read_period

    assert (read_period("2018/19 – 2020/21").start, read_period("2018/19 – 2020/21").end) \
        == ("2018-04", "2021-03")
    assert read_period("Q1 2017/18").end == "2017-06"
    for text in ("2017-2O18", "12 months", "2017/18 and beyond"):
        assert not (read_period(text).start or read_period(text).end), text


def test_every_bundled_and_fixture_dataset_file_has_readable_periods():
    from sendkg.loaders.dataset import read_dataset_file

    checked = 0
    for path in [*BUNDLED.rglob("*.yaml"), *FIXTURES.rglob("*.yaml")]:
        try:
            _, problems = read_dataset_file(path)
        except Exception:  # not a dataset file (a lint config, a fixture of bad input)
            continue
        checked += 1
        assert not [p for p in problems if "is not a period" in str(p)], path
    assert checked > 50


# --- #11: lint --plan says how it read the text, and refuses one naming many -------

def test_a_plan_fragment_naming_many_plans_is_refused_with_the_list():
    result = run_cli("lint", "--plan", "Durham")
    assert result.code == 2
    assert result.err.startswith("error: --plan 'Durham' names 17 plans; give more of one "
                                 "name or its id:")
    assert "County Durham Child Poverty strategy (plan:county-durham-child-poverty-strategy)" \
        in result.err


def test_a_plan_fragment_naming_several_plans_says_which(bundled_kg):
    from sendkg.checks.filters import plans_named

    named = plans_named(bundled_kg, "Commissioning", "--plan")
    assert 1 < len(named) <= 5
    payload = lint_json("--plan", "Commissioning")
    assert payload["query"]["plan_read_as"] == [{"id": p.id, "label": p.label} for p in named]
    assert {r["plan"]["id"] for r in payload["results"]} <= {p.id for p in named}
    first = " ".join(lint_screen("--plan", "Commissioning").split("\n\n")[0].split())
    assert first.startswith("--plan 'Commissioning' read as: " + "; ".join(
        p.label for p in named) + f" ({len(named)} plans)")


# --- #12: a body abolished by the lint date is asked for nothing --------------------

def test_abolished_governing_bodies_are_not_asked_for_a_chair():
    gone = {"board:nhs-ddes-ccg-governing-body", "board:nhs-north-durham-ccg-governing-body"}
    before = lint_json("--rule", "board-without-chair", today="2020-03-31")
    assert gone <= ids(before, "board-without-chair")  # they still stood
    after = lint_json("--rule", "board-without-chair")
    assert not gone & ids(after, "board-without-chair")
    assert after["abolished_bodies"] == {"board-without-chair": len(gone)}
    screen = " ".join(lint_screen("--rule", "board-without-chair").split())
    assert f"2 more findings are on bodies abolished by {TODAY}" in screen


# --- #13: annual reports and participation groups ----------------------------------

def test_an_annual_reports_priorities_need_no_actions(bundled_kg):
    from sendkg.queries.containment import plans_of

    report = "plan:durham-lscb-annual-report-2016-17"
    assert bundled_kg.node(report).props["kind"] == "annual report"
    found = lint_json("--rule", "priority-without-actions", "--mentioned")["results"]
    assert found and not [r for r in found
                          if any(p.id == report for p in plans_of(bundled_kg, r["id"]))]


def test_participation_groups_are_asked_for_no_chair_or_reporting_line(bundled_kg):
    groups = {"board:children-in-care-council", "board:extreme-group",
              "board:making-changes-together"}
    assert {bundled_kg.node(g).props["kind"] for g in groups} == {
        "participation group", "parent carer forum"}
    payload = lint_json()
    assert not groups & (ids(payload, "board-without-chair")
                         | ids(payload, "board-without-reporting-line"))


def test_a_participation_group_is_told_apart_by_its_kind():
    from sendkg.checks.lint import run_lint
    from sendkg.graph.knowledge_graph import KnowledgeGraph
    from sendkg.records import Node

    kg = KnowledgeGraph()
    kg.add_node(Node("board:voice", "Board", "Young People's Voice",
                     props={"kind": "participation group"}))
    kg.add_node(Node("board:sub", "Board", "Short Breaks Group", props={"kind": "group"}))
    found = {(f.rule, f.subject.id) for f in run_lint(kg, today=date(2020, 1, 1))}
    assert ("board-without-chair", "board:sub") in found
    assert ("board-without-reporting-line", "board:sub") in found
    assert not [f for f in found if f[1] == "board:voice"]


# --- #14: officer-overloaded shows its count on screen ------------------------------

def test_each_overloaded_officer_shows_the_count_on_screen():
    args = ("--rule", "officer-overloaded")
    found = lint_json(*args, today="2017-06-01")["results"]
    assert len(found) >= 3  # listed as one block
    screen = " ".join(lint_screen(*args, today="2017-06-01").split())
    for r in found:
        count = r["message"].split(f"{r['label']!r} ")[1]
        assert count.startswith("owns ") and f"• {r['label']}: {count} · " in screen


# --- #15: plan-period-ended cites the line that gives the period --------------------

def test_plan_period_ended_cites_the_plans_own_paper_first(bundled_kg, seeds):
    plan = "plan:durham-cyp-strategy-2019-22"
    found = [r for r in lint_json("--rule", "plan-period-ended")["results"] if r["id"] == plan]
    assert found and "period '2019-2022'" in found[0]["message"]
    first = found[0]["sources"][0]
    described = next(bundled_kg.out_edges(plan, "describedIn"))
    assert first["document"] == described.sources[0].document
    seed = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8").splitlines()
    assert "2019- 2022" in "\n".join(seed[first["line"] - 1:first["line"] + 2])


# --- #18: a plan not yet started on the lint date -----------------------------------

def test_a_plan_not_yet_started_is_not_asked_for_anything():
    plan = "plan:durham-cyps-commissioning-plan-2019-21"
    started = [r for r in lint_json(today="2019-06-01")["results"]
               if (r["plan"] or {}).get("id") == plan]
    assert started
    early = lint_json(today="2017-06-01")
    assert not [r for r in early["results"] if (r["plan"] or {}).get("id") == plan]
    assert sum(early["plans_not_started"].values()) == len(started)
    screen = " ".join(lint_screen(today="2017-06-01").split())
    assert f"{len(started)} more findings are on plans not yet started on 2017-06-01" \
        in screen


# --- #21: plurals --------------------------------------------------------------------

def test_one_finding_set_aside_is_said_in_the_singular():
    payload = lint_json("--plan", "Stronger Families")
    assert sum(payload["mentioned_in_passing"].values()) == 1
    screen = " ".join(lint_screen("--plan", "Stronger Families").split())
    assert "1 more finding is on a plan only mentioned in passing" in screen
    assert "1 more findings are" not in screen
