"""Readers of every input format, and the errors for files they cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.errors import LoaderError, UnknownFormatError
from sendkg import registry
from sendkg.loaders.rows import read_rows
from sendkg.ingest.plan_tables import table_rows

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
HEADER = ["Objective", "Legislation", "Key actions", "Time scale", "Responsible officer(s)",
          "Anticipated impact"]
ROWS = [["Develop travel training", "SEND Code of Practice 2015", "Identify cohorts\nWrite case",
         "May 2017", "Mark Smith L/A", "Fewer taxis"],
        ["", "", "Secure funding", "June 2017", "Kim Lawther DCO", ""]]


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Example SEND Plan 2020-2021")
    document.add_paragraph("The Example Group is a sub group of the Health and Wellbeing Board.")
    table = document.add_table(rows=0, cols=len(HEADER))
    for values in [HEADER, *ROWS]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            first, *more = value.split("\n")
            cell.text = first
            for paragraph in more:  # a second paragraph in the cell, as Word writes it
                cell.add_paragraph(paragraph)
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Example SEND Plan 2020-2021"])
    sheet.append([])
    for values in [HEADER, *ROWS]:
        sheet.append(values)
    book.save(str(path))
    return path


def test_the_registry_names_every_format_of_the_issue():
    assert {".txt", ".md", ".html", ".docx", ".csv", ".xlsx"} <= set(registry.names("reader"))


def test_text_rows_are_tab_separated_and_prose_is_one_cell():
    rows = read_rows(FIXTURES / "plan_tabs.txt")
    assert rows[0].prose and rows[0].cells == ("Example SEND Joint Commissioning Plan 2020-2021",)
    assert rows[2].cells[0] == "Objective" and len(rows[2].cells) == 6
    assert (rows[2].where.file, rows[2].where.line) == ("plan_tabs.txt", 3)


def test_markdown_pipe_table_drops_the_separator_line():
    rows = read_rows(FIXTURES / "plan_pipes.md")
    table = [r for r in rows if not r.prose]
    assert [r.where.line for r in table] == [3, 5, 6, 7]
    assert table[0].cells[:3] == ("Priority", "Statutory basis", "Actions")
    assert table[1].cells[2] == "Map transition pathways\nAgree protocol"


def test_html_rows_keep_cell_markup_and_source_lines():
    rows = read_rows(FIXTURES / "plan.html")
    table = [r for r in rows if not r.prose]
    assert [r.where.line for r in table] == [7, 8, 16]
    assert table[1].cells[2] == "<ul><li>Identify cohorts</li><li>Write business case</li></ul>"


def test_html_cell_left_open_is_split_from_the_cells_nested_in_it():
    rows = [r for r in read_rows(FIXTURES / "plan.html") if not r.prose]
    assert len(rows[2].cells) == 6
    assert rows[2].cells[4] == "Janet Arris &amp; Guy Nokes (NECs)"


def test_docx_paragraphs_and_table_rows_in_order(tmp_path):
    rows = read_rows(write_docx(tmp_path / "plan.docx"))
    assert [r.prose for r in rows] == [True, True, False, False, False]
    assert rows[2].where.table == "table 1" and rows[2].where.row == 1
    assert rows[3].where.line == 4
    assert rows[3].cells[2] == "<p>Identify cohorts</p> <p>Write case</p>"
    found = list(table_rows(rows))
    assert [r.get("actions") for r in found] == [["Identify cohorts", "Write case"],
                                                 ["Secure funding"]]
    assert [r.continuation for r in found] == [False, True]


def test_xlsx_rows_carry_sheet_and_row(tmp_path):
    rows = read_rows(write_xlsx(tmp_path / "plan.xlsx"))
    header = rows[2]
    assert (header.where.table, header.where.line, header.where.row) == ("sheet Plan", 3, 3)
    found = list(table_rows(rows))
    assert [(r.where.line, r.get("officers")) for r in found] == [
        (4, ["Mark Smith L/A"]), (5, ["Kim Lawther DCO"])]


def test_csv_quoted_cells_with_new_lines_start_at_their_first_line():
    rows = read_rows(FIXTURES / "plan.csv")
    assert [r.where.line for r in rows] == [1, 2, 3]
    assert rows[2].cells[2] == "Train staff\nAudit practice"


@pytest.mark.parametrize("name, line, words", [
    ("binary.txt", 3, "binary data"),
    ("bad_encoding.txt", 3, "not UTF-8 or Windows-1252"),
    ("broken.docx", None, "not a readable Word .docx file"),
    ("broken.xlsx", None, "not a readable Excel .xlsx file"),
])
def test_unreadable_file_names_file_and_line(name, line, words):
    with pytest.raises(LoaderError) as caught:
        read_rows(FIXTURES / name)
    assert caught.value.path.endswith(name)
    assert caught.value.line == line
    assert words in caught.value.message


def test_unknown_extension_and_missing_file():
    with pytest.raises(UnknownFormatError, match=r"no reader for \.odt"):
        read_rows(FIXTURES / "plan.odt")
    with pytest.raises(LoaderError, match="file not found"):
        read_rows(FIXTURES / "missing.txt")
