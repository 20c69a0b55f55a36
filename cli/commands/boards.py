"""`sendkg boards`: the board directory, each with chair, members, reporting line and
sub groups, as an indented list that reads at 80 columns."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    load_graph,
    print_indented,
    sources_text,
)

AreaOption = Annotated[Optional[str], typer.Option(
    "--area", help="Only boards covering this area (e.g. Durham, Derby).")]


def boards(area: AreaOption = None, data: DataOption = None, json: JsonOption = False,
           members: Annotated[bool, typer.Option(
               "--members", help="List every member, not only how many.")] = False) -> None:
    """Who chairs what: each board with chair, vice-chair, members, reporting, sub groups."""
    from rich.markup import escape

    from sendkg.queries.boards import board_directory

    found = board_directory(load_graph(data), area)
    if json:
        return emit_json({"command": "boards", "area": area}, [b.as_dict() for b in found])
    console.print(f"{len(found)} boards" + (f" covering {escape(area)!s}" if area else ""))
    for b in found:
        console.print(f"[bold]{escape(b.board.label)}[/bold] [dim]({b.board.id})[/dim]")
        for c in b.chairs:
            held = f" — held by {', '.join(h.label for h in c.holders)}" if c.holders else ""
            print_indented(f"  [green]{escape(c.edge.props.get('role', 'chair'))}[/green]: "
                          f"{escape(c.node.label + held)} "
                          f"[dim]{escape(sources_text(c.edge.sources, 1))}[/dim]")
        if not b.chairs:
            print_indented("  [yellow]no chair recorded[/yellow]")
        for node, edge in b.reports_to:
            detail = "; ".join(f"{k}: {edge.props[k]}" for k in ("frequency", "reports")
                               if edge.props.get(k))
            print_indented(f"  {edge.p} → {escape(node.label)}"
                          f"{escape(f' ({detail})') if detail else ''}")
        if b.sub_groups:
            print_indented(f"  sub groups: {escape(', '.join(s.label for s in b.sub_groups))}")
        if b.members:
            names = ", ".join(n.label for n, _ in b.members)
            print_indented(f"  members ({len(b.members)})"
                          + (f": {escape(names)}" if members else " [dim](--members)[/dim]"))


def register(app: typer.Typer) -> None:
    app.command()(boards)
