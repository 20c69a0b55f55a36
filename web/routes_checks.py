"""Checks: the lint findings (`sendkg lint`) with their summary and filters, and the
duplicate clusters (`sendkg duplicates`), each linking to the entities involved."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sendkg.checks.duplicates import KINDS
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_titles import TITLES
from sendkg.checks.findings import SEVERITIES
from sendkg.queries.register import Table
from sendkg.web.pages import (
    BadRequest,
    checked_text,
    choice_param,
    page,
    raw_params,
    text_param,
)
from sendkg.web.tables import table_or_page
from starlette.routing import Route

from sendkg.errors import SendkgError

LINT_COLUMNS = ("severity", "rule", "subject", "id", "type", "message", "plan or kind",
                "areas", "sources")
DUPLICATE_COLUMNS = ("kind", "score", "confidence", "message", "why", "entities", "ids",
                     "plans", "areas", "leads", "sources")


def lint_report(site):
    """The lint report of the loaded data, as `sendkg lint` makes it, kept."""
    def run():
        from sendkg.checks.lint import lint_dataset

        if len(site.data) > 1:
            return _report_of_graph(site)
        return lint_dataset(site.data[0] if site.data else None, today=site.today)
    return site.kept("lint", run)


def _report_of_graph(site):
    """Several datasets merged: lint the merged graph (the lenient build runs per folder),
    setting aside findings on plans only mentioned in passing as `sendkg lint` does."""
    from sendkg.checks.lint import LintReport, run_lint
    from sendkg.checks.lint_config import default_settings, in_force
    from sendkg.checks.lint_passing import set_apart
    from sendkg.checks.lint_places import places_of

    findings = tuple(run_lint(site.kg, today=site.today))
    kept, aside = set_apart(site.kg, findings)
    return LintReport(kept, in_force(default_settings()), site.today,
                      places_of(site.kg, (f.subject.id for f in findings)), site.short, aside)


def lint(request):
    """GET /checks: lint findings, summary and filters (severity, rule, plan, area). A
    filter naming nothing gives the page with the form and one message (HTTP 400)."""
    site = request.app.state.site
    report = lint_report(site)
    context = dict(report=report, severities=SEVERITIES, label_in=label_in)
    try:
        severity = choice_param(request, "severity", SEVERITIES)
        rule = text_param(request, "rule") or None
        if rule and rule not in report.settings:
            raise BadRequest(f"no lint rule named {rule[:60]!r}")
        plan, area = text_param(request, "plan") or None, text_param(request, "area") or None
        shown = report.filtered((rule,) if rule else (), *_named(site, plan, area), severity)
    except BadRequest as error:
        return page(request, "lint.html", 400, error=str(error), shown=None,
                    **raw_params(request, ("severity", "rule", "plan", "area")), **context)
    rows = [(f.severity, f.rule, f.subject.label, f.subject.id, f.subject.type or "",
             f.message, shown.place(f).heading, ", ".join(shown.place(f).areas),
             "; ".join(site.cite(s) for s in f.sources)) for f in shown.findings]
    return table_or_page(request, "lint", Table("Lint", LINT_COLUMNS, rows), "lint.html",
                         shown=shown, severity=severity or "", rule=rule or "",
                         plan=plan or "", area=area or "", **context)


def label_in(message: str, label: str) -> tuple[str, str, str] | None:
    """(before, label, after) when `message` names `label` (quoted, as lint's messages
    do: "action 'Promote Advice' has no time scale"), so the page links the label where
    the message says it instead of writing it twice; None when it does not name it.

    >>> label_in("action 'Promote Advice' has no time scale", "Promote Advice")
    ("action '", 'Promote Advice', "' has no time scale")
    >>> label_in("plan period ended 2019", "SEND plan") is None
    True
    """
    quoted = repr(label)
    if quoted[1:-1] == label and quoted in message:
        at = message.index(quoted) + 1
    elif len(label) > 3 and label in message:
        at = message.index(label)
    else:
        return None
    return message[:at], label, message[at + len(label):]


def _named(site, plan: str | None, area: str | None) -> tuple[str | None, str | None]:
    """The plan and area filters as the CLI reads them ("SEND JCP"); one naming
    nothing is a bad request naming the nearest plans or areas."""
    from sendkg.checks.filters import area_filter, plan_filter

    try:
        return (plan_filter(site.kg, plan, "Plan") if plan else None,
                area_filter(site.kg, area, "Area") if area else None)
    except SendkgError as error:
        raise BadRequest(str(error)) from None


def duplicate_findings(site):
    """Every duplicate finding of the graph (`sendkg duplicates` defaults), kept."""
    from sendkg.checks.duplicates import duplicates

    return site.kept("duplicates", lambda: duplicates(site.kg))


@dataclass(frozen=True)
class DuplicateQuery:
    """The /checks/duplicates filters, read as `sendkg duplicates` reads its options:
    `kind` one of KINDS or None; `area` and `between` (two plans) as
    sendkg.checks.filters resolves them; `min_score` 0-1; `limit` the most findings of
    each kind (0: all), as duplicate_report takes it."""

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
    from sendkg.checks.duplicates import duplicate_report

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
    return [f for f in found if not query.kind or f.kind == query.kind], totals


def duplicates(request):
    """GET /checks/duplicates: the duplicate findings by kind, filtered as `sendkg
    duplicates` is (kind, area, between, min_score, limit). A wrong filter gives the
    page with the form and one message (HTTP 400)."""
    site = request.app.state.site
    context = dict(kinds=KINDS, titles=TITLES, form=raw_params(request, DUPLICATE_FILTERS),
                   between=(request.query_params.getlist("between") + ["", ""])[:2],
                   members=PAGE_MEMBERS, default_score=DEFAULT_MIN_SCORE,
                   report_edge=lambda f, k: report_edge(site.kg, f, k))
    try:
        query = duplicate_query(request)
        found, totals = duplicate_report_for(site, query)
    except BadRequest as error:
        return page(request, "duplicates.html", 400, error=str(error), found=[], total=0,
                    totals={}, by_kind={}, bands="", **context)
    shown = found[:PAGE_FINDINGS]
    by_kind = {k: [f for f in shown if f.kind == k] for k in KINDS}
    # The page shows the best PAGE_FINDINGS (each with at most PAGE_MEMBERS items); the
    # downloads hold every one: at 150 councils there are 386,000 findings.
    return table_or_page(request, "duplicates", duplicate_table(site, found),
                         "duplicates.html", found=shown, total=len(found), totals=totals,
                         by_kind={k: v for k, v in by_kind.items() if v},
                         kind=query.kind or "", bands=_bands_note(shown), **context)


def report_edge(kg, finding, k: int):
    """The relation by which side `k` of a repeated-report finding sends its report to
    the body (its sources back the finding's "both send"); None for other findings."""
    relations = finding.explanation.get("relations") or ()
    if finding.body is None or k >= len(relations):
        return None
    return kg.edge(finding.sides[k].node.id, relations[k], finding.body.id)


def duplicate_table(site, found) -> Table:
    """The findings as the downloads hold them: one row each, the sides in order, their
    leads as "Item: lead, lead" and the areas (councils) they are in."""
    rows = []
    for f in found:
        rows.append((
            f.kind, f"{f.score:.2f}", f.confidence or "", f.message,
            f.explanation.get("why") or "",
            "; ".join(s.node.label for s in f.sides), "; ".join(s.node.id for s in f.sides),
            "; ".join(dict.fromkeys(p.label for s in f.sides for p in s.plans)),
            "; ".join(dict.fromkeys(s.council.label for s in f.sides if s.council)),
            "; ".join(f"{s.node.label}: {', '.join(s.leads)}" for s in f.sides if s.leads),
            "; ".join(site.cite(s) for s in f.sources)))
    return Table("Duplicates", DUPLICATE_COLUMNS, rows)


def _bands_note(shown) -> str:
    """How far to trust the bands the page shows ("" when it shows none)."""
    from sendkg.checks.duplicates_confidence import load_confidence

    used = {f.confidence for f in shown if f.confidence}
    return load_confidence().note(used) if used else ""


PAGE_FINDINGS = 200
PAGE_MEMBERS = 8


ROUTES = [Route("/checks", lint), Route("/checks/duplicates", duplicates)]
