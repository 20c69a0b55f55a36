"""Delimited text (.csv): comma, semicolon or tab, sniffed from the first lines.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row, decode_text, read_bytes


def read_csv(path: Path) -> list[Row]:
    """CSV (comma, semicolon or tab): every record a table row at its first line."""
    text = decode_text(path, read_bytes(path))
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
