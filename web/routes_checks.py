"""Checks: the lint findings (`sendkg lint`) with their summary and filters, and the
duplicate clusters (`sendkg duplicates`), each linking to the entities involved."""

from __future__ import annotations

from sendkg.checks.duplicates import KINDS, kinds_left_out
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_titles import TITLES
from sendkg.checks.filters import read_as
from sendkg.checks.findings import SEVERITIES
from sendkg.queries.register import Table
from sendkg.web.duplicates import (
    DUPLICATE_FILTERS,
    duplicate_query,
    duplicate_report_for,
    duplicate_table,
    report_edge,
)
from sendkg.web.pages import BadRequest, choice_param, page, raw_params, text_param
from sendkg.web.tables import table_or_page
from starlette.routing import Route

from sendkg.errors import SendkgError

LINT_COLUMNS = ("severity", "rule", "subject", "id", "type", "message", "plan or kind",
                "areas", "sources")


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
        plans, area_named = _named(site, plan, area)
        shown = report.filtered((rule,) if rule else (), area=area_named, severity=severity,
                                plan_ids=frozenset(p.id for p in plans) if plan else None)
    except BadRequest as error:
        return page(request, "lint.html", 400, error=str(error), shown=None,
                    **raw_params(request, ("severity", "rule", "plan", "area")), **context)
    rows = [(f.severity, f.rule, f.subject.label, f.subject.id, f.subject.type or "",
             f.message, shown.place(f).heading, ", ".join(shown.place(f).areas),
             "; ".join(site.cite(s) for s in f.sources)) for f in shown.findings]
    return table_or_page(request, "lint", Table("Lint", LINT_COLUMNS, rows), "lint.html",
                         shown=shown, severity=severity or "", rule=rule or "",
                         plan=plan or "", area=area or "",
                         read_as=read_as("Plan", plan, plans) if plan else "", **context)


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


def _named(site, plan: str | None, area: str | None) -> tuple[list, str | None]:
    """The plans the plan filter names, read as `sendkg lint --plan` reads them
    (sendkg.checks.filters.plans_named: "SEND JCP", every plan a fragment is part of),
    [] without one, and the area filter as the CLI reads it. One naming nothing, or a
    fragment naming more than filters.MOST_PLANS plans, is a bad request with the
    library's one-line message (the nearest plans or areas; the plans it names)."""
    from sendkg.checks.filters import area_filter, plans_named

    try:
        return (plans_named(site.kg, plan, "Plan") if plan else [],
                area_filter(site.kg, area, "Area") if area else None)
    except SendkgError as error:
        raise BadRequest(str(error)) from None


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
    # What a limit left out, said as the command says it: how many of all are shown, and
    # the kinds that got no room.
    limited = kinds_left_out(totals, found, query.kind) if query.limit else []
    return table_or_page(request, "duplicates", duplicate_table(site, found),
                         "duplicates.html", found=shown, total=len(found), totals=totals,
                         by_kind={k: v for k, v in by_kind.items() if v},
                         kind=query.kind or "", bands=_bands_note(shown),
                         limit=query.limit, left_out=[(TITLES[k], totals[k]) for k in limited],
                         **context)


def _bands_note(shown) -> str:
    """How far to trust the bands the page shows ("" when it shows none)."""
    from sendkg.checks.duplicates_confidence import load_confidence

    used = {f.confidence for f in shown if f.confidence}
    return load_confidence().note(used) if used else ""


PAGE_FINDINGS = 200
PAGE_MEMBERS = 8


ROUTES = [Route("/checks", lint), Route("/checks/duplicates", duplicates)]
