"""Static diagrams through Graphviz: DOT text, and SVG / PNG / PDF from the real `dot`.

Boxes carry the wrapped label and their extra lines (chairs, owners); arrows carry
frequency, role or section; the full text and sources go in tooltips (SVG keeps them
as <title>s, so they show on hover in a browser). A key in the corner explains colours,
shapes and arrows. Every piece of text is escaped for DOT and for Graphviz's HTML-like
labels, so a label can never change the drawing's structure.

>>> from sendkg.render.views import View, ViewEdge, ViewNode
>>> view = View("governance", "Governance", "up",
...             (ViewNode("board:a", "Board", 'A "quoted" <b>'),), ())
>>> 'label=<A &quot;quoted&quot; &lt;b&gt;>' in dot_source(view)
True
>>> print(quoted('say "hi"'))
"say \\"hi\\""
"""

from __future__ import annotations

import html
import json
import math
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from sendkg.render.style import (
    FONT,
    TEXT_COLOUR,
    arrow_words,
    edge_style,
    style_of,
    tooltip_text,
    wrap_label,
)
from sendkg.render.views import UNLINKED, RenderError, View, ViewEdge, ViewNode

DOT_TIMEOUT = 300  # seconds; a view refused by nothing else still finishes in time
PNG_DPI = 144  # sharp enough to paste into a board paper
EDGE_LABEL_WIDTH = 24  # characters per line of an arrow's label
UNFLATTEN_LEAVES = 3  # rows over which a long row of leaves is staggered
UNFLATTEN_MAX_NODES = 400  # above this, staggering makes dot minutes slower (1,500: 5 s → 35 s)


def quoted(text: str) -> str:
    """A DOT double-quoted string holding `text` literally."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


def tooltip_quoted(text: str) -> str:
    """A DOT string for a tooltip, which Graphviz reads for escString sequences twice (so
    a backslash is written four times to reach the SVG as one)."""
    return quoted(str(text).replace("\\", "\\\\"))


def _escape(text: str) -> str:
    """`text` for an HTML-like label: entities, and backslashes doubled, for Graphviz
    reads \\G, \\N, \\L… even there (the graph's name, the node's id, a line break)."""
    return html.escape(str(text), quote=True).replace("\\", "\\\\")


def _node_label(node: ViewNode) -> str:
    lines = "<br/>".join(_escape(line) for line in wrap_label(node.label))
    if node.focus:
        lines = f"<b>{lines}</b>"
    notes = "".join(f'<br/><font point-size="9" color="#303030">{_escape(n)}</font>'
                    for n in node.notes)
    return f"<{lines}{notes}>"


def _node_line(node: ViewNode) -> str:
    style = style_of(node.type)
    styles = ",".join(s for s in ("filled", style.dot_style, "bold" if node.focus else "") if s)
    attrs = {
        "label": _node_label(node),
        "shape": style.dot_shape,
        "style": quoted(styles),
        "fillcolor": quoted(style.fill),
        "color": quoted(style.colour),
        "penwidth": "2.4" if node.focus else "1.2",
        "tooltip": tooltip_quoted(tooltip_text(node.label, node.details)),
    }
    return f"  {quoted(node.id)} [{_attrs(attrs)}];"


def _edge_line(edge: ViewEdge, extra: dict[str, str] | None = None) -> str:
    look = edge_style(edge.relation)
    colour, arrowhead = look.colour, look.arrowhead
    attrs = {**(extra or {}),
        "color": quoted(colour),
        "arrowhead": arrowhead,
        "tooltip": tooltip_quoted(tooltip_text(edge_style(edge.relation).words, edge.details)),
    }
    if edge.label:  # a long role ("agreeing service of …") on several short lines
        lines = textwrap.wrap(edge.label, EDGE_LABEL_WIDTH, break_long_words=False)
        attrs["label"] = quoted("\n".join(f" {line} " for line in lines or [edge.label]))
        attrs["fontcolor"] = quoted(colour)
    if edge.uncertain:
        attrs["style"] = "dashed"
    return f"  {quoted(edge.s)} -> {quoted(edge.o)} [{_attrs(attrs)}];"


def _attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in attrs.items())


def _unlinked(view: View, nodes: list[ViewNode]) -> list[str]:
    """Nodes without an edge, boxed together in a grid beside the rest of the drawing.

    The grid is as tall as the hierarchy beside it, so it adds as little width as it can.
    """
    if not nodes:
        return []
    rows = min(len(nodes), (_levels(view) if view.edges else 1) + UNFLATTEN_LEAVES - 1)
    columns = math.ceil(len(nodes) / max(1, rows))
    lines = ["  subgraph cluster_unlinked {", f"    label={quoted(view.unlinked)}; fontsize=11;",
             '    color="#bbbbbb"; style="rounded,dashed"; margin=10;']
    lines += ["  " + _node_line(n) for n in nodes]
    lines += [f"    {quoted(a.id)} -> {quoted(b.id)} [style=invis];"
              for a, b in zip(nodes, nodes[columns:], strict=False)]
    return lines + ["  }"]


def _levels(view: View) -> int:
    """How many levels the hierarchy has, counted down from its tops."""
    below: dict[str, list[str]] = {}
    for e in view.edges:
        upper, lower = (e.o, e.s) if view.direction == "up" else (e.s, e.o)
        below.setdefault(upper, []).append(lower)
    lowers = {n for children in below.values() for n in children}
    seen = set(below) - lowers or {view.edges[0].s}
    frontier, levels = set(seen), 0
    while frontier:
        levels += 1
        frontier = {c for n in frontier for c in below.get(n, [])} - seen
        seen |= frontier
    return levels


def _legend(view: View) -> list[str]:
    """A cluster with one sample box per node type and a table of the arrows used."""
    lines = ["  subgraph cluster_key {", '    label="Key"; fontsize=11; color="#bbbbbb";',
             '    style="rounded"; margin=8;']
    names = []
    for node_type in view.types():
        style = style_of(node_type)
        name = f"key:{node_type}"
        names.append(quoted(name))
        lines.append(f"    {quoted(name)} [label={quoted(node_type)}, shape={style.dot_shape}, "
                     f'style={quoted(",".join(filter(None, ("filled", style.dot_style))))}, '
                     f"fillcolor={quoted(style.fill)}, color={quoted(style.colour)}, "
                     f"fontsize=10, tooltip={quoted(node_type)}];")
    rows = _arrow_rows(view)
    if rows:
        names.append('"key:arrows"')
        lines.append(f'    "key:arrows" [shape=plain, label=<<table border="0" '
                     f'cellspacing="0" cellpadding="2">{rows}</table>>];')
    lines.append(f"    {{ rank=same; {'; '.join(names)} }}")
    lines += [f"    {a} -> {b} [style=invis];" for a, b in zip(names, names[1:], strict=False)]
    return lines + ["  }"]


def _arrow_rows(view: View) -> str:
    used = sorted({e.relation for e in view.edges})
    rows = []
    for relation in used:
        colour, words = edge_style(relation).colour, arrow_words(relation, view.direction)
        rows.append(f'<tr><td align="left"><font color="{colour}">⟶</font> '
                    f'<font point-size="9">{_escape(words)}</font></td></tr>')
    rows = list(dict.fromkeys(rows))
    if any(e.uncertain for e in view.edges):
        rows.append('<tr><td align="left"><font point-size="9">- - - dashed: an '
                    'uncertain reading of the source</font></td></tr>')
    if any("(?)" in note for n in view.nodes for note in n.notes):
        rows.append('<tr><td align="left"><font point-size="9">(?) after a name: an '
                    'uncertain reading</font></td></tr>')
    return "".join(rows)


@dataclass(frozen=True)
class Arrangement:
    """What a page layout adds to the plain DOT source (sendkg.render.paper).

    `edges`: extra attributes per drawn edge, by its index in view.edges (weight,
    minlen); `lines`: statements added at the end (invisible edges that wrap rows);
    `graph`: extra graph attributes, as DOT text ("concentrate=true, pad=0").
    """

    edges: dict[int, dict[str, str]] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    graph: str = ""


def dot_source(view: View, key: bool = True, arrangement: Arrangement | None = None) -> str:
    """The view as a Graphviz DOT digraph (with a key in a corner unless `key` is False),
    laid out as `arrangement` says when one is given (page fitting)."""
    arranged = arrangement or Arrangement()
    rankdir = "BT" if view.direction == "up" else "TB"
    lines = [
        "digraph sendkg {",
        f"  graph [rankdir={rankdir}, label={quoted(view.title)}, labelloc=t, fontsize=16, "
        f'fontname={quoted(FONT)}, nodesep=0.25, ranksep=0.6, newrank=true, '
        f'tooltip={tooltip_quoted(view.title)}, pad=0.3];',
        *([f"  graph [{arranged.graph}];"] if arranged.graph else []),
        f'  node [fontname={quoted(FONT)}, fontsize=11, fontcolor={quoted(TEXT_COLOUR)}, '
        f'margin="0.12,0.06"];',
        f"  edge [fontname={quoted(FONT)}, fontsize=9, arrowsize=0.7];",
    ]
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    framed = bool(linked) or view.name in UNLINKED  # "No reporting line recorded", even alone
    lines += [_node_line(n) for n in view.nodes if n.id in linked or not framed]
    if framed:
        lines += _unlinked(view, [n for n in view.nodes if n.id not in linked])
    lines += [_edge_line(e, arranged.edges.get(i)) for i, e in enumerate(view.edges)]
    if view.nodes and key:
        lines += _legend(view)
    return "\n".join(lines + list(arranged.lines) + ["}"]) + "\n"


def dot_binary() -> str:
    found = shutil.which("dot")
    if not found:
        raise RenderError("Graphviz's `dot` was not found on PATH: install Graphviz "
                          "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
                          "graphviz) or write .html or .mmd instead")
    return found


def _run(command: list[str], data: bytes) -> bytes:
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=DOT_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"{Path(command[0]).name} took more than {DOT_TIMEOUT} s: narrow "
                          "the diagram with --focus TEXT or --depth N") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise RenderError(f"{Path(command[0]).name} failed: "
                          f"{message[0] if message else done.returncode}")
    return done.stdout


def unflattened(source: str, leaves: int = UNFLATTEN_LEAVES) -> str:
    """`source` with long rows of leaves staggered over a few ranks (Graphviz `unflatten`).

    A body with ten sub groups otherwise draws them in one row ten boxes wide. Without
    `unflatten` (it ships with Graphviz) the source is drawn as it is.
    """
    tool = shutil.which("unflatten")
    if not tool:
        return source
    try:
        staggered = _run([tool, "-l", str(leaves), "-f"], source.encode()).decode()
    except RenderError:
        return source
    return staggered if staggered.strip() else source  # it fails quietly: let dot say why


def run_dot(source: str, output_format: str, stagger: bool = True) -> bytes:
    """`source` drawn by the real `dot` as svg, png or pdf bytes (leaves staggered)."""
    command = [dot_binary(), f"-T{output_format}"]
    if output_format == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    drawn = _run(command, (unflattened(source) if stagger else source).encode())
    if not drawn:
        raise RenderError("dot drew nothing")
    return drawn


def layout(view: View) -> dict[str, tuple[float, float, float]] | None:
    """Where `dot` places each node: (x, y, width) in points, y growing downwards.

    None when `dot` is missing or fails: the caller lays the view out another way.
    """
    if not shutil.which("dot"):
        return None
    try:
        drawn = json.loads(run_dot(dot_source(view, key=False), "json0", _stagger(view)))
    except (RenderError, ValueError):
        return None
    ids = {n.id for n in view.nodes}
    found = {}
    for item in drawn.get("objects", []):
        if item.get("name") in ids and "pos" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            found[item["name"]] = (x, -y, float(item.get("width", 1)) * 72)
    return found if len(found) == len(ids) else None


def graphviz_bytes(view: View, output_format: str) -> bytes:
    if output_format in ("dot", "gv"):
        return dot_source(view).encode()
    if view.page:
        from sendkg.render.paper import fitted_to_page

        return run_dot(fitted_to_page(view, *view.page), output_format, stagger=False)
    return run_dot(dot_source(view), output_format, _stagger(view))


def _stagger(view: View) -> bool:
    return len(view.nodes) <= UNFLATTEN_MAX_NODES


def render_svg(view: View) -> bytes:
    """The view as an SVG drawing, its tooltips kept as <title>s."""
    return graphviz_bytes(view, "svg")


def render_png(view: View) -> bytes:
    """The view as a PNG picture at PNG_DPI."""
    return graphviz_bytes(view, "png")


def render_pdf(view: View) -> bytes:
    """The view as a one-page PDF."""
    return graphviz_bytes(view, "pdf")


def render_dot(view: View) -> bytes:
    """The view as Graphviz DOT source (no `dot` needed)."""
    return graphviz_bytes(view, "dot")


def render_gv(view: View) -> bytes:
    """The same DOT source as render_dot, for files named .gv."""
    return graphviz_bytes(view, "gv")
