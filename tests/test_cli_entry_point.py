"""The installed `sendkg` console script, run as a real process.

Every other CLI test runs the command line in-process (conftest.run_cli), which is much
faster; these few check what only a real process shows: the entry point, the exit status
the shell sees, that nothing but the one-line message reaches stderr, and that the
in-process runner gives the same output as the real command.
"""

from __future__ import annotations

import json
import shutil

from conftest import SMALL, run_cli, run_cli_process
from snapshot_cases import SNAPSHOTS, parsed_output


def _bad_dataset(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(SMALL / "registry", folder / "registry")
    (folder / "documents").mkdir()
    (folder / "documents" / "plan.yaml").write_text(
        "document:\n  id: doc:t\n  file: t.txt\n  title: Test plan\n  line: 1\n"
        "entities:\n  - {id: plan:x, type: Strategy, label: X, line: 2}\n")
    return folder


def test_help_exits_0():
    result = run_cli_process("--help")
    assert result.code == 0, result.err
    assert "Usage: sendkg" in result.out and "owner" in result.out
    assert result.err == ""


def test_a_question_on_the_bundled_data_as_json():
    snapshot = json.loads((SNAPSHOTS / "owner-travel-training.json").read_text())
    result = run_cli_process(*snapshot["args"])
    assert result.code == snapshot["exit"] == 0, result.err
    assert parsed_output(result.out) == snapshot["output"]
    assert run_cli(*snapshot["args"]).out == result.out  # the in-process runner agrees


def test_a_usage_error_is_one_line_on_stderr_and_exit_2(tmp_path):
    args = ("export", "--format", "docx", "-o", tmp_path / "never.docx")
    result = run_cli_process(*args)
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: unknown export format 'docx'; choose one of ttl, nt, jsonld, graphml, gexf, csv, xlsx, register-csv, "
        "neo4j-import"]
    assert result.out == "" and not (tmp_path / "never.docx").exists()
    in_process = run_cli(*args)
    assert (in_process.code, in_process.out, in_process.err) == (2, "", result.err)


def test_a_bad_data_folder_exits_2_naming_the_file(tmp_path):
    folder = _bad_dataset(tmp_path)
    result = run_cli_process("stats", "--data", folder)
    assert result.code == 2
    assert "plan.yaml:7: " in result.err and "unknown type 'Strategy'" in result.err
    assert "Traceback" not in result.err and result.out == ""
    in_process = run_cli("stats", "--data", folder)
    assert (in_process.code, in_process.out, in_process.err) == (2, "", result.err)


def test_debug_shows_a_traceback_only_for_a_real_error(tmp_path):
    failed = run_cli_process("--debug", "stats", "--data", _bad_dataset(tmp_path))
    assert failed.code == 2  # --debug adds the traceback, never changes the exit code
    assert "Traceback" in failed.err and "unknown type 'Strategy'" in failed.err
    no_match = run_cli_process("--debug", "owner", "zzqqxx")
    assert no_match.code == 0 and "Traceback" not in no_match.err
    assert "no close match for 'zzqqxx'" in no_match.err
    fine = run_cli_process("--debug", "stats", "--data", SMALL)
    assert fine.code == 0, fine.err
    assert "Traceback" not in fine.err and "entities" in fine.out
