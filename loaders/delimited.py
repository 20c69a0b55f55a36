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


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; csv.Error propagates."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for record in reader:
        yield line, record
        line = reader.line_num + 1


def _fit(text: str, delimiter: str, sample: int = 50) -> tuple[int, int]:
    """(records with the header's column count, columns) for the first records."""
    try:
        records = [cells for _, (_, cells) in zip(range(sample), _records(text, delimiter))]
    except csv.Error:
        return 0, 0
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
    rows, line = [], 1
    try:
        for line, record in _records(text, delimiter):
            cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip()
                          for cell in record)
            rows.append(Row(cells, Location(path.name, line)))
    except csv.Error as error:
        raise LoaderError(path, line, f"bad CSV: {error}") from None
    return rows
