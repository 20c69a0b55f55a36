"""What a lint rule is, what it finds, and where rules are found.

A rule is a function `check(ctx, params)` yielding `Issue`s, named by a "lint-rule"
entry of sendkg.registry (its id). Its default severity, on/off switch and parameter
values are data (data/lint_rules.yaml, overridable by a council's config file); the
code only declares, with `@lint_rule(...)`, which parameters it reads and their types.
The runner turns each Issue into a `Finding` (sendkg.checks.findings) carrying the
rule id and the severity in force.

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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sendkg import registry
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


PARAMS_ATTRIBUTE = "lint_params"  # where @lint_rule leaves the parameter types


@cache
def registered_rules() -> dict[str, RuleCode]:
    """Every rule's code, in registry order (imports the rule modules on first use)."""
    rules = {}
    for item in registry.entries("lint-rule"):
        check = item.load()
        rules[item.name] = RuleCode(item.name, check, dict(getattr(check, PARAMS_ATTRIBUTE)))
    return rules


def lint_rule(**params: Any) -> Callable[[Check], Check]:
    """Declare the parameters `check` reads: names to types (bool, int, text, texts or
    pairs). The rule's id is its "lint-rule" entry in sendkg.registry.

    >>> @lint_rule(inherit="bool")
    ... def rule(ctx, params):
    ...     yield from ()
    >>> rule.lint_params
    {'inherit': 'bool'}
    """
    def declare(check: Check) -> Check:
        setattr(check, PARAMS_ATTRIBUTE, dict(params))
        return check
    return declare


def sources_of(*items) -> tuple[Source, ...]:
    """The sources of nodes and edges, without repeats, in a stable order."""
    found = {source: None for item in items for source in item.sources}
    return tuple(sorted(found, key=lambda s: (s.document, s.line or 0)))
