"""How each node type looks, in every format, and how labels and tooltips are written.

One colour and one shape per node type, shared by the HTML, Graphviz and Mermaid
renderers so a reader meets the same legend everywhere. Labels are wrapped and
shortened for the boxes; the full text, with its sources, goes in the tooltip.

>>> wrap_label("SEND Strategy and Accountability Group", width=20)
['SEND Strategy and', 'Accountability Group']
>>> wrap_label("a " * 60, width=10, max_lines=2)
['a a a a a', 'a a a a a…']
>>> STYLES["Board"].fill
'#d3dee9'
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from sendkg.ontology import group

LABEL_WIDTH = 24  # characters per line on a box
LABEL_LINES = 3  # lines of label before it is shortened with an ellipsis
NOTE_WIDTH = 34  # characters per line of a note (chair, owner) on a box
NOTE_LINES = 2
TOOLTIP_SOURCES = 8  # sources listed in a tooltip before "+N more"
TEXT_COLOUR = "#1b1b1b"
FONT = "Helvetica"
STRUCTURE = frozenset(group("structure"))


@dataclass(frozen=True)
class Style:
    """The look of one node type: border colour (fill is its light tint) and shapes."""

    colour: str
    dot_shape: str
    dot_style: str  # extra Graphviz style, beside "filled"
    vis_shape: str  # one with the label inside (box, ellipse, database), for legibility
    mermaid: tuple[str, str]  # the brackets that open and close a Mermaid node

    @property
    def rounded(self) -> bool:
        return "rounded" in self.dot_style

    @property
    def fill(self) -> str:
        return tint(self.colour, 0.75)


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white: 0 keeps it, 1 is white.

    >>> tint("#000000", 0.5)
    '#808080'
    """
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


STYLES: dict[str, Style] = {
    "Board": Style("#4e79a7", "box", "", "box", ('["', '"]')),
    "Plan": Style("#f28e2b", "folder", "", "box", ('[["', '"]]')),
    "Aim": Style("#b07aa1", "hexagon", "", "ellipse", ('{{"', '"}}')),
    "Objective": Style("#59a14f", "octagon", "", "ellipse", ('(["', '"])')),
    "Deliverable": Style("#edc948", "parallelogram", "", "box", ('[/"', '"/]')),
    "Action": Style("#76b7b2", "box", "rounded", "box", ('("', '")')),
    "Outcome": Style("#ff9da7", "cds", "", "ellipse", ('>"', '"]')),
    "Indicator": Style("#9c755f", "diamond", "", "box", ('{"', '"}')),
    "Organisation": Style("#e15759", "component", "", "box", ('[("', '")]')),
    "Person": Style("#17becf", "ellipse", "", "ellipse", ('(("', '"))')),
    "Post": Style("#8a8b3a", "tab", "", "ellipse", ('[\\"', '"\\]')),
    "Legislation": Style("#2f4b7c", "note", "", "box", ('[/"', '"\\]')),
    "Area": Style("#bab0ac", "invtrapezium", "", "ellipse", ('[\\"', '"/]')),
    "Document": Style("#555555", "box3d", "", "box", ('[["', '"]]')),
}
FALLBACK = Style("#999999", "box", "dashed", "box", ('["', '"]'))

@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    arrowhead: str  # Graphviz's name
    words: str  # what the arrow says, for the key: "reports to"


EDGE_STYLES: dict[str, EdgeStyle] = {
    "reportsTo": EdgeStyle("#333333", "normal", "reports to"),
    "subGroupOf": EdgeStyle("#4e79a7", "empty", "is a sub group of"),
    "monitoredBy": EdgeStyle("#2f4b7c", "vee", "is monitored by"),
    "responsible": EdgeStyle("#a12d6b", "dot", "is the responsibility of"),
    "ownedBy": EdgeStyle("#a12d6b", "odot", "is owned or agreed by"),
    "drivenBy": EdgeStyle("#2f4b7c", "normal", "drives"),
    "chairedBy": EdgeStyle("#555555", "odot", "is chaired by"),
    "replacedBy": EdgeStyle("#999999", "onormal", "was replaced by"),
}
STRUCTURE_STYLE = EdgeStyle("#9a9a9a", "normal", "contains")


def style_of(node_type: str) -> Style:
    return STYLES.get(node_type, FALLBACK)


def edge_style(relation: str) -> EdgeStyle:
    if relation in EDGE_STYLES:
        return EDGE_STYLES[relation]
    if relation in STRUCTURE:
        return STRUCTURE_STYLE
    return EdgeStyle("#777777", "normal", relation)


def arrow_words(relation: str, direction: str) -> str:
    """What an arrow says in the key; plan structure reads down or up the hierarchy.

    >>> arrow_words("hasAction", "down"), arrow_words("hasAction", "up")
    ('contains', 'is part of')
    """
    if relation in STRUCTURE and relation not in EDGE_STYLES:
        return "contains" if direction == "down" else "is part of"
    return edge_style(relation).words


def wrap_label(text: str, width: int = LABEL_WIDTH, max_lines: int = LABEL_LINES) -> list[str]:
    """`text` wrapped to `width`, at most `max_lines` lines, the last ending in '…' if cut."""
    text = " ".join(str(text).split())
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    return [*lines[:max_lines - 1], textwrap.shorten(last + " …", width, placeholder="…")
            if len(last) + 2 > width else last + "…"]


def short_label(text: str, width: int = LABEL_WIDTH, max_lines: int = LABEL_LINES) -> str:
    """The wrapped label joined with newlines.

    >>> short_label("Durham Children and Families Partnership")
    'Durham Children and\\nFamilies Partnership'
    """
    return "\n".join(wrap_label(text, width, max_lines))


def sources_line(sources, limit: int = TOOLTIP_SOURCES) -> str:
    """'file:line, file:line (+N more)'."""
    shown = ", ".join(str(s) for s in sources[:limit])
    return shown + (f" (+{len(sources) - limit} more)" if len(sources) > limit else "")


def tooltip_text(title: str, rows) -> str:
    """A plain-text tooltip: the full title, then 'name: value' rows.

    >>> tooltip_text("Board A", [("type", "Board"), ("chair", "Ann")])
    'Board A\\ntype: Board\\nchair: Ann'
    """
    return "\n".join([title, *(f"{name}: {value}" for name, value in rows)])


def tooltip_html(title: str, rows) -> str:
    """The tooltip as HTML in which every piece of text is escaped.

    >>> print(tooltip_html("<script>x</script>", [("type", "Board")]))
    <div class="tip"><b>&lt;script&gt;x&lt;/script&gt;</b><dl><dt>type</dt><dd>Board</dd></dl></div>
    """
    cells = "".join(f"<dt>{html.escape(str(name))}</dt><dd>{html.escape(str(value))}</dd>"
                    for name, value in rows)
    return f'<div class="tip"><b>{html.escape(str(title))}</b><dl>{cells}</dl></div>'
