"""Markup and control characters in cell text: what is removed and what stays.

Only real markup is removed: the tags HTML pages carry and the `<p>`/`<ul>`/`<br>`
fragments that PDF and Word extraction leave in cells. A "<" or ">" in plain text
("penalties (<2%) and reach (>95%)") is text and stays.

>>> strip_tags("<p>Keep penalties (<2%) low</p><p>and reach (>95%) on time</p>")
' Keep penalties (<2%) low  and reach (>95%) on time '
>>> without_controls("Lead: \\x1b[31mMark Smith\\x1b[0m\\x08")
('Lead: Mark Smith', 3)
"""

from __future__ import annotations

import re
from dataclasses import replace

from sendkg.loaders.rows import Row

_TAG_NAMES = ("p|br|ul|ol|li|div|span|i|b|u|em|strong|sup|sub|font|a|table|thead|tbody|"
              "tfoot|tr|td|th|h[1-6]|hr|img|section|blockquote|caption|colgroup|col|o:p")
# A tag of a known HTML element, opening or closing, with attributes that hold no "<".
TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?=[\s/>])[^<>]*>", re.I)
# Breaks between a cell's items: paragraphs, list items, line breaks, blocks.
BREAK = re.compile(r"<\s*(?:br|/?p|/?li|/?ul|/?ol|/?div|/?tr|/?h\d)(?=[\s/>])[^<>]*>", re.I)
# ANSI escape sequences (colours, cursor moves) go whole; other C0 controls except tab,
# line feed and carriage return, DEL and the C1 controls go one by one.
_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]?|[\x00-\x08\x0b\x0c\x0e-\x1f"
                       r"\x7f-\x9f]")


def strip_tags(text: str) -> str:
    """`text` with every real tag replaced by a space (entities left as written)."""
    return TAG.sub(" ", str(text))


def without_controls(text: str) -> tuple[str, int]:
    """`text` without control characters, and how many pieces were removed."""
    return _CONTROLS.subn("", text)


# Characters of one cell or paragraph kept for the recognisers: their sentence patterns
# take time that grows faster than the text (a 1 MB cell of "Board Board …" took minutes).
MAX_CELL = 5_000


def clean_rows(rows: list[Row]) -> tuple[list[Row], list[str]]:
    """Rows without control characters and with no cell over MAX_CELL characters, and a
    warning naming file and line for each row changed.

    >>> from sendkg.loaders.rows import Location
    >>> clean_rows([Row(("Ann\\x08 Lee",), Location("plan.csv", 4))])[1]
    ['plan.csv:4: control characters removed (1)']
    """
    cleaned, warnings = [], []
    for row in rows:
        pieces = [without_controls(cell) for cell in row.cells]
        removed = sum(count for _, count in pieces)
        if removed:
            warnings.append(f"{row.where}: control characters removed ({removed})")
            row = replace(row, cells=tuple(cell for cell, _ in pieces))
        longest = max(map(len, row.cells), default=0)
        if longest > MAX_CELL:
            warnings.append(f"{row.where}: a cell of {longest:,} characters cut to "
                            f"{MAX_CELL:,} (no plan cell or sentence is that long)")
            row = replace(row, cells=tuple(cell[:MAX_CELL] for cell in row.cells))
        cleaned.append(row)
    return cleaned, warnings
