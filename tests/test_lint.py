"""`sendkg lint` rules: exact findings on tiny datasets written by each test."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import SMALL, run_cli
from sendkg.checks.lint import lint_dataset, run_lint
from sendkg.checks.lint_config import default_settings
from sendkg.graph.lenient import load_lenient
from sendkg.checks.lint_model import registered_rules

TODAY = date(2021, 6, 15)
HEADER = "document: {id: doc:t, file: t.txt, title: Test plan, line: 1}\n"


def write_dataset(folder: Path, entities=(), relations=(), registry=()) -> Path:
    """A dataset folder with one document file (and a registry file if given)."""
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    text = HEADER + "entities:\n" + "".join(f"  - {e}\n" for e in entities)
    if relations:
        text += "relations:\n" + "".join(f"  - {r}\n" for r in relations)
    (folder / "documents" / "t.yaml").write_text(text)
    if registry:
        (folder / "registry").mkdir(exist_ok=True)
        (folder / "registry" / "r.yaml").write_text(
            "registry:\n" + "".join(f"  - {r}\n" for r in registry))
    return folder


def only(rule: str, **params):
    """The default settings with every rule but `rule` switched off."""
    settings = {rule_id: replace(s, enabled=rule_id == rule)
                for rule_id, s in default_settings().items()}
    settings[rule] = replace(settings[rule], params={**settings[rule].params, **params})
    return settings


def found(folder: Path, rule: str, today: date = TODAY, registry: bool = False, **params):
    """(subject id, message) of each finding of one rule on a dataset folder."""
    kg, rejected = load_lenient(folder)
    return [(f.subject.id, f.message)
            for f in run_lint(kg, only(rule, **params), today, rejected, registry)]


def ids(findings) -> list[str]:
    return [subject for subject, _ in findings]


# ---------------------------------------------------------------- registry and defaults

def test_every_rule_has_defaults_and_every_default_has_code():
    assert list(default_settings()) == [
        "priority-without-owner", "priority-without-actions", "action-without-owner",
        "action-without-timescale", "action-overdue-without-status", "plan-period-ended",
        "objective-without-driver", "post-without-holder", "board-without-chair",
        "board-without-reporting-line", "board-without-frequency", "owner-gone",
        "plan-without-successor", "fact-to-abolished-body", "reporting-loop",
        "person-spelling-variant", "dangling-reference", "relation-outside-ontology",
        "legislation-not-in-registry", "officer-overloaded"]
    assert set(registered_rules()) == set(default_settings())


def test_default_severities():
    severities = {rule: s.severity for rule, s in default_settings().items()}
    assert sorted(r for r, s in severities.items() if s == "error") == [
        "action-without-owner", "dangling-reference", "priority-without-owner",
        "relation-outside-ontology", "reporting-loop"]
    assert sorted(r for r, s in severities.items() if s == "info") == [
        "board-without-frequency", "objective-without-driver", "plan-period-ended",
        "plan-without-successor"]
    groups = {rule: s.group for rule, s in default_settings().items()}
    assert [r for r, g in groups.items() if g == "registry"] == ["legislation-not-in-registry"]


# ---------------------------------------------------------------- priorities

PRIORITIES = {
    "entities": [
        "{id: plan:p, type: Plan, label: Plan P, line: 2}",
        "{id: plan:q, type: Plan, label: Plan Q, line: 3}",
        "{id: aim:a, type: Aim, label: Aim A, line: 4}",
        "{id: obj:f1, type: Objective, label: Focus one, kind: focus area, line: 5}",
        "{id: obj:f2, type: Objective, label: Focus two, kind: focus area, line: 6}",
        "{id: obj:f3, type: Objective, label: Focus three, kind: Focus Area, line: 7}",
        "{id: obj:o4, type: Objective, label: Plain objective, kind: objective, line: 8}",
        "{id: act:one, type: Action, label: Action one, line: 9}",
        "{id: deliv:d, type: Deliverable, label: Deliverable D, line: 10}",
        "{id: person:ann, type: Person, label: Ann Lee, line: 11}",
        "{id: org:la, type: Organisation, label: Example Council, line: 12}",
        "{id: plan:r, type: Plan, label: Plan R, line: 13}",
        "{id: obj:f5, type: Objective, label: Focus five, kind: priority, line: 14}",
    ],
    "relations": [
        "{s: plan:p, p: hasAim, o: aim:a, line: 4}",
        "{s: aim:a, p: hasObjective, o: obj:f1, line: 5}",
        "{s: aim:a, p: hasObjective, o: obj:f2, line: 6}",
        "{s: plan:q, p: hasObjective, o: obj:f3, line: 7}",
        "{s: plan:p, p: hasObjective, o: obj:o4, line: 8}",
        "{s: obj:f1, p: hasAction, o: act:one, line: 9}",
        "{s: obj:f2, p: hasDeliverable, o: deliv:d, line: 10}",
        "{s: obj:f1, p: responsible, o: person:ann, line: 5, role: lead}",
        "{s: plan:q, p: responsible, o: org:la, line: 3, role: lead}",
        "{s: plan:r, p: hasObjective, o: obj:f5, line: 14}",
        "{s: plan:r, p: ownedBy, o: org:la, line: 13}",
    ]}


PLAN_OWNED = " (its plan is owned by Example Council)"


def test_priority_without_owner_counts_inherited_owners(tmp_path):
    # As `sendkg owner`: obj:f3 inherits plan Q's responsible council, and obj:f5 the
    # council that plan R is ownedBy.
    folder = write_dataset(tmp_path, **PRIORITIES)
    assert found(folder, "priority-without-owner") == [
        ("aim:a", "aim 'Aim A' has no owner of its own or inherited from what contains it"),
        ("obj:f2", ("focus area 'Focus two' has no owner of its own or inherited from what "
                   "contains it"))]


def test_priority_without_owner_can_demand_a_direct_owner(tmp_path):
    folder = write_dataset(tmp_path, **PRIORITIES)
    assert found(folder, "priority-without-owner", inherit=False) == [
        ("aim:a", "aim 'Aim A' has no owner of its own"),
        ("obj:f2", "focus area 'Focus two' has no owner of its own"),
        ("obj:f3", "Focus Area 'Focus three' has no owner of its own"),
        ("obj:f5", "priority 'Focus five' has no owner of its own" + PLAN_OWNED)]
    assert ids(found(folder, "priority-without-owner", inherit=False,
                     subjects=["Objective/objective"])) == ["obj:o4"]


def test_priority_without_actions(tmp_path):
    folder = write_dataset(tmp_path, **PRIORITIES)
    assert found(folder, "priority-without-actions") == [
        ("obj:f3", "Focus Area 'Focus three' has no actions or deliverables under it"),
        ("obj:f5", "priority 'Focus five' has no actions or deliverables under it")]
    assert ids(found(folder, "priority-without-actions", work_types=["Action"])) == [
        "obj:f2", "obj:f3", "obj:f5"]
    assert found(folder, "priority-without-actions", work_types=["Action"])[0] == (
        "obj:f2", "focus area 'Focus two' has no actions under it")


# ---------------------------------------------------------------- actions

ACTIONS = {
    "entities": [
        "{id: plan:p, type: Plan, label: Plan P, line: 2}",
        "{id: obj:o, type: Objective, label: Objective O, line: 3}",
        "{id: act:a, type: Action, label: A, timescale: Jan-Mar 21, line: 4}",
        "{id: act:b, type: Action, label: B, end: 2021-05, line: 5}",
        "{id: act:c, type: Action, label: C, end: 2021-06, line: 6}",
        "{id: act:d, type: Action, label: D, end: 2021-05, status: on track, line: 7}",
        "{id: act:e, type: Action, label: E, end: 2020, line: 8}",
        "{id: act:f, type: Action, label: F, timescale: over the next three years, line: 9}",
        "{id: act:g, type: Action, label: G, line: 10}",
        "{id: act:h, type: Action, label: H, start: 2021-01, line: 11}",
        "{id: person:ann, type: Person, label: Ann Lee, line: 12}",
        "{id: post:x, type: Post, label: Manager, line: 13}",
    ],
    "relations": [
        "{s: plan:p, p: hasObjective, o: obj:o, line: 3}",
        *[f"{{s: obj:o, p: hasAction, o: act:{a}, line: 4}}" for a in "abcdef"],
        "{s: obj:o, p: responsible, o: person:ann, line: 3, role: lead}",
        "{s: act:a, p: responsible, o: post:x, line: 4, role: lead}",
    ]}


def test_action_without_owner(tmp_path):
    folder = write_dataset(tmp_path, **ACTIONS)
    assert found(folder, "action-without-owner") == [
        ("act:g", "action 'G' has no owner of its own or inherited from what contains it"),
        ("act:h", "action 'H' has no owner of its own or inherited from what contains it")]
    assert ids(found(folder, "action-without-owner", inherit=False)) == [
        "act:b", "act:c", "act:d", "act:e", "act:f", "act:g", "act:h"]


def test_action_without_timescale(tmp_path):
    folder = write_dataset(tmp_path, **ACTIONS)
    assert found(folder, "action-without-timescale") == [
        ("act:g", "action 'G' has no time scale")]


def test_action_overdue_without_status_judged_on_the_given_day(tmp_path):
    folder = write_dataset(tmp_path, **ACTIONS)
    running = " (its plan 'Plan P' records no end date, so it is judged still running)"
    assert found(folder, "action-overdue-without-status") == [
        ("act:a", "action 'A' was due by 2021-03 (time scale 'Jan-Mar 21') and has no status"
                  + running),
        ("act:b", "action 'B' was due by 2021-05 (time scale '2021-05') and has no status"
                  + running),
        ("act:e", "action 'E' was due by 2020-12 (time scale '2020') and has no status"
                  + running)]
    assert ids(found(folder, "action-overdue-without-status", today=date(2021, 1, 31))) == [
        "act:e"]
    assert ids(found(folder, "action-overdue-without-status", today=date(2021, 7, 1))) == [
        "act:a", "act:b", "act:c", "act:e"]


# ---------------------------------------------------------------- officers

def _officer_dataset(tmp_path):
    actions = [f"{{id: act:{n}, type: Action, label: Action {n}, line: {n + 1}}}"
               for n in range(1, 15)]
    actions[2] = "{id: act:3, type: Action, label: Action 3, end: 2021-12, line: 4}"
    actions[4] = "{id: act:5, type: Action, label: Action 5, end: 2021-01, line: 6}"
    actions[5] = "{id: act:6, type: Action, label: Action 6, status: Completed in May, line: 7}"
    people = ["{id: person:ann, type: Person, label: Ann Lee, line: 20}",
              "{id: person:bob, type: Person, label: Bob Roe, line: 21}",
              "{id: person:cat, type: Person, label: Cat Poe, line: 22}",
              "{id: post:mgr, type: Post, label: Manager, line: 23}",
              "{id: post:vacant, type: Post, label: Vacant post, line: 24}"]
    owners = {1: "person:ann", 2: "person:ann", 3: "person:ann", 5: "person:ann",
              6: "person:ann", 7: "post:mgr", 8: "post:mgr", 9: "person:bob",
              10: "post:vacant", 11: "post:vacant", 12: "post:vacant", 13: "person:cat",
              14: "person:cat"}
    relations = [f"{{s: act:{n}, p: responsible, o: {o}, line: {n + 1}, role: lead}}"
                 for n, o in owners.items()]
    relations[2] = "{s: act:3, p: responsible, o: person:ann, line: 4, role: co-lead}"
    relations += ["{s: act:4, p: responsible, o: person:ann, line: 5, role: support}",
                  "{s: act:9, p: responsible, o: post:mgr, line: 10}",
                  "{s: person:bob, p: holds, o: post:mgr, line: 21}"]
    return write_dataset(tmp_path, [*actions, *people], relations)


def test_officer_overloaded_counts_live_actions_a_person_owns(tmp_path):
    folder = _officer_dataset(tmp_path)
    assert found(folder, "officer-overloaded", max_live_actions=2) == [
        ("person:ann", "person 'Ann Lee' owns 3 live actions (more than 2)"),
        ("person:bob", "person 'Bob Roe' owns 3 live actions (more than 2)"),
        ("post:vacant", "post 'Vacant post' owns 3 live actions (more than 2)")]
    assert found(folder, "officer-overloaded", max_live_actions=3) == []
    kg, _ = load_lenient(folder)
    [ann] = [f for f in run_lint(kg, only("officer-overloaded", max_live_actions=2), TODAY)
             if f.subject.id == "person:ann"]
    assert [r.id for r in ann.related] == ["act:1", "act:2", "act:3"]
    assert [str(s) for s in ann.sources] == ["t.txt:2", "t.txt:3", "t.txt:4"]


def test_officer_overloaded_roles_and_completed_statuses_are_parameters(tmp_path):
    folder = _officer_dataset(tmp_path)
    assert ids(found(folder, "officer-overloaded", max_live_actions=2,
                     roles=["lead", "co-lead", "support"])) == [
        "person:ann", "person:bob", "post:vacant"]
    assert found(folder, "officer-overloaded", max_live_actions=3,
                 roles=["lead", "co-lead", "support"], completed_statuses=[]) == [
        ("person:ann", "person 'Ann Lee' owns 5 live actions (more than 3)")]


# ---------------------------------------------------------------- drivers

def test_objective_without_driver(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: plan:p, type: Plan, label: Plan P, line: 2}",
        "{id: plan:q, type: Plan, label: Plan Q, line: 3}",
        "{id: obj:inherits, type: Objective, label: Inherits, line: 4}",
        "{id: obj:own, type: Objective, label: Own, line: 5}",
        "{id: obj:none, type: Objective, label: None of it, kind: objective, line: 6}",
        "{id: leg:guide, type: Legislation, label: A Guide, kind: statutory guidance, line: 7}",
    ], [
        "{s: plan:p, p: hasObjective, o: obj:inherits, line: 4}",
        "{s: plan:q, p: hasObjective, o: obj:own, line: 5}",
        "{s: plan:q, p: hasObjective, o: obj:none, line: 6}",
        "{s: plan:p, p: drivenBy, o: leg:guide, line: 2}",
        "{s: obj:own, p: drivenBy, o: leg:guide, line: 5}",
    ])
    assert found(folder, "objective-without-driver") == [
        ("obj:none", ("objective 'None of it' names no legislation or guidance driving it "
                     "of its own or inherited from what contains it"))]
    assert ids(found(folder, "objective-without-driver", inherit=False)) == [
        "obj:inherits", "obj:none"]


# ---------------------------------------------------------------- governance

GOVERNANCE = {
    "entities": [
        "{id: person:ann, type: Person, label: Ann Lee, line: 2}",
        "{id: post:held, type: Post, label: Held post, line: 3}",
        "{id: post:empty, type: Post, label: Empty post, line: 4}",
        "{id: board:top-hwb, type: Board, label: Example Health & Wellbeing Board, line: 5}",
        "{id: board:gb, type: Board, label: CCG Board, kind: Governing Body, line: 6}",
        "{id: board:sub, type: Board, label: Sub group, kind: group, line: 7}",
        "{id: board:own, type: Board, label: Own board, kind: board, line: 8}",
        "{id: board:rep, type: Board, label: Reporting group, kind: group, line: 9}",
    ],
    "relations": [
        "{s: person:ann, p: holds, o: post:held, line: 3}",
        "{s: board:sub, p: subGroupOf, o: board:top-hwb, line: 7}",
        "{s: board:sub, p: chairedBy, o: person:ann, line: 7}",
        "{s: board:rep, p: reportsTo, o: board:own, line: 9}",
    ]}


def test_post_without_holder(tmp_path):
    folder = write_dataset(tmp_path, **GOVERNANCE)
    assert found(folder, "post-without-holder") == [
        ("post:empty", "post 'Empty post' has no known holder")]


def test_board_without_chair(tmp_path):
    folder = write_dataset(tmp_path, **GOVERNANCE)
    assert ids(found(folder, "board-without-chair")) == [
        "board:gb", "board:own", "board:rep", "board:top-hwb"]


def test_board_without_reporting_line_spares_top_bodies(tmp_path):
    folder = write_dataset(tmp_path, **GOVERNANCE)
    assert found(folder, "board-without-reporting-line") == [
        ("board:own", ("board 'Own board' reports to no other body and is not a recognised "
                      "top body (1 report to it)"))]
    assert found(folder, "board-without-reporting-line", top_bodies=["board:own"]) == []
    assert ids(found(folder, "board-without-reporting-line", top_kinds=[], top_names=[])) == [
        "board:gb", "board:own", "board:top-hwb"]


def test_reporting_loops_each_reported_once(tmp_path):
    boards = [f"{{id: board:{b}, type: Board, label: {b.upper()}, line: 2}}" for b in "abcdefg"]
    folder = write_dataset(tmp_path, boards, [
        "{s: board:a, p: reportsTo, o: board:b, line: 10}",
        "{s: board:a, p: subGroupOf, o: board:b, line: 11}",
        "{s: board:b, p: reportsTo, o: board:a, line: 12}",
        "{s: board:c, p: reportsTo, o: board:d, line: 13}",
        "{s: board:d, p: reportsTo, o: board:e, line: 14}",
        "{s: board:e, p: subGroupOf, o: board:c, line: 15}",
        "{s: board:f, p: reportsTo, o: board:f, line: 16}",
        "{s: board:g, p: reportsTo, o: board:a, line: 17}",
    ])
    assert found(folder, "reporting-loop") == [
        ("board:a", "reporting loop: A → B → A"),
        ("board:c", "reporting loop: C → D → E → C"),
        ("board:f", "reporting loop: F → F")]
    kg, _ = load_lenient(folder)
    first = run_lint(kg, only("reporting-loop"), TODAY)[0]
    assert [str(s) for s in first.sources] == ["t.txt:10", "t.txt:11", "t.txt:12"]
    assert [r.id for r in first.related] == ["board:b"]


# ---------------------------------------------------------------- identity

def test_person_spelling_variants_until_resolved(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: person:lindsey-dunn, type: Person, label: Lindsey Dunn, line: 5}",
        "{id: person:lyndsey-dunn, type: Person, label: Lyndsey Dunn, line: 6}",
        ("{id: person:mark-jones, type: Person, label: Mark Jones, aliases: [Marc Jones], "
        "line: 7}"),
    ])
    assert found(folder, "person-spelling-variant") == [
        ("person:lindsey-dunn", ("'Lindsey Dunn' and 'Lyndsey Dunn' may be one person (names "
                                "differ by a spelling in one document, kept as two people); "
                                "record one as the other's alias, or list the pair as distinct"))]
    assert found(folder, "person-spelling-variant",
                 distinct=[["person:lyndsey-dunn", "person:lindsey-dunn"]]) == []


def test_small_fixture_namesakes_are_a_variant_until_listed_distinct():
    assert found(SMALL, "person-spelling-variant") == [
        ("person:mark-smith", ("'Mark Smith' and 'Mary Smith' may be one person (names differ "
                              "by a spelling in one document, kept as two people); record one "
                              "as the other's alias, or list the pair as distinct"))]


def test_legislation_not_in_registry(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: obj:o, type: Objective, label: Objective, line: 2}",
        ("{id: leg:cfa-copy, type: Legislation, label: Children & Families Act 2014, kind: Act, "
        "legislationUri: 'http://www.legislation.gov.uk/id/ukpga/2014/6', line: 3}"),
        ("{id: leg:made-up, type: Legislation, label: Made Up Strategy, kind: national policy, "
        "line: 4}"),
    ], ["{s: obj:o, p: drivenBy, o: leg:cfa, line: 2}"], [
        ("{id: leg:cfa, type: Legislation, label: Children and Families Act 2014, kind: Act, "
        "legislationUri: 'http://www.legislation.gov.uk/id/ukpga/2014/6'}"),
    ])
    assert found(folder, "legislation-not-in-registry") == []  # registry group: off
    assert found(folder, "legislation-not-in-registry", registry=True) == [
        ("leg:cfa-copy", ("Act 'Children & Families Act 2014' is named like registry entry "
                         "leg:cfa but has its own id")),
        ("leg:made-up", "national policy 'Made Up Strategy' matches nothing in the registry")]
    assert ids(found(folder, "legislation-not-in-registry", registry=True,
                     kinds=["act"])) == ["leg:cfa-copy"]


# ---------------------------------------------------------------- references

REFERENCES = {
    "entities": ["{id: act:a, type: Action, label: Action A, line: 2}",
              "{id: person:ann, type: Person, label: Ann Lee, line: 3}"],
    "relations": ["{s: act:a, p: responsible, o: person:ghost, line: 7}",
               "{s: act:a, p: chairedBy, o: person:ann, line: 8}",
               "{s: act:a, p: responsible, o: person:ann, line: 9, role: lead}"]}


def test_build_refuses_dangling_and_out_of_ontology_relations(tmp_path):
    folder = write_dataset(tmp_path, **REFERENCES)
    result = run_cli("stats", "--data", folder)
    assert result.code == 2
    assert "responsible refers to 'person:ghost', which no file declares" in result.err
    assert "chairedBy cannot go from a Action (act:a) to a Person (person:ann)" in result.err


def test_lint_reports_refused_relations_and_lints_the_rest(tmp_path):
    folder = write_dataset(tmp_path, **REFERENCES)
    assert found(folder, "dangling-reference") == [
        ("act:a", "responsible refers to 'person:ghost', which no file declares")]
    assert found(folder, "relation-outside-ontology") == [
        ("act:a", ("chairedBy cannot go from a Action (act:a) to a Person (person:ann); it "
                  "joins Board to Person/Post/Organisation"))]
    report = lint_dataset(folder, today=TODAY)
    assert [(f.rule, f.subject.id) for f in report.findings] == [
        ("dangling-reference", "act:a"), ("relation-outside-ontology", "act:a"),
        ("action-without-timescale", "act:a")]
    dangling = report.findings[0]
    assert (Path(dangling.origin.document).name, dangling.origin.line) == ("t.yaml", 6)
    assert [str(s) for s in dangling.sources] == ["t.txt:7"]
    assert [(r.id, r.type) for r in dangling.related] == [("person:ghost", None)]


def test_a_missing_subject_is_named_by_its_id(tmp_path):
    folder = write_dataset(tmp_path, ["{id: person:ann, type: Person, label: Ann Lee, line: 2}"],
                           ["{s: act:gone, p: responsible, o: person:ann, line: 4}"])
    kg, rejected = load_lenient(folder)
    [finding] = run_lint(kg, only("dangling-reference"), TODAY, rejected)
    assert finding.subject.as_dict() == {"id": "person:ann", "type": "Person",
                                         "label": "Ann Lee"}
    assert [r.as_dict() for r in finding.related] == [
        {"id": "act:gone", "type": None, "label": "act:gone"}]


# ---------------------------------------------------------------- command line

def test_lint_command_on_the_small_fixture_exits_0_with_warnings_only():
    result = run_cli("lint", "--data", SMALL, "--today", "2021-06-15", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["query"] == {"command": "lint", "data": str(SMALL), "config": None,
                                "today": "2021-06-15", "registry": False, "rule": [],
                                "plan": None, "area": None, "severity": None, "limit": 0,
                                "mentioned": False}
    assert [(r["rule"], r["id"]) for r in payload["results"]] == [
        ("board-without-chair", "board:accountability"),
        ("board-without-chair", "board:jcp"),
        ("person-spelling-variant", "person:mark-smith"),
        ("plan-period-ended", "plan:example"),
        ("plan-without-successor", "plan:example")]
    assert payload["counts"] == {"error": 0, "warning": 3, "info": 2}
    last = payload["results"][-2]
    assert {k: last[k] for k in ("id", "type", "severity", "plan")} == {
        "id": "plan:example", "type": "Plan", "severity": "info",
        "plan": {"id": "plan:example", "type": "Plan",
                 "label": "Example SEND Joint Commissioning Plan 2020-2021"}}
    assert [r["id"] for r in last["related"]] == ["act:ex-travel-1", "act:ex-travel-2"]
    assert last["subject"]["id"] == "plan:example"


def test_the_date_decides_what_is_overdue():
    before = json.loads(run_cli("lint", "--data", SMALL, "--today", "2021-03-31",
                                "--json").out)
    assert [r["id"] for r in before["results"]
            if r["rule"] == "action-overdue-without-status"] == []


def test_lint_command_exits_1_on_errors_and_prints_a_table(tmp_path):
    folder = write_dataset(tmp_path, **REFERENCES)
    result = run_cli("lint", "--data", folder, "--today", "2021-06-15")
    assert result.code == 1, result.err
    assert "dangling-reference" in result.out and "person:ghost" in result.out
    assert "3 findings: 2 errors, 1 warning, 0 info" in result.out


def test_a_bad_date_is_a_usage_error():
    # 15/06/2021 is a day as --as-at reads it (tryout5 #17); 15/13/2021 is not
    assert run_cli("lint", "--data", SMALL, "--today", "15/06/2021").code in (0, 1)
    result = run_cli("lint", "--data", SMALL, "--today", "15/13/2021")
    assert result.code == 2
    assert result.err.strip() == "error: --today 15/13/2021: there is no month 13"


def test_the_quick_owner_check_agrees_with_the_owner_question(bundled_kg):
    from sendkg.checks.rules_plans import has_owner
    from sendkg.queries.responsibility import owners_of

    items = [n for n in bundled_kg.nodes() if n.type in ("Aim", "Objective", "Action")]
    assert [has_owner(bundled_kg, n.id, True) for n in items] == [
        bool(owners_of(bundled_kg, n.id)) for n in items]
