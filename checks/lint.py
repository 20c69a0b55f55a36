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
>>> kg.add_edge(Edge("board:a", "reportsTo", "board:b", sources=(Source("gov.txt", 6),)))
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:a", sources=(Source("gov.txt", 7),)))
>>> findings = run_lint(kg, today=date(2020, 1, 1))
>>> [(f.severity, f.rule, f.subject.id) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
[('error', 'reporting-loop', 'board:a'), ('warning', 'board-without-chair', 'board:a'),
 ('warning', 'board-without-chair', 'board:b')]
>>> findings[0].message, [str(s) for s in findings[0].sources]
('reporting loop: Board A → Board B → Board A', ['gov.txt:6', 'gov.txt:7'])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendkg.checks.findings import SEVERITIES, Finding
from sendkg.checks.lint_config import RuleSettings, default_settings, read_settings
from sendkg.checks.lint_model import LintContext, registered_rules
from sendkg.graph.lenient import Rejected, load_lenient


@dataclass(frozen=True)
class LintReport:
    """The findings of one run, with the settings and date they were found under."""

    findings: tuple[Finding, ...]
    settings: dict[str, RuleSettings]
    today: date

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


def run_lint(kg, settings: dict[str, RuleSettings] | None = None,
             today: date | None = None, rejected: tuple[Rejected, ...] = ()) -> list[Finding]:
    """Every finding of every enabled rule: errors first, then by rule and subject."""
    settings = settings or default_settings()
    context = LintContext(kg, today or date.today(), tuple(rejected))
    rules = registered_rules()
    order = {rule_id: i for i, rule_id in enumerate(settings)}
    findings = [Finding.of(rule_id, s.severity, issue)
                for rule_id, s in settings.items() if s.enabled
                for issue in rules[rule_id].check(context, s.params or {})]
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), order[f.rule],
                                           f.subject.id, f.message))


def lint_dataset(data: Path | str | None = None, config: Path | str | None = None,
                 today: date | None = None) -> LintReport:
    """Lint a dataset folder (the bundled data when None) under a config file (if any).

    A bad config raises LoaderError naming its file and line; relations the build
    refuses become findings rather than stopping the run (see graph/lenient.py).
    """
    settings = read_settings(config)
    kg, rejected = load_lenient(Path(data) if data else None)
    today = today or date.today()
    return LintReport(tuple(run_lint(kg, settings, today, rejected)), settings, today)
