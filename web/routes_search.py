"""Search: one box, the same ranked search as `sendkg find`, results grouped by type,
each with its plan and area. `/api/search` gives the same results as JSON for the
as-you-type script; `/search` works without script (the form submits to it)."""

from __future__ import annotations

from sendkg.checks.lint_places import places_of
from sendkg.graph.stats import graph_statistics
from sendkg.queries.find import CLOSE, STRONG, find_entities, resolve
from sendkg.queries.register import Table
from sendkg.web.pages import entity_url, page, text_param
from sendkg.web.tables import table_or_page
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

LIMIT = 40
COLUMNS = ("type", "label", "id", "plan", "area", "matched", "score")


def search_results(site, text: str, limit: int = LIMIT) -> list[dict]:
    """Matches of `text` as dicts: id, type, label, plan, area, matched, why, score."""
    if not text:
        return []
    matches = find_entities(site.kg, text, limit=limit)
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


def _may_tie(results: list[dict]) -> bool:
    """Whether `resolve` could name several entities: only when a second result scores
    within CLOSE of a strong best one (resolve searches again, so it is asked only then)."""
    return (len(results) > 1 and results[0]["score"] >= STRONG
            and results[1]["score"] >= results[0]["score"] - CLOSE - 0.1)  # scores rounded


def home(request):
    site = request.app.state.site
    stats = site.kept("stats", lambda: graph_statistics(site.kg))
    return page(request, "home.html", stats=stats, q="")


def search(request):
    site = request.app.state.site
    text = text_param(request, "q", "") or ""
    results = search_results(site, text)
    ties = resolve(site.kg, text) if _may_tie(results) else []
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
    site = request.app.state.site
    text = text_param(request, "q", "") or ""
    return SafeJSONResponse({"query": text, "results": search_results(site, text, 15)})


ROUTES = [Route("/", home), Route("/search", search), Route("/go", go),
          Route("/api/search", api_search)]
