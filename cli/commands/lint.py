"""`sendkg lint`: what is missing or broken, as findings with rule, severity and source.

Exit 1 when any error-level finding is shown (after the filters), 0 otherwise; a bad
config file, dataset or option is exit 2 with one line naming the file and line.
"""

from __future__ import annotations

import re
from datetime import date
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
    print_indented,
    print_trimmed,
    set_short_names,
    sources_text,
)

from sendkg.errors import SendkgError

ConfigOption = Annotated[Path | None, typer.Option(
    "--config",
    help="A YAML file switching rules off or changing severities and parameters "
         "(same shape as data/lint_rules.yaml).")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", metavar="DATE",
    help="The date that decides what is past (default: today), written as --as-at takes "
         "it: 2020-12-31, 31/12/2020 or 31 December 2020.")]
ListOption = Annotated[bool, typer.Option(
    "--list-rules", help="Show the rules in force (after --config) and exit.")]
RegistryOption = Annotated[bool, typer.Option(
    "--registry", help="Also run the registry housekeeping: its rules (legislation the "
                       "tool's registry does not know, ...) and findings on bodies known "
                       "only from the registry; off for officers' runs.")]
RuleFilter = Annotated[list[str] | None, typer.Option(
    "--rule", metavar="RULE", help="Only this rule's findings (repeatable); a rule that is "
                                   "switched off (a registry rule without --registry, or "
                                   "off in --config) is refused, saying how to switch it "
                                   "on.")]
PlanFilter = Annotated[str | None, typer.Option(
    "--plan", metavar="PLAN", help="Only findings in this plan (its id or part of its name; "
                                   "a part naming several plans is read as all of them, "
                                   "and said so; one naming more than 5 is refused, "
                                   "listing them).")]
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
MentionedOption = Annotated[bool, typer.Option(
    "--mentioned", help="Also show findings on plans only mentioned in passing (described "
                        "in no document, cited by another's paper); counted, not shown, "
                        "without it.")]
STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def lint(config: ConfigOption = None, today: TodayOption = None, list_rules: ListOption = False,
         registry: RegistryOption = False, rule: RuleFilter = None, plan: PlanFilter = None,
         area: AreaFilter = None, severity: SeverityFilter = None, limit: LimitOption = None,
         mentioned: MentionedOption = False, data: DataOption = None,
         json: JsonOption = False) -> int:
    """Check plans and governance for gaps: owners, time scales, chairs, loops, names.

    Exit 1 when an error-level finding is shown (after --rule, --plan, --area and
    --severity; findings set aside as mentioned in passing do not count unless
    --mentioned), 0 otherwise: warnings and info are for reading. Exit 2 on bad input.
    """
    from sendkg.checks.lint import lint_dataset
    from sendkg.checks.lint_config import in_force, read_settings

    if list_rules:
        return _show_rules(in_force(read_settings(config), registry), json)
    _check_filters(read_settings(config), rule or [], severity, registry, config)
    report = lint_dataset(data, config, _date(today) if today else None, registry, plan, area,
                          mentioned)
    report = report.filtered(rule or [], severity=severity)
    limit = (0 if json else HUMAN_LIMIT) if limit is None else limit
    set_short_names(report.short_names)
    query = {"command": "lint", "data": str(data or "bundled"),
             "config": str(config) if config else None, "today": report.today.isoformat(),
             "registry": registry, "rule": rule or [], "plan": plan, "area": area,
             "severity": severity, "limit": limit, "mentioned": mentioned,
             **({"plan_read_as": [{"id": p.id, "label": p.label}
                                  for p in report.plans_read]} if plan is not None else {})}
    shown = report.findings[:limit] if limit else report.findings
    if json:
        emit_json_stream(query, ({**f.as_dict(), "plan": _plan_dict(report.place(f)),
                                  "areas": list(report.place(f).areas)} for f in shown),
                         counts=report.by_severity(), rules=report.by_rule(),
                         mentioned_in_passing=_rule_counts(report.set_aside),
                         registry_only=_rule_counts(report.registry_held),
                         abolished_bodies=_rule_counts(report.abolished),
                         plans_not_started=_rule_counts(report.not_started))
    else:
        if plan is not None and _read_differently(plan, report.plans_read):
            from sendkg.checks.filters import read_as

            print_indented(f"[dim]{escape(read_as('--plan', plan, report.plans_read))}[/dim]",
                           hang=2)
        _show_findings(report, limit)
    return 1 if report.has_errors else 0


def _read_differently(text: str, plans) -> bool:
    """Whether --plan TEXT is worth restating: it is not the one plan's id or label."""
    return len(plans) != 1 or text not in (plans[0].id, plans[0].label)


def _rule_counts(findings) -> dict[str, int]:
    """Findings per rule, most first (the set-aside ones: how many each rule would add)."""
    from collections import Counter

    return dict(Counter(f.rule for f in findings).most_common())


def _check_filters(settings, rules: list[str], severity: str | None, registry: bool = False,
                   config: Path | None = None) -> None:
    """Refuse (SendkgError: one line, exit 2) a --rule naming no rule (with the nearest
    name), a --rule naming a rule that is switched off (with how to switch it on: asking
    for a rule by name does not run it, so a run never reads "0 findings" for a rule
    that did not run), and a --severity that is no severity."""
    import difflib

    from sendkg.checks.findings import SEVERITIES

    for name in rules:
        if name not in settings:
            near = difflib.get_close_matches(name, list(settings), n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ";"
            raise SendkgError(f"unknown rule {name!r}{hint} `sendkg lint --list-rules` "
                              f"lists them")
        if settings[name].group == "registry" and not registry:
            raise SendkgError(f"rule {name!r} checks the tool's registry and runs only with "
                              f"--registry: `sendkg lint --registry --rule {name}`")
        if not settings[name].enabled:
            if config and _on_by_default(name):
                raise SendkgError(f"rule {name!r} is switched off by {config}; switch it "
                                  f"on there ({name}: true) to run it")
            raise SendkgError(f"rule {name!r} is switched off by default "
                              f"(data/lint_rules.yaml); switch it on in a --config file "
                              f"(rules: {{{name}: true}}) to run it")
    if severity is not None and severity not in SEVERITIES:
        raise SendkgError(f"--severity must be one of {', '.join(SEVERITIES)}, "
                          f"got {severity!r}")


def _on_by_default(name: str) -> bool:
    """Whether the rule is on by default, so a config file is what switched it off."""
    from sendkg.checks.lint_config import default_settings

    return default_settings()[name].enabled


def _plan_dict(place) -> dict | None:
    return {"id": place.plan_id, "type": "Plan", "label": place.plan_label} \
        if place.plan_id else None


def _date(text: str) -> date:
    """--today as a date, read as --as-at reads a day (sendkg.dates.calendar_date);
    anything else is one clear line and exit 2 ("February has no day 30")."""
    from sendkg.dates import calendar_date

    try:
        return date.fromisoformat(calendar_date(text))
    except ValueError as why:
        raise SendkgError(f"--today {text}: {why}") from None


def _show_findings(report, limit: int) -> None:
    """Summary first (by severity, then by rule), then the findings under their council
    and plan (LintReport.by_council); three or more findings of one rule in one plan are
    listed as one block."""
    from dataclasses import replace

    _show_summary(report)
    # run_lint orders findings errors first: the limit keeps the most severe.
    shown = replace(report, findings=report.findings[:limit]) if limit else report
    whole = report.by_council()
    for council, headings in shown.by_council().items():
        count = _count(sum(map(len, headings.values())), sum(map(len, whole[council].values())))
        console.print()
        # a rule line, so the council reads apart from its plans' headings in plain text
        console.rule(f"[bold]{escape(council)}[/bold] [dim]({count})[/dim]", align="left",
                     characters="─")
        for heading, findings in headings.items():
            console.print()
            _print_heading(heading, _count(len(findings), len(whole[council][heading])))
            for rule_findings in _runs(findings):
                total = sum(f.rule == rule_findings[0].rule for f in whole[council][heading])
                print_trimmed(_block(rule_findings, total) if total >= 3
                               else _findings_grid(rule_findings))
    if limit and len(report.findings) > limit:
        console.print(f"\n[dim]{len(report.findings) - limit} more not shown "
                      f"(--limit {limit}; --rule, --plan, --area or --severity narrow it)[/dim]")


def _count(shown: int, total: int) -> str:
    """'5' when all are shown, '5 of 11' when --limit cut the rest."""
    return f"{shown} of {total}" if total > shown else str(shown)


def _print_heading(heading: str, count: str) -> None:
    """A plan's heading in bold and its count dim, wrapped at the console's width only
    between words: the count ("8 of 16") and the id are never split."""
    import textwrap

    glue = "\0"  # not white space to textwrap: joins the count's words into one
    lines = textwrap.wrap(f"{heading} ({count.replace(' ', glue)})", console.width,
                          break_long_words=False, break_on_hyphens=False)
    tail = f"({count.replace(' ', glue)})"
    for line in lines:
        head = line.removesuffix(tail)
        count_part = f"[dim]({count})[/dim]" if head != line else ""
        console.print(f"[bold]{escape(head.rstrip())}[/bold]" + (" " if head.strip()
                      and count_part else "") + count_part)



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
    if report.set_aside:
        n = len(report.set_aside)
        plans = "a plan" if n == 1 else "plans"
        print_indented(f"[dim]{_more(n)} on {plans} only mentioned in passing (described "
                       f"in no document, only cited by another's paper); --mentioned "
                       f"shows {_them(n)}[/dim]")
    if report.registry_held:
        held = len(report.registry_held)
        body, it = ("a body", "it") if held == 1 else ("bodies", "them")
        print_indented(f"[dim]{_more(held)} on {body} known only from the registry (no "
                       f"council paper describes {it}); --registry shows {it}[/dim]")
    day = report.today.isoformat()
    if report.abolished:
        n = len(report.abolished)
        print_indented(f"[dim]{_more(n)} on {'a body' if n == 1 else 'bodies'} abolished "
                       f"by {day} (the registry's successions): no chair, frequency or "
                       f"reporting line is asked of {_them(n)}; an earlier --today shows "
                       f"{_them(n)}[/dim]")
    if report.not_started:
        n = len(report.not_started)
        print_indented(f"[dim]{_more(n)} on {'a plan' if n == 1 else 'plans'} not yet "
                       f"started on {day}; a later --today shows {_them(n)}[/dim]")
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
        print_trimmed(table)


def _more(n: int) -> str:
    """'1 more finding is' or '3 more findings are': the summary's set-aside lines."""
    return f"{n} more finding is" if n == 1 else f"{n} more findings are"


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


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


def _block(findings, total: int) -> Table:
    """One rule's findings in one plan: the rule once with how many there are ('5 of
    11' when --limit cut the rest), then one line per subject shown."""
    grid, first = _grid(), findings[0]
    description = first.rule.replace("-", " ")
    note = re.search(r" \((its plan [^)]*)\)$", first.message)
    shared = note.group(0) if note and all(f.message.endswith(note.group(0))
                                           for f in findings) else ""
    grid.add_row(f"[{STYLE[first.severity]}]{first.severity}[/]",
                 f"{_count(len(findings), total)} × {description}{escape(shared)} "
                 f"[dim]({first.rule})[/dim]")
    for f in findings:
        where = _where(f)
        detail = f": {escape(f.detail)}" if f.detail else ""
        grid.add_row("", f"• {escape(f.subject.label)}{detail}"
                         + (f" [dim]· {where}[/dim]" if where else ""))
    return grid


def _show_rules(settings, json: bool) -> int:
    rows = [{"id": s.id, "type": "LintRule", "label": s.description, "enabled": s.enabled,
             "severity": s.severity, "group": s.group, "params": s.params or {}}
            for s in settings.values()]
    if json:
        emit_json({"command": "lint", "list_rules": True}, rows)
        return 0
    console.print("[bold]Lint rules[/bold]: the id --rule takes, its severity; what it "
                  "finds; its parameters")
    for row in rows:
        on = "" if row["enabled"] else (" · with --registry" if row["group"] == "registry"
                                        else " · off")
        console.print()
        # the id is what --rule takes: on its own line, never wrapped
        console.print(f"[bold]{row['id']}[/bold] [{STYLE[row['severity']]}]"
                      f"{row['severity']}[/]{on}", overflow="ignore", crop=False)
        print_indented(f"    {escape(row['label'])}")
        for key, value in row["params"].items():
            print_indented(f"    [dim]{escape(key)}: {escape(_param_text(value))}[/dim]")
    return 0


def _param_text(value) -> str:
    """A parameter as an officer writes it in the config file: lists comma-separated,
    booleans as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_param_text(v) for v in value) or "(none)"
    return str(value)


def register(app: typer.Typer) -> None:
    app.command()(lint)
