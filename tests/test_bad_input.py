"""Every kind of bad dataset gives one clear message naming file and line, exit 2,
no traceback and no half-written output."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from conftest import SMALL, run_cli

GOOD_HEADER = """\
document:
  id: doc:t
  file: t.txt
  title: Test plan
  line: 1
"""


def _dataset(tmp_path, body: str, name: str = "plan.yaml"):
    folder = tmp_path / "data"
    shutil.copytree(SMALL / "registry", folder / "registry")
    (folder / "documents").mkdir()
    (folder / "documents" / name).write_text(GOOD_HEADER + textwrap.dedent(body))
    return folder


CASES = {
    # the line with the unclosed '{' (libyaml notices it a line later, at the end)
    "yaml syntax error": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2\n",
                          7, "YAML syntax error"),
    "unknown type": ("entities:\n  - {id: plan:x, type: Strategy, label: X, line: 2}\n",
                     7, "unknown type 'Strategy'"),
    "unknown relation": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n"
                         "relations:\n  - {s: plan:x, p: overseenBy, o: plan:x, line: 2}\n",
                         9, "unknown relation 'overseenBy'"),
    "unknown property": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2, "
                         "colour: red}\n", 7, "unknown property 'colour'"),
    "dangling reference": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n"
                           "relations:\n  - {s: plan:x, p: ownedBy, o: org:nobody, line: 2}\n",
                           9, "'org:nobody', which no file declares"),
    "duplicate id": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n"
                     "  - {id: plan:x, type: Plan, label: Y, line: 3}\n",
                     8, "duplicate id 'plan:x'"),
    "wrong id prefix": ("entities:\n  - {id: board:x, type: Plan, label: X, line: 2}\n",
                        7, "must start with plan:"),
    "no source line": ("entities:\n  - {id: plan:x, type: Plan, label: X}\n",
                       7, "every fact needs a source"),
    "malformed line": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: two}\n",
                       7, "positive whole numbers"),
    "domain and range": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n"
                         "relations:\n  - {s: plan:x, p: reportsTo, o: org:council, line: 2}\n",
                         9, "reportsTo cannot go from a Plan"),
    "qualifier not allowed": ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n"
                              "relations:\n  - {s: plan:x, p: ownedBy, o: org:council, "
                              "line: 2, amount: 5}\n", 9, "ownedBy takes no property 'amount'"),
    "type clash across files": ("entities:\n  - {id: org:council, type: Board, label: X, "
                                "line: 2}\n", 7, "id 'org:council' of a Board must start"),
    "number retyped by YAML": ("entities:\n  - id: obj:x\n    type: Objective\n"
                               "    label: X\n    line: 2\n    number: 1.10\n",
                               11, "number: YAML reads this unquoted value as float 1.1"),
    "alias ON": ("entities:\n  - {id: org:x, type: Organisation, label: X, line: 2, "
                 "aliases: [ON, ND]}\n", 7, "aliases: YAML reads this unquoted value as bool"),
    "status no": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2, "
                  "status: no}\n", 7, "as bool False"),
    "impossible date": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2, "
                        "start: 2021-13-01}\n", 7, "start: '2021-13-01' is not a date"),
    "impossible month": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2, "
                         "end: 2021-13}\n", 7, "end: '2021-13' is not a date"),
    "words for a date": ("entities:\n  - id: act:x\n    type: Action\n    label: X\n"
                         "    line: 2\n    start: next spring\n", 11,
                         "start: 'next spring' is not a date"),
    "start after end": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2, "
                        "start: 2022-01, end: 2021-03}\n", 7, "start 2022-01 is after end"),
    "list for a relation": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2}\n"
                            "relations:\n  - {s: act:x, p: [responsible], o: org:council, "
                            "line: 2}\n", 9, "unknown relation ['responsible']"),
    "mapping for a type": ("entities:\n  - {id: act:x, type: {Action: 1}, label: X, "
                           "line: 2}\n", 7, "unknown type {'Action': 1}"),
    "complex key": ("entities:\n  - {id: act:x, type: Action, label: X, line: 2, "
                    "? [a, b] : c}\n", 7, "a key must be a plain name"),
    "complex top-level key": ("? [a]\n: b\n", 6, "a key must be a plain name"),
    "5,000-digit line": ("entities:\n  - {id: act:x, type: Action, label: X, line: "
                         + "9" * 5000 + "}\n", 7, "positive whole numbers, got ['9999"),
    "abbreviation of lists": ("abbreviations:\n  - {text: X, means: [[a], {b: c}]}\n", 7,
                              "a list 'means' of names"),
    "registry key typo": ("entitys:\n  - {id: plan:x, type: Plan, label: X, line: 2}\n",
                          6, "unknown top-level key 'entitys'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_dataset_names_file_and_line(tmp_path, case):
    body, line, message = CASES[case]
    folder = _dataset(tmp_path, body)
    out = tmp_path / "out.ttl"
    result = run_cli("export", "--format", "ttl", "-o", out, "--data", folder)
    assert result.code == 2, result.err
    assert f"plan.yaml:{line}: " in result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert not out.exists()  # never half-written output
    assert result.out == ""


@pytest.mark.parametrize("written, kept", [("010", "010"), ("1:30", "1:30"),
                                           ("9" * 5000, "9" * 5000)])
def test_values_yaml_1_1_would_retype_are_kept_as_written(tmp_path, written, kept):
    """Octal, sexagesimal and huge numbers are not typed at all: the text stays."""
    from sendkg.loaders.dataset import read_dataset

    body = f"entities:\n  - {{id: act:x, type: Action, label: X, line: 2, timescale: {written}}}\n"
    records, problems = read_dataset(_dataset(tmp_path, body))
    assert problems == []
    assert [n.props["timescale"] for n in records.entities] == [kept]


def test_unreadable_file(tmp_path):
    folder = _dataset(tmp_path, "")
    (folder / "documents" / "broken.yaml").write_bytes(b"\xff\xfe\x00not utf-8")
    result = run_cli("stats", "--data", folder)
    assert result.code == 2
    assert "broken.yaml: cannot read file" in result.err


def test_missing_folder(tmp_path):
    result = run_cli("stats", "--data", tmp_path / "nowhere")
    assert result.code == 2
    assert "nowhere" in result.err and "Traceback" not in result.err


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    body = ("entities:\n  - {id: plan:x, type: Plan, label: X, line: 2, colour: red}\n"
            "  - {id: plan:y, type: Poster, label: Y, line: 3}\n")
    result = run_cli("stats", "--data", _dataset(tmp_path, body))
    assert result.code == 2
    assert "plan.yaml:7:" in result.err and "plan.yaml:8:" in result.err


def test_debug_shows_the_traceback(tmp_path):
    folder = _dataset(tmp_path, "entities:\n  - {id: plan:x, type: Poster, label: X, line: 2}\n")
    result = run_cli("stats", "--data", folder, "--debug")
    assert "Traceback" in result.err
    assert result.code == 2


def test_bad_usage_exits_2():
    result = run_cli("export", "--format", "docx", "-o", "/tmp/never-written.docx")
    assert result.code == 2
    assert "unknown export format 'docx'" in result.err


@pytest.mark.parametrize("args", [["find", "x", "--limit", "0"], ["stats", "--bogus"],
                                  ["no-such-command"]])
def test_usage_errors_exit_2_without_a_traceback(args):
    result = run_cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.err and "Error" in result.err
