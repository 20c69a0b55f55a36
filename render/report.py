"""A board-paper report on one plan: a Word document (or PDF through LibreOffice).

`report_document(kg, "SEND joint commissioning plan")` resolves the text as the
questions do, gathers the plan's facts (`report_content.plan_report`) and lays them out
on one or two A4 pages in plain English, without ids. `write_report` writes it
atomically as .docx, or as .pdf when LibreOffice's `soffice` is installed.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendkg.queries.resolution import ITEMS_FIRST, resolution, subjects
from sendkg.queries.succession import long_date
from sendkg.render.graphviz import PNG_DPI
from sendkg.render.paper import MIN_PRINTED_PT, SMALLEST_FONT
from sendkg.render.report_content import NOT_GIVEN, PlanReport, plan_report

from sendkg.errors import AmbiguousName, SendkgError
from sendkg.files import write_atomically

FORMATS = (".docx", ".pdf")
DIAGRAM_WIDTH_CM = 16.0
DIAGRAM_MAX_HEIGHT_CM = 9.0
DIAGRAM_DEPTH = 1  # the bodies next to the plan's; the whole county is unreadable on A4
SOFFICE_TIMEOUT = 180


LISTED = 10  # plans named when a text could be several; the rest are counted


def report_resolution(kg, text: str):
    """What `text` names for a report, resolved as the questions resolve it
    (sendkg.queries.resolution): a Resolution with one plan chosen and no close others,
    so that `resolution.exact` says whether to tell the user how the text was read.

    Raises EntityNotFound when it names no plan (the questions' message), AmbiguousName
    when other plans match it about as closely ("Durham"), listing them: a paper on one
    of several plans must not be picked silently."""
    found = resolution(kg, text, ("Plan",), ("Plan", *ITEMS_FIRST))
    if not found.chosen:
        subjects(kg, text, ("Plan",), ("Plan", *ITEMS_FIRST))  # raises, saying why
    if found.also:
        plans = [m.node for m in (*found.chosen, *found.also)]
        listed = "; ".join(f"{p.label} ({p.id})" for p in plans[:LISTED])
        more = f"; and {len(plans) - LISTED} more" if len(plans) > LISTED else ""
        raise AmbiguousName(f"{text!r} could be any of {len(plans)} plans: {listed}{more}; "
                            f"give more of one name, or its id")
    return found


def report_plan(kg, text: str):
    """The plan `text` names (`report_resolution`, which may raise): a Plan node."""
    return report_resolution(kg, text).chosen[0].node


def report_document(kg, text: str, today: date | None = None, diagram: bool | None = None,
                    as_at: str | None = None):
    """The report as a python-docx Document. `diagram`: None draws the reporting lines
    when Graphviz `dot` is installed; False leaves them out. `as_at` (ISO date; None: as
    written) adds a "Since written" list of the named bodies abolished by then."""
    plan = report_plan(kg, text)
    content = plan_report(kg, plan.id, today, as_at=as_at)
    picture = None
    if diagram is not False and shutil.which("dot"):
        picture = _diagram(kg, plan)
    return _document(content, picture)


def write_report(kg, text: str, path: Path | str, today: date | None = None,
                 diagram: bool | None = None, as_at: str | None = None):
    """Write the report to `path` (.docx, or .pdf through LibreOffice); returns the plan."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise SendkgError(f"cannot write a report to {path.name!r}: the file name must end "
                          f"in {' or '.join(FORMATS)}")
    if suffix == ".pdf" and not shutil.which("soffice"):
        raise SendkgError("a PDF report needs LibreOffice (`soffice`), which is not "
                          "installed; write .docx instead, or install libreoffice-writer")
    plan = report_plan(kg, text)
    document = report_document(kg, plan.id, today, diagram, as_at)
    data = _docx_bytes(document)
    write_atomically(path, _pdf_bytes(data) if suffix == ".pdf" else data)
    return plan


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sendkg-report-") as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
             "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=False, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
        pdf = Path(folder) / "report.pdf"
        if done.returncode != 0 or not pdf.is_file():
            raise SendkgError(f"LibreOffice could not convert the report to PDF: "
                              f"{(done.stderr or done.stdout).strip()[:200]}")
        return pdf.read_bytes()


@dataclass(frozen=True)
class Diagram:
    """The reporting-line drawing for the paper: `png` when it prints legibly in the
    space the paper gives it, else None and `note` says why and how to draw it."""

    png: bytes | None
    note: str = ""


def _diagram(kg, plan) -> Diagram:
    """The governance view around the plan, if its smallest text prints at 8 pt or more
    at DIAGRAM_WIDTH_CM × DIAGRAM_MAX_HEIGHT_CM; else a note naming the page size on
    which `sendkg render` does draw it legibly (tried A4 and A3, turned and not)."""
    from sendkg.render import render

    with tempfile.TemporaryDirectory(prefix="sendkg-report-") as folder:
        png = Path(folder) / "lines.png"
        try:
            render(kg, png, view="governance", focus=plan.id, depth=DIAGRAM_DEPTH)
        except SendkgError:
            return Diagram(None, "The reporting-line diagram was left out: there was "
                                 "nothing to draw.")
        printed = _printed_pt(png.read_bytes())
        if printed >= MIN_PRINTED_PT:
            return Diagram(png.read_bytes())
        command = (f'sendkg render --view governance --focus "{plan.label}" '
                   f'--depth {DIAGRAM_DEPTH}')
        page = _legible_page(kg, plan.id, Path(folder))
        how = (f"{command} {page} -o reporting-lines.pdf" if page else
               f"{command} -o reporting-lines.html (on screen; it fits no A4 or A3 page)")
        return Diagram(None, f"The reporting-line diagram was left out: in this paper its "
                             f"smallest text would print at {printed:.1f} pt. Draw it with "
                             f"{how}.")


def _printed_pt(png: bytes) -> float:
    """The size (pt) the drawing's smallest text prints at once the PNG is placed at
    DIAGRAM_WIDTH_CM wide and at most DIAGRAM_MAX_HEIGHT_CM high."""
    width_px, height_px = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    natural = (width_px * 72 / PNG_DPI, height_px * 72 / PNG_DPI)  # points
    scale = min(DIAGRAM_WIDTH_CM / 2.54 * 72 / natural[0],  # placed at the full width,
                DIAGRAM_MAX_HEIGHT_CM / 2.54 * 72 / natural[1])  # or shrunk to the height
    return SMALLEST_FONT * scale


def _legible_page(kg, plan_id: str, folder: Path) -> str | None:
    """The first of A4 landscape, A3 and A3 landscape on which `render --page` draws
    the plan's reporting lines legibly, as its options; None when none does."""
    from sendkg.render import render

    for page, landscape in (("a4", True), ("a3", False), ("a3", True)):
        try:
            render(kg, folder / "page.pdf", view="governance", focus=plan_id,
                   depth=DIAGRAM_DEPTH, page=page, landscape=landscape)
        except SendkgError:
            continue
        return f"--page {page}" + (" --landscape" if landscape else "")
    return None


def _document(content: PlanReport, picture: Diagram | None):
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    _page(doc, Cm, Pt)
    doc.add_heading(content.title, level=1)
    as_at = f" Bodies and checks as at {long_date(content.as_at)}." if content.as_at else ""
    doc.add_paragraph((content.purpose or "No purpose is recorded for this plan.") + as_at)
    _list(doc, "Who owns the plan", content.owners, "No owners are recorded.")
    _objectives(doc, content, Cm, Pt)
    _sentence(doc, "Legislation and guidance driving it", content.legislation,
              "No legislation is recorded for the plan as a whole.")
    if content.legislation_of_parts:
        doc.add_paragraph("For particular objectives or actions: "
                          + "; ".join(content.legislation_of_parts) + ".")
    _sentence(doc, "Who funds or commissions it", content.funders, "No funders are recorded.")
    if content.since_written:
        _list(doc, f"Since written (as at {long_date(content.as_at)})", content.since_written, "")
    _reporting(doc, content, picture, Cm)
    _list(doc, "Gaps found by the checks", content.findings, "The checks found no gaps.")
    _list(doc, "Possible duplicates", content.duplicates,
          "No duplicates involve this plan.")
    _list(doc, "Sources", content.sources, "No sources are cited.")
    return doc


def _page(doc, Cm, Pt) -> None:
    """A4 with narrow margins and 9.5 pt text, so the plan fits on one or two pages."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)


def _list(doc, heading: str, items: list[str], empty: str) -> None:
    doc.add_heading(heading, level=2)
    if not items:
        doc.add_paragraph(empty)
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def _sentence(doc, heading: str, items: list[str], empty: str) -> None:
    doc.add_heading(heading, level=2)
    doc.add_paragraph("; ".join(items) + "." if items else empty)


TEXT_WIDTH_CM = 21.0 - 2 * 1.8  # A4 less the margins `_page` sets
TABLE_PT = 8  # the objectives table's text size
# A letter of the table's text is at most this many ems wide on average in a word (the
# default Calibri, or LibreOffice's Carlito, runs about 0.5); a cell's own margins.
EM_PER_LETTER = 0.55
CELL_PADDING_CM = 0.4
PT_PER_CM = 72 / 2.54


def column_widths(columns: list[list[str]], total_cm: float = TEXT_WIDTH_CM,
                  font_pt: float = TABLE_PT) -> list[float]:
    """Widths (cm) for a table's columns, each column given as its cells' texts (heading
    first), summing to `total_cm`: every column at least as wide as its longest word (no
    word broken letter by letter), then the room left shared in proportion to how much
    more its cells need, all rows together (no column wider than its longest text on one
    line). When even the longest words do not fit, in proportion to them.

    >>> [round(w, 1) for w in column_widths([["Objective", "a long objective " * 4],
    ...                                       ["Status", "Green for recommendation 2"]])]
    [12.0, 5.4]
    """
    def width(text: str) -> float:
        return len(text) * EM_PER_LETTER * font_pt / PT_PER_CM + CELL_PADDING_CM

    least = [max(width(word) for text in cells for word in text.split() or [""])
             for cells in columns]
    if sum(least) >= total_cm:
        return [total_cm * low / sum(least) for low in least]
    whole = [max(max(width(text) for text in cells), low) for cells, low in zip(columns, least)]
    room = total_cm - sum(least)
    if sum(whole) <= total_cm:  # every cell fits on one line: share out the rest evenly
        return [w + (total_cm - sum(whole)) / len(columns) for w in whole]
    # what each column's cells need beyond its least width, all rows together: the room
    # goes where the text is, so the rows (as high as their fullest cell) stay low
    wanted = [sum(max(width(text) - low, 0) for text in cells)
              for cells, low in zip(columns, least)]
    return _capped(least, whole, wanted, room)


def _capped(least: list[float], whole: list[float], wanted: list[float],
            room: float) -> list[float]:
    """`least` plus shares of `room` in proportion to `wanted`, no column wider than its
    `whole` (its longest text on one line): what a capped column does not use goes to
    the others."""
    widths, open_ = list(least), [i for i in range(len(least)) if wanted[i] > 0]
    while room > 1e-9 and open_:
        share = sum(wanted[i] for i in open_)
        given = {i: room * wanted[i] / share for i in open_}
        room = 0.0
        for i, extra in given.items():
            grant = min(extra, whole[i] - widths[i])
            widths[i] += grant
            room += extra - grant
        open_ = [i for i in open_ if whole[i] - widths[i] > 1e-9]
    return widths


def _actions_count(count: int) -> str:
    return f" ({count} action{'s' * (count != 1)})" if count else ""


def _objectives(doc, content: PlanReport, Cm, Pt) -> None:
    doc.add_heading("Objectives", level=2)
    if not content.objectives:
        doc.add_paragraph("No objectives are recorded.")
        return
    status = any(row.status != NOT_GIVEN for row in content.objectives)
    headings = ["Objective", "Leads", "Time scale"] + (["Status"] if status else [])
    rows = [(row.name + _actions_count(row.actions), row.leads,
             row.timescale, row.status)[:len(headings)] for row in content.objectives]
    widths = column_widths([[heading, *(r[i] for r in rows)]
                            for i, heading in enumerate(headings)])
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headings):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for texts in rows:
        for cell, text in zip(table.add_row().cells, texts):
            cell.text = text
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for cells in table.rows:
        for cell, width in zip(cells.cells, widths):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_PT)
    if not status:
        doc.add_paragraph("No status is recorded for the objectives or their actions.")


def _reporting(doc, content: PlanReport, picture: Diagram | None, Cm) -> None:
    _list(doc, "Reporting lines (the plan reports to)", content.reporting_lines,
          "No reporting line is recorded for this plan.")
    if content.monitoring:
        doc.add_paragraph("Monitored by: " + "; ".join(content.monitoring) + ".")
    if picture and picture.png:
        doc.add_picture(io.BytesIO(picture.png), width=Cm(DIAGRAM_WIDTH_CM))
        _fit_height(doc.inline_shapes[-1], Cm(DIAGRAM_MAX_HEIGHT_CM))
    elif picture:
        doc.add_paragraph(picture.note)
    elif shutil.which("dot") is None:
        doc.add_paragraph("The reporting-line diagram was left out: it needs Graphviz "
                          "(`dot`), which is not installed.")


def _fit_height(shape, most) -> None:
    """Shrink a picture (keeping its proportions) to at most `most` high."""
    if shape.height > most:
        shape.width = int(shape.width * most / shape.height)
        shape.height = most
