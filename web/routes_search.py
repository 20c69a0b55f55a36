"""Search: one box, the same ranked search as `sendkg find`, results grouped by type,
each with its plan and area. `/api/search` gives the same results as JSON for the
as-you-type script; `/search` works without script (the form submits to it)."""

from __future__ import annotations

from sendkg.checks.lint_places import places_of
from sendkg.graph.stats import graph_statistics
from sendkg.queries.find import STRONG, find_entities, resolve, resolved
from sendkg.queries.register import Table
from sendkg.web.pages import entity_url, page, text_param
from sendkg.web.tables import table_or_page
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

LIMIT = 40  # results on the search page
SUGGESTIONS = 15  # results as you type
COLUMNS = ("type", "label", "id", "plan", "area", "matched", "score")


def search_results(site, matches) -> list[dict]:
    """Matches (find_entities) as dicts: id, type, label, plan, area, matched, why, score."""
    places = places_of(site.kg, [m.node.id for m in matches])
    return [{"id": m.node.id, "type": m.node.type, "label": m.node.label,
             "url": entity_url(m.node.id), "plan": places[m.node.id].plan_label or "",
             "area": ", ".join(places[m.node.id].areas), "matched": m.matched,
             "why": m.why, "score": round(m.score, 1)} for m in matches]


def grouped(results: list[dict]) -> dict[str, list[dict]]:
    """Results by type, the types in the order of their best match."""
    groups: dict[str, list[dict]] = {}
    for result in results:
        groups.setdefault(result["type"], []).append(result)
    return groups


def home(request):
    """GET /: the search box and what the graph holds."""
    site = request.app.state.site
    stats = site.kept("stats", lambda: graph_statistics(site.kg))
    return page(request, "home.html", stats=stats, q="")


def search(request):
    """GET /search?q=: results grouped by type, and what the text names equally."""
    site = request.app.state.site
    text = text_param(request, "q", "") or ""
    matches = find_entities(site.kg, text, limit=LIMIT) if text else []
    results = search_results(site, matches)
    ties = resolved(matches)  # what `resolve` names, from the same search
    weak = bool(results) and results[0]["score"] < STRONG
    table = Table("Search", COLUMNS, [tuple(str(r[c]) for c in COLUMNS) for r in results])
    return table_or_page(request, "search", table, "search.html", q=text,
                         groups=grouped(results), ties=ties if len(ties) > 1 else [],
                         weak=weak)


def go(request):
    """Straight to the entity the text names when it names one; else the search page,
    which lists every entity it names equally."""
    site = request.app.state.site
    text = text_param(request, "q", "") or ""
    ties = resolve(site.kg, text) if text else []
    if len(ties) == 1:
        return RedirectResponse(entity_url(ties[0].id), status_code=303)
    return search(request)


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & written as \\u escapes: the same data, but no label could
    read as markup even to a browser that sniffed the type."""

    def render(self, content) -> bytes:
        from sendkg.render.html import script_json

        return script_json(content).encode("utf-8")


def api_search(request):
    """GET /api/search?q=: the first results as JSON, for results as you type."""
    site = request.app.state.site
    text = text_param(request, "q", "") or ""
    matches = find_entities(site.kg, text, limit=SUGGESTIONS) if text else []
    return SafeJSONResponse({"query": text, "results": search_results(site, matches)})


ROUTES = [Route("/", home), Route("/search", search), Route("/go", go),
          Route("/api/search", api_search)]
