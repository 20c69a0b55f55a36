"""tryout6's findings on the board paper: its leads are `owner`'s leads (#6), its table's
columns fit their words (#19), a name several plans match is refused (#11), and a
missing output folder is refused, not created (#20)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import require, run_cli

OFSTED = "Ofsted Improvement Plan"


def _table(path) -> list[list[str]]:
    from docx import Document

    return [[cell.text for cell in row.cells] for row in Document(str(path)).tables[0].rows]


@pytest.fixture(scope="module")
def ofsted_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("ofsted") / "ofsted.docx"
    result = run_cli("report", OFSTED, "-o", path)
    assert result.code == 0, result.err
    return path


def test_each_rows_leads_are_the_leads_owner_gives(ofsted_docx, bundled_kg):
    """A recommendation names no lead of its own: it has its theme's (inherited, said
    so); a theme's support member is not one of its leads."""
    from sendkg.checks.duplicates import lead_names
    from sendkg.queries.responsibility import leads_of

    labels = {n.label: n.id for n in bundled_kg.nodes() if n.type in ("Aim", "Objective")}
    rows = _table(ofsted_docx)[1:]
    assert len(rows) == 18
    for name, leads, *_ in rows:
        item = labels[re.sub(r" \(\d+ actions?\)$", "", name)]
        facts = leads_of(bundled_kg, item)[0]
        assert facts, name
        shown = re.sub(r" \(inherited from .*\)$", "", leads).split("; ")
        assert set(shown) == set(lead_names(bundled_kg, facts)), name
        assert ("(inherited from" in leads) == (facts[0].via is not None), name
    by_name = {row[0]: row[1] for row in rows}
    capacity = next(v for k, v in by_name.items() if k.startswith("Sufficient, stable social"))
    assert capacity == ("Carole Payne (Head of Children's Services) (inherited from "
                        "Strengthening management and staffing capacity)")
    assert not any("Mark Gurney" in leads for leads in by_name.values())  # support
    assert "none recorded" not in by_name.values()


def test_a_row_whose_owner_names_no_lead_says_none_recorded(tmp_path):
    """The SEND JCP's first priority inherits only the plan's agreeing partners, whom
    `owner` lists but does not call its leads."""
    path = tmp_path / "jcp.docx"
    assert run_cli("report", "SEND JCP", "-o", path).code == 0
    rows = {row[0]: row[1] for row in _table(path)[1:]}
    first = next(k for k in rows if k.startswith("Personalised, integrated support"))
    assert rows[first] == "none recorded"
    owner = run_cli("owner", "aim:jcp-personalised-integrated-support")
    assert "agreeing partner" in owner.out and "lead:" not in owner.out


def test_no_word_of_the_table_is_broken_across_lines_in_the_pdf(ofsted_docx, tmp_path):
    """The Status column was 1.5 cm: "recommendation" printed as "recom / mendat / ion"."""
    require(shutil.which("soffice") is not None, "LibreOffice (`soffice`) is not installed")
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler) is not installed")
    path = tmp_path / "ofsted.pdf"
    assert run_cli("report", OFSTED, "-o", path).code == 0
    printed = set(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                 text=True, check=True).stdout.split())
    words = {w for row in _table(ofsted_docx) for cell in row for w in cell.split()}
    assert "recommendation" in words
    assert sorted(w for w in words if w not in printed and "-" not in w) == []


def test_column_widths_fit_the_longest_word_and_fill_the_page():
    from sendkg.render.report import (
        CELL_PADDING_CM,
        EM_PER_LETTER,
        PT_PER_CM,
        TABLE_PT,
        TEXT_WIDTH_CM,
        column_widths,
    )

    status = ["Status"] + ["Green for recommendations 11 and 12, Amber for the others"] * 5
    objective = ["Objective"] + ["Sufficient, stable social work capacity " * 3] * 5
    widths = column_widths([objective, objective, ["Time scale", "Feb 2016"], status])
    assert sum(widths) == pytest.approx(TEXT_WIDTH_CM)
    longest = len("recommendations") * EM_PER_LETTER * TABLE_PT / PT_PER_CM + CELL_PADDING_CM
    assert widths[3] >= longest
    assert widths[2] < widths[3] < widths[0]


def test_a_name_several_plans_match_is_refused_listing_them(tmp_path):
    path = tmp_path / "r.pdf"
    result = run_cli("report", "Durham", "-o", path)
    assert result.code == 2 and not path.exists()
    assert result.err.count("\n") == 1
    assert "'Durham' could be any of 4 plans: Durham SEND Joint Commissioning" in result.err
    assert "(plan:durham-cyp-strategy-2019-22)" in result.err
    assert "give more of one name, or its id; nothing written to" in result.err


def test_a_partial_name_of_one_plan_says_how_it_was_read(tmp_path):
    result = run_cli("report", "SEND JCP", "-o", tmp_path / "r.docx")
    assert result.code == 0
    assert result.out.startswith("read 'SEND JCP' as Plan Durham SEND Joint Commissioning")
    assert "not an exact name" in result.out
    exact = run_cli("report", "plan:durham-send-jcp-2017-18", "-o", tmp_path / "r.docx")
    assert exact.code == 0 and "read " not in exact.out
    read = run_cli("report", "SEND JCP", "-o", tmp_path / "r.docx", "--json")
    assert '"read_as"' in read.out


@pytest.mark.parametrize("command", [
    ["report", "plan:durham-send-jcp-2017-18", "-o"],
    ["export", "--format", "ttl", "-o"],
    ["export", "--format", "csv", "-o"],
    ["render", "--view", "governance", "-o"],
])
def test_a_missing_output_folder_is_refused_not_created(tmp_path, command):
    missing = tmp_path / "no-such-folder"
    target = missing / ("out" if command[0] == "export" and "csv" in command else "out.png")
    if command[0] == "report":
        target = missing / "x.docx"
    elif "ttl" in command:
        target = missing / "x.ttl"
    result = run_cli(*command, target)
    assert result.code == 2
    assert result.err.strip() == (f"error: cannot write {target}: the folder {missing} "
                                  f"does not exist; nothing written")
    assert not missing.exists()
