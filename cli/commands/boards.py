"""`sendkg boards`: the board directory, each with chair, members, reporting line and
sub groups, as an indented list that reads at 80 columns."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from sendkg.cli.commands.questions import (
    AsAtOption,
    AsWrittenOption,
    answer_date,
    uncertain_mark,
)
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
               "--members", help="List every member, not only how many.")] = False,
           as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """Who chairs what: each board with chair, vice-chair, members, reporting, sub groups;
    a board abolished by the date asked about (default today), or one it reports to,
    names its successor."""
    from rich.markup import escape

    from sendkg.queries.boards import board_directory
    from sendkg.queries.succession import standings

    when = answer_date(as_at, as_written)
    kg = load_graph(data)
    if area:
        from sendkg.checks.filters import area_filter

        area = area_filter(kg, area)
    found = board_directory(kg, area)
    named = [n for b in found for n in (b.board, *(node for node, _ in b.reports_to))]
    now = standings(kg, named, when) if when else {}
    if json:
        return emit_json({"command": "boards", "area": area,
                          **({"as_at": as_at} if as_at else {}),
                          **({"as_written": True} if as_written else {})},
                         [b.as_dict() for b in found], as_at=when,
                         successions=[s.as_dict() for s in now.values()])
    console.print(f"{len(found)} boards" + (f" covering {escape(area)!s}" if area else ""))
    for b in found:
        here = now.get(b.board.id)
        gone = f" [yellow]({escape(here.phrase())})[/yellow]" if here else ""
        print_indented(f"[bold]{escape(b.board.label)}[/bold] [dim]({b.board.id})[/dim]{gone}",
                       hang=2)
        for c in b.chairs:
            held = f" — held by {', '.join(h.label for h in c.holders)}" if c.holders else ""
            cited = sources_text(c.edge.sources, 1)
            print_indented(f"  [green]{escape(c.edge.props.get('role', 'chair'))}[/green]: "
                          f"{escape(c.node.label + held)}{uncertain_mark(c.edge.props)}"
                          + (f" [dim]· {escape(cited)}[/dim]" if cited else ""))
        if not b.chairs:
            print_indented("  [yellow]no chair recorded[/yellow]")
        for node, edge in b.reports_to:
            detail = "; ".join(f"{k}: {edge.props[k]}" for k in ("frequency", "reports")
                               if edge.props.get(k))
            gone = f" ({now[node.id].phrase()})" if node.id in now else ""
            print_indented(f"  {edge.p} → {escape(node.label + gone)}"
                          f"{escape(f' ({detail})') if detail else ''}"
                          f"{uncertain_mark(edge.props)}")
        if b.sub_groups:
            print_indented(f"  sub groups: {escape(', '.join(s.label for s in b.sub_groups))}")
        if b.members:
            names = ", ".join(n.label for n, _ in b.members)
            print_indented(f"  members ({len(b.members)})"
                          + (f": {escape(names)}" if members else " [dim](--members)[/dim]"))


def register(app: typer.Typer) -> None:
    app.command()(boards)
