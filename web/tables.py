"""Every list a page shows also downloads: `?format=csv` or `?format=xlsx` on its URL.

The files come from the same writers as `sendkg export` (queries/register.py): Excel
cells are always text (a label starting with '=' stays a label, never a formula).
"""

from __future__ import annotations

import re

from sendkg.queries.register import Table, csv_bytes, workbook_bytes
from sendkg.web.pages import choice_param, page
from starlette.responses import Response

FORMATS = ("html", "csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(name: str, table: Table, format: str) -> Response:
    """The table as a file download named NAME.csv or NAME.xlsx."""
    filename = re.sub(r"[^a-z0-9-]+", "-", name.casefold()).strip("-") or "table"
    if format == "csv":
        body, media = csv_bytes(table), "text/csv; charset=utf-8"
    else:
        body, media = workbook_bytes([table])[0], XLSX
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}.{format}"'})


def table_or_page(request, name: str, table: Table, template: str, **context) -> Response:
    """The download when the request asks for one (?format=csv|xlsx), else the page."""
    format = choice_param(request, "format", FORMATS, "html")
    if format != "html":
        return download(name, table, format)
    return page(request, template, table=table, **context)
