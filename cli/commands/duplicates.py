"""`sendkg duplicates`: the same work planned, owned or reported twice."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json_stream,
    load_graph,
    sources_text,
)

TITLES = {
    "repeated-item": "One item written several times",
    "duplicate": "The same work planned twice",
    "different-owners": "The same work owned by different people in one council",
    "two-areas": "Similar work in two areas (a chance to share)",
    "repeated-report": "A body receiving the same report from several senders",
    "overlapping-boards": "Boards with overlapping remits",
}
HUMAN_LIMIT = 50


def duplicates(
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help=f"Report pairs scoring at least this (0-1; default {DEFAULT_MIN_SCORE}).")
    ] = DEFAULT_MIN_SCORE,
    scope: Annotated[str, typer.Option(
        "--scope", help="within (one plan), across (plans and councils) or all; "
                        "reports and boards are checked with 'all'.")] = "all",
    between: Annotated[tuple[str, str] | None, typer.Option(
        "--between", metavar="PLAN_A PLAN_B",
        help="Only findings with one side in each of two plans (ids or parts of names).")
    ] = None,
    area: Annotated[str | None, typer.Option(
        "--area", help="Only findings with a side in this council or area (part of its name).")
    ] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help=f"Show at most this many findings, best first (0: all; "
                               f"default {HUMAN_LIMIT} on screen, all with --json).")] = None,
    embeddings: Annotated[Path | None, typer.Option(
        "--embeddings", metavar="PATH",
        help="Also compare meanings: a local word-vector text file (GloVe or word2vec "
             "format), or a local sentence-transformers model folder if that library is "
             "installed. Never downloaded; the default needs none.")] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """The same work planned twice, in one council or in two areas; one item written
    many times; reports received twice; boards with overlapping remits."""
    from sendkg.checks.duplicates import KINDS
    from sendkg.checks.duplicates import duplicates as find_duplicates

    limit = (0 if json else HUMAN_LIMIT) if limit is None else limit
    backend = None
    if embeddings is not None:
        from sendkg.checks.duplicates_embeddings import load_embeddings

        backend = load_embeddings(embeddings)
    # The library builds at most `limit` findings of each kind; the best `limit` are shown.
    kg = load_graph(data)
    between, area = _filters(kg, between, area)
    found = find_duplicates(kg, min_score, scope, between, area, limit, backend)
    shown = sorted(found, key=lambda f: -f.score)[:limit] if limit else found
    shown = sorted(shown, key=lambda f: (KINDS.index(f.kind), -f.score))
    if json:
        return emit_json_stream(
            {"command": "duplicates", "min_score": min_score, "scope": scope,
             "between": list(between) if between else None, "area": area, "limit": limit,
             **({"embeddings": str(embeddings)} if embeddings else {})},
            (f.as_dict() for f in shown))
    if not found:
        console.print(f"No duplicates at or above {min_score} (scope: {scope}).")
        return
    _show_summary(found, shown, KINDS)
    for kind in KINDS:
        mine = [f for f in shown if f.kind == kind]
        if mine:
            console.print(f"\n[bold]{TITLES[kind]}[/bold] [dim]({len(mine)})[/dim]")
            for f in mine:
                console.print(_finding(kg, f))
    if len(shown) < len(found):
        console.print(f"\n[dim]More not shown (--limit {limit}; --limit 0 shows all; "
                      f"--between, --area or --min-score narrow it)[/dim]")


def _show_summary(found, shown, kinds) -> None:
    counts = {k: sum(f.kind == k for f in shown) for k in kinds}
    console.print(f"[bold]{len(shown)} findings[/bold], best first: "
                  + ", ".join(f"{n} {k}" for k, n in counts.items() if n))


def _finding(kg, f) -> Table:
    """One finding in two columns (score, then the sides and why), wrapping at 80."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    sides = f.sides
    grid.add_row(f"{f.score:.2f}", _side(kg, sides[0]))
    for side in sides[1:]:
        grid.add_row("  ↔", _side(kg, side))
    grid.add_row("", f"[italic]{escape(_why(f))}[/italic]")
    grid.add_row("", f"[dim]{escape(sources_text(f.sources, limit=3))}[/dim]")
    return grid


def _side(kg, side) -> str:
    plans = "; ".join(p.label for p in side.plans)
    owners = ", ".join(_leads(kg, side.owners))
    extra = " · ".join(x for x in (plans, f"lead: {owners}" if owners else "") if x)
    return (f"[bold]{escape(side.node.label)}[/bold] [dim]{side.node.type.lower()} "
            f"{escape(side.node.id)}[/dim]" + (f"\n[dim]{escape(extra)}[/dim]" if extra else ""))


def _leads(kg, owners) -> list[str]:
    """Owners' names, a post named with its holder among them given once, as
    'Post (Holder)': Mark Smith is the Strategic Commissioning Manager, not a second lead."""
    named = {o.id for o in owners}
    holders = {o.id: [kg.node(e.s) for e in kg.in_edges(o.id, "holds") if e.s in named]
               for o in owners if o.type == "Post"}
    held = {h.id for people in holders.values() for h in people}
    return [o.label + (f" ({', '.join(h.label for h in holders[o.id])})"
                       if holders.get(o.id) else "")
            for o in owners if o.id not in held]


def _why(f) -> str:
    e = f.explanation
    if f.kind == "repeated-report":
        said = " / ".join(str(r) for r in e["reports"] if r) or "no description"
        return f"both report to {f.body.label}: {said}"
    if f.kind == "overlapping-boards":
        parts = [f"names alike ({e['name_similarity']:.0%})"] if e["name_similarity"] >= 0.5 \
            else []
        if e["shared_received"]:
            parts.append("both receive " + ", ".join(n["label"] for n in e["shared_received"]))
        if e["shared_members"]:
            parts.append("shared members: " + ", ".join(n["label"] for n in e["shared_members"]))
        return "; ".join(parts) or "alike names"
    return e.get("why") or ""


def register(app: typer.Typer) -> None:
    app.command()(duplicates)


def _filters(kg, between, area):
    """--between plans and --area as the library filters them: each plan named as the
    questions name it ("SEND JCP"); a value naming nothing stops with exit 2."""
    from sendkg.checks.filters import area_filter, plan_filter

    if between:
        between = tuple(plan_filter(kg, text, "--between") for text in between)
    return between, (area_filter(kg, area) if area else None)
