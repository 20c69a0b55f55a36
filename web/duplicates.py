"""The duplicates page's filters and download: a request's `?kind=&area=&between=&
between=&min_score=&limit=` read as `sendkg duplicates` reads its options (the same
library filters, sendkg.checks.filters), the findings they give from the same library
call (sendkg.checks.duplicates.duplicate_report), and the rows the CSV and Excel files
hold."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sendkg.checks.duplicates import KINDS
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.queries.register import Table
from sendkg.web.pages import BadRequest, checked_text, choice_param, text_param

from sendkg.errors import SendkgError

DUPLICATE_COLUMNS = ("kind", "score", "confidence", "message", "why", "entities", "ids",
                     "plans", "areas", "leads", "sources")


def duplicate_findings(site):
    """Every duplicate finding of the graph (`sendkg duplicates` defaults), kept."""
    from sendkg.checks.duplicates import duplicates

    return site.kept("duplicates", lambda: duplicates(site.kg))


@dataclass(frozen=True)
class DuplicateQuery:
    """The /checks/duplicates filters, read as `sendkg duplicates` reads its options:
    `kind` one of KINDS or None; `area` and `between` (two plans) as
    sendkg.checks.filters resolves them; `min_score` 0-1; `limit` the most findings in
    all (0: all), each kind's best first, as `sendkg duplicates --limit` keeps them."""

    kind: str | None = None
    area: str | None = None
    between: tuple[str, str] | None = None
    min_score: float = DEFAULT_MIN_SCORE
    limit: int = 0

    def narrows(self) -> bool:
        """Whether the library must run again (anything but the kind was asked)."""
        return (self.area, self.between, self.min_score, self.limit) != (
            None, None, DEFAULT_MIN_SCORE, 0)


DUPLICATE_FILTERS = ("kind", "area", "min_score", "limit")


def duplicate_query(request) -> DuplicateQuery:
    """The filters of a /checks/duplicates request; BadRequest with one sentence saying
    which value is wrong and what it accepts (the nearest plans or areas for a name)."""
    from sendkg.checks.filters import area_filter, plan_filter

    kg = request.app.state.site.kg
    kind = choice_param(request, "kind", KINDS)
    area = text_param(request, "area") or None
    plans = [checked_text("between", text) for text in request.query_params.getlist("between")]
    if len([p for p in plans if p]) not in (0, 2) or len(plans) > 2:
        raise BadRequest("Between takes two plans, one in each box (an id or part of a "
                         f"name); got {', '.join(repr(p[:40]) for p in plans if p)}")
    try:
        between = tuple(plan_filter(kg, text, "Between plan") for text in plans) \
            if any(plans) else None
        area = area_filter(kg, area, "Area") if area else None
    except SendkgError as error:
        raise BadRequest(str(error)) from None
    return DuplicateQuery(kind, area, between, _min_score(request), _limit(request))


def _min_score(request) -> float:
    text = text_param(request, "min_score") or ""
    try:
        score = float(text) if text else DEFAULT_MIN_SCORE
    except ValueError:
        score = math.nan
    if not 0.0 <= score <= 1.0:  # also refuses nan
        raise BadRequest(f"Min score must be a number from 0 to 1, such as "
                         f"{DEFAULT_MIN_SCORE}; got {text[:40]!r}")
    return score


def _limit(request) -> int:
    text = text_param(request, "limit") or ""
    if text and not (text.isascii() and text.isdigit()):
        raise BadRequest(f"Limit must be a whole number from 0 (0: all); got {text[:40]!r}")
    return int(text or 0)


def duplicate_report_for(site, query: DuplicateQuery):
    """(findings, totals) of `query`: duplicate_report with the CLI's arguments; the
    unfiltered report is kept, a narrowed one made for its request (filters are many,
    the graph's findings at scale large). Raises BadRequest for what the library
    refuses."""
    from sendkg.checks.duplicates import best_shared, duplicate_report

    if not query.narrows():
        found = duplicate_findings(site)
        totals = {k: sum(1 for f in found if f.kind == k) for k in KINDS}
    else:
        try:
            report = duplicate_report(site.kg, query.min_score, "all", query.between,
                                      query.area, query.limit)
        except SendkgError as error:
            raise BadRequest(str(error)) from None
        found, totals = report.findings, report.totals
        found = best_shared(found, query.limit) if query.limit else found
    return [f for f in found if not query.kind or f.kind == query.kind], totals


def report_edge(kg, finding, k: int):
    """The relation by which side `k` of a repeated-report finding sends its report to
    the body (its sources back the finding's "both send"); None for other findings."""
    relations = finding.explanation.get("relations") or ()
    if finding.body is None or k >= len(relations):
        return None
    return kg.edge(finding.sides[k].node.id, relations[k], finding.body.id)


def duplicate_table(site, found) -> Table:
    """The findings as the downloads hold them: one row each, the sides in order, their
    owners as "Item: lead: A; B | Item: …" ("agreeing partner: …" when no level names
    a lead, as `sendkg owner` shows them) and the areas (councils) they are in."""
    rows = []
    for f in found:
        rows.append((
            f.kind, f"{f.score:.2f}", f.confidence or "", f.message,
            f.explanation.get("why") or "",
            "; ".join(s.node.label for s in f.sides), "; ".join(s.node.id for s in f.sides),
            "; ".join(dict.fromkeys(p.label for s in f.sides for p in s.plans)),
            "; ".join(dict.fromkeys(s.council.label for s in f.sides if s.council)),
            " | ".join(f"{s.node.label}: {' · '.join(s.owned_by)}" for s in f.sides
                       if s.owned_by),
            "; ".join(site.cite(s) for s in f.sources)))
    return Table("Duplicates", DUPLICATE_COLUMNS, rows)
