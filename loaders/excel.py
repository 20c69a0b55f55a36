"""Excel (.xlsx): every worksheet its own table, cells named as Excel names them.

Each sheet's rows carry the sheet as their table and the first filled cell as their
place (`plan.xlsx!Actions!B12`); `line` runs on across sheets so it never repeats. A
formula's saved value is used; a formula with none saved (a workbook written by a
program) is a note naming the cell, never a silent gap. Dates become ISO dates; a
merged cell's value fills its rows (in its first column, so the other columns keep
their places); single-cell rows above a sheet's first table row are prose (its title,
marked `heading="title"`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_ref(title: str) -> str:
    """A sheet's name as a cell reference writes it ('Action plan'!B2 is quoted)."""
    return title if title.replace("_", "").isalnum() else "'" + title.replace("'", "''") + "'"


def _load(path: Path, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(str(path), data_only=data_only)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise LoaderError(path, None, f"not a readable Excel .xlsx file "
                                      f"({type(error).__name__}: {error})") from None


def _merged_values(sheet) -> dict[tuple[int, int], object]:
    """(row, column) -> the value a merged range's first column shows in every row."""
    filled = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row + 1, merged.max_row + 1):
            filled[(row, merged.min_col)] = value
    return filled


def _sheet_rows(path: Path, sheet, formulas, counter: list[int]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    merged, rows, table_started = _merged_values(sheet), [], False
    ref = _sheet_ref(sheet.title)
    for cells in sheet.iter_rows():
        values, notes, first = [], [], None
        for cell in cells:
            value = merged.get((cell.row, cell.column), cell.value)
            formula = formulas.cell(cell.row, cell.column).value
            if value is None and isinstance(formula, str) and formula.startswith("="):
                notes.append(f"{path.name}!{ref}!{cell.coordinate}: formula {formula} has no "
                             f"saved value (open and save the workbook in Excel to store it)")
            text = _xlsx_value(value)
            if first is None and (text or notes):
                first = f"{get_column_letter(cell.column)}{cell.row}"
            values.append(text)
        counter[0] += 1
        number = cells[0].row if cells else counter[0]
        where = Location(path.name, counter[0], f"sheet {sheet.title}", number,
                         f"{ref}!{first or f'A{number}'}")
        filled = [v for v in values if v]
        if not table_started and len(filled) == 1 and not notes:
            rows.append(Row((filled[0],), where, prose=True, heading="title"))
            continue
        table_started = table_started or len(filled) > 1
        rows.append(Row(tuple(values), where, notes=tuple(notes)))
    return rows


def read_xlsx(path: Path) -> list[Row]:
    """Excel: every sheet's rows in order; `table` is the sheet, `row` its row number,
    `cell` the row's first filled cell, `line` a count that runs across sheets."""
    values, formulas = _load(path, True), _load(path, False)
    rows, counter = [], [0]
    try:
        for sheet in values.worksheets:
            rows += _sheet_rows(path, sheet, formulas[sheet.title], counter)
    except Exception as error:
        raise LoaderError(path, None, f"damaged Excel sheet ({type(error).__name__})") from None
    finally:
        values.close()
        formulas.close()
    return rows
