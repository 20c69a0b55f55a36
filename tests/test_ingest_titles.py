"""The document title, one test per source format: HTML <title>/<h1>, a markdown `#`
heading, Word's Title style or first heading, a spreadsheet title cell; never a "last
updated" or "date published" line, and the file name only when nothing else exists."""

from __future__ import annotations

from pathlib import Path

from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file, plan_title
from sendkg.loaders.rows import read_rows


def title_of(path: Path) -> tuple[str | None, int]:
    return plan_title(read_rows(path))


def test_html_h1_is_the_title_not_the_date_line_above_it(tmp_path):
    page = tmp_path / "governance.html"
    page.write_text("<html><head><title>SEND governance | Anytown Local Offer</title></head>\n"
                    "<body>\n<p>Last updated: 3 March 2024</p>\n"
                    "<h1>SEND Partnership governance</h1>\n"
                    "<p>The Inclusion Group reports termly to the SEND Partnership Board.</p>\n"
                    "</body></html>\n", encoding="utf-8")
    rows = read_rows(page)
    assert [(r.text, r.heading) for r in rows][:3] == [
        ("SEND governance | Anytown Local Offer", "page title"),
        ("Last updated: 3 March 2024", None), ("SEND Partnership governance", "h1")]
    assert title_of(page) == ("SEND Partnership governance", 4)


def test_html_title_element_when_the_page_has_no_h1(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>SEND Strategy 2023-2026 | Anytown Council</title>"
                    "</head>\n<body>\n<p>Date published: 12 May 2023</p>\n"
                    "<p>The strategy is overseen by the SEND Partnership Board.</p>\n"
                    "</body></html>\n", encoding="utf-8")
    assert title_of(page) == ("SEND Strategy 2023-2026", 1)


def test_markdown_hash_heading_without_the_hash(tmp_path):
    document = tmp_path / "board.md"
    document.write_text("Page reviewed 1 February 2024\n\n# SEND Board Terms of Reference\n\n"
                        "## Membership\n", encoding="utf-8")
    rows = read_rows(document)
    assert [(r.where.line, r.heading) for r in rows if r.heading] == [(3, "h1"), (5, "h2")]
    assert rows[2].cells == ("# SEND Board Terms of Reference",)  # the text as written
    assert title_of(document) == ("SEND Board Terms of Reference", 3)


def test_docx_title_style_then_first_heading(tmp_path):
    import docx

    titled = docx.Document()
    titled.add_paragraph("Last updated 4 May 2023")
    titled.add_heading("Governance", level=1)
    titled.add_heading("Anytown SEND Improvement Plan 2024", level=0)  # the Title style
    titled.save(str(tmp_path / "titled.docx"))
    rows = read_rows(tmp_path / "titled.docx")
    assert [(r.where.line, r.heading) for r in rows] == [(1, None), (2, "h1"), (3, "title")]
    assert title_of(tmp_path / "titled.docx") == ("Anytown SEND Improvement Plan 2024", 3)

    headed = docx.Document()
    headed.add_paragraph("Date of publication: June 2022")
    headed.add_heading("Inclusion Group Terms of Reference", level=1)
    headed.save(str(tmp_path / "headed.docx"))
    assert title_of(tmp_path / "headed.docx") == ("Inclusion Group Terms of Reference", 2)


def test_spreadsheet_title_cell_above_the_header_not_its_date(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Last updated: 01/02/2024"])
    sheet.append(["Anytown SEND Action Plan 2024"])
    sheet.append(["Action", "Lead", "End"])
    sheet.append(["Map routes", "Ann Lee", "2024-09"])
    book.save(str(tmp_path / "plan.xlsx"))
    rows = read_rows(tmp_path / "plan.xlsx")
    assert [r.heading for r in rows] == ["title", "title", None, None]
    assert title_of(tmp_path / "plan.xlsx") == ("Anytown SEND Action Plan 2024", 2)


def test_the_file_name_only_when_nothing_else_exists(tmp_path):
    document = tmp_path / "board-minutes.txt"
    document.write_text("Last updated: 3 March 2024\n\nThe Inclusion Group reports termly to "
                        "the SEND Partnership Board.\n", encoding="utf-8")
    assert title_of(document) == (None, 1)
    result = ingest_file(document, NameIndex([]))
    assert result.document["title"] == "board-minutes"
