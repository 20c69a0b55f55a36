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
    "similar-areas": "Similar work in several areas (a chance to share)",
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
    from sendkg.checks.duplicates import KINDS, duplicate_report

    limit = (0 if json else HUMAN_LIMIT) if limit is None else limit
    backend = None
    if embeddings is not None:
        from sendkg.checks.duplicates_embeddings import load_embeddings

        backend = load_embeddings(embeddings)
    # The library builds at most `limit` findings of each kind; `limit` of them are shown.
    kg = load_graph(data)
    between, area = _filters(kg, between, area)
    report = duplicate_report(kg, min_score, scope, between, area, limit, backend)
    coverage = _coverage(backend, embeddings)
    if json:  # each finding is made as it is written: hundreds of thousands at scale
        return emit_json_stream(
            {"command": "duplicates", "min_score": min_score, "scope": scope,
             "between": list(between) if between else None, "area": area, "limit": limit,
             **({"embeddings": str(embeddings)} if embeddings else {}),
             **({"embeddings_coverage": coverage} if coverage else {})},
            (f.as_json() for f in report), encoded=True, totals=report.totals)
    found = report.findings
    shown = _shared_out(found, limit) if limit else found
    shown = sorted(shown, key=lambda f: (KINDS.index(f.kind), -f.score))
    if not found:
        console.print(f"No duplicates at or above {min_score} (scope: {scope}).")
        return
    _show_summary(report.totals, shown, KINDS)
    for kind in KINDS:
        mine = [f for f in shown if f.kind == kind]
        if mine:
            console.print(f"\n[bold]{TITLES[kind]}[/bold] [dim]({len(mine)} of "
                          f"{report.totals[kind]})[/dim]")
            for f in mine:
                console.print(_finding(f))
    if any(f.confidence for f in shown):
        from sendkg.checks.duplicates_confidence import load_confidence

        note = load_confidence().note({f.confidence for f in shown})
        console.print(f"\n[dim]{escape(note)}[/dim]")
    if len(shown) < sum(report.totals.values()):
        console.print(f"\n[dim]More not shown (--limit {limit}; --limit 0 shows all; "
                      f"--between, --area or --min-score narrow it)[/dim]")


def _shared_out(found: list, limit: int) -> list:
    """At most `limit` findings: each kind's best first, up to an equal share each, then
    the best of the rest, so that pairs in one council (the most, and the highest
    scored) do not hide the chances to share across areas."""
    kinds = list(dict.fromkeys(f.kind for f in found))
    share = limit // max(1, len(kinds))
    first = [f for kind in kinds for f in [g for g in found if g.kind == kind][:share]]
    taken = {id(f) for f in first}
    rest = sorted((f for f in found if id(f) not in taken), key=lambda f: -f.score)
    return first + rest[:limit - len(first)]


def _show_summary(totals: dict[str, int], shown, kinds) -> None:
    """'205 findings, 50 shown (each kind best first). All: 1 repeated-item, ...'."""
    counts = ", ".join(f"{totals[k]} {k}" for k in kinds if totals.get(k))
    console.print(f"[bold]{sum(totals.values())} findings[/bold], {len(shown)} shown (each "
                  f"kind best first). All: {counts}")


SIDES_SHOWN = 4  # a cluster of 300 items shows its first few, then a count


def _finding(f) -> Table:
    """One finding in two columns (score, then the sides and why), wrapping at 80."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    sides = _by_area(f.sides) if f.kind == "similar-areas" else f.sides
    area = f.kind == "similar-areas"
    grid.add_row(f"{f.score:.2f}", _side(sides[0], area))
    for side in sides[1:SIDES_SHOWN]:
        grid.add_row("  ↔", _side(side, area))
    if len(sides) > SIDES_SHOWN:
        areas = len({s.council.id for s in sides[SIDES_SHOWN:] if s.council})
        more = f" in {areas} area{'s' * (areas != 1)}" if f.kind == "similar-areas" else ""
        grid.add_row("", f"[dim]and {len(sides) - SIDES_SHOWN} more{more} "
                         f"(--json lists every one)[/dim]")
    band = f"[bold]{f.confidence}[/bold] · " if f.confidence else ""
    grid.add_row("", f"{band}[italic]{escape(_why(f))}[/italic]")
    grid.add_row("", f"[dim]{escape(sources_text(f.sources, limit=3))}[/dim]")
    return grid


def _by_area(sides) -> list:
    """Sides taken in turn from each area (the first side's area first), so the first
    few shown name as many areas as they can."""
    areas: dict = {}
    for side in sides:
        areas.setdefault(side.council.id if side.council else None, []).append(side)
    turns = [list(group) for group in areas.values()]
    ordered = []
    while any(turns):
        ordered += [group.pop(0) for group in turns if group]
    return ordered


def _side(side, area: bool = False) -> str:
    """The item's label, type and id, then (dim) its area when `area`, plans and lead."""
    plans = "; ".join([*([side.council.label] if area and side.council else []),
                       *(p.label for p in side.plans)])
    owners = ", ".join(side.leads)
    extra = " · ".join(x for x in (plans, f"lead: {owners}" if owners else "") if x)
    return (f"[bold]{escape(side.node.label)}[/bold] [dim]{side.node.type.lower()} "
            f"{escape(side.node.id)}[/dim]" + (f"\n[dim]{escape(extra)}[/dim]" if extra else ""))


def _coverage(backend, path) -> dict | None:
    """How many of the labels' key words the word vectors know (said on stderr, and
    returned for the JSON query); None without a word-vector file."""
    if backend is None:
        return None
    from sendkg.checks.duplicates_embeddings import coverage_note
    from sendkg.cli.output import err_console

    note = coverage_note(backend, path)
    if note is None:
        return None
    err_console.print(escape(note))
    known, distinct = backend.coverage
    return {"known_words": known, "distinct_words": distinct}


def _why(f) -> str:
    return f.explanation.get("why") or ""


def register(app: typer.Typer) -> None:
    app.command()(duplicates)


def _filters(kg, between, area):
    """--between plans and --area as the library filters them: each plan named as the
    questions name it ("SEND JCP"); a value naming nothing stops with exit 2."""
    from sendkg.checks.filters import area_filter, plan_filter

    if between:
        between = tuple(plan_filter(kg, text, "--between") for text in between)
    return between, (area_filter(kg, area) if area else None)
