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
    since the plan was written are listed with who holds their duties now. PLAN that is
    not an exact name is read as the questions read it (said first); PLAN that other
    plans match about as closely is refused, listing them (exit 2)."""
    from sendkg.cli.commands.questions import read_as_lines
    from sendkg.render.report import report_resolution, write_report

    with writing_to(output):
        kg = load_graph(data)
        found = report_resolution(kg, plan)
        written = write_report(kg, found.chosen[0].node.id, output,
                               as_at=answer_date(as_at, as_written))
    if json:
        read = found.read_as()
        emit_json({"command": "report", "plan": plan}, [written.summary()],
                  output=str(output), format=output.suffix.lower().lstrip("."),
                  **({"read_as": read} if read else {}))
        return
    read_as_lines("report", found)
    console.print(f"wrote the report on {written.label} to {output}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(report)
