"""Fitting a Graphviz drawing to a printed page (A4, A3, portrait or landscape).

A board with a dozen sub groups draws them in one row a dozen boxes wide: far too
wide for a page. `fitted_to_page` tries a few arrangements of the same drawing and
keeps the one whose text prints largest:

- as drawn on screen (long rows of leaves staggered by Graphviz `unflatten`);
- each long row of siblings wrapped into a grid of N columns (N = 6, 4, 3, 2): the
  siblings after the first N are tied, by invisible edges, below the sibling N places
  before them, so the rows stack in straight columns under their parent;
- the same grids with the edges that run past a row merged into one trunk (Graphviz
  `concentrate`), which keeps the columns close together. Merging is used only when
  the merged arrows look alike (same relation, same certainty, no label), so no arrow
  takes on another's meaning.

The key goes below the drawing (a narrow page has no room beside it). The result is
exactly the page's size, the drawing centred on it, scaled down (never up) to fit
inside the margins. When even the best arrangement would print the smallest text
(the 9 pt notes on boxes and labels on arrows) below 8 pt, the page is refused with
that figure and what to try instead.

>>> page_inches("a4", landscape=True)
(11.69, 8.27)
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass

from sendkg.render.graphviz import (
    UNFLATTEN_LEAVES,
    Arrangement,
    _run,
    dot_binary,
    dot_source,
    quoted,
    unflattened,
)
from sendkg.render.views import RenderError, View

PAGES = {"a4": (8.27, 11.69), "a3": (11.69, 16.54)}  # inches, portrait
PAGE_MARGIN = 0.4  # inches each side
MIN_PRINTED_PT = 8.0  # smallest legible text on paper
SMALLEST_FONT = 9.0  # the notes on boxes and the labels on arrows
GRID_COLUMNS = (6, 4, 3, 2)  # columns tried, in turn, for a long row of siblings
COLUMN_WEIGHT = "5"  # keeps a wrapped column straight under the sibling above it


def page_inches(page: str, landscape: bool = False) -> tuple[float, float]:
    """(width, height) of a page in inches; RenderError for a page not in PAGES."""
    if page.casefold() not in PAGES:
        raise RenderError(f"unknown page {page!r}: choose one of {', '.join(PAGES)}")
    width, height = PAGES[page.casefold()]
    return (height, width) if landscape else (width, height)


@dataclass(frozen=True)
class Drawn:
    """One arrangement laid out by `dot`: its source, natural size in points, and the
    rank (level, counted from the top) of every node of the view."""

    source: str
    width: float
    height: float
    ranks: dict[str, int]
    box_area: float  # square points covered by the view's boxes

    def scale(self, inner: tuple[float, float]) -> float:
        """How much the drawing shrinks to fit `inner` (inches); never above 1."""
        return min(1.0, inner[0] * 72 / self.width, inner[1] * 72 / self.height)


def _laid_out(view: View, source: str) -> Drawn:
    drawn = json.loads(_run([dot_binary(), "-Tjson0"], source.encode()))
    x0, y0, x1, y1 = (float(v) for v in drawn["bb"].split(","))
    ids = {n.id for n in view.nodes}
    ys, area = {}, 0.0
    for item in drawn.get("objects", []):
        if item.get("name") in ids and "pos" in item:
            ys[item["name"]] = round(-float(item["pos"].split(",")[1]))
            area += float(item.get("width", 0)) * float(item.get("height", 0)) * 72 * 72
    levels = {y: i for i, y in enumerate(sorted(set(ys.values())))}
    return Drawn(source, x1 - x0, y1 - y0, {n: levels[y] for n, y in ys.items()}, area)


def _hierarchy(view: View) -> tuple[dict[str, list[tuple[int, str]]],
                                     dict[str, list[tuple[int, str]]]]:
    """For each node, the (edge index, node) pairs one level below it, and those one
    level above it, in view order."""
    below, above = defaultdict(list), defaultdict(list)
    for i, e in enumerate(view.edges):
        upper, lower = (e.o, e.s) if view.direction == "up" else (e.s, e.o)
        below[upper].append((i, lower))
        above[lower].append((i, upper))
    return below, above


def _stacked(view: View, upper: str, lower: str, **attrs: str) -> str:
    """An invisible edge putting `lower` a level below `upper`, whichever way the view runs."""
    s, o = (lower, upper) if view.direction == "up" else (upper, lower)
    extra = "".join(f", {k}={v}" for k, v in attrs.items())
    return f"  {quoted(s)} -> {quoted(o)} [style=invis{extra}];"


def grid_arrangement(view: View, columns: int, concentrate: bool = False) -> Arrangement:
    """`view` with every row of more than `columns` siblings wrapped into a grid.

    Siblings that also sit under another body come first (their other arrow stays
    short), then plain leaves, then siblings with their own sub groups (which then hang
    below the grid, not into it). A sibling is wrapped under one parent only.
    """
    below, above = _hierarchy(view)
    placed: set[str] = set()
    edges: dict[int, dict[str, str]] = {}
    lines = []
    for upper, kids in below.items():
        kids = [(i, k) for i, k in kids if k not in placed]
        if len(kids) <= columns:
            continue
        kids.sort(key=lambda pair: (len(above[pair[1]]) == 1, pair[1] in below))
        placed |= {k for _, k in kids}
        for n, (index, kid) in enumerate(kids[columns:], start=columns):
            edges[index] = {"weight": "0"}
            lines.append(_stacked(view, kids[n - columns][1], kid, weight=COLUMN_WEIGHT))
    lines += _key_below(view, below)
    graph = "concentrate=true" if concentrate else ""
    return Arrangement(edges, tuple(lines), graph)


def _key_below(view: View, below: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Invisible edges putting the key a level below the lowest boxes."""
    if not view.nodes or not view.edges:
        return []
    key = f"key:{view.types()[0]}"
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    leaves = sorted(linked - set(below))
    return [_stacked(view, leaf, key, weight="0") for leaf in leaves]


def merging_is_safe(view: View, drawn: Drawn) -> bool:
    """True when every set of arrows `concentrate` could merge looks alike.

    Graphviz merges arrows that share an end and run past at least one level; merged,
    they are drawn as one, so they must have the same relation and certainty and no
    label of their own.
    """
    groups = defaultdict(set)
    for e in view.edges:
        if abs(drawn.ranks.get(e.s, 0) - drawn.ranks.get(e.o, 0)) <= 1:
            continue
        look = (e.relation, e.uncertain, e.label)
        groups[("head", e.o)].add(look)
        groups[("tail", e.s)].add(look)
    return all(len(looks) == 1 and not next(iter(looks))[2] for looks in groups.values())


def arrangements(view: View, inner: tuple[float, float]) -> list[Drawn]:
    """The candidate layouts of `view`, natural one first; stops early at full size."""
    natural = _laid_out(view, unflattened(dot_source(view), UNFLATTEN_LEAVES))
    found = [natural]
    widest = max((len(k) for k in _hierarchy(view)[0].values()), default=0)
    if natural.scale(inner) >= 1.0 or natural.box_area * _smallest_scale() ** 2 > (
            inner[0] * inner[1] * 72 * 72):
        return found  # fits as it is, or its boxes alone cover more than the page
    for columns in (c for c in GRID_COLUMNS if c < widest):
        plain = _laid_out(view, dot_source(view, arrangement=grid_arrangement(view, columns)))
        found.append(plain)
        if merging_is_safe(view, plain):
            merged = grid_arrangement(view, columns, concentrate=True)
            found.append(_laid_out(view, dot_source(view, arrangement=merged)))
        if max(d.scale(inner) for d in found) >= 1.0:
            break
    return found


def _other_pages(page: str, landscape: bool) -> str:
    """What else to try, in words: the page turned, or a larger page.

    >>> _other_pages("a4", True)
    'try portrait (no --landscape) or --page a3'
    """
    turned = "portrait (no --landscape)" if landscape else "--landscape"
    return f"try {turned}" + (" or --page a3" if page.casefold() == "a4" else "")


def _smallest_scale() -> float:
    return MIN_PRINTED_PT / SMALLEST_FONT


def fitted_to_page(view: View, page: str, landscape: bool) -> str:
    """DOT source drawing `view` on exactly one `page` (a4, a3), turned when
    `landscape`: the best arrangement, scaled down to fit inside the margins and
    centred. RenderError, with the size its smallest text would print at, when no
    arrangement keeps that text at 8 pt or more."""
    width, height = page_inches(page, landscape)
    inner = (width - 2 * PAGE_MARGIN, height - 2 * PAGE_MARGIN)
    best = max(arrangements(view, inner), key=lambda d: d.scale(inner))
    scale = best.scale(inner)
    if scale < _smallest_scale():
        name = f"{page.upper()}{' landscape' if landscape else ''}"
        raise RenderError(f"the {view.name} view cannot fit {name} legibly: its smallest "
                          f"text would print at {math.floor(SMALLEST_FONT * scale * 10) / 10:.1f} pt (at least "
                          f"{MIN_PRINTED_PT:g} pt); narrow it with --focus TEXT or --depth N, "
                          f"{_other_pages(page, landscape)}, or leave out --page")
    # The margins take up what the scaled drawing leaves of the page, so the file is
    # exactly the page's size with the drawing in its middle.
    side = (width - best.width * scale / 72) / 2
    top = (height - best.height * scale / 72) / 2
    attrs = (f'  graph [size="{inner[0]:.4f},{inner[1]:.4f}", '
             f'margin="{side:.4f},{top:.4f}", pad=0];')
    head, rest = best.source.split("\n", 1)
    return f"{head}\n{rest.rsplit(chr(10) + '}', 1)[0]}\n{attrs}\n}}\n"
