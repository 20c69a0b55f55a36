"""Lint rules over time: owners who have gone, plans that ended with nothing after them,
boards that meet at no stated frequency.

An owner has gone when it is a person marked as left (a `status` or `left` saying so)
or a post nobody holds (or marked vacant). An item whose owners, as `sendkg owner`
finds them (owners_of: own, else inherited), have all gone answers to nobody in post.

A plan past its own period (rules_plans.plan_end) has a successor when another plan
`supersedes` it or `buildsOn` it, or it is `replacedBy` something, or the dataset's
successions name it as a predecessor.

>>> from sendkg.records import Node
>>> has_left(Node("person:a", "Person", "A", props={"status": "left the council 2018"}),
...          ["left", "retired"])
True
"""

from __future__ import annotations

from collections.abc import Iterator

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.checks.rules_plans import (
    _when,
    end_reading,
    is_past,
    own_paper_first,
    plan_end,
    selected,
)
from sendkg.queries.responsibility import owners_of
from sendkg.queries.succession import successions_from

from sendkg.names import normalise

SUCCESSION_IN = ("supersedes", "buildsOn")  # later plan --> this plan
SUCCESSION_OUT = ("replacedBy",)  # this plan --> what replaced it


def has_left(node, words: list[str]) -> bool:
    """A person or post whose `status` (or `left`) starts with one of `words`."""
    if node.props.get("left"):
        return True
    status = normalise(str(node.props.get("status") or ""))
    return any(status == w or status.startswith(normalise(w) + " ") or
               f" {normalise(w)} " in f" {status} " for w in words)


def _gone(kg, node, words: list[str]) -> str | None:
    """Why an owner is no longer there, or None when it is."""
    if node.type == "Person" and has_left(node, words):
        return f"{node.label} has left"
    if node.type == "Post":
        if has_left(node, words):
            return f"post {node.label!r} is vacant"
        if not any(True for _ in kg.in_edges(node.id, "holds")):
            return f"nobody holds post {node.label!r}"
    return None


@lint_rule(subjects="texts", left_words="texts")
def owner_gone(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, params["subjects"]):
        owners = owners_of(ctx.kg, node.id)
        people = [o for o in owners if o.node.type in ("Person", "Post")]
        if not owners or len(people) < len(owners):
            continue  # no owner at all (another rule), or an organisation or board owns it
        reasons = [_gone(ctx.kg, o.node, params["left_words"]) for o in people]
        if all(reasons):
            yield Issue(Subject.of(node), f"{node.type.lower()} {node.label!r}: every "
                        f"owner has gone ({'; '.join(dict.fromkeys(reasons))})",
                        sources_of(node, *(o.edge for o in people)),
                        tuple(Subject.of(o.node) for o in people))


@lint_rule(skip_kinds="texts")
def plan_without_successor(ctx: LintContext, params) -> Iterator[Issue]:
    """Reports, budgets and other papers of one year (`skip_kinds`) need no successor."""
    kg, skip = ctx.kg, {normalise(k) for k in params["skip_kinds"]}
    for plan in sorted(kg.nodes("Plan"), key=lambda n: n.id):
        end = plan_end(plan)
        if not is_past(end, ctx.today) or normalise(str(plan.props.get("kind") or "")) in skip:
            continue
        after = [e for e in kg.in_edges(plan.id) if e.p in SUCCESSION_IN]
        after += [e for e in kg.out_edges(plan.id) if e.p in SUCCESSION_OUT]
        if not after and plan.id not in successions_from(kg):
            how = end_reading(plan, ("period", "timescale"))[1]
            yield Issue(Subject.of(plan), f"plan {plan.label!r} ended {_when(end)} ({how}); no "
                        f"later plan is recorded (supersedes, buildsOn or replacedBy)",
                        own_paper_first(kg, plan))


@lint_rule()
def board_without_frequency(ctx: LintContext, params) -> Iterator[Issue]:
    """A board that reports somewhere, but at no stated frequency (on its reporting
    line or as its own `frequency`)."""
    kg = ctx.kg
    for board in sorted(kg.nodes("Board"), key=lambda n: n.id):
        lines = list(kg.out_edges(board.id, "reportsTo"))
        if not lines or board.props.get("frequency"):
            continue
        if not any(e.props.get("frequency") for e in lines):
            to = ", ".join(sorted({kg.node(e.o).label for e in lines}))
            yield Issue(Subject.of(board), f"board {board.label!r} reports to {to} at no "
                        f"stated frequency", sources_of(board, *lines))
