"""Lint rules over successions: a plan naming a body that was gone before the plan began.

A plan written after a reorganisation should name the bodies of its own time. A fact of
the plan (the plan's own, or one of an item it contains) that points at a body already
abolished on the first day of the plan's period (the dataset's successions, a document's
`replacedBy`, or the body's `valid_to`; sendkg.queries.succession) was most likely
copied from an older plan. The plan's first day is its `start`, else the start of its
`period` or `timescale` as written; a year alone counts from 1 January, so a body
abolished during the plan's first year is not reported.

>>> from sendkg.records import Node
>>> plan_start(Node("plan:p", "Plan", "P", props={"period": "2021/22"}))
'2021-04-01'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.dates import parse_when, read_period
from sendkg.ontology import group
from sendkg.queries.containment import contents
from sendkg.queries.succession import long_date, standing
from sendkg.records import Node

_ISO = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:-(?P<m>\d{1,2}))?")


def plan_start(plan: Node) -> str | None:
    """The first day of a plan's own period as an ISO date, or None when not written."""
    start = str(plan.props.get("start") or "")
    for key in ("period", "timescale"):
        if not start and plan.props.get(key):
            read = read_period if key == "period" else parse_when
            start = read(str(plan.props[key])).start or ""
    match = _ISO.match(start)
    return f"{match['y']}-{int(match['m'] or 1):02d}-01" if match else None


@lint_rule()
def fact_to_abolished_body(ctx: LintContext, params) -> Iterator[Issue]:
    """One finding per plan and body, citing every fact of the plan that names it."""
    kg, agents = ctx.kg, set(group("agents"))
    for plan in sorted(kg.nodes("Plan"), key=lambda n: n.id):
        first_day = plan_start(plan)
        if not first_day:
            continue
        facts: dict[str, list] = {}
        for holder in (plan, *contents(kg, plan.id)):
            for edge in kg.out_edges(holder.id):
                if edge.p != "replacedBy" and kg.node(edge.o).type in agents:
                    facts.setdefault(edge.o, []).append(edge)
        for body_id, edges in sorted(facts.items()):
            gone = standing(kg, body_id, first_day)
            if gone and gone.ended and gone.ended < first_day:
                body = kg.node(body_id)
                yield Issue(Subject.of(plan), f"plan {plan.label!r} (from "
                            f"{long_date(first_day)}) names {body.label}, "
                            f"{gone.phrase()}", sources_of(plan, *edges), (Subject.of(body),))
