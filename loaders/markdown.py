"""Markdown (.md): pipe tables as rows, everything else as the plain-text reader reads it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from sendkg.loaders.rows import Row
from sendkg.loaders.text import read_text

_HEADING = re.compile(r"^(#{1,6})\s+\S")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return tuple(cell.replace("\\|", "|").replace("<br>", "\n").strip() for cell in cells)


def read_markdown(path: Path) -> list[Row]:
    """Markdown: pipe tables become rows (the --- line is dropped), the rest prose; a
    `#` line is marked as a heading of its level (its text keeps the `#`)."""
    rows = []
    for row in read_text(path):
        line = row.cells[0] if row.prose else "\t".join(row.cells)
        if row.prose and line.startswith("|") and line.count("|") >= 2:
            if _PIPE_SEPARATOR.match(line):
                continue
            rows.append(Row(_pipe_cells(line), row.where))
        else:
            heading = _HEADING.match(line) if row.prose else None
            rows.append(replace(row, heading=f"h{len(heading[1])}") if heading else row)
    return rows
