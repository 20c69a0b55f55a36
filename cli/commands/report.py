"""`sendkg report`: a board paper on one plan, as .docx (or .pdf through LibreOffice)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sendkg.cli.commands.questions import AsAtOption, AsWrittenOption, answer_date
from sendkg.cli.output import (DataOption, JsonOption, console, emit_json, load_graph,
                               writing_to)


def report(
    plan: Annotated[str, typer.Argument(help="The plan: its name, alias, abbreviation or id.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", dir_okay=False,
        help="File to write: .docx, or .pdf (needs LibreOffice).")],
    data: DataOption = None,
    as_at: AsAtOption = None,
    as_written: AsWrittenOption = False,
    json: JsonOption = False,
) -> None:
    """Write a board paper on a plan: purpose, owners, objectives, legislation, funders,
    reporting lines, gaps, duplicates and sources, on one or two pages; bodies abolished
    since the plan was written are listed with who holds their duties now."""
    from sendkg.render.report import write_report

    with writing_to(output):
        written = write_report(load_graph(data), plan, output,
                               as_at=answer_date(as_at, as_written))
    if json:
        emit_json({"command": "report", "plan": plan}, [written.summary()],
                  output=str(output), format=output.suffix.lower().lstrip("."))
        return
    console.print(f"wrote the report on {written.label} to {output}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(report)
