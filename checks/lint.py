"""`sendkg lint`: what is missing or broken in a set of plans, as findings.

Rules live in the rules_* modules, each named by a "lint-rule" entry of
sendkg.registry; their severities, on/off switches and parameters are data
(data/lint_rules.yaml), which a council's config file overrides (lint_config). Each finding names its rule, severity,
message, subject ({id, type, label}) and the source lines to check.

>>> from datetime import date
>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node, Source
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("board:a", "Board", "Board A", sources=(Source("gov.txt", 4),)))
>>> kg.add_node(Node("board:b", "Board", "Board B", sources=(Source("gov.txt", 5),)))
>>> kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "quarterly"},
...                 sources=(Source("gov.txt", 6),)))
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:a", sources=(Source("gov.txt", 7),)))
>>> findings = run_lint(kg, today=date(2020, 1, 1))
>>> [(f.severity, f.rule, f.subject.id) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
[('error', 'reporting-loop', 'board:a'), ('warning', 'board-without-chair', 'board:a'),
 ('warning', 'board-without-chair', 'board:b'), ('info', 'board-without-frequency', 'board:b')]
>>> findings[0].message, [str(s) for s in findings[0].sources]
('reporting loop: Board A → Board B → Board A', ['gov.txt:6', 'gov.txt:7'])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sendkg.checks.findings import SEVERITIES, Finding
from sendkg.checks.lint_config import (
    RuleSettings,
    default_settings,
    in_force,
    read_settings,
)
from sendkg.checks.lint_dated import set_apart_by_date
from sendkg.checks.lint_model import LintContext, registered_rules
from sendkg.checks.lint_passing import set_apart
from sendkg.checks.lint_places import Place, places_of
from sendkg.graph.citations import short_names
from sendkg.graph.lenient import Rejected, load_lenient


NO_COUNCIL = "In no council or area"  # the council heading of findings placed nowhere


@dataclass(frozen=True)
class LintReport:
    """The findings of one run, with the settings and date they were found under."""

    findings: tuple[Finding, ...]
    settings: dict[str, RuleSettings]
    today: date
    places: dict[str, Place] = field(default_factory=dict)  # subject id -> plan and area
    # source file -> its document's short name, for human citations (graph/citations.py)
    short_names: dict[str, str] = field(default_factory=dict)
    # findings on plans only mentioned in passing (checks/lint_passing.py): counted, not shown
    set_aside: tuple[Finding, ...] = ()
    # findings on bodies known only from the registry (`registry_only`): counted, shown
    # with --registry
    registry_held: tuple[Finding, ...] = ()
    # the plans a `plan` filter was read as (checks/filters.py plans_named), by label
    plans_read: tuple = ()
    # findings that do not hold on `today` (checks/lint_dated.py): counted, not shown
    abolished: tuple[Finding, ...] = ()  # a chair, ... of a body abolished by then
    not_started: tuple[Finding, ...] = ()  # on a plan that had not started by then

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {severity: counts[severity] for severity in SEVERITIES}

    def by_rule(self) -> dict[str, int]:
        """Findings per enabled rule (0 included), in the rules' order."""
        counts = Counter(f.rule for f in self.findings)
        return {rule_id: counts[rule_id] for rule_id, s in self.settings.items() if s.enabled}

    def filtered(self, rules=(), plan: str | None = None, area: str | None = None,
                 severity: str | None = None,
                 plan_ids: frozenset[str] | None = None) -> LintReport:
        """The findings of `rules` (any when empty), in a plan or area (its id or part of
        its name), in one of `plan_ids` (plans already resolved) when given, at
        `severity` or worse."""
        worst = SEVERITIES.index(severity) if severity else len(SEVERITIES)

        def keep(findings) -> tuple[Finding, ...]:
            return tuple(f for f in findings
                         if (not rules or f.rule in rules) and SEVERITIES.index(f.severity)
                         <= worst and (plan is None or self.place(f).matches_plan(plan))
                         and (plan_ids is None or self.place(f).plan_id in plan_ids)
                         and (area is None or self.place(f).matches_area(area)))

        return replace(self, findings=keep(self.findings), set_aside=keep(self.set_aside),
                       registry_held=keep(self.registry_held), abolished=keep(self.abolished),
                       not_started=keep(self.not_started))

    def place(self, finding: Finding) -> Place:
        return self.places.get(finding.subject.id) or Place(None, None, "Other entities")

    def by_place(self) -> dict[str, list[Finding]]:
        """Findings grouped under their plan, most severe first within each; the groups
        with an error first, then those with a warning, each by plan name (the other
        entities last): an officer reads the errors before anything else."""
        groups: dict[tuple, list[Finding]] = {}
        for f in self.findings:
            place = self.place(f)
            key = (place.plan_id is None, place.heading.casefold(), place.heading)
            groups.setdefault(key, []).append(f)

        def worst(key) -> int:
            return min(SEVERITIES.index(f.severity) for f in groups[key])

        return {key[2]: sorted(groups[key], key=lambda f: SEVERITIES.index(f.severity))
                for key in sorted(groups, key=lambda k: (worst(k), *k))}

    def by_council(self) -> dict[str, dict[str, list[Finding]]]:
        """Findings under their council (`Place.council`; NO_COUNCIL when none),
        then under their plan or kind heading, as an officer reads them: within each,
        errors first, then by rule (in the rules' order) and subject label. Councils and
        headings with an error come first, then by name; the kinds (boards, posts) after
        the plans, and findings in no council last."""
        order = {rule_id: i for i, rule_id in enumerate(self.settings)}
        groups: dict[tuple, dict[tuple, list[Finding]]] = {}
        for f in self.findings:
            place = self.place(f)
            council = (place.council is None, (place.council or NO_COUNCIL).casefold(),
                       place.council or NO_COUNCIL)
            heading = (place.plan_id is None, place.heading.casefold(), place.heading)
            groups.setdefault(council, {}).setdefault(heading, []).append(f)

        def worst(findings) -> int:
            return min(SEVERITIES.index(f.severity) for f in findings)

        def sort_key(f: Finding):
            return (SEVERITIES.index(f.severity), order.get(f.rule, len(order)),
                    f.subject.label.casefold(), f.subject.id, f.message)

        found = {}
        for council in sorted(groups, key=lambda c: (
                c[0], worst(f for h in groups[c].values() for f in h), *c[1:])):
            headings = groups[council]
            found[council[2]] = {
                key[2]: sorted(headings[key], key=sort_key)
                for key in sorted(headings, key=lambda k: (k[0], worst(headings[k]), *k[1:]))}
        return found

    def by_rule_severity(self) -> dict[str, int]:
        """`by_rule`'s counts, errors' rules first, then warnings', then info's."""
        level = {rule_id: SEVERITIES.index(s.severity) for rule_id, s in self.settings.items()}
        counts = self.by_rule()
        return {r: counts[r] for r in sorted(counts, key=lambda r: level[r])}


def run_lint(kg, settings: dict[str, RuleSettings] | None = None,
             today: date | None = None, rejected: tuple[Rejected, ...] = (),
             registry: bool = False) -> list[Finding]:
    """Every finding of every enabled rule: errors first, then by rule and subject.
    Rules of the "registry" group (the tool's own housekeeping) run only with `registry`;
    so do findings on bodies known only from the registry (`registry_only`)."""
    found = _all_findings(kg, settings, today, rejected, registry)
    return found if registry else [f for f in found if not registry_only(kg, f.subject.id)]


def _all_findings(kg, settings, today, rejected, registry) -> list[Finding]:
    settings = in_force(settings or default_settings(), registry)
    context = LintContext(kg, today or date.today(), tuple(rejected))
    rules = registered_rules()
    order = {rule_id: i for i, rule_id in enumerate(settings)}
    findings = [Finding.of(rule_id, s.severity, issue)
                for rule_id, s in settings.items() if s.enabled
                for issue in rules[rule_id].check(context, s.params or {})]
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), order[f.rule],
                                           f.subject.id, f.message))


def registry_only(kg, node_id: str) -> bool:
    """Whether a node is known only from the registry: it has sources and none cites a
    line of a paper (a body the registry's successions add, cited by its statute's
    address alone, such as the Durham Safeguarding Children Partnership). Its gaps are
    the registry's housekeeping, not an officer's: no council paper describes it."""
    if not kg.has_node(node_id):
        return False
    sources = kg.node(node_id).sources
    return bool(sources) and all(s.line is None for s in sources)


def lint_dataset(data: Path | str | None = None, config: Path | str | None = None,
                 today: date | None = None, registry: bool = False,
                 plan: str | None = None, area: str | None = None,
                 mentioned: bool = False) -> LintReport:
    """Lint a dataset folder (the bundled data when None) under a config file (if any),
    keeping only the findings in `plan` and `area` when given (named as
    sendkg.checks.filters reads them: "SEND JCP" is the plan's short name; the plans
    `plan` names are the report's `plans_read`). Findings on
    plans only mentioned in passing (checks/lint_passing.py) go to the report's
    `set_aside`, unless `mentioned` keeps them among the findings; without `registry`,
    findings on bodies known only from the registry go to `registry_held`. Findings
    that do not hold on `today` go to `abolished` (a chair, frequency or reporting line
    of a body abolished by then) and `not_started` (on a plan not yet started), counted
    and not shown (checks/lint_dated.py).

    A bad config raises LoaderError naming its file and line; a plan or area naming
    nothing raises FilterMatchesNothing, a plan fragment naming more than
    filters.MOST_PLANS plans FilterTooWide (listing them); relations the build refuses
    become findings rather than stopping the run (see graph/lenient.py).
    """
    from sendkg.checks.filters import area_filter, plans_named

    settings = in_force(read_settings(config), registry)
    kg, rejected = load_lenient(Path(data) if data else None)
    plans = tuple(plans_named(kg, plan, "--plan")) if plan is not None else ()
    area = area_filter(kg, area) if area is not None else None
    today = today or date.today()
    everything = _all_findings(kg, settings, today, rejected, registry)
    is_held = [not registry and registry_only(kg, f.subject.id) for f in everything]
    held = tuple(f for f, h in zip(everything, is_held) if h)
    findings = tuple(f for f, h in zip(everything, is_held) if not h)
    kept, aside = (findings, ()) if mentioned else set_apart(kg, findings)
    kept, gone, early = set_apart_by_date(kg, kept, today)
    report = LintReport(kept, settings, today,
                        places_of(kg, (f.subject.id for f in everything)), short_names(kg),
                        aside, held, plans, gone, early)
    if plan is None and area is None:
        return report
    return report.filtered((), area=area, plan_ids=frozenset(p.id for p in plans)
                           if plan is not None else None)
