"""`sendkg ingest` on the command line: output files, JSON, errors and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REFERENCE = FIXTURES / "registry"  # a dataset folder holding only registry entries


def test_writes_a_dataset_that_builds(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("ingest", FIXTURES / "plan_tabs.txt", FIXTURES / "governance.txt",
                 "-o", out, "--data", REFERENCE)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["governance.yaml", "plan-tabs.yaml",
                                                     "registry"]
    assert "wrote" in result.out and "review: 'NHS'" in result.out
    assert "could not read a date in 'March 2-21'" in result.err
    built = cli("build", "--data", out, "--json")
    assert built.code == 0, built.err
    assert json.loads(built.out)["documents"].keys() == {"plan_tabs.txt", "governance.txt"}


def test_json_results_one_per_row_or_sentence(cli):
    result = cli("ingest", FIXTURES / "plan_tabs.txt", "--json", "--data", REFERENCE)
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["query"] == {"command": "ingest", "files": [str(FIXTURES / "plan_tabs.txt")],
                                "plan": None, "area": None}
    kinds = [(r["kind"], r["source"]["line"]) for r in payload["results"]]
    assert kinds == [("table row", 4), ("table row", 7), ("table row", 10), ("table row", 13),
                     ("governance sentence", 17), ("governance sentence", 19),
                     ("governance sentence", 19)]
    for item in payload["results"]:
        assert {"id", "type", "label", "source", "sources"} <= set(item)
    row = payload["results"][0]
    assert [leg["id"] for leg in row["legislation"]] == ["leg:cfa-2014", "leg:send-cop"]
    sentence = payload["results"][5]
    assert (sentence["relation"], sentence["frequency"], sentence["object"][0]["label"]) == (
        "reportsTo", "quarterly", "Example Strategy Group")
    assert payload["warnings"] and payload["errors"] == [] and payload["written"] == []


def test_a_broken_file_is_one_error_with_file_and_line_and_nothing_is_written(cli, tmp_path):
    """The good file is still read and summarised, but not written: a run that exits 2
    changes nothing on disk (all or nothing)."""
    out = tmp_path / "out"
    result = cli("ingest", FIXTURES / "bad_encoding.txt", FIXTURES / "plan.csv",
                 FIXTURES / "broken.docx", "-o", out, "--data", REFERENCE)
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {FIXTURES / 'bad_encoding.txt'}:3: not UTF-8 or Windows-1252 text (byte 35)",
        f"error: {FIXTURES / 'broken.docx'}: not a readable Word .docx file "
        f"(PackageNotFoundError: Package not found at '{FIXTURES / 'broken.docx'}')"]
    assert "Traceback" not in result.err
    assert "plan.csv" in result.out and "nothing written: 2 files could not be read" in result.out
    assert not out.exists()


def test_unknown_format_is_reported_like_a_broken_file(cli, tmp_path):
    odt = tmp_path / "plan.odt"
    odt.write_bytes(b"PK\x03\x04")
    result = cli("ingest", odt, "--data", REFERENCE)
    assert result.code == 2
    assert f"error: {odt}: no reader for .odt" in result.err


def test_a_folder_is_not_reported_as_missing(cli, tmp_path):
    folder = tmp_path / "papers.txt"
    folder.mkdir()
    result = cli("ingest", folder, "--data", REFERENCE)
    assert result.code == 2 and "a folder, not a file" in result.err
    assert "file not found" not in result.err


def test_one_output_file_for_several_documents_is_refused(cli, tmp_path):
    result = cli("ingest", FIXTURES / "plan_tabs.txt", FIXTURES / "plan.csv",
                 "-o", tmp_path / "one.yaml", "--data", REFERENCE)
    assert result.code == 2
    assert "names one file but 2 documents were read" in result.err
    assert not (tmp_path / "one.yaml").exists()


def test_output_replaces_the_file_atomically(cli, tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("old content\n")
    result = cli("ingest", FIXTURES / "plan.csv", "-o", target, "--data", REFERENCE)
    assert result.code == 0, result.err
    assert target.read_text().startswith("# Written by `sendkg ingest` from plan.csv")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_plan_option_names_the_plan(cli, tmp_path):
    shutil.copy(FIXTURES / "plan.csv", tmp_path / "plan.csv")
    result = cli("ingest", tmp_path / "plan.csv", "--plan", "Example Inclusion Plan", "--json",
                 "--data", REFERENCE)
    payload = json.loads(result.out)
    assert payload["results"][0]["objective"]["label"] == "Reduce exclusions"
    assert {r["id"] for r in payload["results"]} == {"obj:eip-reduce-exclusions"}
