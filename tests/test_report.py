"""`sendkg report`: a board paper on one plan, as .docx or (through LibreOffice) .pdf."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import require, run_cli

JCP = "SEND joint commissioning plan"
# any entity id (type prefix, colon, slug) or a source file name
ID = re.compile(r"\b(?:plan|obj|aim|act|del|out|ind|board|org|person|post|leg|doc|area)"
                r":[\w-]|\b\d{3}_[0-9a-f]{8,}")


def _docx_text(path) -> str:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture(scope="module")
def jcp_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.docx"
    result = run_cli("report", JCP, "-o", path)
    assert result.code == 0, result.err
    assert "wrote the report on Durham SEND Joint Commissioning Plan 2017-2018" in result.out
    return path


def test_the_report_names_the_plan_its_owners_and_reporting_lines(jcp_docx):
    text = _docx_text(jcp_docx)
    assert "Durham SEND Joint Commissioning Plan 2017-2018" in text
    for owner in ("Durham County Council", "NHS North Durham Clinical Commissioning Group",
                  "NHS Durham Dales, Easington and Sedgefield Clinical Commissioning Group",
                  "Durham County Council Public Health"):
        assert owner in text
    assert "Agreeing partner: Durham County Council;" in text
    for line in (("Healthy Child Programme Group (annual), which reports to County Durham "
                  "Health and Wellbeing Board → County Durham Partnership"),
                 ("County Durham Health and Wellbeing Board (annual), which reports to County "
                  "Durham Partnership"), "SEND Strategy and Accountability Group",
                 "NHS North Durham CCG Governing Body"):
        assert line in text


def test_the_report_holds_objectives_legislation_funders_gaps_duplicates_sources(jcp_docx):
    text = _docx_text(jcp_docx)
    assert "Review and re-commission the short breaks and respite offer (7 actions)" in text
    assert "Claire Garner-Harris" in text and "Apr 2017 to Apr 2018 (4 of 7 actions dated)" in text
    assert "Children and Families Act 2014" in text
    # the plan's co-commissioners, then bodies funding some of its actions, counted once
    assert "NHS England (co-commissioner; funds 2 of its actions)" in text
    assert "County Durham Youth Offending Service (funds 1 of its actions)" in text
    # The plan's gaps: its focus areas are owned by the plan's agreeing partners
    # (inherited), so the gaps are focus areas with no actions and actions with no date.
    assert "A priority or focus area with no actions or deliverables under it" in text
    assert "An action with no time scale, start, end or period" in text
    assert "A priority or focus area nobody is responsible for" not in text
    assert "The same work planned twice" in text
    assert "SEND JCP 2017-18 — Durham Special Educational Needs" in text


@pytest.mark.parametrize("when, abolished", [
    (["--as-at", "2024-01-01"], True),   # the county's CCGs merged on 1 April 2020
    (["--as-at", "2019-06-01"], False),  # before any of the plan's bodies changed
    (["--as-written"], False),
])
def test_since_written_lists_the_named_bodies_abolished_by_the_date(tmp_path, when,
                                                                      abolished):
    path = tmp_path / "report.docx"
    result = run_cli("report", JCP, "-o", path, *when)
    assert result.code == 0, result.err
    text = _docx_text(path)
    gone = [line for line in text.splitlines()
            if line.endswith(": abolished 31 March 2020; duties now with NHS North East and "
                             "North Cumbria ICB")]
    assert ("Since written (as at 1 January 2024)" in text) is abolished
    # the bodies that went the same way are one line, the CCGs and their governing bodies
    assert bool(gone) is abolished and len(gone) <= 1
    assert all("NHS North Durham Clinical Commissioning Group" in line
               and "NHS DDES CCG Governing Body" in line for line in gone)


def test_the_report_shows_no_ids(jcp_docx):
    assert ID.findall(_docx_text(jcp_docx)) == []


def test_a_small_diagram_is_included_when_graphviz_is_installed():
    require(shutil.which("dot") is not None, "Graphviz `dot` is not installed")
    from sendkg.graph.knowledge_graph import KnowledgeGraph
    from sendkg.records import Edge, Node
    from sendkg.render.report import report_document

    kg = KnowledgeGraph()
    kg.add_node(Node("plan:p", "Plan", "Short Breaks Plan"))
    kg.add_node(Node("board:b", "Board", "Children's Board"))
    kg.add_edge(Edge("plan:p", "reportsTo", "board:b", {"frequency": "quarterly"}))
    assert len(report_document(kg, "Short Breaks Plan").inline_shapes) == 1


def test_an_illegible_diagram_is_left_out_with_a_command_that_draws_it(jcp_docx, tmp_path):
    """The JCP's reporting lines would print at 2.4 pt in the paper: left out, with the
    `render` command that draws them legibly on a page of their own."""
    require(shutil.which("dot") is not None, "Graphviz `dot` is not installed")
    import shlex

    from docx import Document

    doc = Document(str(jcp_docx))
    assert len(doc.inline_shapes) == 0
    note = next(p.text for p in doc.paragraphs if "diagram was left out" in p.text)
    size = float(re.search(r"would print at ([\d.]+) pt", note).group(1))
    assert size < 8
    command = shlex.split(re.search(r"Draw it with sendkg (.*)\.$", note).group(1))
    assert command[-2:] == ["-o", "reporting-lines.pdf"]
    result = run_cli(*command[:-1], tmp_path / "lines.pdf")
    assert result.code == 0, result.err
    assert (tmp_path / "lines.pdf").read_bytes().startswith(b"%PDF")


def test_without_graphviz_the_report_says_the_diagram_was_left_out(bundled_kg, monkeypatch):
    from sendkg.render import report

    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    doc = report.report_document(bundled_kg, JCP)
    assert len(doc.inline_shapes) == 0
    assert any("diagram was left out: it needs Graphviz" in p.text for p in doc.paragraphs)


def test_the_pdf_comes_from_libreoffice(tmp_path):
    require(shutil.which("soffice") is not None, "LibreOffice (`soffice`) is not installed")
    path = tmp_path / "report.pdf"
    assert run_cli("report", JCP, "-o", path).code == 0
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Who owns the plan" in text and "Healthy Child Programme Group" in text


def test_a_pdf_without_libreoffice_is_one_clear_line_and_exit_2(tmp_path, monkeypatch):
    from sendkg.render import report

    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    result = run_cli("report", JCP, "-o", tmp_path / "report.pdf")
    assert result.code == 2
    assert "needs LibreOffice (`soffice`), which is not installed" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "report.pdf").exists()


def test_other_extensions_and_unknown_plans_are_refused(tmp_path):
    result = run_cli("report", JCP, "-o", tmp_path / "report.txt")
    assert result.code == 2 and "must end in .docx or .pdf" in result.err
    result = run_cli("report", "zzqqxx nothing like it", "-o", tmp_path / "r.docx")
    assert "no close match" in result.err and not (tmp_path / "r.docx").exists()
    # asked for a file and wrote none: a failure for a script, not "no match" (exit 0)
    assert result.code == 2 and "nothing written to" in result.err


def test_a_board_is_not_a_plan(tmp_path):
    result = run_cli("report", "Health and Wellbeing Board", "-o", tmp_path / "r.docx")
    assert "names a Board" in result.err and not (tmp_path / "r.docx").exists()
    assert result.code == 2


def test_bodies_on_the_reporting_lines_are_in_since_written(tmp_path):
    """The CYP Strategy reports to the Durham LSCB, replaced on 29 September 2019."""
    path = tmp_path / "cyps.docx"
    assert run_cli("report", "CYP strategy 2019", "-o", path, "--as-at", "2024-01-01").code == 0
    assert ("Durham Local Safeguarding Children Board: abolished 28 September 2019; duties "
            "now with Durham Safeguarding Children Partnership") in _docx_text(path)


def test_objectives_own_legislation_and_reporting_frequencies(jcp_docx):
    text = _docx_text(jcp_docx)
    parts = next(line for line in text.splitlines()
                 if line.startswith("For particular objectives or actions:"))
    assert "Autism Act 2009" in parts and "Crime and Disorder Act 1998" in parts
    assert "Children and Families Act 2014" not in parts  # the plan's own, listed above
    assert "SEND Strategy and Accountability Group (quarterly)" in text


def test_as_at_dates_the_checks_too(tmp_path):
    """As at June 2017 the 2017-18 plan was running: its period had not ended."""
    path = tmp_path / "then.docx"
    assert run_cli("report", JCP, "-o", path, "--as-at", "2017-06-01").code == 0
    text = _docx_text(path)
    assert "Bodies and checks as at 1 June 2017." in text
    assert "plan period ended" not in text and "Since written (as at" not in text
