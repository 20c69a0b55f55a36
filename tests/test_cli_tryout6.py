"""tryout6's findings on other commands at 80 columns: a --data folder naming bodies only
the bundled registry declares says how to fix it (#16), `build` names documents by their
short names (#22), a chain names a post's board once (#23), and `whatif`, `build` and
`chain` end their wrapped lines at the last word (#24)."""

from __future__ import annotations

import shutil
from pathlib import Path

import conftest
import pytest
from conftest import run_cli

FRESH = Path(__file__).parent / "fixtures" / "duplicates" / "fresh_councils"
BUNDLED = Path(__file__).parents[1] / "data" / "bundled"


@pytest.fixture
def at_80(monkeypatch):
    monkeypatch.setitem(conftest.CLI_ENV, "COLUMNS", "80")


def test_national_bodies_only_the_bundled_registry_declares_get_a_fix(tmp_path):
    result = run_cli("stats", "--data", FRESH)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 9  # one per relation, then how to fix them all
    assert all("which no file declares (the bundled registry does)" in line
               for line in lines[:8])
    assert lines[-1] == (
        f"error: {BUNDLED.resolve() / 'registry' / 'organisations.yaml'}: declares org:cqc, "
        f"org:dfe, org:nhs-england and org:ofsted, which your files name but do not "
        f"declare: copy this file into your --data folder (or declare them in a registry "
        f"file of your own, data/FORMAT.md)")
    # the fix works
    folder = tmp_path / "fresh"
    shutil.copytree(FRESH, folder)
    shutil.copy(BUNDLED / "registry" / "organisations.yaml", folder)
    assert run_cli("stats", "--data", folder).code == 0


def test_an_id_no_registry_declares_gets_no_such_hint(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "document: {id: 'doc:a', file: a.txt, title: A, line: 1}\n"
        "entities:\n  - {id: 'plan:a', type: Plan, label: A plan, line: 1}\n"
        "relations:\n  - {s: 'plan:a', p: ownedBy, o: 'org:nowhere', line: 2}\n")
    result = run_cli("stats", "--data", tmp_path)
    assert result.code == 2
    assert result.err.strip().endswith("ownedBy refers to 'org:nowhere', which no file declares")
    assert "bundled" not in result.err


def test_build_names_each_document_by_its_short_name(at_80, tmp_path):
    folder = tmp_path / "comb"
    shutil.copytree(BUNDLED, folder)
    shutil.copytree(FRESH, folder / "documents" / "fresh", ignore=shutil.ignore_patterns("*.md"))
    result = run_cli("build", "--data", folder)
    assert result.code == 0, result.err
    table = result.out[result.out.index("Source documents"):]
    for short in ("CBeds WSoA", "CBeds revisit 2022", "Warks strategy 2024", "SEND JCP 2017-18"):
        assert f"│ {short} " in table
    assert "centralbedfordshire" not in table and "002_81098658c4b2e719.txt" not in table
    assert '"002_81098658c4b2e719.txt"' in run_cli("stats", "--json").out  # JSON: the file


@pytest.mark.parametrize("args", [
    ["whatif", "replace", "NHS North Durham Clinical Commissioning Group", "--by",
     "NHS Durham Dales, Easington and Sedgefield Clinical Commissioning Group"],
    ["whatif", "remove", "LSCB"],
    ["build"],
    ["chain", "LSCB"],
])
def test_wrapped_lines_carry_no_trailing_spaces(at_80, args):
    result = run_cli(*args)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [line for line in lines if line != line.rstrip()] == []


def test_a_chain_names_a_posts_board_once(at_80, bundled_kg):
    out = " ".join(run_cli("chain", "LSCB").out.replace("│", " ").split())
    assert ("independent chair: Independent Chair, Durham Local Safeguarding Children "
            "Board — held by Jane Geraghty") in out
    assert "(Durham Local Safeguarding Children Board)" not in out
    # a post whose name does not give its organisation still names it
    from sendkg.cli.commands.questions import _person

    post = bundled_kg.node("post:strategic-commissioning-manager")
    assert _person(bundled_kg, post) == "Strategic Commissioning Manager (Durham County Council)"
