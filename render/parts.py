"""A view cut into parts, one per top item (plan, top board, Act), for formats whose
readers cap a drawing's size (Mermaid draws nothing above 50,000 characters).

Each part is the top item and everything below it, so an item under two tops is drawn
in both, and every link of the view is in at least one part. A part still too large
is cut again below its top: one part per child, the top repeated above each; a top
with more children than fit is cut into runs of children. Boxes with no link go in
parts of their own.

>>> from sendkg.render.views import View, ViewEdge, ViewNode
>>> nodes = tuple(ViewNode(i, "Board", i.upper()) for i in ("a", "b", "c", "d", "e"))
>>> edges = (ViewEdge("b", "a", "subGroupOf"), ViewEdge("c", "a", "subGroupOf"),
...          ViewEdge("e", "d", "subGroupOf"))
>>> view = View("governance", "Boards", "up", nodes, edges)
>>> [[n.id for n in p.nodes] for p in view_parts(view, lambda v: True)]
[['a', 'b', 'c'], ['d', 'e']]
>>> [[n.id for n in p.nodes] for p in view_parts(view, lambda v: len(v.nodes) <= 2)]
[['a', 'b'], ['a', 'c'], ['d', 'e']]
>>> view_parts(view, lambda v: True)[1].title
'Boards: D (2 of 2)'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from sendkg.render.views import RenderError, View

Fits = Callable[[View], bool]


def _below(view: View) -> dict[str, list[str]]:
    below = defaultdict(list)
    for e in view.edges:
        upper, lower = (e.o, e.s) if view.direction == "up" else (e.s, e.o)
        below[upper].append(lower)
    return below


def _subtree(top: str, below: dict[str, list[str]]) -> list[str]:
    """`top` and everything below it, top first."""
    seen, queue = [top], [top]
    while queue:
        for lower in below.get(queue.pop(0), []):
            if lower not in seen:
                seen.append(lower)
                queue.append(lower)
    return seen


def _part(view: View, ids: list[str]) -> View:
    keep = set(ids)
    return replace(view, nodes=tuple(n for n in view.nodes if n.id in keep),
                   edges=tuple(e for e in view.edges if e.s in keep and e.o in keep),
                   warnings=(), page=None)


def _cut(view: View, top: str, below: dict[str, list[str]], fits: Fits) -> list[View]:
    """The subtree of `top` as parts that each fit."""
    whole = _part(view, _subtree(top, below))
    if fits(whole):
        return [whole]
    def under_top(part: View) -> View:
        return _part(view, [top, *(n.id for n in part.nodes)])

    parts, run = [], []
    for child in below.get(top, []):
        if below.get(child):
            parts += [under_top(p) for p in
                      _cut(view, child, below, lambda p: fits(under_top(p)))]
            continue
        if run and not fits(_part(view, [top, *run, child])):
            parts.append(_part(view, [top, *run]))
            run = []
        run.append(child)
    if run:
        parts.append(_part(view, [top, *run]))
    for part in parts:
        if not fits(part):
            label = next(n.label for n in view.nodes if n.id == top)
            raise RenderError(f"{label!r} and what lies directly below it are too large "
                              "for one chart even on their own")
    return parts


def _tops(view: View, below: dict[str, list[str]]) -> list[str]:
    """The items nothing is above, in view order; then one item of each loop left."""
    lowers = {lower for lowers in below.values() for lower in lowers}
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    tops = [n.id for n in view.nodes if n.id in linked and n.id not in lowers]
    reached = {n for t in tops for n in _subtree(t, below)}
    for node in view.nodes:  # a loop with nothing above it has no top: start anywhere
        if node.id in linked and node.id not in reached:
            tops.append(node.id)
            reached |= set(_subtree(node.id, below))
    return tops


def _loose(view: View, fits: Fits) -> list[View]:
    """The boxes with no link, in runs that fit."""
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    parts, run = [], []
    for node in (n for n in view.nodes if n.id not in linked):
        if run and not fits(_part(view, [*run, node.id])):
            parts.append(_part(view, run))
            run = []
        run.append(node.id)
    return parts + ([_part(view, run)] if run else [])


def view_parts(view: View, fits: Fits) -> list[View]:
    """`view` as parts, one per top item (each cut further while `fits` says no),
    titled "TITLE: TOP (i of n)". RenderError when a top and its direct children do
    not fit even alone."""
    below = _below(view)
    parts = [p for top in _tops(view, below) for p in _cut(view, top, below, fits)]
    parts += _loose(view, fits)
    return [replace(part, title=f"{view.title}: {_heading(view, part)} ({number} of "
                                f"{len(parts)})") for number, part in enumerate(parts, start=1)]


def _heading(view: View, part: View) -> str:
    """The label of the part's top item, or the caption for boxes with no link."""
    if not part.edges:
        return view.unlinked
    top = _tops(part, _below(part))[0]
    return next(n.label for n in part.nodes if n.id == top)
