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
           page: str | None = None, landscape: bool = False) -> View:
    """Draw `view` of `kg` into `path` (format from its extension); returns the view drawn.
    Without `orphans`, the frame of nodes no link reaches is left out; `area` limits
    the view to one area; `page` ("a4", "a3") fits a drawing (.png, .pdf, .svg) to that
    page, `landscape` turned."""
    from sendkg.files import write_atomically

    draw = renderer_for(path)
    chosen = build_view(kg, view, focus, depth, orphans, area)
    if not chosen.nodes:
        raise RenderError(f"nothing to draw: the {view} view of this graph is empty")
    chosen = fitted_text(chosen)
    if page:
        if Path(path).suffix.lower() not in (".png", ".pdf", ".svg"):
            raise RenderError("--page fits .png, .pdf and .svg drawings only")
        chosen = replace(chosen, page=(page.casefold(), landscape))
    drawn = draw(chosen)
    write_atomically(Path(path), drawn)
    _readable(Path(path))
    wide = png_width(drawn)
    if wide > MAX_PNG_WIDTH and not page:
        chosen = replace(chosen, warnings=(*chosen.warnings,
            f"{Path(path).name} is {wide:,} px wide: too wide to read on a page or screen; "
            f"narrow it with --focus TEXT, --depth N{'' if area else ' or --area AREA'}, "
            f"or fit it to a page with --page a4|a3",))
    return chosen


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
