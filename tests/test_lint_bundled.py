"""`sendkg lint` on the bundled data: the exact findings, rule by rule.

The expected subjects per rule are pinned in fixtures/lint/bundled_findings.json
(judged on a fixed day, so the test does not age). When the curated data changes on
purpose, re-pin with `python tests/test_lint_bundled.py` and read the diff before
committing it. The facts asserted one by one below were checked against the seed
documents by hand.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli

EXPECTED = Path(__file__).parent / "fixtures" / "lint" / "bundled_findings.json"
TODAY = date(2025, 1, 1)


def findings_by_rule() -> dict[str, list[str]]:
    from sendkg.checks.lint import lint_dataset

    report = lint_dataset(today=TODAY)
    found: dict[str, list[str]] = defaultdict(list)
    for finding in report.findings:
        found[finding.rule].append(finding.subject.id)
    return {rule: sorted(found.get(rule, [])) for rule in report.by_rule()}


@pytest.fixture(scope="module")
def found():
    return findings_by_rule()


def test_exact_findings_per_rule(found):
    expected = json.loads(EXPECTED.read_text())
    assert {rule: len(ids) for rule, ids in found.items()} == {
        rule: len(ids) for rule, ids in expected["findings"].items()}
    for rule, ids in expected["findings"].items():
        assert found[rule] == ids, rule


def test_the_bundled_data_builds_cleanly_and_has_no_loops(found):
    assert found["dangling-reference"] == []
    assert found["relation-outside-ontology"] == []
    assert found["reporting-loop"] == []


def test_hand_checked_findings(found):
    # Derby Plan 2013-15 (003, lines 150-154): three big ambitions of "key partners",
    # no owner named for the plan or any ambition.
    assert {"aim:dby-derby-plan-place-to-live", "aim:dby-derby-plan-start-in-life",
            "aim:dby-derby-plan-working-life"} <= set(found["priority-without-owner"])
    # The SEND Strategy and Accountability Group receives the SEND JCP's quarterly report
    # (002, line 341) and appears in a list of groups (000, line 375); no seed says where
    # it reports in turn.
    assert "board:send-strategy-and-accountability-group" in found[
        "board-without-reporting-line"]
    # The Health and Wellbeing Board reports to the County Durham Partnership, and the
    # CYP overview and scrutiny committee is a top body: neither is a finding.
    assert "board:health-and-wellbeing-board" not in found["board-without-reporting-line"]
    assert "board:cyp-overview-and-scrutiny-committee" not in found[
        "board-without-reporting-line"]


def test_lint_command_on_the_bundled_data_exits_1_for_its_errors():
    result = run_cli("lint", "--today", TODAY.isoformat(), "--json")
    assert result.code == 1
    payload = json.loads(result.out)
    expected = json.loads(EXPECTED.read_text())["findings"]
    assert payload["rules"] == {rule: len(ids) for rule, ids in expected.items()}
    assert payload["counts"]["error"] == sum(
        len(expected[r]) for r in ("priority-without-owner", "action-without-owner",
                                   "reporting-loop", "dangling-reference",
                                   "relation-outside-ontology"))


if __name__ == "__main__":  # re-pin the expected findings after a deliberate data change
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED.write_text(json.dumps({"today": TODAY.isoformat(), "findings": findings_by_rule()},
                                   indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {EXPECTED}")
