"""SHACL validation of the RDF view."""

from __future__ import annotations

import shutil

from conftest import SMALL, run_cli
from sendkg.graph import load
from sendkg.checks.validation import validate_graph


def test_small_dataset_conforms(small_kg):
    assert validate_graph(small_kg) == []


def _broken(tmp_path, extra: str):
    folder = tmp_path / "data"
    shutil.copytree(SMALL, folder)
    (folder / "documents" / "extra.yaml").write_text(
        "document: {id: doc:extra, file: extra.txt, title: Extra, line: 1}\n" + extra)
    return folder


def test_an_act_without_its_legislation_uri_is_a_violation(tmp_path):
    folder = _broken(tmp_path, "entities:\n  - {id: leg:made-up-act-2020, type: Legislation, "
                               "label: Made Up Act 2020, kind: Act, line: 2}\n")
    violations = validate_graph(load(folder, cache=False))
    assert [(v.focus, v.shape) for v in violations] == [("leg:made-up-act-2020", "ActShape")]


def test_an_action_in_two_plans_is_a_violation(tmp_path):
    folder = _broken(tmp_path, (
        "entities:\n  - {id: plan:other, type: Plan, label: Other plan, line: 2}\n"
        "relations:\n  - {s: plan:other, p: hasAction, o: act:ex-travel-1, line: 3}\n"))
    violations = validate_graph(load(folder, cache=False))
    assert {v.focus for v in violations} == {"act:ex-travel-1"}
    assert any("exactly one plan" in v.message for v in violations)


def test_validate_command_exits_1_with_a_readable_report(tmp_path):
    folder = _broken(tmp_path, "entities:\n  - {id: leg:made-up-act-2020, type: Legislation, "
                               "label: Made Up Act 2020, kind: Act, line: 2}\n")
    result = run_cli("validate", "--data", folder)
    assert result.code == 1
    assert "leg:made-up-act-2020" in result.out and "legislation.gov.uk" in result.out
    assert run_cli("validate", "--data", SMALL).code == 0


def test_the_bundled_data_conforms(bundled_kg):
    """`make demo` starts with `sendkg validate`: the bundled graph, with the successor
    bodies only the successions file names, meets every shape (they once had no source)."""
    assert validate_graph(bundled_kg) == []
    icb = bundled_kg.node("org:nhs-north-east-and-north-cumbria-icb")
    assert [s.document for s in icb.sources] == ["http://www.legislation.gov.uk/id/ukpga/2022/31"]
