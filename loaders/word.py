"""Word (.docx): body paragraphs and table rows in document order (python-docx).
"""

from __future__ import annotations

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


def _docx_table_rows(table, name: str, counter: list[int], file: str) -> list[Row]:
    rows = []
    for number, row in enumerate(table.rows, start=1):
        counter[0] += 1
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats itself
                continue
            seen.add(id(cell._tc))
            cells.append(_docx_cell(cell))
        rows.append(Row(tuple(cells), Location(file, counter[0], name, number)))
    return rows


def read_docx(path: Path) -> list[Row]:
    """Word: body paragraphs and table rows in order. `line` counts paragraphs and table
    rows from the top of the document (Word has no lines); tables are numbered."""
    import docx

    try:
        document = docx.Document(str(path))
        return _docx_rows(document, path.name)
    except Exception as error:  # python-docx and lxml raise many types for a damaged file
        raise LoaderError(path, None, f"not a readable Word .docx file "
                                      f"({type(error).__name__}: {error})") from None


def _docx_rows(document, file: str) -> list[Row]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    rows, counter, tables = [], [0], 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "p":
            counter[0] += 1
            text = Paragraph(child, document).text.strip()
            rows.append(Row((text,), Location(file, counter[0]), prose=True))
        elif tag == "tbl":
            tables += 1
            rows += _docx_table_rows(Table(child, document), f"table {tables}", counter, file)
    return rows
