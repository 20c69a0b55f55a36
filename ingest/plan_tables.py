"""Plan tables: header synonyms to column roles, cell fragments, rows with their context.

Plans name their columns in many ways ("Responsible Officer(s)", "Lead", "Lead Officer";
"Anticipated Impact", "Expected Outcome", "Measures of success"). A header row is
recognised by what its cells say, not by column positions, and stays in force across
blank lines, repeated header rows and context lines (an action plan's theme and
recommendation lines) until ordinary prose ends the table. A row whose key cell is
empty continues the row above.

>>> header_roles(["Objective", "Underpinning Legislation, guidance, local drivers",
...               "Key Actions", "Time Scale", "Responsible Officer(s)", "Anticipated Impact"])
('objective', 'legislation', 'actions', 'timescale', 'officers', 'impact')
>>> cell_fragments('<p>May 2017</p> <ul style="x"> • Map needs • Analyse gaps</ul>')
['May 2017', 'Map needs', 'Analyse gaps']
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Protocol

import yaml

from sendkg.ingest.markup import BREAK, strip_tags
from sendkg.loaders.rows import Location, Row


def _role_patterns() -> list[tuple[str, re.Pattern]]:
    """(role, pattern) in the order tried, from data/vocabulary/headers.yaml."""
    path = resources.files("sendkg.data") / "vocabulary" / "headers.yaml"
    roles = yaml.safe_load(path.read_text(encoding="utf-8"))["roles"]
    return [(entry["role"], re.compile("|".join(f"(?:{p})" for p in entry["patterns"]),
                                       re.IGNORECASE)) for entry in roles]


# First match wins: "Start date" is a start, not a time scale; "Lead Officer" an officer.
ROLE_PATTERNS: list[tuple[str, re.Pattern]] = _role_patterns()
KEY_ROLES = ("objective", "actions")
_BULLETS = re.compile(r"\s*[•○▪◦●■➢✓]\s*")
_SEPARATOR_CELL = re.compile(r"^[-–—_=*\s]*$")


def role_of(header: str) -> str | None:
    """The column role a header cell names, or None.

    >>> role_of("Action(s) linked to the tasks of the PID"), role_of("RAG Rating")
    ('actions', 'status')
    >>> role_of("Expected Outcome"), role_of("Start date"), role_of("Lead Officer")
    ('impact', 'start', 'officers')
    """
    text = " ".join(strip_tags(header).replace("*", " ").split()).strip(" :")
    if not text or len(text) > 80:
        return None
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


def header_roles(cells: Iterable[str]) -> tuple[str | None, ...] | None:
    """The roles of a header row's columns, or None when the row is not a header."""
    cells = list(cells)
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2 or any(len(c) > 80 for c in filled):
        return None
    roles, seen = [], set()
    for cell in cells:
        role = role_of(cell)
        roles.append(role if role not in seen else None)
        seen.add(role)
    named = [r for r in roles if r]
    if len(named) < 2 or len(named) < 0.6 * len(filled) or not set(named) & set(KEY_ROLES):
        return None
    return tuple(roles)


def strip_markup(text: str) -> str:
    """Cell text without tags or entities, on one line.

    >>> strip_markup("<p>Mark Smith L/A</p> <p>Ann Lee</p>")
    'Mark Smith L/A Ann Lee'
    """
    return " ".join(html.unescape(strip_tags(text)).split())


def cell_fragments(text: str) -> list[str]:
    """The separate items of a cell: its <p> and <li> parts, bullets, or lines.

    >>> cell_fragments("Jan-Mar 17")
    ['Jan-Mar 17']
    >>> cell_fragments("first line\\nsecond line")
    ['first line', 'second line']
    """
    broken = BREAK.sub("\n", str(text))
    plain = html.unescape(strip_tags(broken))
    fragments = []
    for line in plain.split("\n"):
        for piece in _BULLETS.split(line):
            piece = " ".join(re.sub(r"^\s*[-*]\s+", "", piece).split())
            if piece and not _SEPARATOR_CELL.match(piece):
                fragments.append(piece)
    return fragments


class Context(Protocol):
    """What surrounds table rows (an action plan's theme and recommendation)."""

    def observe(self, row: Row) -> bool: ...

    def snapshot(self) -> dict: ...


@dataclass
class TableRow:
    """One data row: each role's fragments, where it stands, and what surrounds it."""

    where: Location
    cells: dict[str, list[str]]
    text: dict[str, str]
    continuation: bool = False
    context: dict = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, role: str) -> list[str]:
        return self.cells.get(role, [])


def _is_separator_row(row: Row) -> bool:
    return all(_SEPARATOR_CELL.match(cell) for cell in row.cells)


def _table_row(row: Row, roles: tuple[str | None, ...], headers: dict[str, str],
               context: dict) -> TableRow:
    cells: dict[str, list[str]] = {}
    text: dict[str, str] = {}
    extra = []
    for position, cell in enumerate(row.cells):
        role = roles[position] if position < len(roles) else None
        if role is None:
            if cell.strip() and not _SEPARATOR_CELL.match(cell):
                extra.append(strip_markup(cell))
            continue
        cells[role] = cell_fragments(cell)
        text[role] = strip_markup(cell)
    key = next((r for r in KEY_ROLES if r in roles), None)
    continuation = key is not None and not cells.get(key)
    return TableRow(row.where, cells, text, continuation, context, extra, headers)


def _continues(row: Row, roles: tuple[str | None, ...]) -> bool:
    """Whether a new table's first row carries on the table before (a Word or PDF table
    split in two, same columns). A worksheet always starts afresh."""
    return not row.prose and row.where.cell is None and len(row.cells) == len(roles)


def unread_warning(row: Row) -> str:
    seen = ", ".join(repr(strip_markup(c)) for c in row.cells if c.strip())
    return f"{row.where}: table not read: no plan columns recognised in its first row ({seen})"


def table_rows(rows: Iterable[Row], context: Context | None = None,
               unread: list[Row] | None = None) -> Iterator[TableRow]:
    """The data rows of every plan table in `rows`, in order; the first row of each
    table whose header is not recognised goes to `unread`.

    >>> from sendkg.loaders.rows import Location, Row
    >>> rows = [Row(("Objective", "Lead"), Location("f", 1)),
    ...         Row(("Travel training", "Mark Smith"), Location("f", 2)),
    ...         Row(("", "Ann Lee"), Location("f", 3)),
    ...         Row(("Glossary",), Location("f", 4), prose=True),
    ...         Row(("Term", "Meaning"), Location("f", 5)),
    ...         Row(("DCO", "Designated Clinical Officer"), Location("f", 6))]
    >>> unread = []
    >>> [(r.where.line, r.get("officers"), r.continuation)
    ...  for r in table_rows(rows, None, unread)]
    [(2, ['Mark Smith'], False), (3, ['Ann Lee'], True)]
    >>> [unread_warning(row) for row in unread]
    ["f:5: table not read: no plan columns recognised in its first row ('Term', 'Meaning')"]
    """
    roles, headers, table, pending = None, {}, None, None
    for row in rows:
        if row.blank or _is_separator_row(row):
            continue
        if row.where.table != table:
            table = row.where.table
            if roles is not None and not _continues(row, roles):
                roles, headers = None, {}
        if context is not None and context.observe(row):
            continue
        found = None if row.prose else header_roles(row.cells)
        if pending is not None and (found or row.prose or row.where.table != pending.where.table):
            if not found and unread is not None:
                unread.append(pending)
            pending = None
        if found:
            roles = found
            headers = {r: strip_markup(c) for r, c in zip(found, row.cells) if r}
        elif row.prose:
            roles = None
        elif roles is not None:
            yield _table_row(row, roles, headers, context.snapshot() if context else {})
        elif pending is None and sum(bool(c.strip()) for c in row.cells) >= 2:
            pending = row
    if pending is not None and unread is not None:
        unread.append(pending)
