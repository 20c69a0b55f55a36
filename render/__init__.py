"""Diagrams of the graph: governance, plan, accountability and legislation views.

`render(kg, path, view, focus, depth)` chooses the subgraph (`views.build_view`), picks
the renderer from the file's extension (the "renderer" entries of sendkg.registry), and
writes the file atomically. Adding a format is one module plus one registry line.

>>> renderer_for("board.svg").__name__
'render_svg'
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path

from sendkg import registry
from sendkg.errors import UnknownFormatError
from sendkg.render.html import MAX_HTML_NODES, TooLargeForPage
from sendkg.render.mermaid import MAX_EDGES as MERMAID_LINKS
from sendkg.render.mermaid import MAX_TEXT as MERMAID_TEXT
from sendkg.render.views import RenderError, View, build_view


def renderer_for(path: Path | str) -> Callable[[View], bytes]:
    """The function drawing a View as the bytes of a file named like `path`."""
    suffix = Path(path).suffix.lower()
    if suffix not in registry.names("renderer"):
        raise UnknownFormatError(f"cannot draw {Path(path).name!r}: the file name must end "
                                 f"in one of {', '.join(sorted(registry.names('renderer')))}")
    return registry.load("renderer", suffix)


def render(kg, path: Path | str, view: str = "governance", focus: str | None = None,
           depth: int | None = None, orphans: bool = True, area: str | None = None,
           page: str | None = None, landscape: bool = False,
           split: bool | None = None) -> View:
    """Draw `view` of `kg` into `path` (format from its extension); returns the view drawn
    (its `files`: the paths written). Without `orphans`, the frame of nodes no link
    reaches is left out; `area` limits the view to one area; `page` ("a4", "a3") fits a
    drawing (.png, .pdf, .svg) to that page, `landscape` turned. A Mermaid chart over
    Mermaid's limits is written as one chart per top item, PATH-1.mmd, PATH-2.mmd…,
    with a note (`split` None), always so (`split` True) or refused (`split` False)."""
    from sendkg.files import write_atomically

    path = Path(path)
    draw = renderer_for(path)
    chosen = build_view(kg, view, focus, depth, orphans, area)
    if not chosen.nodes:
        raise RenderError(f"nothing to draw: the {view} view of this graph is empty")
    _within_layout_limit(chosen, view, Path(path), area)
    chosen = fitted_text(chosen)
    if page:
        if path.suffix.lower() not in (".png", ".pdf", ".svg"):
            raise RenderError("--page fits .png, .pdf and .svg drawings only")
        chosen = replace(chosen, page=(page.casefold(), landscape))
    files = _drawn_files(draw, chosen, path, split)
    for target, data in files:
        write_atomically(target, data)
        _readable(target)
    return replace(chosen, files=tuple(str(target) for target, _ in files),
                   warnings=(*chosen.warnings, *_notes(view, files, split, area, page)))


def _notes(view: str, files: list[tuple[Path, bytes]], split: bool | None,
           area: str | None, page: str | None) -> tuple[str, ...]:
    """What to tell the user about the files written: a chart cut in parts, or a PNG
    too wide to read."""
    if len(files) > 1 and split is None:
        return (f"the {view} view is too large for one Mermaid chart (at most "
                f"{MERMAID_TEXT:,} characters and {MERMAID_LINKS} links): written as "
                f"{len(files)} charts, one per top item; --focus TEXT gives one chart",)
    path, drawn = files[0]
    wide = png_width(drawn)
    if wide <= MAX_PNG_WIDTH or page:
        return ()
    shrunk = (" (Graphviz's largest picture: it shrank the drawing, so its text is only "
              "a few pixels high)" if wide >= GRAPHVIZ_MAX_PX else "")
    return (f"{path.name} is {wide:,} px wide{shrunk}: too wide to read on a page or "
            f"screen; narrow it with --focus TEXT, --depth N"
            f"{'' if area else ' or --area AREA'}, or fit it to a page with --page a4|a3",)


def _drawn_files(draw: Callable[[View], bytes], view: View, path: Path,
                 split: bool | None) -> list[tuple[Path, bytes]]:
    """(file, bytes) pairs to write: `path` alone, or a Mermaid chart cut into parts."""
    if path.suffix.lower() != ".mmd":
        return [(path, draw(view))]
    from sendkg.render.mermaid import mermaid_charts

    charts = mermaid_charts(view, split)
    if len(charts) == 1:
        return [(path, charts[0][1])]
    width = len(str(len(charts)))
    return [(path.with_name(f"{path.stem}-{n:0{width}d}{path.suffix}"), data)
            for n, (_, data) in enumerate(charts, start=1)]


MAX_DRAWN_TEXT = 1000  # characters of one label, note or detail drawn; Graphviz refuses
# a string over 16 KB, and no one reads a box of a thousand words
# not text in SVG/XML or DOT, or (the bidirectional overrides) reorder what is read
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def fitted_text(view: View) -> View:
    """`view` with control characters dropped from its texts and each text cut to
    MAX_DRAWN_TEXT characters (with "…"), plus a warning saying how many were cut; the
    graph itself keeps every label whole.

    >>> from sendkg.render.views import ViewNode
    >>> v = fitted_text(View("t", "T", "up", (ViewNode("a", "Board", "x" * 5000),), ()))
    >>> len(v.nodes[0].label), v.warnings
    (1000, ('1 text longer than 1,000 characters cut short in the drawing',))
    """
    cut = [0]

    def fit(text: str) -> str:
        text = _CONTROL.sub("", str(text))
        if len(text) <= MAX_DRAWN_TEXT:
            return text
        cut[0] += 1
        return text[:MAX_DRAWN_TEXT - 1] + "…"

    def rows(details):
        return tuple((fit(name), fit(value)) for name, value in details)

    nodes = tuple(replace(n, label=fit(n.label), notes=tuple(map(fit, n.notes)),
                          details=rows(n.details)) for n in view.nodes)
    edges = tuple(replace(e, label=fit(e.label), details=rows(e.details)) for e in view.edges)
    fitted = replace(view, title=fit(view.title), nodes=nodes, edges=edges)
    if cut[0]:
        fitted = replace(fitted, warnings=(
            *view.warnings, f"{cut[0]:,} text{'s' if cut[0] > 1 else ''} longer than "
                            f"{MAX_DRAWN_TEXT:,} characters cut short in the drawing"))
    return fitted


MAX_PNG_WIDTH = 4000  # px: wider than this, a board paper shrinks the text below legibility
GRAPHVIZ_MAX_PX = 32767  # Graphviz scales a bitmap down to fit this many pixels
# Entities Graphviz's `dot` lays out in reasonable time, per view (measured on a 2-core
# machine: the plan view of synthetic councils, 10,000 entities in 7 s, 20,000 in 27 s,
# 83,000 at 150 councils not within 300 s). Counted before `dot` is started.
DOT_FORMATS = (".svg", ".png", ".pdf")
MAX_DOT_NODES = {"plan": 15_000, "legislation": 15_000}
DEFAULT_MAX_DOT_NODES = 15_000


def _within_layout_limit(chosen: View, view: str, path: Path, area: str | None) -> None:
    """RenderError, before any layout starts, when `dot` would take minutes on the view."""
    limit = MAX_DOT_NODES.get(view, DEFAULT_MAX_DOT_NODES)
    if path.suffix.lower() not in DOT_FORMATS or len(chosen.nodes) <= limit:
        return
    raise RenderError(
        f"the {view} view has {len(chosen.nodes):,} entities; Graphviz lays out at most "
        f"{limit:,} in reasonable time: narrow it with --focus TEXT, --depth N"
        f"{'' if area else ', --area AREA'}, or write .dot or .mmd source instead")


def png_width(data: bytes) -> int:
    """The width of a PNG picture from its header; 0 for anything else.

    >>> png_width(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(8) + (5000).to_bytes(4, "big") + bytes(4))
    5000
    """
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 24:
        return 0
    return int.from_bytes(data[16:20], "big")


def _readable(path: Path) -> None:
    """Give the file the usual permissions (the temporary file it was made as has 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


__all__ = ["MAX_HTML_NODES", "RenderError", "TooLargeForPage", "View",
           "build_view", "render", "renderer_for"]
