"""PDF (.pdf): tables by their ruling lines or, failing those, by text alignment; the
running text around them as prose lines (pdfplumber).

Rows come page by page in reading order (top to bottom). A cell's wrapped lines are
joined back into its paragraphs: a line ends a paragraph when the next line's first word
would have fitted after it. A table that runs on over a page (the next page starts with a
table of as many columns) keeps its name, and a header repeated there is skipped. Page
numbers in the margins are dropped. Each row cites its page and its row (tables) or line
(text) on that page: `plan.pdf p.12 row 4`; `line` counts rows through the whole file.
A PDF without a text layer (a scan) is one LoaderError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_BULLET = re.compile(r"^[•○▪◦●■➢✓\-–]\s")
_LINE_GAP = 3.0  # points: words whose tops differ less stand on one line


@dataclass
class _Line:
    top: float
    words: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in sorted(self.words, key=lambda w: w["x0"]))

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    def first_width(self) -> float:
        first = min(self.words, key=lambda w: w["x0"])
        return first["x1"] - first["x0"]


def _lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1].top) < _LINE_GAP:
            lines[-1].words.append(word)
        else:
            lines.append(_Line(word["top"], [word]))
    return lines


def _inside(word: dict, bbox) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_text(words: list[dict], bbox) -> str:
    """A cell's paragraphs, one a line: wrapped lines joined back together."""
    lines = _lines([w for w in words if _inside(w, bbox)])
    if not lines:
        return ""
    pad = max(min(line.x0 for line in lines) - bbox[0], 0)
    limit = bbox[2] - pad
    space = 3.0
    paragraphs = [lines[0].text]
    for before, line in zip(lines, lines[1:]):
        ended = before.x1 + space + line.first_width() < limit - 1
        if ended or _BULLET.match(line.text):
            paragraphs.append(line.text)
        else:  # a line broken after a hyphen ("Garner-\nHarris") joins without a space
            glue = "" if re.search(r"\w-$", paragraphs[-1]) else " "
            paragraphs[-1] += glue + line.text
    return "\n".join(paragraphs)


def _ruled_cells(table, words: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(_cell_text(words, c) if c else "" for c in row.cells) for row in table.rows]


def _segments(line: _Line, gutter: float = 7.0) -> list[tuple[float, float]]:
    """(x0, x1) of the runs of words on a line separated by more than a word space."""
    runs: list[list[float]] = []
    for word in sorted(line.words, key=lambda w: w["x0"]):
        if runs and word["x0"] - runs[-1][1] <= gutter:
            runs[-1][1] = word["x1"]
        else:
            runs.append([word["x0"], word["x1"]])
    return [(a, b) for a, b in runs]


def _fits(line: _Line, edges: list[float]) -> bool:
    """Whether every run of the line starts at a column edge and ends before the next."""
    for x0, x1 in _segments(line):
        column = next((i for i, e in enumerate(edges) if abs(x0 - e) <= 4), None)
        if column is None or (column + 1 < len(edges) and x1 > edges[column + 1] - 2):
            return False
    return True


def _row_groups(lines: list[_Line], edges: list[float]) -> list[list[_Line]]:
    """Lines grouped into table rows: a row starts where the first column starts a new
    paragraph (more than a line's leading below its last text), as cells are top-aligned
    and a table's first column holds one item a row; lines with nothing in the first
    column belong to the row above."""
    heights = sorted(w["bottom"] - w["top"] for line in lines for w in line.words)
    leading = 1.45 * heights[len(heights) // 2]
    groups: list[list[_Line]] = []
    last_key = None
    for line in lines:
        key = [w["top"] for w in line.words if w["x0"] < edges[1] - 4]
        top = min(key) if key else None
        if not groups or top is not None and (last_key is None or top - last_key > leading):
            groups.append([line])
        else:
            groups[-1].append(line)
        last_key = max(key) if key else last_key
    return groups


def _aligned_rows(lines: list[_Line], edges: list[float] | None = None
                  ) -> list[tuple[str, ...]]:
    """A table's rows from its lines and the columns its first line sets out."""
    edges = edges or [x0 for x0, _ in _segments(lines[0])]
    groups = _row_groups(lines, edges)
    words = [w for line in lines for w in line.words]
    bounds = list(zip(edges, [*edges[1:], 1e9]))
    right = [max((w["x1"] for w in words if a - 4 <= w["x0"] < b - 4), default=b)
             for a, b in bounds]
    rows = []
    for group in groups:
        top, bottom = group[0].top - 1, max(w["bottom"] for g in group for w in g.words) + 1
        inside = [w for line in group for w in line.words]
        rows.append(tuple(
            _cell_text([w for w in inside if a - 4 <= w["x0"] < b - 4], (a - 4, top, r + 1,
                                                                          bottom))
            for (a, b), r in zip(bounds, right)))
    return rows


def _aligned_tables(lines: list[_Line], carried: list[float] | None = None) -> list[tuple]:
    """(top, lines, rows, column edges) of each table set out by text alignment alone: a
    line of three or more runs of words starts one; lines whose runs keep to its columns
    follow. With `carried` (the columns of a table the page before ended with), the lines
    at the top that keep to those columns carry that table on."""
    found, start = [], 0
    if carried:
        while start < len(lines) and _fits(lines[start], carried):
            start += 1
        if start:
            found.append((lines[0].top, lines[:start], _aligned_rows(lines[:start], carried),
                          carried))
    while start < len(lines):
        edges = [x0 for x0, _ in _segments(lines[start])]
        end = start + 1
        if len(edges) >= 3:
            while end < len(lines) and _fits(lines[end], edges):
                end += 1
        rows = _aligned_rows(lines[start:end]) if end - start >= 2 else []
        if _tabular(rows):
            found.append((lines[start].top, lines[start:end], rows, edges))
            start = end
        else:
            start += 1
    return found


def _tabular(rows: list[tuple[str, ...]]) -> bool:
    """Whether a table found by text alignment alone looks like one, not like prose."""
    wide = [r for r in rows if sum(bool(c) for c in r) >= 2]
    return len(rows) >= 2 and len(rows[0]) >= 3 and len(wide) >= 0.6 * len(rows)


@dataclass
class _Open:
    """The last table of the page before, which the next page's first table may continue."""

    name: str
    columns: int
    header: tuple[str, ...]
    edges: list[float] | None = None  # the columns of a table set out by alignment


class _PdfRows:
    def __init__(self, file: str):
        self.file, self.rows, self.tables, self.open = file, [], 0, None

    def _add(self, cells, page: int, row: int, table: str | None = None) -> None:
        where = Location(self.file, len(self.rows) + 1, table, row, page=page)
        self.rows.append(Row(tuple(cells), where, prose=table is None))

    def page(self, page, number: int) -> None:
        words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
        tables = page.find_tables()
        blocks = [(t.bbox[1], "table", (_ruled_cells(t, words), None)) for t in tables]
        outside = _lines([w for w in words if not any(_inside(w, t.bbox) for t in tables)])
        outside = [line for line in outside if not self._furniture(line, page)]
        if not tables:
            aligned = _aligned_tables(outside, self.open.edges if self.open else None)
            blocks = [(top, "table", (rows, edges)) for top, _, rows, edges in aligned]
            taken = {id(line) for _, lines, _, _ in aligned for line in lines}
            outside = [line for line in outside if id(line) not in taken]
        blocks += [(line.top, "line", line) for line in outside]
        blocks.sort(key=lambda block: block[0])
        line_number = 0
        for position, (_, kind, block) in enumerate(blocks):
            if kind == "line":
                line_number += 1
                self._add((block.text,), number, line_number)
                self.open = None
            else:
                self._table(*block, page=number, first=position == 0)

    def _furniture(self, line: _Line, page) -> bool:
        margin = 0.08 * page.height
        in_margin = line.top < margin or line.top > page.height - margin
        return in_margin and bool(_PAGE_NUMBER.match(line.text))

    def _join_last(self, cells: tuple[str, ...]) -> None:
        last = self.rows[-1]
        joined = tuple(_joined(a, b) for a, b in zip(last.cells, cells))
        self.rows[-1] = Row(joined + last.cells[len(joined):], last.where)

    def _table(self, cells: list[tuple[str, ...]], edges: list[float] | None, page: int,
               first: bool) -> None:
        cells = [row for row in cells if any(row)]
        if not cells:
            return
        carried = self.open if first and self.open and self.open.columns == len(cells[0]) \
            else None
        if carried and cells[0] == carried.header:
            cells = cells[1:]  # the header repeated on the new page
        if carried and cells and not cells[0][0] and self.rows[-1].where.table == carried.name:
            self._join_last(cells[0])  # a row broken by the page: its first cell shown above
            cells = cells[1:]
        if carried is None:
            self.tables += 1
            carried = _Open(f"table {self.tables}", len(cells[0]), cells[0], edges)
        for number, row in enumerate(cells, start=1):
            self._add(row, page, number, carried.name)
        self.open = carried


def _joined(above: str, below: str) -> str:
    """A cell's text either side of a page break: one paragraph unless the part below
    starts like a new one (a bullet, a capital)."""
    if not above or not below:
        return above or below
    new_paragraph = _BULLET.match(below) or below[:1].isupper() or below[:1].isdigit()
    return above + ("\n" if new_paragraph else " ") + below


def read_pdf(path: Path) -> list[Row]:
    """PDF: table rows and prose lines page by page; LoaderError for a damaged PDF or
    one with no text layer."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as error:  # pdfminer raises many types for a damaged file
        raise LoaderError(path, None, f"not a readable PDF ({type(error).__name__}: "
                                      f"{error})") from None
    with pdf:
        try:
            pages = list(pdf.pages)
            if not any(page.chars for page in pages):
                raise LoaderError(path, None, f"no text layer on any of its {len(pages)} "
                                              f"page(s), as in a scan: run OCR on it first "
                                              f"(e.g. ocrmypdf) and ingest the result")
            reader = _PdfRows(path.name)
            for number, page in enumerate(pages, start=1):
                reader.page(page, number)
        except LoaderError:
            raise
        except Exception as error:
            raise LoaderError(path, None, f"damaged PDF ({type(error).__name__}: "
                                          f"{error})") from None
    return reader.rows
