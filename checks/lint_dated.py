"""Findings that do not hold on the lint date: lint sets them aside and counts them.

Lint judges the plans as they stand on its date (`sendkg lint --today`, default today).
Two kinds of finding ask for something nobody could give on that date:

- a chair, a meeting frequency or a reporting line (`BODY_RULES`) of a body abolished
  by then: the registry's successions (or a document's `replacedBy`, or the body's
  `valid_to`) say it ended, as `sendkg report`'s "Since written" and `--as-at` read
  them (sendkg.queries.succession.standing);
- anything on a plan that had not started by then (its `start`, else the start of its
  `period` or `timescale`; checks/rules_succession.plan_start), or on an item only such
  plans contain: in June 2017 the 2019-21 commissioning plan did not exist yet.

>>> from datetime import date
>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("plan:p", "Plan", "Plan 2019-21", props={"period": "2019-21"}))
>>> kg.add_node(Node("act:a", "Action", "A"))
>>> kg.add_edge(Edge("plan:p", "hasAction", "act:a"))
>>> not_started(kg, "act:a", date(2017, 6, 1)), not_started(kg, "act:a", date(2019, 4, 1))
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sendkg.checks.findings import Finding
from sendkg.checks.rules_succession import plan_start
from sendkg.queries.containment import ITEM_TYPES, plans_of
from sendkg.queries.succession import standing

# what is asked of a standing body only: an abolished one needs none of them
BODY_RULES = frozenset({"board-without-chair", "board-without-frequency",
                        "board-without-reporting-line"})


def abolished(kg, subject_id: str, today: date) -> bool:
    """Whether the body had ended by `today`: a succession in force by then, or its
    `valid_to` passed (sendkg.queries.succession.standing)."""
    if not kg.has_node(subject_id):
        return False
    gone = standing(kg, subject_id, today.isoformat())
    return gone is not None and (gone.ended is None or gone.ended < today.isoformat())


def not_started(kg, subject_id: str, today: date) -> bool:
    """Whether the subject is a plan that starts after `today`, or an item every plan
    containing it does (a plan with no readable start counts as started)."""
    if not kg.has_node(subject_id):
        return False
    node = kg.node(subject_id)
    plans = [node] if node.type == "Plan" else (
        plans_of(kg, node.id) if node.type in ITEM_TYPES else [])
    starts = [plan_start(plan) for plan in plans]
    return bool(starts) and all(s is not None and s > today.isoformat() for s in starts)


def set_apart_by_date(kg, findings: Iterable[Finding], today: date
                      ) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[Finding, ...]]:
    """(kept, on abolished bodies, on plans not yet started), each in its given order."""
    kept, gone, early = [], [], []
    for finding in findings:
        if finding.rule in BODY_RULES and abolished(kg, finding.subject.id, today):
            gone.append(finding)
        elif not_started(kg, finding.subject.id, today):
            early.append(finding)
        else:
            kept.append(finding)
    return tuple(kept), tuple(gone), tuple(early)
