"""Excel (.xlsx): every sheet's rows, cached values of formulas (openpyxl).
"""

from __future__ import annotations

from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.loaders.rows import Location, Row


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path) -> list[Row]:
    """Excel: every sheet's rows; `line` is the sheet row number, `table` the sheet."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise LoaderError(path, None, f"not a readable Excel .xlsx file "
                                      f"({type(error).__name__}: {error})") from None
    rows = []
    try:
        for sheet in book.worksheets:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = tuple(_xlsx_value(v) for v in values)
                rows.append(Row(cells, Location(path.name, number, f"sheet {sheet.title}",
                                                number)))
    except Exception as error:
        raise LoaderError(path, None, f"damaged Excel sheet ({type(error).__name__})") from None
    finally:
        book.close()
    return rows
