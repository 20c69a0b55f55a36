"""PDF: ruled tables and tables aligned by text alone, running text as prose lines, a
table running over pages joined into one (with or without its header repeated), sources
citing page and row or line, and one clear error for a scan with no text layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.errors import LoaderError
from sendkg.ingest.governance_text import governance_statements
from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file
from sendkg.ingest.plan_tables import table_rows
from sendkg.loaders.rows import read_rows

pytest.importorskip("reportlab", reason="reportlab (the test extra) writes the PDF fixtures")

REFERENCE = Path(__file__).parent / "fixtures" / "ingest" / "registry"
TITLE = "Example SEND Action Plan 2021-2022"
SENTENCE = "The SEND Steering Group will report quarterly to the Health and Wellbeing Board."
OFFICERS = ["Ann Lee", "Kim Lawther", "Guy Nokes", "Janet Arris", "Lyndsey Dunn"]
HEADER = ["Objective", "Key actions", "Lead officer", "Time scale", "RAG"]


def plan_rows(count: int = 24) -> list[list[str]]:
    """Rows long enough to wrap in their cells; the first keeps "<" and ">" as text."""
    rows = [["1. Reduce penalties", "Keep penalties (<2%) low and reach (>95%) on time",
             "Mark Smith", "March 2022", "Amber"]]
    for n in range(2, count + 1):
        rows.append([f"{n}. Widen short breaks in locality {n} for disabled children",
                     f"Commission {n} new places with parents and carers across the county",
                     OFFICERS[n % len(OFFICERS)], f"Q{n % 4 + 1} 2022", "Green"])
    return rows


def write_plan_pdf(path: Path, repeat_header: bool = True, ruled: bool = True,
                   landscape_page: bool = False, count: int = 24) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    size = landscape(A4) if landscape_page else A4

    def number_pages(canvas, document):
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(size[0] / 2, 20, str(document.page))

    def cell(text: str):
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
                         styles["BodyText"])

    data = [HEADER] + [[cell(t) for t in row] for row in plan_rows(count)]
    table = Table(data, colWidths=[130, 150, 80, 70, 45] if not landscape_page else
                  [200, 260, 120, 100, 60], repeatRows=1 if repeat_header else 0)
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    else:
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph(TITLE, styles["Title"]), Paragraph(SENTENCE, styles["BodyText"]),
             Spacer(1, 12), table]
    SimpleDocTemplate(str(path), pagesize=size).build(
        story, onFirstPage=number_pages, onLaterPages=number_pages)
    return path


def test_ruled_table_over_pages_with_repeated_header_is_one_table(tmp_path):
    rows = read_rows(write_plan_pdf(tmp_path / "plan.pdf"))
    prose = [(r.cells[0], str(r.where)) for r in rows if r.prose]
    assert prose == [(TITLE, "plan.pdf p.1 line 1"), (SENTENCE, "plan.pdf p.1 line 2")]
    table = [r for r in rows if not r.prose]
    assert {r.where.table for r in table} == {"table 1"}
    assert table[0].cells == tuple(HEADER) and str(table[0].where) == "plan.pdf p.1 row 1"
    assert [r.cells for r in table[1:]] == [tuple(row) for row in plan_rows()]
    pages = sorted({r.where.page for r in table})
    assert pages[0] == 1 and len(pages) >= 2
    first_on_page_2 = next(r for r in table if r.where.page == 2)
    assert first_on_page_2.where.row == 1 and first_on_page_2.cells != tuple(HEADER)
    assert [r.where.line for r in rows] == list(range(1, len(rows) + 1))


def test_table_over_pages_without_a_repeated_header_joins_too(tmp_path):
    rows = read_rows(write_plan_pdf(tmp_path / "plan.pdf", repeat_header=False))
    table = [r for r in rows if not r.prose]
    assert {r.where.table for r in table} == {"table 1"}
    assert [r.cells for r in table] == [tuple(HEADER)] + [tuple(r) for r in plan_rows()]
    found = list(table_rows(rows))
    assert len(found) == 24 and found[-1].get("officers") == [OFFICERS[24 % 5]]


def test_table_found_by_text_alignment_on_a_landscape_page(tmp_path):
    rows = read_rows(write_plan_pdf(tmp_path / "plan.pdf", ruled=False, landscape_page=True,
                                    count=6))
    found = list(table_rows(rows))
    assert [(r.get("objective"), r.get("officers"), r.get("status")) for r in found] == [
        ([row[0]], [row[2]], [row[4]]) for row in plan_rows(6)]


def test_ingest_cites_page_and_row_and_reads_the_governance_sentence(tmp_path):
    result = ingest_file(write_plan_pdf(tmp_path / "plan.pdf"), NameIndex())
    assert result.document["title"] == TITLE
    table = [r for r in result.results if r["kind"] == "table row"]
    assert len(table) == 24
    assert table[0]["source"] == {"document": "plan.pdf", "line": 4, "table": "table 1",
                                  "row": 2, "page": 1}
    sentences = list(governance_statements(read_rows(tmp_path / "plan.pdf")))
    assert {s.where.line for s in sentences} == {2}


def write_scan(path: Path) -> Path:
    """A page holding only a picture of text, as a scanner makes it."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for y in range(700, 400, -14):
        page.rect(72, y, 400, 8, fill=1)  # lines of "text" as shapes, no characters
    page.showPage()
    page.save()
    return path


def test_scan_without_text_layer_is_one_clear_error(tmp_path, cli):
    path = write_scan(tmp_path / "scan.pdf")
    with pytest.raises(LoaderError, match="no text layer on any of its 1 page"):
        read_rows(path)
    result = cli("ingest", path, "--data", REFERENCE)
    assert result.code == 2
    assert [line for line in result.err.splitlines() if line.startswith("error:")] == [
        f"error: {path}: no text layer on any of its 1 page(s), as in a scan: run OCR on it "
        f"first (e.g. ocrmypdf) and ingest the result"]
    assert "Traceback" not in result.err


def test_damaged_pdf_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    with pytest.raises(LoaderError) as caught:
        read_rows(path)
    assert caught.value.path.endswith("broken.pdf")


def test_page_turned_by_its_rotate_entry_reads_as_shown(tmp_path):
    """A landscape page made by /Rotate 90 with its content drawn turned back upright."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table, TableStyle

    path = tmp_path / "turned.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setPageRotation(90)
    page.translate(A4[0], 0)
    page.rotate(90)
    page.drawString(72, 500, SENTENCE)
    table = Table([HEADER[:3] + ["RAG"], ["Short breaks", "Audit provision", "Ann Lee",
                                          "Green"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    table.wrapOn(page, 700, 400)
    table.drawOn(page, 72, 400)
    page.showPage()
    page.save()
    assert [(str(r.where), r.cells) for r in read_rows(path)] == [
        ("turned.pdf p.1 line 1", (SENTENCE,)),
        ("turned.pdf p.1 row 1", ("Objective", "Key actions", "Lead officer", "RAG")),
        ("turned.pdf p.1 row 2", ("Short breaks", "Audit provision", "Ann Lee", "Green"))]
