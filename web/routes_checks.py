"""Checks: the lint findings (`sendkg lint`) with their summary and filters, and the
duplicate clusters (`sendkg duplicates`), each linking to the entities involved."""

from __future__ import annotations

from sendkg.checks.duplicates import KINDS
from sendkg.checks.findings import SEVERITIES
from sendkg.queries.register import Table
from sendkg.web.pages import BadRequest, choice_param, text_param
from sendkg.web.tables import table_or_page
from starlette.routing import Route

LINT_COLUMNS = ("severity", "rule", "subject", "id", "type", "message", "plan or kind",
                "areas", "sources")
DUPLICATE_COLUMNS = ("kind", "score", "confidence", "message", "entities", "ids", "plans", "sources")


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
    """GET /checks: lint findings, summary and filters (severity, rule, plan, area)."""
    site = request.app.state.site
    report = lint_report(site)
    severity = choice_param(request, "severity", SEVERITIES)
    rule = text_param(request, "rule") or None
    if rule and rule not in report.settings:
        raise BadRequest(f"no lint rule named {rule[:60]!r}")
    plan, area = text_param(request, "plan") or None, text_param(request, "area") or None
    shown = report.filtered((rule,) if rule else (), *_named(site, plan, area), severity)
    rows = [(f.severity, f.rule, f.subject.label, f.subject.id, f.subject.type or "",
             f.message, shown.place(f).heading, ", ".join(shown.place(f).areas),
             "; ".join(site.cite(s) for s in f.sources)) for f in shown.findings]
    return table_or_page(request, "lint", Table("Lint", LINT_COLUMNS, rows), "lint.html",
                         report=report, shown=shown, severity=severity or "",
                         rule=rule or "", plan=plan or "", area=area or "",
                         severities=SEVERITIES)


def _named(site, plan: str | None, area: str | None) -> tuple[str | None, str | None]:
    """The plan and area filters as the CLI reads them ("SEND JCP"); one naming
    nothing is a bad request naming the nearest plans or areas."""
    from sendkg.checks.filters import FilterMatchesNothing, area_filter, plan_filter

    try:
        return (plan_filter(site.kg, plan, "plan") if plan else None,
                area_filter(site.kg, area, "area") if area else None)
    except FilterMatchesNothing as error:
        raise BadRequest(str(error)) from None


def duplicate_findings(site):
    """Every duplicate finding of the graph (`sendkg duplicates` defaults), kept."""
    from sendkg.checks.duplicates import duplicates

    return site.kept("duplicates", lambda: duplicates(site.kg))


def duplicates(request):
    """GET /checks/duplicates: the duplicate findings, by kind (?kind=)."""
    site = request.app.state.site
    kind = choice_param(request, "kind", KINDS)
    found = [f for f in duplicate_findings(site) if not kind or f.kind == kind]
    rows = [(f.kind, f"{f.score:.2f}", f.confidence or "", f.message, "; ".join(s.node.label for s in f.sides),
             "; ".join(s.node.id for s in f.sides),
             "; ".join(dict.fromkeys(p.label for s in f.sides for p in s.plans)),
             "; ".join(site.cite(s) for s in f.sources)) for f in found]
    counts = {k: sum(1 for f in duplicate_findings(site) if f.kind == k) for k in KINDS}
    # The page shows the best PAGE_FINDINGS (each with at most PAGE_MEMBERS items); the
    # downloads hold every one: at 150 councils there are 386,000 findings.
    return table_or_page(request, "duplicates", Table("Duplicates", DUPLICATE_COLUMNS, rows),
                         "duplicates.html", found=found[:PAGE_FINDINGS], total=len(found),
                         members=PAGE_MEMBERS, kind=kind or "", counts=counts,
                         bands=_bands_note(found[:PAGE_FINDINGS]))


def _bands_note(shown) -> str:
    """How far to trust the bands the page shows ("" when it shows none)."""
    from sendkg.checks.duplicates_confidence import load_confidence

    used = {f.confidence for f in shown if f.confidence}
    return load_confidence().note(used) if used else ""


PAGE_FINDINGS = 200
PAGE_MEMBERS = 8


ROUTES = [Route("/checks", lint), Route("/checks/duplicates", duplicates)]
