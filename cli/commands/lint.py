"""`sendkg lint`: what is missing or broken, as findings with rule, severity and source.

Exit 1 when any error-level finding is reported, 0 otherwise; a bad config file or
dataset is exit 2 with one line naming the file and line.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from sendkg.cli.output import DataOption, JsonOption, console, emit_json, sources_text
from sendkg.errors import SendkgError

ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config",
    help="A YAML file switching rules off or changing severities and parameters "
         "(same shape as data/lint_rules.yaml).")]
TodayOption = Annotated[Optional[str], typer.Option(
    "--today", metavar="YYYY-MM-DD",
    help="The date that decides what is past (default: today), as YYYY-MM-DD.")]
ListOption = Annotated[bool, typer.Option(
    "--list-rules", help="Show the rules in force (after --config) and exit.")]
STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def lint(config: ConfigOption = None, today: TodayOption = None, list_rules: ListOption = False,
         data: DataOption = None, json: JsonOption = False) -> int:
    """Check plans and governance for gaps: owners, time scales, chairs, loops, names."""
    from sendkg.checks.lint import lint_dataset
    from sendkg.checks.lint_config import read_settings

    if list_rules:
        return _show_rules(read_settings(config), json)
    report = lint_dataset(data, config, _date(today) if today else None)
    query = {"command": "lint", "data": str(data or "bundled"),
             "config": str(config) if config else None, "today": report.today.isoformat()}
    if json:
        emit_json(query, [f.as_dict() for f in report.findings],
                  counts=report.by_severity(), rules=report.by_rule())
    else:
        _show_findings(report)
    return 1 if report.has_errors else 0


def _date(text: str) -> date:
    """--today as a date; parsed here so a typo is one clear line and exit 2."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise SendkgError(f"--today must be a date as YYYY-MM-DD, got {text!r}") from None


def _show_findings(report) -> None:
    if report.findings:
        table = Table(title=f"{len(report.findings)} findings")
        for column in ("severity", "rule", "subject", "message", "source"):
            table.add_column(column, overflow="fold")
        for f in report.findings:
            where = sources_text(f.sources)
            if f.origin:  # the dataset file and line to fix
                where = f"{where} (in {Path(f.origin.document).name}:{f.origin.line})".strip()
            table.add_row(f"[{STYLE[f.severity]}]{f.severity}[/]", f.rule,
                          escape(f.subject.id), escape(f.message), escape(where))
        console.print(table)
    counts = report.by_severity()
    console.print(f"{len(report.findings)} findings: " + ", ".join(
        f"[{STYLE[s]}]{n} {s}{'s' if n != 1 and s != 'info' else ''}[/]"
        for s, n in counts.items()) + f" (time scales judged on {report.today.isoformat()})")
    by_rule = ", ".join(f"{rule} {n}" for rule, n in report.by_rule().items() if n)
    if by_rule:
        console.print(f"[dim]by rule: {by_rule}[/dim]")


def _show_rules(settings, json: bool) -> int:
    rows = [{"id": s.id, "type": "LintRule", "label": s.description, "enabled": s.enabled,
             "severity": s.severity, "params": s.params or {}} for s in settings.values()]
    if json:
        emit_json({"command": "lint", "list_rules": True}, rows)
        return 0
    table = Table(title="Lint rules")
    for column in ("rule", "on", "severity", "parameters", "what it finds"):
        table.add_column(column, overflow="fold")
    for row in rows:
        params = "; ".join(f"{k}: {v}" for k, v in row["params"].items())
        table.add_row(row["id"], "yes" if row["enabled"] else "no", row["severity"],
                      escape(params), escape(row["label"]))
    console.print(table)
    return 0


def register(app: typer.Typer) -> None:
    app.command()(lint)
