"""`sendkg duplicates`: the same work planned, owned or reported twice."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_titles import TITLES
from sendkg.checks.filters import MOST_PLANS
from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json_stream,
    indented_lines,
    load_graph,
    print_indented,
    sources_text,
)

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
        help=f"Only findings with one side in each of two plans: an id, or part of a "
             f"name naming at most {MOST_PLANS} plans (the plans taken are named first).")
    ] = None,
    area: Annotated[str | None, typer.Option(
        "--area", help="Only findings with a side in this council or area (part of its "
                       "name, as lint --area takes it: 'County Durham').")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help=f"Show at most this many findings in all, on screen and in "
                               f"JSON: each kind's best first, an equal share each, then "
                               f"the best of the rest (0: all; default {HUMAN_LIMIT} on "
                               f"screen, all with --json).")] = None,
    embeddings: Annotated[Path | None, typer.Option(
        "--embeddings", metavar="PATH",
        help="Also compare meanings: a local word-vector text file (GloVe or word2vec "
             "format), or a local sentence-transformers model folder if that library is "
             "installed. Never downloaded; the default needs none.")] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """The same work planned twice, in one council or in two areas; one item written
    many times; reports received twice; boards with overlapping remits.

    Words are weighed by how rare they are in all the plans loaded, so a council's
    findings can change when other councils' plans are loaded with it."""
    from sendkg.checks.duplicates import KINDS, best_shared, duplicate_report, in_filters

    limit = (0 if json else HUMAN_LIMIT) if limit is None else limit
    backend = None
    if embeddings is not None:
        from sendkg.checks.duplicates_embeddings import load_embeddings

        backend = load_embeddings(embeddings)
    # The library builds at most `limit` findings of each kind; `limit` of them are kept.
    kg = load_graph(data)
    read_as, area = _filters(kg, between, area)
    plans = tuple(frozenset(p.id for p in found) for _, found in read_as) or None
    report = duplicate_report(kg, min_score, scope, plans, area, limit, backend)
    coverage = _coverage(backend, embeddings)
    if json:  # each finding is made as it is written: hundreds of thousands at scale
        return emit_json_stream(
            {"command": "duplicates", "min_score": min_score, "scope": scope,
             "between": [{"text": text,
                          "plans": [{"id": p.id, "label": p.label} for p in found]}
                         for text, found in read_as] or None,
             "area": area, "limit": limit,
             **({"embeddings": str(embeddings)} if embeddings else {}),
             **({"embeddings_coverage": coverage} if coverage else {})},
            (f.as_json() for f in (best_shared(report.findings, limit) if limit else report)),
            encoded=True, totals=report.totals)
    if read_as:
        print_indented(f"[dim]{escape(_read_as(read_as))}[/dim]", hang=2)
    found = report.findings
    if not found:
        console.print(f"No duplicates at or above {min_score} (scope: {scope}).")
        return
    shown = best_shared(found, limit)
    _show_summary(report.totals, shown, KINDS, limit)
    for kind in KINDS:
        mine = [f for f in shown if f.kind == kind]
        if mine:
            console.print(f"\n[bold]{TITLES[kind]}[/bold] [dim]({len(mine)} of "
                          f"{report.totals[kind]})[/dim]")
            for f in mine:
                for line in _finding(f, lambda side: in_filters(kg, side, plans, area)):
                    console.print(line)
    if any(f.confidence for f in shown):
        from sendkg.checks.duplicates_confidence import load_confidence

        note = load_confidence().note({f.confidence for f in shown})
        print_indented(f"\n[dim]{escape(note)}[/dim]")
    if len(shown) < sum(report.totals.values()):
        print_indented(f"\n[dim]More not shown (--limit {limit}; --limit 0 shows all; "
                       f"--between, --area or --min-score narrow it)[/dim]")


def _read_as(read_as: list) -> str:
    """"--between 'JCP' 'Derby ICS' read as: Durham SEND … and Derby City …", a
    fragment naming several plans as "(A or B)"."""
    texts = " ".join(repr(text) for text, _ in read_as)
    plans = [" or ".join(p.label for p in found) for _, found in read_as]
    plans = [f"({p})" if len(found) > 1 else p for p, (_, found) in zip(plans, read_as)]
    return f"--between {texts} read as: {' and '.join(plans)}"


def _show_summary(totals: dict[str, int], shown, kinds, limit: int) -> None:
    """'205 findings, 50 shown (each kind best first). All: 1 repeated-item, ...', then
    the kinds `--limit` left no room for, with their counts."""
    counts = ", ".join(f"{totals[k]} {k}" for k in kinds if totals.get(k))
    print_indented(f"[bold]{sum(totals.values())} findings[/bold], {len(shown)} shown (each "
                   f"kind best first). All: {counts}")
    from sendkg.checks.duplicates import kinds_left_out

    left = kinds_left_out(totals, shown)
    if left:
        print_indented(f"[dim]None shown (--limit {limit}): "
                       + ", ".join(f"{totals[k]} {k}" for k in left) + "[/dim]")


SIDES_SHOWN = 4  # a cluster of 300 items shows its first few, then a count


def _finding(f, wanted=None) -> list:
    """One finding as lines (Rich Text): the score, then the sides and why under one
    another from column 6, wrapping at the console's width with no trailing spaces.
    `wanted(side)`: whether a side is what a filter asked for, shown first in a cluster."""
    sides = _by_area(f.sides) if f.kind == "similar-areas" else list(f.sides)
    if f.members and wanted:
        sides = _asked_first(sides, wanted)
    area = f.kind == "similar-areas"
    lines = _row(f"{f.score:.2f}", _side(sides[0], area))
    for side in sides[1:SIDES_SHOWN]:
        lines += _row("  ↔", _side(side, area))
    if len(sides) > SIDES_SHOWN:
        areas = len({s.council.id for s in sides[SIDES_SHOWN:] if s.council})
        more = f" in {areas} area{'s' * (areas != 1)}" if f.kind == "similar-areas" else ""
        lines += _row("", f"[dim]and {len(sides) - SIDES_SHOWN} more{more} "
                          f"(--json lists every one)[/dim]")
    band = f"[bold]{f.confidence}[/bold] · " if f.confidence else ""
    lines += _row("", f"{band}[italic]{escape(_why(f))}[/italic]")
    lines += _row("", f"[dim]{escape(sources_text(f.sources, limit=3))}[/dim]")
    return lines


GUTTER = 6  # the score's column and a space


def _row(gutter: str, markup: str) -> list:
    """`markup` (lines of Rich markup) wrapped from column GUTTER, `gutter` before its
    first line."""
    from rich.text import Text

    lines = []
    for number, part in enumerate(markup.split("\n")):
        for k, line in enumerate(indented_lines(" " * GUTTER + part)):
            if number == 0 and k == 0 and gutter:
                line = Text(gutter.ljust(GUTTER)) + line[GUTTER:]
            lines.append(line)
    return lines


def _asked_first(sides: list, wanted) -> list:
    """Up to SIDES_SHOWN - 1 sides that are what a filter asked for, then the others
    (in their order), then the rest of those asked for: the first few shown name the
    plans or area asked for and still one other."""
    asked = [side for side in sides if wanted(side)]
    taken = {id(side) for side in asked}
    return (asked[:SIDES_SHOWN - 1] + [s for s in sides if id(s) not in taken]
            + asked[SIDES_SHOWN - 1:])


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
    """The item's label, type and id, then (dim) its area when `area`, plans and who
    answers for it as `sendkg owner` shows them ("lead: …", or "agreeing partner: …"
    when no level names a lead)."""
    plans = "; ".join([*([side.council.label] if area and side.council else []),
                       *(p.label for p in side.plans)])
    extra = " · ".join(x for x in (plans, *side.owned_by) if x)
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
    """([(text, plans it names)] for --between, --area) as the library filters them:
    a plan named by its id, part of its name or as the questions name it ("SEND JCP");
    an empty value, one naming nothing (with the nearest names) or more than
    MOST_PLANS plans (with them) stops with exit 2."""
    from sendkg.checks.filters import area_filter, plans_named

    read_as = [(text, plans_named(kg, text, "--between")) for text in between or ()]
    return read_as, (area_filter(kg, area) if area is not None else None)
