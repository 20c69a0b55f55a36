"""Word: merged cells keep columns aligned, repeated header rows are skipped, and
paragraphs outside tables (content controls included) keep their paragraph numbers."""

from __future__ import annotations

from sendkg.ingest.governance_text import governance_statements
from sendkg.ingest.plan_tables import table_rows
from sendkg.loaders.rows import read_rows

HEADER = ["Objective", "Key actions", "Time scale", "Responsible officer(s)", "RAG"]


def _in_content_control(document, text: str) -> None:
    """A paragraph wrapped in a content control (w:sdt), as council templates have."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>{text}"
                    f"</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    document.element.body.insert(len(document.element.body) - 1, sdt)  # before sectPr


def write_docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Example SEND Joint Commissioning Plan 2020-2021")
    document.add_paragraph("The SEND Steering Group will report quarterly to the Health and "
                           "Wellbeing Board.")
    table = document.add_table(rows=5, cols=5)
    values = [HEADER,
              ["Travel training", "Map routes and train staff", "", "Mark Smith", "Amber"],
              HEADER,  # the header again, as on a new page
              ["Short breaks", "Audit provision", "May 2017", "Ann Lee", "Green"],
              ["", "Report to the board", "June 2017", "Kim Lawther", "Red"]]
    for row, texts in zip(table.rows, values):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    table.cell(1, 1).merge(table.cell(1, 2))  # gridSpan: actions over the time scale
    table.cell(1, 1).text = "Map routes and train staff"
    table.cell(3, 0).merge(table.cell(4, 0))  # vMerge: one objective over two rows
    table.cell(3, 0).text = "Short breaks"
    document.add_paragraph("3. Monitoring")
    _in_content_control(document, "The Short Breaks Panel is a sub group of the SEND "
                                  "Steering Group.")
    document.save(str(path))
    return path


def test_rows_with_merged_cells_on_the_grid_and_header_not_repeated(tmp_path):
    rows = read_rows(write_docx(tmp_path / "plan.docx"))
    assert [(r.where.line, r.where.table, r.where.row, r.prose, r.cells) for r in rows] == [
        (1, None, None, True, ("Example SEND Joint Commissioning Plan 2020-2021",)),
        (2, None, None, True, ("The SEND Steering Group will report quarterly to the Health "
                               "and Wellbeing Board.",)),
        (3, "table 1", 1, False, tuple(HEADER)),
        (4, "table 1", 2, False, ("Travel training", "Map routes and train staff", "",
                                  "Mark Smith", "Amber")),
        (5, "table 1", 4, False, ("Short breaks", "Audit provision", "May 2017", "Ann Lee",
                                  "Green")),
        (6, "table 1", 5, False, ("", "Report to the board", "June 2017", "Kim Lawther",
                                  "Red")),
        (7, None, None, True, ("3. Monitoring",)),
        (8, None, None, True, ("The Short Breaks Panel is a sub group of the SEND Steering "
                               "Group.",)),
    ]


def test_status_stays_in_its_column(tmp_path):
    found = list(table_rows(read_rows(write_docx(tmp_path / "plan.docx"))))
    assert [(r.where.line, r.get("objective"), r.get("actions"), r.get("timescale"),
             r.get("officers"), r.get("status"), r.continuation) for r in found] == [
        (4, ["Travel training"], ["Map routes and train staff"], [], ["Mark Smith"],
         ["Amber"], False),
        (5, ["Short breaks"], ["Audit provision"], ["May 2017"], ["Ann Lee"], ["Green"], False),
        (6, [], ["Report to the board"], ["June 2017"], ["Kim Lawther"], ["Red"], True),
    ]


def test_paragraphs_reach_the_governance_recogniser_with_their_numbers(tmp_path):
    statements = list(governance_statements(read_rows(write_docx(tmp_path / "plan.docx"))))
    assert sorted({s.where.line for s in statements}) == [2, 8]
