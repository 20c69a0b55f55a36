"""The in-process runner of the CLI tests (conftest.run_cli) behaves like a new process
and leaves no state behind."""

from __future__ import annotations

import json
import os
import shutil
import sys

from conftest import SMALL, TESTS, run_cli


def test_commands_are_registered_once_however_often_it_runs():
    from sendkg.cli.main import app

    for _ in range(3):
        assert run_cli("--help").code == 0
    names = [command.callback.__name__ for command in app.registered_commands]
    assert len(names) == len(set(names)) and "owner" in names


def test_streams_consoles_environment_and_directory_are_put_back(tmp_path):
    from sendkg.cli.output import console, err_console

    shutil.copy(TESTS / "fixtures" / "ingest" / "plan.csv", tmp_path / "plan.csv")
    state = lambda: (sys.stdout, sys.stderr, os.getcwd(), os.environ.get("COLUMNS"),  # noqa: E731
                     console.width, err_console.width, console.color_system)
    before = state()
    result = run_cli("ingest", "plan.csv", "--json", "--data", TESTS / "fixtures" / "ingest"
                     / "registry", cwd=tmp_path)  # a path relative to cwd
    assert result.code == 0, result.err
    assert json.loads(result.out)["results"]
    assert state() == before


def test_tables_are_as_wide_as_in_a_process_with_columns_200(monkeypatch):
    from sendkg.cli.output import console

    monkeypatch.setattr(console, "_width", 60)  # as if imported in a narrow terminal
    result = run_cli("find", "travel", "--data", SMALL)
    assert result.code == 0, result.err
    assert " Action Secure joint funding for travel training (act:ex-travel-2)\n" in result.out
    assert console.width == 60
