"""`sendkg render`: governance, plan, accountability and legislation diagrams."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    err_console,
    load_graph,
    registry_help,
    writing_to,
)


def render(
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False,
                                         help=f"File to write; its extension picks the "
                                              f"format: {registry_help('renderer')}.")],
    view: Annotated[str, typer.Option("--view", help=f"One of: {registry_help('view')}.")]
    = "governance",
    focus: Annotated[Optional[str], typer.Option(
        "--focus", help="Only what lies around the entity this names (fuzzy, alias-aware).")]
    = None,
    depth: Annotated[Optional[int], typer.Option(
        "--depth", help="Steps from the focus (or levels from the top) to keep.")]
    = None,
    area: Annotated[Optional[str], typer.Option(
        "--area", help="Only what belongs to this area (County Durham, Derby…).")]
    = None,
    page: Annotated[Optional[str], typer.Option(
        "--page", help="Fit the drawing (.png, .pdf, .svg) to an a4 or a3 page, long "
                       "rows wrapped; refused when its text would print below 8 pt.")]
    = None,
    landscape: Annotated[bool, typer.Option("--landscape", help="Turn the --page.")] = False,
    split: Annotated[Optional[bool], typer.Option(
        "--split/--no-split",
        help="Mermaid (.mmd): one chart per top item, NAME-1.mmd, NAME-2.mmd… "
             "(default: only when one chart would exceed Mermaid's limits; --no-split "
             "refuses instead).")]
    = None,
    orphans: Annotated[bool, typer.Option(
        "--orphans/--no-orphans",
        help="Draw the frame of boards with no reporting line (unfocused overview only).")]
    = True,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Draw a diagram of the graph; the output file's extension picks the format."""
    from sendkg.render import render as draw

    with writing_to(output):
        drawn = draw(load_graph(data), output, view=view, focus=focus, depth=depth,
                     orphans=orphans, area=area, page=page, landscape=landscape, split=split)
    for warning in drawn.warnings:
        err_console.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
    if json:
        emit_json({"command": "render", "view": view, "focus": focus, "depth": depth,
                   "area": area},
                  [n.summary() for n in drawn.focus], output=str(output),
                  files=list(drawn.files),
                  format=output.suffix.lower().lstrip("."), title=drawn.title,
                  nodes=len(drawn.nodes), edges=len(drawn.edges),
                  warnings=list(drawn.warnings))
        return
    where = (f"{output}" if len(drawn.files) < 2 else
             f"{len(drawn.files)} charts, {Path(drawn.files[0]).name} to "
             f"{Path(drawn.files[-1]).name}")
    console.print(f"wrote {drawn.title} to {where} ({len(drawn.nodes)} entities, "
                  f"{len(drawn.edges)} links)")  # wraps at spaces: the path stays whole


def register(app: typer.Typer) -> None:
    app.command()(render)
