"""The lint rule registry: what a rule is, what it finds, and how rules register.

A rule is a function `check(ctx, params)` yielding `Issue`s. Its id, default severity,
on/off switch and parameter values are data (data/lint_rules.yaml, overridable by a
council's config file); the code only declares which parameters a rule reads and
their types. The runner turns each Issue into a `Finding` (sendkg.checks.findings)
carrying the rule id and the severity in force.

>>> from sendkg.checks.findings import Finding, Subject
>>> from sendkg.records import Node, Source
>>> issue = Issue(Subject.of(Node("post:dco", "Post", "Designated Clinical Officer")),
...               "no known holder", (Source("plan.txt", 30),))
>>> finding = Finding.of("post-without-holder", "warning", issue)
>>> finding.as_dict()["subject"]
{'id': 'post:dco', 'type': 'Post', 'label': 'Designated Clinical Officer'}
>>> finding.as_dict()["sources"]
[{'document': 'plan.txt', 'line': 30}]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sendkg.checks.findings import Issue
from sendkg.graph.lenient import Rejected
from sendkg.records import Source

@dataclass(frozen=True)
class LintContext:
    """What every rule may look at: the graph, today's date, relations the build refused."""

    kg: Any
    today: date
    rejected: tuple[Rejected, ...] = ()


Check = Callable[[LintContext, dict[str, Any]], Iterator[Issue]]


@dataclass(frozen=True)
class RuleCode:
    """A rule's function and the types of the parameters it reads."""

    id: str
    check: Check
    params: dict[str, Any] = field(default_factory=dict)


RULES: dict[str, RuleCode] = {}
# The modules whose functions register themselves as rules (lint_rule below).
RULE_MODULES = ("rules_plans", "rules_governance", "rules_identity", "rules_references")


def registered_rules() -> dict[str, RuleCode]:
    """Every rule's code, importing the rule modules on first use."""
    for name in RULE_MODULES:
        importlib.import_module(f"sendkg.checks.{name}")
    return RULES


def lint_rule(rule_id: str, **params: Any) -> Callable[[Check], Check]:
    """Register `check` as the code of rule `rule_id`; `params` maps names to types
    (bool, int, str, list[str] or list[list[str]])."""
    def register(check: Check) -> Check:
        RULES[rule_id] = RuleCode(rule_id, check, params)
        return check
    return register


def sources_of(*items) -> tuple[Source, ...]:
    """The sources of nodes and edges, without repeats, in a stable order."""
    found = {source: None for item in items for source in item.sources}
    return tuple(sorted(found, key=lambda s: (s.document, s.line or 0)))
