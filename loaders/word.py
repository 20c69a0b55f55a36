"""Word (.docx): body paragraphs and table rows in document order (python-docx).
"""

from __future__ import annotations

import re
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row


def _docx_cell(cell) -> str:
    paragraphs = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    if len(paragraphs) <= 1:
        return paragraphs[0] if paragraphs else ""
    return " ".join(f"<p>{_escape(p)}</p>" for p in paragraphs)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _docx_cells(row, above: list) -> list[str]:
    """A row's cells on the table's grid: a cell spanning columns (gridSpan) is read in
    its first column and leaves the others empty, and a cell merged down from the row
    above (vMerge) is empty, so every value stays under its own header."""
    cells, previous = [], None
    for position, cell in enumerate(row.cells):
        tc = cell._tc
        merged = tc is previous or (position < len(above) and above[position] is tc)
        cells.append("" if merged else _docx_cell(cell))
        previous = tc
    return cells


def _docx_table_rows(table, name: str, counter: list[int], file: str) -> list[Row]:
    """A table's rows; a row repeating the first (a header repeated on each page) is
    skipped."""
    rows, first, above = [], None, []
    for number, row in enumerate(table.rows, start=1):
        cells = _docx_cells(row, above)
        above = [cell._tc for cell in row.cells]
        if first is not None and tuple(cells) == first and any(cells):
            continue
        first = first or tuple(cells)
        counter[0] += 1
        rows.append(Row(tuple(cells), Location(file, counter[0], name, number)))
    return rows


def _heading(paragraph) -> str | None:
    """"title" for Word's Title style, "h1".."h6" for Heading 1-6, else None."""
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):  # a style id the styles part lacks
        return None
    if name.lower() == "title":
        return "title"
    level = re.fullmatch(r"heading\s*([1-6])", name.strip().lower())
    return f"h{level[1]}" if level else None


def read_docx(path: Path) -> list[Row]:
    """Word: body paragraphs and table rows in order. `line` counts paragraphs and table
    rows from the top of the document (Word has no lines); tables are numbered; the Title
    and Heading 1-6 styles mark a paragraph's `heading`."""
    import docx

    try:
        document = docx.Document(str(path))
        return _docx_rows(document, path.name)
    except Exception as error:  # python-docx and lxml raise many types for a damaged file
        raise LoaderError(path, None, f"not a readable Word .docx file "
                                      f"({type(error).__name__}: {error})") from None


def _docx_rows(document, file: str) -> list[Row]:
    rows, counter, tables = [], [0], [0]
    _docx_blocks(document, document.element.body, file, rows, counter, tables)
    return rows


def _docx_blocks(document, parent, file: str, rows: list[Row], counter: list[int],
                 tables: list[int]) -> None:
    """Paragraphs and tables of `parent` in order; content controls (w:sdt, as council
    templates use) are read through."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "p":
            counter[0] += 1
            paragraph = Paragraph(child, document)
            rows.append(Row((paragraph.text.strip(),), Location(file, counter[0]), prose=True,
                            heading=_heading(paragraph)))
        elif tag == "tbl":
            tables[0] += 1
            rows += _docx_table_rows(Table(child, document), f"table {tables[0]}", counter,
                                     file)
        elif tag in ("sdt", "sdtContent"):
            _docx_blocks(document, child, file, rows, counter, tables)
