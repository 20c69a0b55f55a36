"""The action register officers keep: every action, board and other entity as rows.

`register_tables(kg)` answers the questions (owners_of, legislation_driving, funders_of,
chairs_of) once per row; `write_register_xlsx` writes them as an Excel workbook (sheets
"Actions", "Boards", then one per other type — Plans, Aims, Objectives, Deliverables,
Outcomes, Indicators, People, Posts, Organisations, Legislation, Documents, Areas — each
with a frozen header row, filters and column widths) and `write_register_csv` as one
CSV file per sheet (actions.csv, boards.csv, plans.csv…) in a folder. Both are "exporter"
entries of sendkg.registry (`sendkg export --format xlsx|register-csv`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sendkg.queries.accountability import chairs_of
from sendkg.queries.containment import containers
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.facts import with_uncertain
from sendkg.queries.funding import funders_of
from sendkg.queries.responsibility import (
    inherited_from,
    lead_names,
    leads_of,
    once_with_posts,
    owners_in_words,
    owners_of,
)

from sendkg.files import write_atomically
from sendkg.records import Node

ACTION_COLUMNS = ("plan", "objective", "action", "lead(s)", "time scale",
                  "status", "legislation", "funders", "source")
BOARD_COLUMNS = ("board", "chair", "frequency", "reports to", "sub groups", "source")
OBJECTIVE_TYPES = ("Objective", "Aim", "Deliverable")  # nearest of these is "objective"
MAX_WIDTH = 60
# What Excel cannot hold in a cell (openpyxl refuses these): control characters.
_NOT_IN_EXCEL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    named_by: int = 0  # the column holding each row's entity name (for warnings)


def _unique(texts) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def _sources(node) -> str:
    return "; ".join(str(s) for s in node.sources)


def _organisations(kg, node) -> list[str]:
    """The organisations a person belongs to (directly or through a post), or a post's."""
    edges = list(kg.out_edges(node.id, "memberOf"))
    posts = [node.id] if node.type == "Post" else [e.o for e in kg.out_edges(node.id, "holds")]
    for post in posts:
        edges += kg.out_edges(post, "postIn")
    return _unique(kg.node(e.o).label for e in edges if kg.node(e.o).type == "Organisation")


def _leads(kg, item_id: str) -> str:
    """Who leads the item as `sendkg owner` gives it (`leads_of`: its own leads, else
    its nearest container's; support members and other roles are not leads), written as
    `owner` and `duplicates` write them (`lead_names`, uncertain marks kept), each once,
    then where they are inherited from, as the board paper says it: "Gill Eshelby; Mark
    Smith (Strategic Commissioning Manager, Durham County Council)", "Corporate Director
    of Children and Young People's Services — held by Margaret Whellans (inherited from
    the plan)"; "" when nobody up the containment is named as a lead."""
    leads, _ = leads_of(kg, item_id)
    text = "; ".join(_unique(lead_names(kg, leads)))
    where = inherited_from(leads)
    return f"{text} ({where})" if where else text


def _owners(kg, item_id: str) -> str:
    """Everyone the item itself names as answering for it (a plan's owners, agreeing
    partners…), one text per role as `duplicates` writes them (`owners_in_words`):
    "lead: Durham County Council; agreeing partner: NHS England; …"."""
    own = [o for o in once_with_posts(owners_of(kg, item_id)) if o.via is None]
    return "; ".join(owners_in_words(kg, own))


def _time_scale(node) -> str:
    props = node.props
    if props.get("timescale"):
        return str(props["timescale"])
    if props.get("period"):
        return str(props["period"])
    dates = [str(props[k]) for k in ("start", "end") if props.get(k)]
    return " to ".join(dates)


def _not_plan_wide(facts) -> list:
    """The facts of the action and its objective; what the plan as a whole cites or is
    funded by would fill every row of the plan alike."""
    return [f for f in facts if f.via is None or f.via.type != "Plan"]


def _legislation(kg, item_id: str) -> str:
    return "; ".join(_unique(
        f"{d.node.label} {d.section}" if d.section else d.node.label
        for d in _not_plan_wide(legislation_driving(kg, item_id))))


def _funders(kg, item_id: str) -> str:
    return "; ".join(_unique(f.node.label for f in _not_plan_wide(funders_of(kg, item_id))))


def _action_row(kg, action) -> tuple[str, ...]:
    around = containers(kg, action.id)
    plans = [node.label for node, _ in around if node.type == "Plan"]
    objective = next((node.label for node, _ in around if node.type in OBJECTIVE_TYPES), "")
    return ("; ".join(_unique(plans)), objective, action.label, _leads(kg, action.id),
            _time_scale(action), str(action.props.get("status", "")),
            _legislation(kg, action.id), _funders(kg, action.id), _sources(action))


def _chair_text(kg, chair) -> str:
    name = chair.node.label
    if chair.holders:
        name += " (" + ", ".join(h.label for h in chair.holders) + ")"
    role = chair.edge.props.get("role")
    name = f"{name} ({role})" if role and role != "chair" else name
    return with_uncertain(name, chair.edge.props)


def _board_row(kg, board) -> tuple[str, ...]:
    up = list(kg.out_edges(board.id, "reportsTo"))
    frequency = _unique([str(e.props["frequency"]) for e in up if e.props.get("frequency")]
                        + [str(board.props.get("frequency", ""))])
    reports_to = _unique([with_uncertain(kg.node(e.o).label, e.props) for e in up]
                         + [with_uncertain(f"{kg.node(e.o).label} (sub group of)", e.props)
                            for e in kg.out_edges(board.id, "subGroupOf")])
    sub_groups = _unique(kg.node(e.s).label for e in kg.in_edges(board.id, "subGroupOf"))
    chairs = chairs_of(kg, board.id)
    held = {h.id for c in chairs for h in c.holders}  # given with the post they hold
    return (board.label, "; ".join(_chair_text(kg, c) for c in chairs if c.node.id not in held),
            "; ".join(frequency), "; ".join(reports_to), "; ".join(sub_groups),
            _sources(board))


def _ordered(kg, type: str):
    return sorted(kg.nodes(type), key=lambda n: (n.label.casefold(), n.id))


def action_rows(kg) -> list[tuple[Node, tuple[str, ...]]]:
    """(action, its register row of ACTION_COLUMNS) for every action, by plan, objective
    and action."""
    return sorted(((a, _action_row(kg, a)) for a in kg.nodes("Action")),
                  key=lambda pair: tuple(c.casefold() for c in pair[1][:3]))


def register_tables(kg) -> list[Table]:
    """The register's tables: actions (by plan, objective, action), boards, then one per
    other type of entity (sendkg.queries.register_sheets.SHEETS), each by its first
    columns."""
    from sendkg.queries.register_sheets import SHEETS

    actions = [row for _, row in action_rows(kg)]
    boards = [_board_row(kg, b) for b in _ordered(kg, "Board")]
    tables = [Table("Actions", ACTION_COLUMNS, actions, ACTION_COLUMNS.index("action")),
              Table("Boards", BOARD_COLUMNS, boards)]
    for sheet in SHEETS:
        rows = sorted((sheet.row(kg, node) for node in kg.nodes(sheet.type)),
                      key=lambda row: tuple(c.casefold() for c in row[:2]))
        tables.append(Table(sheet.name, sheet.columns, rows,
                            sheet.columns.index(sheet.type.casefold())))
    return tables


def _cell_text(value: str, where: str, warnings: list[str]) -> str:
    if _NOT_IN_EXCEL.search(value):
        warnings.append(f"removed control characters from {where}")
        return _NOT_IN_EXCEL.sub("", value)
    return value


def workbook_bytes(tables: list[Table]) -> tuple[bytes, list[str]]:
    """Tables as the bytes of an Excel workbook, one sheet each (frozen header row,
    filters, column widths; every cell text, never a formula, whatever it starts with),
    and the warnings of what had to change (control characters Excel cannot hold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    warnings: list[str] = []
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.sheet)
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                name = _NOT_IN_EXCEL.sub("", row[table.named_by])
                text = _cell_text(value, f"{table.sheet} row {number} ({name!r})", warnings)
                cell = sheet.cell(row=number, column=column, value=text)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"
        for column, name in enumerate(table.columns, start=1):
            longest = max([len(name), *(len(row[column - 1]) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(column)].width = min(longest + 2,
                                                                           MAX_WIDTH)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), _unique(warnings)


def csv_bytes(table: Table) -> bytes:
    """One table as CSV (UTF-8, header row first)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8")


def write_register_xlsx(kg, path: Path) -> list[str]:
    """The register as an Excel workbook, written atomically; returns its warnings."""
    data, warnings = workbook_bytes(register_tables(kg))
    write_atomically(Path(path), data)
    return warnings


def write_register_csv(kg, path: Path) -> None:
    """The register as one CSV per sheet, PATH/actions.csv, PATH/boards.csv,
    PATH/plans.csv… (PATH is a folder; no other file in it is touched)."""
    from sendkg.graph.exports import tables_folder

    folder = tables_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    for table in register_tables(kg):
        write_atomically(folder / f"{table.sheet.lower()}.csv", csv_bytes(table))
