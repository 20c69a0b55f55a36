"""Every list a page shows also downloads: `?format=csv` or `?format=xlsx` on its URL.

The files come from the same writers as `sendkg export` (queries/register.py): Excel
cells are always text (a label starting with '=' stays a label, never a formula). A CSV
download is meant for a spreadsheet too, so it starts with a byte-order mark (Excel on
Windows otherwise reads UTF-8 as its ANSI code page: "Â£" for "£") and a cell that a
spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV-injection
advice: labels come from ingested papers, which anyone may have written).
"""

from __future__ import annotations

import dataclasses
import re

from sendkg.queries.register import Table, csv_bytes, workbook_bytes
from sendkg.web.pages import choice_param, page
from starlette.responses import Response

FORMATS = ("html", "csv", "xlsx")
BOM = "\ufeff".encode()
# What Excel, LibreOffice and Google Sheets treat as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(name: str, table: Table, format: str) -> Response:
    """The table as a file download named NAME.csv or NAME.xlsx."""
    filename = re.sub(r"[^a-z0-9-]+", "-", name.casefold()).strip("-") or "table"
    if format == "csv":
        body, media = BOM + csv_bytes(spreadsheet_safe(table)), "text/csv; charset=utf-8"
    else:
        body, media = workbook_bytes([table])[0], XLSX
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}.{format}"'})


def spreadsheet_safe(table: Table) -> Table:
    """The table with each text cell a spreadsheet would run as a formula prefixed by "'".

    >>> table = Table("t", ("a",), [("=SUM(A1)",), ("plain",), ("-",), ("",)])
    >>> spreadsheet_safe(table).rows
    [("'=SUM(A1)",), ('plain',), ('-',), ('',)]
    """
    def safe(cell):
        text = str(cell)  # a lone "-" is a blank marker, not a formula
        return "'" + text if len(text) > 1 and text.startswith(_FORMULA_START) else cell
    rows = [tuple(safe(cell) for cell in row) for row in table.rows]
    return dataclasses.replace(table, rows=rows)


def table_or_page(request, name: str, table: Table, template: str, **context) -> Response:
    """The download when the request asks for one (?format=csv|xlsx), else the page."""
    format = choice_param(request, "format", FORMATS, "html")
    if format != "html":
        return download(name, table, format)
    return page(request, template, table=table, **context)
