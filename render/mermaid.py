"""Mermaid flowcharts, for wikis and Markdown that render Mermaid.

Node ids are generated (n0, n1, …) so no label can break the syntax; every label is a
quoted string in which Mermaid's own entity codes stand for the characters that would
otherwise mean something (#quot; #lt; #gt; #amp; #35; #37; #96;). Lines on a box are joined with
<br/>. Each node's full label and sources are kept in a %% comment above the chart.
One classDef per node type gives the shared colours, and a "Key" subgraph shows them.

Above Mermaid's default limits a view is cut into one chart per top item
(`mermaid_charts`, sendkg.render.parts), or refused when asked not to split.

>>> from sendkg.render.views import RenderError, View, ViewEdge, ViewNode
>>> view = View("governance", "Governance", "up",
...             (ViewNode("board:a", "Board", "A <b> & \\"B\\""),
...              ViewNode("board:b", "Board", "Top", ("Chair: Ann",))),
...             (ViewEdge("board:a", "board:b", "reportsTo", "quarterly"),))
>>> print(chart_lines(view)[0])
flowchart BT
>>> [line for line in chart_lines(view) if "-->" in line]
['  n0 -->|"quarterly"| n1']
>>> mermaid_text("A <b> & \\"B\\" #1")
'A #lt;b#gt; #amp; #quot;B#quot; #35;1'
"""

from __future__ import annotations

from sendkg.render.parts import view_parts
from sendkg.render.style import TEXT_COLOUR, arrow_words, edge_style, style_of, wrap_label
from sendkg.render.views import RenderError, View, ViewEdge, ViewNode

# Mermaid's defaults (maxTextSize, maxEdges): above them it draws only an error message.
MAX_TEXT = 50_000
MAX_EDGES = 500

# '%' too: "%%{…}%%" anywhere in the text is read as a configuration directive.
ENTITIES = {"#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", '"': "#quot;", "`": "#96;",
            "%": "#37;"}


def mermaid_text(text: str) -> str:
    """`text` safe inside a quoted Mermaid label (entity codes for special characters)."""
    return "".join(ENTITIES.get(c, c) for c in " ".join(str(text).split()))


def comment_text(text: str) -> str:
    """`text` safe in a %% comment: one line, no %% that could open a directive."""
    return " ".join(str(text).split()).replace("%", "%\u200b")


def class_name(node_type: str) -> str:
    return "t_" + "".join(c for c in node_type if c.isalnum())


def _label(node: ViewNode) -> str:
    lines = [mermaid_text(line) for line in (*wrap_label(node.label), *node.notes)]
    return "<br/>".join(lines)


def _node_line(ident: str, node: ViewNode) -> str:
    opening, closing = style_of(node.type).mermaid
    return f"  {ident}{opening}{_label(node)}{closing}"


def _edge_line(ids: dict[str, str], edge: ViewEdge) -> str:
    arrow = "-.->" if edge.uncertain else "-->"
    text = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
    return f"  {ids[edge.s]} {arrow}{text} {ids[edge.o]}"


def _comments(ids: dict[str, str], view: View) -> list[str]:
    lines = [f"%% {comment_text(view.title)} — drawn by sendkg"]
    for node in view.nodes:
        sources = dict(node.details).get("sources", "")
        lines.append(f"%% {ids[node.id]} = {comment_text(node.id)}: "
                     f"{comment_text(node.label)} [{comment_text(sources)}]")
    return lines


def _classes(ids: dict[str, str], view: View) -> list[str]:
    lines = []
    for node_type in view.types():
        style = style_of(node_type)
        members = ",".join(ids[n.id] for n in view.nodes if n.type == node_type)
        lines.append(f"  classDef {class_name(node_type)} fill:{style.fill},"
                     f"stroke:{style.colour},color:{TEXT_COLOUR}")
        lines.append(f"  class {members},key{class_name(node_type)} {class_name(node_type)}")
    focus = [ids[n.id] for n in view.nodes if n.focus]
    if focus:
        lines += ["  classDef focus stroke-width:4px", f"  class {','.join(focus)} focus"]
    return lines


def _link_styles(view: View) -> list[str]:
    lines = []
    for relation in sorted({e.relation for e in view.edges}):
        numbers = ",".join(str(i) for i, e in enumerate(view.edges) if e.relation == relation)
        lines.append(f"  linkStyle {numbers} stroke:{edge_style(relation).colour}")
    return lines


def _key(view: View) -> list[str]:
    lines = ['  subgraph key ["Key"]']
    for node_type in view.types():
        opening, closing = style_of(node_type).mermaid
        lines.append(f"    key{class_name(node_type)}{opening}{node_type}{closing}")
    arrows = [arrow_words(r, view.direction) for r in sorted({e.relation for e in view.edges})]
    if any(e.uncertain for e in view.edges):
        arrows.append("dotted: an uncertain reading of the source")
    if arrows:
        words = "<br/>".join(mermaid_text(a) for a in dict.fromkeys(arrows))
        lines.append(f'    keyarrows["{words}"]')
    return lines + ["  end"]


def chart_lines(view: View) -> list[str]:
    ids = {node.id: f"n{i}" for i, node in enumerate(view.nodes)}
    lines = [f"flowchart {'BT' if view.direction == 'up' else 'TD'}", *_comments(ids, view)[:1]]
    lines += [_node_line(ids[n.id], n) for n in view.nodes]
    lines += [_edge_line(ids, e) for e in view.edges]
    lines += _key(view) + _classes(ids, view) + _link_styles(view)
    return lines


def mermaid_source(view: View) -> str:
    """The view as Mermaid flowchart text, with a comment per node (full label, sources)."""
    ids = {node.id: f"n{i}" for i, node in enumerate(view.nodes)}
    comments = _comments(ids, view)[1:]
    return "\n".join(chart_lines(view) + comments) + "\n"


def _over(view: View, source: str) -> list[str]:
    """What makes a chart too large for Mermaid's default settings, in words."""
    over = []
    if len(source) > MAX_TEXT:
        over.append(f"{len(source):,} characters (Mermaid draws at most {MAX_TEXT:,})")
    if len(view.edges) > MAX_EDGES:
        over.append(f"{len(view.edges):,} links (Mermaid draws at most {MAX_EDGES:,})")
    return over


def fits_mermaid(view: View) -> bool:
    """True when Mermaid draws the view's chart with its default settings."""
    return not _over(view, mermaid_source(view))


def check_limits(view: View, source: str, why: str = "") -> None:
    """Refuse a chart Mermaid would not draw with its default settings; `why` tells
    what else was tried or can be."""
    over = _over(view, source)
    if over:
        raise RenderError(f"the {view.name} view is too large for Mermaid: "
                          f"{' and '.join(over)}{why}; narrow it with --focus TEXT, "
                          f"--depth N or --area AREA, or write .svg, .png or .html instead")


def mermaid_charts(view: View, split: bool | None = None) -> list[tuple[View, bytes]]:
    """The view as Mermaid charts: one when it fits (unless `split` is True), else one per
    top item (plan, top board, Act), each within Mermaid's limits. `split` False refuses
    a view over the limits instead; RenderError too when one item alone is over them."""
    source = mermaid_source(view)
    if split is False or (split is None and not _over(view, source)):
        check_limits(view, source, "" if split is None else
                     "; leave out --no-split for one chart per top item")
        return [(view, source.encode())]
    try:
        parts = view_parts(view, fits_mermaid)
    except RenderError as error:
        check_limits(view, source, f"; cut into one chart per top item, {error}")
        raise
    return [(part, mermaid_source(part).encode()) for part in parts]


def render_mermaid(view: View) -> bytes:
    """The flowchart, refused (RenderError) above Mermaid's default limits."""
    source = mermaid_source(view)
    check_limits(view, source)
    return source.encode()
