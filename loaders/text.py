"""Plain text (.txt, .tsv): a line with tabs is a table row, any other line prose.
"""

from __future__ import annotations

from pathlib import Path

from sendkg.loaders.rows import Location, Row, decode_text, read_bytes


def read_text(path: Path) -> list[Row]:
    """Plain text from PDF/Word: tab-separated lines are table rows, the rest prose."""
    text = decode_text(path, read_bytes(path))
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r")
        where = Location(path.name, number)
        if "\t" in line:
            rows.append(Row(tuple(cell.strip() for cell in line.split("\t")), where))
        else:
            rows.append(Row((line.strip(),), where, prose=True))
    return rows
