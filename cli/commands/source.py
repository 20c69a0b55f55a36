"""`sendkg source DOC:LINE`: the cited line (or table row, cell by cell) in context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from sendkg.cli.output import DataOption, JsonOption, console, emit_json, load_graph, print_indented


def source(
    citation: Annotated[str, typer.Argument(
        help="DOCUMENT:LINE or 'SHORT NAME l.LINE', as a citation prints it.")],
    sources: Annotated[Optional[list[Path]], typer.Option(
        "--sources", help="A folder holding the source papers (repeatable).",
        file_okay=False)] = None,
    context: Annotated[int, typer.Option("--context", min=0)] = 2,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Print the cited line of a source paper (a table row cell by cell), in context."""
    from rich.markup import escape

    from sendkg.queries.source_text import cited_lines, parse_citation, source_file

    document, line = parse_citation(citation)
    path = source_file(load_graph(data), document, list(sources or []))
    found = cited_lines(path, line, context)
    if json:
        return emit_json({"command": "source", "citation": citation}, [
            {"file": path.name, "line": n, "cells": cells, "cited": cited}
            for n, cells, cited in found])
    console.print(f"[dim]{escape(str(path))}[/dim]")
    for n, cells, cited in found:
        mark = "[bold]>[/bold]" if cited else " "
        if len(cells) > 1 and cited:
            console.print(f"{mark} {n}:")
            for i, cell in enumerate(cells, start=1):
                print_indented(f"    [cyan]cell {i}[/cyan]: {escape(cell)}")
        else:
            text = " | ".join(c for c in cells if c)
            if not cited and len(text) > CONTEXT_CHARS:  # the cited line is never cut
                text = text[:CONTEXT_CHARS].rstrip() + "…"
            style = "" if cited else "dim"
            _hanging(f"{mark} {n}: ", text, style)


CONTEXT_CHARS = 300  # a context line longer than this is cut, marked with "…"


def _hanging(prefix: str, text: str, style: str) -> None:
    """`prefix` (markup) then `text` wrapped at the terminal width, its further lines
    starting under the text's first character, not at the margin."""
    from rich.text import Text

    head = Text.from_markup(prefix)
    indent = head.cell_len
    lines = Text(text, style=style).wrap(console, max(console.width - indent, 20))
    for i, line in enumerate(lines):
        line.rstrip()
        console.print((head if i == 0 else Text(" " * indent)) + line)


def register(app: typer.Typer) -> None:
    app.command()(source)
