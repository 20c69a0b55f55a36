"""`sendkg lint`: what is missing or broken, as findings with rule, severity and source.

Exit 1 when any error-level finding is reported, 0 otherwise; a bad config file or
dataset is exit 2 with one line naming the file and line.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    emit_json_stream,
    set_short_names,
    sources_text,
)

from sendkg.errors import SendkgError

ConfigOption = Annotated[Path | None, typer.Option(
    "--config",
    help="A YAML file switching rules off or changing severities and parameters "
         "(same shape as data/lint_rules.yaml).")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", metavar="YYYY-MM-DD",
    help="The date that decides what is past (default: today), as YYYY-MM-DD.")]
ListOption = Annotated[bool, typer.Option(
    "--list-rules", help="Show the rules in force (after --config) and exit.")]
RegistryOption = Annotated[bool, typer.Option(
    "--registry", help="Also run the registry housekeeping rules (legislation the tool's "
                       "registry does not know, ...), off for officers' runs.")]
RuleFilter = Annotated[list[str] | None, typer.Option(
    "--rule", metavar="RULE", help="Only this rule's findings (repeatable).")]
PlanFilter = Annotated[str | None, typer.Option(
    "--plan", metavar="PLAN", help="Only findings in this plan (its id or part of its name).")]
AreaFilter = Annotated[str | None, typer.Option(
    "--area", metavar="AREA", help="Only findings in this council or area (part of its name).")]
SeverityFilter = Annotated[str | None, typer.Option(
    "--severity", metavar="LEVEL", help="Only findings at this severity or worse: "
                                        "error, warning or info.")]
HUMAN_LIMIT = 300  # findings listed on screen by default (the summary counts them all):
# a council's data shows in full, 150 councils' 80,000 findings do not flood the terminal
LimitOption = Annotated[int | None, typer.Option(
    "--limit", min=0, help=f"Show at most this many findings (0: all; default {HUMAN_LIMIT} "
                           f"on screen, all with --json); counts stay whole.")]
STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def lint(config: ConfigOption = None, today: TodayOption = None, list_rules: ListOption = False,
         registry: RegistryOption = False, rule: RuleFilter = None, plan: PlanFilter = None,
         area: AreaFilter = None, severity: SeverityFilter = None, limit: LimitOption = None,
         data: DataOption = None, json: JsonOption = False) -> int:
    """Check plans and governance for gaps: owners, time scales, chairs, loops, names."""
    from sendkg.checks.lint import lint_dataset
    from sendkg.checks.lint_config import in_force, read_settings

    if list_rules:
        return _show_rules(in_force(read_settings(config), registry), json)
    _check_filters(read_settings(config), rule or [], severity)
    report = lint_dataset(data, config, _date(today) if today else None, registry, plan, area)
    report = report.filtered(rule or [], severity=severity)
    limit = (0 if json else HUMAN_LIMIT) if limit is None else limit
    set_short_names(report.short_names)
    query = {"command": "lint", "data": str(data or "bundled"),
             "config": str(config) if config else None, "today": report.today.isoformat(),
             "registry": registry, "rule": rule or [], "plan": plan, "area": area,
             "severity": severity, "limit": limit}
    shown = report.findings[:limit] if limit else report.findings
    if json:
        emit_json_stream(query, ({**f.as_dict(), "plan": _plan_dict(report.place(f)),
                                  "areas": list(report.place(f).areas)} for f in shown),
                         counts=report.by_severity(), rules=report.by_rule())
    else:
        _show_findings(report, limit)
    return 1 if report.has_errors else 0


def _check_filters(settings, rules: list[str], severity: str | None) -> None:
    from sendkg.checks.findings import SEVERITIES

    unknown = [r for r in rules if r not in settings]
    if unknown:
        raise SendkgError(f"unknown rule {unknown[0]!r}; `sendkg lint --list-rules` "
                          f"lists them")
    if severity is not None and severity not in SEVERITIES:
        raise SendkgError(f"--severity must be one of {', '.join(SEVERITIES)}, "
                          f"got {severity!r}")


def _plan_dict(place) -> dict | None:
    return {"id": place.plan_id, "type": "Plan", "label": place.plan_label} \
        if place.plan_id else None


def _date(text: str) -> date:
    """--today as a date; parsed here so a typo is one clear line and exit 2."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise SendkgError(f"--today must be a date as YYYY-MM-DD, got {text!r}") from None


def _show_findings(report, limit: int) -> None:
    """Summary first (by severity, then by rule), then the findings under their plan;
    three or more findings of one rule in one plan are listed as one block."""
    from dataclasses import replace

    _show_summary(report)
    # run_lint orders findings errors first: the limit keeps the most severe.
    shown = replace(report, findings=report.findings[:limit]) if limit else report
    whole = report.by_place()
    for heading, findings in shown.by_place().items():
        console.print()
        of = f" of {len(whole[heading])}" if len(whole[heading]) > len(findings) else ""
        console.print(f"[bold]{escape(heading)}[/bold] [dim]({len(findings)}{of})[/dim]")
        for rule_findings in _runs(findings):
            console.print(_block(rule_findings) if len(rule_findings) >= 3
                          else _findings_grid(rule_findings))
    if limit and len(report.findings) > limit:
        console.print(f"\n[dim]{len(report.findings) - limit} more not shown "
                      f"(--limit {limit}; --rule, --plan, --area or --severity narrow it)[/dim]")


def _runs(findings) -> list[list]:
    runs: dict[str, list] = {}
    for f in findings:
        runs.setdefault(f.rule, []).append(f)
    return list(runs.values())


def _show_summary(report) -> None:
    counts = report.by_severity()
    console.print(f"[bold]{len(report.findings)} findings[/bold]: " + ", ".join(
        f"[{STYLE[s]}]{n} {s}{'s' if n != 1 and s != 'info' else ''}[/]"
        for s, n in counts.items()) + f" [dim](dates judged on {report.today.isoformat()})[/dim]")
    severity_of = {rule_id: s.severity for rule_id, s in report.settings.items()}
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right")
    table.add_column()
    table.add_column()
    for rule_id, n in report.by_rule_severity().items():
        if n:
            level = severity_of[rule_id]
            table.add_row(str(n), f"[{STYLE[level]}]{level}[/]", rule_id)
    if table.row_count:
        console.print(table)


def _grid() -> Table:
    """Two columns, so long text wraps under itself at 80 columns."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _where(f) -> str:
    where = sources_text(f.sources, limit=2)
    if f.origin:  # the dataset file and line to fix
        where = f"{where} (in {Path(f.origin.document).name}:{f.origin.line})".strip()
    return escape(where)


def _findings_grid(findings) -> Table:
    grid = _grid()
    for f in findings:
        grid.add_row(f"[{STYLE[f.severity]}]{f.severity}[/]", escape(f.message))
        grid.add_row("", f"[dim]{f.rule} · {escape(f.subject.id)}"
                         + (f" · {_where(f)}" if f.sources or f.origin else "") + "[/dim]")
    return grid


def _block(findings) -> Table:
    """One rule's findings in one plan: the rule once, then one line per subject."""
    grid, first = _grid(), findings[0]
    description = first.rule.replace("-", " ")
    note = re.search(r" \((its plan [^)]*)\)$", first.message)
    shared = note.group(0) if note and all(f.message.endswith(note.group(0))
                                           for f in findings) else ""
    grid.add_row(f"[{STYLE[first.severity]}]{first.severity}[/]",
                 f"{len(findings)} × {description}{escape(shared)} [dim]({first.rule})[/dim]")
    for f in findings:
        where = _where(f)
        grid.add_row("", f"• {escape(f.subject.label)}"
                         + (f" [dim]· {where}[/dim]" if where else ""))
    return grid


def _show_rules(settings, json: bool) -> int:
    rows = [{"id": s.id, "type": "LintRule", "label": s.description, "enabled": s.enabled,
             "severity": s.severity, "group": s.group, "params": s.params or {}}
            for s in settings.values()]
    if json:
        emit_json({"command": "lint", "list_rules": True}, rows)
        return 0
    table = Table(title="Lint rules")
    for column in ("rule", "on", "severity", "parameters", "what it finds"):
        table.add_column(column, overflow="fold")
    for row in rows:
        params = "; ".join(f"{k}: {v}" for k, v in row["params"].items())
        on = "yes" if row["enabled"] else ("with --registry" if row["group"] == "registry"
                                           else "no")
        table.add_row(row["id"], on, row["severity"],
                      escape(params), escape(row["label"]))
    console.print(table)
    return 0


def register(app: typer.Typer) -> None:
    app.command()(lint)
