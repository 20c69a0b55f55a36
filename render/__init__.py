"""Diagrams of the graph: governance, plan, accountability and legislation views.

`render(kg, path, view, focus, depth)` chooses the subgraph (`views.build_view`), picks
the renderer from the file's extension (the "renderer" entries of sendkg.registry), and
writes the file atomically. Adding a format is one module plus one registry line.

>>> renderer_for("board.svg").__name__
'render_svg'
"""

from __future__ import annotations

import os
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
           depth: int | None = None, orphans: bool = True, area: str | None = None) -> View:
    """Draw `view` of `kg` into `path` (format from its extension); returns the view drawn.
    Without `orphans`, the frame of nodes no link reaches is left out; `area` limits
    the view to one area."""
    from sendkg.files import write_atomically

    draw = renderer_for(path)
    chosen = build_view(kg, view, focus, depth, orphans, area)
    if not chosen.nodes:
        raise RenderError(f"nothing to draw: the {view} view of this graph is empty")
    write_atomically(Path(path), draw(chosen))
    _readable(Path(path))
    return chosen


def _readable(path: Path) -> None:
    """Give the file the usual permissions (the temporary file it was made as has 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


__all__ = ["MAX_HTML_NODES", "RenderError", "TooLargeForPage", "View",
           "build_view", "render", "renderer_for"]
