"""A council's lint config: switching rules off, changing severities and parameters,
and one clear message (file and line) for a bad file."""

from __future__ import annotations

import json

import pytest

from conftest import SMALL, run_cli
from sendkg.errors import LoaderError
from sendkg.checks.lint import lint_dataset
from sendkg.checks.lint_config import default_settings, read_settings
from test_lint import TODAY


def _config(tmp_path, text: str):
    path = tmp_path / "council-lint.yaml"
    path.write_text(text)
    return path


def _rules(report) -> list[tuple[str, str, str]]:
    return [(f.severity, f.rule, f.subject.id) for f in report.findings]


def test_defaults_on_the_small_fixture():
    # The plan's period (2020-2021, a financial year) ended in March 2021: its actions
    # are reported once under the plan, not as overdue.
    assert _rules(lint_dataset(SMALL, today=TODAY)) == [
        ("warning", "board-without-chair", "board:accountability"),
        ("warning", "board-without-chair", "board:jcp"),
        ("warning", "person-spelling-variant", "person:mark-smith"),
        ("info", "plan-period-ended", "plan:example"),
        ("info", "plan-without-successor", "plan:example")]


def test_a_council_switches_rules_off_and_changes_severity_and_parameters(tmp_path):
    config = _config(tmp_path, (
        "# Example County Council: our lint rules\n"
        "rules:\n"
        "  board-without-chair: false\n"
        "  plan-period-ended: warning\n"
        "  person-spelling-variant:\n"
        "    distinct: [[person:mark-smith, person:mary-smith]]\n"
        "  post-without-holder: {severity: error, enabled: true}\n"))
    report = lint_dataset(SMALL, config, TODAY)
    assert _rules(report) == [("warning", "plan-period-ended", "plan:example"),
                              ("info", "plan-without-successor", "plan:example")]
    assert "board-without-chair" not in report.by_rule()
    assert report.settings["post-without-holder"].severity == "error"
    assert not report.has_errors


def test_raising_a_severity_to_error_makes_lint_exit_1(tmp_path):
    config = _config(tmp_path, "rules:\n  board-without-chair: error\n")
    result = run_cli("lint", "--data", SMALL, "--config", config, "--today", "2021-06-15")
    assert result.code == 1
    assert "2 errors, 1 warning, 2 info" in result.out


def test_an_empty_config_keeps_the_defaults(tmp_path):
    assert read_settings(_config(tmp_path, "# nothing yet\n")) == default_settings()


def test_list_rules_shows_the_settings_in_force(tmp_path):
    config = _config(tmp_path, "rules:\n  officer-overloaded: {max_live_actions: 3}\n"
                               "  reporting-loop: false\n")
    result = run_cli("lint", "--list-rules", "--config", config, "--json")
    assert result.code == 0
    rows = {row["id"]: row for row in json.loads(result.out)["results"]}
    assert rows["officer-overloaded"]["params"]["max_live_actions"] == 3
    assert rows["reporting-loop"]["enabled"] is False
    assert rows["priority-without-owner"] == {
        "id": "priority-without-owner", "type": "LintRule",
        "label": "A priority or focus area nobody is responsible for.", "enabled": True,
        "severity": "error", "group": "plans",
        "params": {"subjects": ["Aim", "Objective/focus area", "Objective/priority"],
                   "inherit": True}}


BAD_CONFIGS = [
    ("rules:\n  board-without-chair: [false\n  reporting-loop: false\n", 2,
     "YAML syntax error"),  # the line of the unclosed '[' (noticed a line later)
    ("rules:\n  reporting-loop: false\n  board-without-chiar: false\n", 3,
     "unknown rule 'board-without-chiar'; known rules: action-overdue-without-status,"),
    ("rules:\n  officer-overloaded:\n    max_live_actions: ten\n", 3,
     ("rule 'officer-overloaded': max_live_actions must be a whole number (0 or more), "
     "got 'ten'")),
    ("rules:\n  officer-overloaded: {max_live_actions: -1}\n", 2,
     "max_live_actions must be a whole number (0 or more), got -1"),
    ("rules:\n  board-without-chair:\n    severity: fatal\n", 3,
     ("rule 'board-without-chair': severity must be one of error, warning, info, "
     "got 'fatal'")),
    ("rules:\n  board-without-chair: fatal\n", 2, "severity must be one of"),
    ("rules:\n  board-without-chair:\n    enabled: maybe\n", 3,
     "rule 'board-without-chair': enabled must be true or false, got 'maybe'"),
    ("rules:\n  officer-overloaded:\n    max_actions: 3\n", 3,
     ("rule 'officer-overloaded' has no setting 'max_actions'; known: enabled, severity, "
     "description, group, max_live_actions, roles, completed_statuses")),
    ("rules:\n  person-spelling-variant: {distinct: [person:a, person:b]}\n", 2,
     "distinct must be a list of pairs of ids"),
    ("rules:\n  priority-without-owner: {subjects: Aim}\n", 2,
     "subjects must be a list of texts, got 'Aim'"),
    ("rules:\n  board-without-chair: 3\n", 2,
     "expected true, false, a severity (error, warning, info) or a mapping of settings"),
    ("# comment\nrule:\n  board-without-chair: false\n", 2,
     "expected one top-level key, 'rules:'"),
    ("rules:\n  - board-without-chair\n", 1, "'rules' must be a mapping"),
]


@pytest.mark.parametrize("text, line, message", BAD_CONFIGS)
def test_a_bad_config_names_file_and_line(tmp_path, text, line, message):
    config = _config(tmp_path, text)
    with pytest.raises(LoaderError) as caught:
        read_settings(config)
    assert (caught.value.path, caught.value.line) == (str(config), line)
    assert message in caught.value.message


def test_a_bad_config_is_one_line_and_exit_2(tmp_path):
    config = _config(tmp_path, "rules:\n  reporting-loop: false\n  board-without-chiar: false\n")
    result = run_cli("lint", "--data", SMALL, "--config", config)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert lines[0].startswith(f"error: {config}:3: unknown rule 'board-without-chiar'")


def test_a_missing_config_is_exit_2(tmp_path):
    result = run_cli("lint", "--data", SMALL, "--config", tmp_path / "nowhere.yaml")
    assert result.code == 2
    assert "nowhere.yaml: cannot read file" in result.err
