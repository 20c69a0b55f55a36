"""Plans: each plan's objectives and actions (leads, time scales, status), the actions
due in the next N days (90 unless `?days=`), and the actions of each officer."""

from __future__ import annotations

from datetime import date

from sendkg.queries.register import ACTION_COLUMNS, Table
from sendkg.web.pages import BadRequest, node_or_404, text_param
from sendkg.web.plans import by_officer, due_within, plan_outline, register
from sendkg.web.tables import table_or_page
from starlette.routing import Route

MAX_DAYS = 3660


def plans(request):
    """GET /plans: each plan's objectives and actions (?plan=ID for one)."""
    site = request.app.state.site
    chosen = text_param(request, "plan")
    all_plans = sorted(site.kg.nodes("Plan"), key=lambda n: n.label.casefold())
    shown = [node_or_404(request, chosen)] if chosen else all_plans
    if chosen and shown[0].type != "Plan":
        raise BadRequest(f"{chosen[:60]!r} is a {shown[0].type}, not a plan")
    outlines = [(plan, plan_outline(site, plan)) for plan in shown]
    rows = [row for _, outline in outlines for _, actions in outline for _, row in actions]
    return table_or_page(request, "plans", Table("Actions", ACTION_COLUMNS, rows),
                         "plans.html", outlines=[(p, o) for p, o in outlines if o],
                         empty=[p for p, o in outlines if not o], plans=all_plans,
                         plan=chosen or "")


def _today(request) -> date:
    text = text_param(request, "today")
    if not text:
        return request.app.state.site.today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'today' must be a date as YYYY-MM-DD; got {text[:20]!r}") from None


def _days(request) -> int:
    text = text_param(request, "days", "90")
    if not text.isdigit() or not 0 < int(text) <= MAX_DAYS:
        raise BadRequest(f"'days' must be a whole number from 1 to {MAX_DAYS}; "
                         f"got {text[:20]!r}")
    return int(text)


def due(request):
    """GET /plans/due: actions due within ?days= (90) of ?today= (today)."""
    site = request.app.state.site
    today, days = _today(request), _days(request)
    found = due_within(site, today, days)
    rows = [(month, *row) for month, _, row in found]
    return table_or_page(request, "due", Table("Due", ("due by", *ACTION_COLUMNS), rows),
                         "due.html", found=found, today=today, days=days,
                         total=len(register(site)))


def officers(request):
    """GET /plans/officers: each officer's actions."""
    site = request.app.state.site
    found = by_officer(site)
    rows = [(officer.label, officer.type, *row) for officer, actions in found
            for _, row in actions]
    return table_or_page(request, "officers",
                         Table("By officer", ("officer", "type", *ACTION_COLUMNS), rows),
                         "officers.html", found=found)


ROUTES = [Route("/plans", plans), Route("/plans/due", due), Route("/plans/officers", officers)]
