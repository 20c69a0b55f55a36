"""Interactive pages through pyvis (vis-network), made to work offline and to be safe.

pyvis builds the vis-network data and page; its page still loads Bootstrap from a CDN
in every mode (and vis-network itself in its "local" and "remote" modes), so the page
is post-processed: vis-network's JavaScript and CSS come inline (pyvis's "in_line"
mode, from the copies shipped inside the pyvis package), every tag that loads anything
from the network is removed, and a Content-Security-Policy forbids any network access
that might remain. The layout is Graphviz's, the same as the static diagrams' (vis-network's own
hierarchical layout when `dot` is missing), with physics off, so even a large page
draws once and stays still. A side panel adds a search box, type filters that double
as the legend, and the details of the clicked entity.

Text is never interpreted as HTML: labels are drawn on the canvas as text; tooltips
are built here with every piece HTML-escaped and turned into elements in the page
from an inert <template>; the side panel only ever sets textContent. All data sits in
the page as JSON with <, > and & escaped, so no label can close a <script>.

The page opens fitted to the canvas beside the panel; with a focus, centred on it, and
never below READABLE_SCALE (the labels' 14 px at no less than 12 px): an overview too
large for that opens on its busiest box instead, and says how to see everything.

Served by the web app, the details panel links each citation to the app's source
view: `render_html(view, citation_url="/source/{entity}/{index}")` (the entity's id
and the 0-based place of the citation in its sources). Written to a file, citations
are plain text.

Above MAX_HTML_NODES entities the page is refused (it would hang the browser).
"""

from __future__ import annotations

import html
import json
import re
import string
from urllib.parse import quote

from sendkg.render.graphviz import layout
from sendkg.render.page import PAGE_CSS, PAGE_JS, PANEL_HTML
from sendkg.render.style import (
    FONT,
    TEXT_COLOUR,
    arrow_words,
    edge_style,
    short_label,
    style_of,
    tooltip_html,
)
from sendkg.render.views import RenderError, View

MAX_HTML_NODES = 1500
READABLE_SCALE = 0.86  # vis-network zoom at which the 14 px labels show at 12 px
LAYOUT_SCALE = 1.45  # Graphviz points to vis pixels: the page's font is larger
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'")
EXTERNAL_TAG = re.compile(r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//"
                          r"[^>]*>(?:\s*</script>)?", re.IGNORECASE | re.DOTALL)
EXTERNAL_REFERENCE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//|@import|"
                                r"url\(\s*[\"']?(?:https?:)?//", re.IGNORECASE)
EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


class TooLargeForPage(RenderError):
    """More entities than a browser can draw interactively."""


def script_json(value) -> str:
    """JSON that is safe inside a <script> element.

    >>> script_json({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _layout_options(view: View, placed: bool) -> dict:
    if placed:
        return {"hierarchical": {"enabled": False}, "improvedLayout": False}
    return {"hierarchical": {
            "enabled": True, "direction": "DU" if view.direction == "up" else "UD",
            "sortMethod": "directed", "shakeTowards": "roots", "levelSeparation": 150,
            "nodeSpacing": 210, "treeSpacing": 240, "blockShifting": True,
            "edgeMinimization": True, "parentCentralization": True}}


def _options(view: View, placed: bool) -> dict:
    return {
        "layout": _layout_options(view, placed),
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": True,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": len(view.nodes) > 400},
        "nodes": {"font": {"face": FONT, "size": 14, "color": TEXT_COLOUR, "multi": False},
                  "widthConstraint": {"maximum": 190}, "margin": 9, "borderWidth": 1.5,
                  "size": 18},
        "edges": {"smooth": {"enabled": True, "type": "cubicBezier",
                             "forceDirection": "vertical", "roundness": 0.45},
                  "font": {"face": FONT, "size": 11, "align": "middle",
                           "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "width": 1.2},
    }


def check_citation_url(template: str) -> str:
    """`template` if it is a same-site path naming {entity} and {index} and nothing else.

    >>> check_citation_url("/source/{entity}/{index}")
    '/source/{entity}/{index}'
    >>> check_citation_url("https://elsewhere/{entity}")
    Traceback (most recent call last):
    ...
    sendkg.render.views.RenderError: the citation URL must be a path on the same site, \
such as /source/{entity}/{index}; got 'https://elsewhere/{entity}'
    """
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError:
        fields = set()
    if (not template.startswith("/") or template.startswith("//")
            or fields != {"entity", "index"}):
        raise RenderError("the citation URL must be a path on the same site, such as "
                          f"/source/{{entity}}/{{index}}; got {template!r}")
    return template


def citations(node, template: str | None) -> list[dict]:
    """The node's citations for the details panel: text, and a link when served.

    >>> from sendkg.render.views import ViewNode
    >>> node = ViewNode("board:a b", "Board", "A", sources=("x.txt:3", "y.txt:9"))
    >>> citations(node, "/source/{entity}/{index}")[1]
    {'text': 'y.txt:9', 'href': '/source/board:a%20b/1'}
    >>> citations(node, None)[0]
    {'text': 'x.txt:3'}
    """
    if not template:
        return [{"text": s} for s in node.sources]
    return [{"text": s, "href": template.format(entity=quote(node.id, safe=":"), index=i)}
            for i, s in enumerate(node.sources)]


def _node_options(node, citation_url: str | None = None) -> dict:
    style = style_of(node.type)
    colour = {"background": style.fill, "border": style.colour,
              "highlight": {"background": "#ffffff", "border": style.colour},
              "hover": {"background": "#ffffff", "border": style.colour}}
    label = short_label(node.label)
    if node.notes:
        label += "\n" + "\n".join(node.notes)
    return {"label": label, "shape": style.vis_shape, "color": colour,
            "shapeProperties": {"borderRadius": 10 if style.rounded else 2},
            "borderWidth": 3.5 if node.focus else 1.5, "type": node.type,
            "fullLabel": node.label, "tip": tooltip_html(node.label, node.details),
            "cites": citations(node, citation_url),
            "search": " ".join([node.label, node.id, *[v for k, v in node.details
                                                        if k == "also called"]]).casefold()}


def _edge_options(number: int, edge) -> dict:
    colour = edge_style(edge.relation).colour
    return {"id": f"e{number}", "label": edge.label or None, "dashes": edge.uncertain,
            "color": {"color": colour, "highlight": "#000000", "hover": "#000000"},
            "font": {"color": colour}, "arrows": "to", "relation": edge.relation,
            "tip": tooltip_html(edge_style(edge.relation).words, edge.details)}


def network_of(view: View, citation_url: str | None = None):
    """The pyvis Network holding the view's nodes, edges and options (citations linked
    through `citation_url` when given)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, heading="",
                  cdn_resources="in_line", bgcolor="#ffffff", font_color=TEXT_COLOUR)
    places = layout(view) or {}
    for node in view.nodes:
        net.add_node(node.id, **_node_options(node, citation_url),
                     **_placed(places.get(node.id)))
    for number, edge in enumerate(view.edges):
        options = {k: v for k, v in _edge_options(number, edge).items() if v is not None}
        net.add_edge(edge.s, edge.o, **options)
    net.options = _options(view, bool(places))
    return net


def _placed(place) -> dict:
    """Fixed coordinates from Graphviz's layout, scaled from points to the page's pixels."""
    if not place:
        return {}
    x, y, _ = place
    # the label comes wrapped already: a width limit would wrap its lines a second time
    return {"x": round(x * LAYOUT_SCALE), "y": round(y * LAYOUT_SCALE),
            "widthConstraint": {"maximum": 420}}


def _legend(view: View) -> list[dict]:
    counts = {t: sum(1 for n in view.nodes if n.type == t) for t in view.types()}
    return [{"type": t, "fill": style_of(t).fill, "border": style_of(t).colour,
             "shape": "rounded" if style_of(t).rounded else style_of(t).vis_shape, "count": c}
            for t, c in counts.items()]


def _arrows(view: View) -> list[dict]:
    used = sorted({e.relation for e in view.edges})
    rows = [{"colour": edge_style(r).colour, "words": arrow_words(r, view.direction),
             "dashed": False} for r in used]
    if any(e.uncertain for e in view.edges):
        rows.append({"colour": "#555555", "words": "dashed: an uncertain reading of the "
                     "source", "dashed": True})
    return list({row["words"]: row for row in rows}.values())


def offline_page(page: str, view: View) -> str:
    """pyvis's page without network loads, with the panel, the CSP and our script."""
    page = EXTERNAL_TAG.sub("", page)
    page = EMPTY_HEADING.sub("", page)
    title = html.escape(view.title)
    head = (f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f"<title>{title}</title>\n<style>{PAGE_CSS}</style>\n")
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + head, 1)
    page = "<!DOCTYPE html>\n" + page.replace("<html>", '<html lang="en">', 1)
    panel = PANEL_HTML.replace("{{title}}", title)
    page = page.replace("<body>", "<body>\n" + panel, 1)
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    unlinked = [n.id for n in view.nodes if n.id not in linked] if linked else []
    meta = {"title": view.title, "types": _legend(view), "arrows": _arrows(view),
            "nodes": len(view.nodes), "edges": len(view.edges),
            "group": {"caption": view.unlinked, "ids": unlinked},
            "focus": [n.id for n in view.nodes if n.focus], "readable": READABLE_SCALE}
    script = (f'<script id="sendkg-meta" type="application/json">{script_json(meta)}</script>\n'
              f"<script>{PAGE_JS}</script>\n")
    page = page.replace("</body>", script + "</body>", 1)
    _check_offline(page)
    return page


def _check_offline(page: str) -> None:
    found = EXTERNAL_REFERENCE.search(page)
    if found:
        near = page[max(0, found.start() - 40):found.end() + 40]
        raise RenderError(f"the page would load something from the network: {near!r}")


def render_html(view: View, citation_url: str | None = None) -> bytes:
    """The view as one self-contained HTML page. With `citation_url` (a path such as
    "/source/{entity}/{index}", for the web app) the details panel links each citation
    to it; RenderError for a template that is not such a path."""
    if citation_url is not None:
        check_citation_url(citation_url)
    if len(view.nodes) > MAX_HTML_NODES:
        raise TooLargeForPage(
            f"{len(view.nodes):,} entities are too many for an interactive page (the limit "
            f"is {MAX_HTML_NODES:,}): narrow it with --focus TEXT and/or --depth N, or "
            "write .svg or .pdf instead")
    if not view.nodes:
        raise RenderError(f"nothing to draw in the {view.name} view")
    page = network_of(view, citation_url).generate_html()
    return offline_page(page, view).encode("utf-8")
