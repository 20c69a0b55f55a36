"""Delimited text (.csv): comma, semicolon, tab or bar, whichever reads as a table.

Each candidate delimiter is tried with quoting respected; the one kept gives the most
records with the same number of columns as the header (the first record of two or more
cells), so a semicolon file whose cells quote phrases with commas stays semicolon.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row, decode_text, read_bytes

DELIMITERS = (",", ";", "\t", "|")


class _BadRecord(csv.Error):
    """A record csv cannot read, with the line it starts on."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record. Strict: a quote never closed is an error at
    the line where its record starts (a lenient reader would swallow every row after
    it into one cell without a word); raises _BadRecord."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _BadRecord(line, str(error)) from None
        yield line, record
        line = reader.line_num + 1


def _fit(text: str, delimiter: str, sample: int = 50) -> tuple[int, int]:
    """(records with the header's column count, columns) for the first records."""
    records = []
    try:  # the records before a broken one still tell which delimiter fits
        for _, (_, cells) in zip(range(sample), _records(text, delimiter)):
            records.append(cells)
    except csv.Error:
        pass
    filled = [cells for cells in records if any(c.strip() for c in cells)]
    header = next((cells for cells in filled if len(cells) > 1), None)
    if header is None:
        return 0, 1
    return sum(len(cells) == len(header) for cells in filled), len(header)


def delimiter_of(text: str) -> str:
    """The delimiter that reads `text` as the most consistent table.

    >>> delimiter_of('Objective;Action;Lead\\nTravel;"Map routes, train staff";Ann Lee\\n')
    ';'
    >>> delimiter_of("Objective,Lead\\nTravel,Ann Lee\\n")
    ','
    """
    return max(DELIMITERS, key=lambda d: _fit(text, d))


def read_csv(path: Path) -> list[Row]:
    """CSV (comma, semicolon, tab or bar): every record a table row at its first line."""
    text = decode_text(path, read_bytes(path))
    delimiter = delimiter_of(text[:65536])
    rows = []
    try:
        for line, record in _records(text, delimiter):
            cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip()
                          for cell in record)
            rows.append(Row(cells, Location(path.name, line)))
    except _BadRecord as error:
        hint = ("; a quote opened in this record is never closed"
                if "end of data" in str(error) else "")
        raise LoaderError(path, error.line, f"bad CSV: {error}{hint}") from None
    return rows
