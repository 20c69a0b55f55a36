"""`sendkg duplicates`: the same work planned, owned or reported twice."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    load_graph,
    sources_text,
)

TITLES = {
    "duplicate": "Near-duplicate objectives, actions and deliverables",
    "different-owners": "The same work owned by different people in different plans",
    "repeated-report": "A body receiving the same report from several senders",
    "overlapping-boards": "Boards with overlapping remits",
}


def duplicates(
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help=f"Report pairs scoring at least this (0-1; default {DEFAULT_MIN_SCORE}).")
    ] = DEFAULT_MIN_SCORE,
    scope: Annotated[str, typer.Option(
        "--scope", help="within (one plan), across (plans and councils) or all; "
                        "reports and boards are checked with 'all'.")] = "all",
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Near-duplicate objectives, actions and deliverables; the same work with different
    owners; reports received twice; boards with overlapping remits."""
    from sendkg.checks.duplicates import KINDS
    from sendkg.checks.duplicates import duplicates as find_duplicates

    findings = find_duplicates(load_graph(data), min_score, scope)
    if json:
        return emit_json({"command": "duplicates", "min_score": min_score, "scope": scope},
                         [f.as_dict() for f in findings])
    if not findings:
        console.print(f"No duplicates at or above {min_score} (scope: {scope}).")
        return
    for kind in KINDS:
        shown = [f for f in findings if f.kind == kind]
        if shown:
            console.print(_table(kind, shown))


def _table(kind: str, findings) -> Table:
    table = Table(title=f"{TITLES[kind]}: {len(findings)}", title_justify="left")
    for column in ("score", "first", "second", "why", "source"):
        table.add_column(column, overflow="fold")
    for f in findings:
        table.add_row(f"{f.score:.2f}", _side(f.first), _side(f.second), _why(f),
                      sources_text(f.sources, limit=2))
    return table


def _side(side) -> str:
    plans = "; ".join(p.label for p in side.plans)
    where = f"\n[dim]{escape(plans)}[/dim]" if plans else ""
    owners = ", ".join(o.label for o in side.owners)
    owned = f"\n[dim]owner: {escape(owners)}[/dim]" if owners else ""
    return (f"{side.node.type} [bold]{escape(side.node.label)}[/bold] "
            f"[dim]({side.node.id})[/dim]{where}{owned}")


def _why(f) -> str:
    e = f.explanation
    if f.kind == "repeated-report":
        said = " / ".join(str(r) for r in e["reports"] if r) or "no description"
        return escape(f"both to {f.body.label} ({f.body.id}): {said}")
    if f.kind == "overlapping-boards":
        parts = [f"names alike {e['name_similarity']:.2f}"]
        parts += [f"both receive {len(e['shared_received'])}"] if e["shared_received"] else []
        parts += [f"{len(e['shared_members'])} shared members"] if e["shared_members"] else []
        return escape("; ".join(parts))
    parts = [f.scope, f"lexical {e['lexical']:.2f}"]
    if e["shared_terms"]:
        parts.append("shared terms: " + ", ".join(e["shared_terms"]))
    for name in ("owners", "legislation", "boards"):
        if e[f"shared_{name}"]:
            parts.append(f"same {name}: " + ", ".join(n["label"] for n in e[f"shared_{name}"]))
    return escape("; ".join(parts))


def register(app: typer.Typer) -> None:
    app.command()(duplicates)
