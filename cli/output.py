"""Shared output for commands: the JSON contract and Rich consoles."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
DataOption = Annotated[
    Optional[Path],
    typer.Option("--data", help="A dataset folder (see data/FORMAT.md); default: bundled data.",
                 file_okay=False),
]


def print_indented(markup: str) -> None:
    """Print one line of an answer with its leading spaces as a hanging indent: the lines
    it wraps onto at a narrow terminal start under its text, not at the margin.

    `markup` is Rich markup whose leading spaces set the indent ("    Objective …").
    """
    from rich.text import Text

    body = markup.lstrip(" ")
    indent = len(markup) - len(body)
    for line in Text.from_markup(body).wrap(console, max(console.width - indent, 20)):
        line.rstrip()
        console.print(Text(" " * indent) + line)


def registry_help(kind: str) -> str:
    """'name: summary; ...' for every sendkg.registry entry of `kind` (imports nothing)."""
    from sendkg import registry

    return "; ".join(f"{e.name}: {e.summary}" for e in registry.entries(kind))


def emit_json(query: Any, results: list, **extra: Any) -> None:
    """Print the DESIGN.md contract: {"query": ..., "results": [...]} (plus extras)."""
    payload = {"query": query, "results": results, **extra}
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def sources_text(sources, limit: int = 3) -> str:
    """'file:line, file:line (+N more)' for a human table cell."""
    shown = ", ".join(str(s) for s in sources[:limit])
    more = f" (+{len(sources) - limit} more)" if len(sources) > limit else ""
    return shown + more


def load_graph(data: Optional[Path]):
    from sendkg.graph import load

    return load(data)
