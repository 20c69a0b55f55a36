"""The entity page, its chain drawing, and the source view of each cited line.

`/entity/{id}`: label, type, aliases, area, sources and the six questions.
`/entity/{id}/chain.svg`: the accountability view (owners and reporting chain) drawn by
Graphviz, as `sendkg render --view accountability --focus ID` draws it.
`/source/{id}/{n}`: the n-th (0-based) source of an entity; `/source/fact?s=&p=&o=&i=`:
the i-th source of a relation. The cited line is shown in context when a folder of the
site holds the document's file (site.Site.source_path); otherwise the citation as text.
"""

from __future__ import annotations

import shutil

from sendkg.queries.source_text import SourceNotFound, cited_lines
from sendkg.render.views import RenderError, build_view
from sendkg.web.entity import (
    IMPACT_TITLES,
    WORDS,
    board_entry,
    glance,
    impact_of,
    sections,
    summary,
)
from sendkg.web.pages import BadRequest, NotFound, node_or_404, page, text_param
from starlette.responses import Response
from starlette.routing import Route

CONTEXT_LINES = 3  # lines shown either side of the cited one
MAX_DRAWN = 120  # entities in a chain drawing; above this the page shows the list only
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def entity(request):
    """GET /entity/ID: the entity and the six questions answered for it."""
    site = request.app.state.site
    node = node_or_404(request, request.path_params["id"])
    answered, since = sections(site.kg, node, _as_at(request))
    chain = next(s for s in answered if s.question == "chain")
    impact = impact_of(site.kg, node, answered)
    return page(request, "entity.html", node=node, sections=answered, words=WORDS,
                summary=summary(site, node), board=board_entry(site, node),
                impact=impact, impact_titles=IMPACT_TITLES,
                glance={s.question: glance(s, impact) for s in answered}, since=since,
                standings=since["standings"],
                drawing=bool(shutil.which("dot")) and chain.answer is not None)


def _as_at(request) -> str | None:
    """?as_at=YYYY-MM-DD answers as at that date, ?as_at=written as the documents stand;
    without it, as at today (as the commands answer)."""
    from datetime import date

    text = text_param(request, "as_at")
    if not text:
        return "today"
    if text == "written":
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadRequest(f"'as_at' must be a date as YYYY-MM-DD or 'written'; "
                         f"got {text[:20]!r}") from None


def chain_svg(request):
    """GET /entity/ID/chain.svg: the accountability view drawn by Graphviz."""
    from sendkg.render.graphviz import render_svg

    site = request.app.state.site
    node = node_or_404(request, request.path_params["id"])
    try:
        view = build_view(site.kg, "accountability", node.id, None)
    except RenderError as error:
        raise NotFound(f"no chain to draw for {node.label}: {error}") from None
    if len(view.nodes) > MAX_DRAWN or not view.nodes:
        raise NotFound(f"the chain of {node.label} is not drawn "
                       f"({len(view.nodes)} entities); see the list")
    return Response(render_svg(view), media_type="image/svg+xml",
                    headers={"Content-Security-Policy": SVG_CSP})


def _index(text: str, count: int) -> int:
    if not text.isdigit() or len(text) > 6:
        raise BadRequest(f"the source number must be a whole number from 0; got {text[:20]!r}")
    if int(text) >= count:
        raise NotFound(f"there is no source number {int(text)} (it has {count})")
    return int(text)


def entity_source(request):
    """GET /source/ID/N: the entity's N-th (0-based) source in context."""
    node = node_or_404(request, request.path_params["id"])
    index = _index(request.path_params["index"], len(node.sources))
    return _source_page(request, node.sources[index], node.label, node)


def fact_source(request):
    """GET /source/fact?s=&p=&o=&i=: the i-th source of a relation in context."""
    site = request.app.state.site
    s, p, o = (text_param(request, k, "") for k in ("s", "p", "o"))
    edge = site.kg.edge(s, p, o) if site.kg.has_node(s) and site.kg.has_node(o) else None
    if edge is None:
        raise NotFound("no such relation in the graph")
    index = _index(request.query_params.get("i", "0"), len(edge.sources))
    subject, object = site.kg.node(s), site.kg.node(o)
    return _source_page(request, edge.sources[index],
                        f"{subject.label} — {p} — {object.label}", subject, object)


def _source_page(request, source, about: str, *nodes):
    site = request.app.state.site
    path = site.source_path(source.document)
    lines, why = [], ""
    if path is None:
        why = ("the document's file is not in the folders this app was started with "
               "(start it with --sources DIR to read it)")
    elif not source.line:
        why = "the citation names the document but no line"
    else:
        try:
            lines = cited_lines(path, source.line, CONTEXT_LINES)
        except SourceNotFound as error:
            why = str(error)
    return page(request, "source.html", source=source, citation=site.cite(source),
                about=about, nodes=nodes, lines=lines, why=why)


ROUTES = [Route("/entity/{id}", entity), Route("/entity/{id}/chain.svg", chain_svg),
          Route("/source/fact", fact_source), Route("/source/{id}/{index}", entity_source)]
