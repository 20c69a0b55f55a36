"""The one registry of input formats: file extension -> reader.

Every reader turns one file into a flat list of `Row`s in document order. A row of a
table has several cells; a line of prose is a row with one cell and `prose=True`. Cells
keep the markup officers' documents carry (`<p>`, `<ul>`) for `plan_tables` to split.
Each row knows where it stands: file and line, or, for Word and Excel, table and row.

Adding a format is one reader function plus one line in `READERS`.

>>> sorted(READERS)
['.csv', '.docx', '.htm', '.html', '.markdown', '.md', '.text', '.tsv', '.txt', '.xlsx']
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sendkg.errors import LoaderError, UnknownFormatError
from sendkg.records import Source


@dataclass(frozen=True)
class Location:
    """Where a row stands: the file, its line, and for Word/Excel the table and row.

    >>> str(Location("plan.docx", 12, table="table 2", row=3))
    'plan.docx:12 (table 2, row 3)'
    """

    file: str
    line: int
    table: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = f" ({self.table}, row {self.row})" if self.table else ""
        return f"{self.file}:{self.line}{where}"

    def source(self) -> Source:
        return Source(self.file, self.line)

    def as_dict(self) -> dict:
        found = {"document": self.file, "line": self.line, "table": self.table, "row": self.row}
        return {key: value for key, value in found.items() if value is not None}


@dataclass(frozen=True)
class Row:
    """One table row (several cells) or one prose line (one cell, prose=True)."""

    cells: tuple[str, ...]
    where: Location
    prose: bool = False

    @property
    def text(self) -> str:
        return " ".join(cell for cell in self.cells if cell).strip()

    @property
    def blank(self) -> bool:
        return not self.text


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LoaderError(path, line, "binary data where text was expected")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoaderError(path, line, f"not UTF-8 or Windows-1252 text "
                                          f"(byte {error.start})") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoaderError(path, None, f"cannot read file: {error.strerror or error}") from None


def read_text(path: Path) -> list[Row]:
    """Plain text from PDF/Word: tab-separated lines are table rows, the rest prose."""
    text = _decode(path, _read_bytes(path))
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r")
        where = Location(path.name, number)
        if "\t" in line:
            rows.append(Row(tuple(cell.strip() for cell in line.split("\t")), where))
        else:
            rows.append(Row((line.strip(),), where, prose=True))
    return rows


_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return tuple(cell.replace("\\|", "|").replace("<br>", "\n").strip() for cell in cells)


def read_markdown(path: Path) -> list[Row]:
    """Markdown: pipe tables become rows (the --- line is dropped), the rest prose."""
    rows = []
    for row in read_text(path):
        line = row.cells[0] if row.prose else "\t".join(row.cells)
        if row.prose and line.startswith("|") and line.count("|") >= 2:
            if _PIPE_SEPARATOR.match(line):
                continue
            rows.append(Row(_pipe_cells(line), row.where))
        else:
            rows.append(row)
    return rows


def _html_cells(cell) -> list[str]:
    """A cell's inner HTML; a cell left open ("<td>a <td>b") holds the next cells, which
    html.parser nests inside it: they are split out again."""
    nested = cell.find_all(["td", "th"], recursive=False)
    for inner in nested:
        inner.extract()
    return [cell.decode_contents().strip()] + [c for inner in nested for c in _html_cells(inner)]


def read_html(path: Path) -> list[Row]:
    """HTML: each table row (td/th inner HTML kept) and each paragraph, heading or list
    item outside tables, with its source line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path, _read_bytes(path)), "html.parser")
    rows = []
    for element in soup.find_all(["tr", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li"]):
        line = element.sourceline or 1
        if element.name == "tr":
            if element.find_parent("tr"):
                continue
            cells = element.find_all(["td", "th"], recursive=False)
            rows.append(Row(tuple(text for c in cells for text in _html_cells(c)),
                            Location(path.name, line)))
        elif not element.find_parent(["table", "p", "li"]):
            text = " ".join(element.get_text(" ").split())
            rows.append(Row((text,), Location(path.name, line), prose=True))
    return rows


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


def read_csv(path: Path) -> list[Row]:
    """CSV (comma, semicolon or tab): every record a table row at its first line."""
    text = _decode(path, _read_bytes(path))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows, line = [], 1
    try:
        for record in reader:
            rows.append(Row(tuple(cell.strip() for cell in record), Location(path.name, line)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise LoaderError(path, reader.line_num or line, f"bad CSV: {error}") from None
    return rows


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path) -> list[Row]:
    """Excel: every sheet's rows; `line` is the sheet row number, `table` the sheet."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise LoaderError(path, None, f"not a readable Excel .xlsx file "
                                      f"({type(error).__name__}: {error})") from None
    rows = []
    try:
        for sheet in book.worksheets:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = tuple(_xlsx_value(v) for v in values)
                rows.append(Row(cells, Location(path.name, number, f"sheet {sheet.title}",
                                                number)))
    except Exception as error:
        raise LoaderError(path, None, f"damaged Excel sheet ({type(error).__name__})") from None
    finally:
        book.close()
    return rows


READERS: dict[str, Callable[[Path], list[Row]]] = {
    ".txt": read_text, ".text": read_text, ".tsv": read_text,
    ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html,
    ".docx": read_docx,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
}


def read_rows(path: Path | str) -> list[Row]:
    """The rows of `path`, read by the reader its extension names.

    Raises UnknownFormatError for an extension no reader handles and LoaderError (with
    file and, where known, line) for a file that cannot be read.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kind = path.suffix or "files without an extension"
        raise UnknownFormatError(f"{path}: no reader for {kind}; "
                                 f"known: {', '.join(sorted(READERS))}")
    if not path.is_file():
        raise LoaderError(path, None, "file not found")
    return reader(path)
