"""Lint rules over plan items: priorities, actions, objectives, and officers' load.

Ownership and drivers follow the same inheritance as `sendkg owner` and `sendkg
drivers`: an item is owned by whoever is `responsible` for it or for the objective, aim
or plan containing it, and by what that plan is `ownedBy`, unless a rule's `inherit`
parameter is false.

Dates: an action's due month is its `end` (YYYY-MM, or YYYY read as that December),
else the end read from its `timescale` text, else from its `period` ("2015-16": the
financial year, so March 2016). A recorded `period` is a time scale. It is past when that whole month is
before today's month. Dates are judged against the plan's own period first: an action
of a plan whose period has ended is reported once, under its plan, as
`plan-period-ended` (info), not as overdue. An action is live unless its status is a
completed one, it is past, or its plan has ended; one with no date and no status is live.

>>> from datetime import date
>>> from sendkg.records import Node
>>> due_month(Node("act:a", "Action", "A", props={"end": "2017"}))
(2017, 12)
>>> due_month(Node("act:a", "Action", "A", props={"timescale": "Jan-Mar 17"}))
(2017, 3)
>>> due_month(Node("act:a", "Action", "A", props={"period": "2015-16"}))
(2016, 3)
>>> is_past((2017, 3), date(2017, 3, 31)), is_past((2017, 3), date(2017, 4, 1))
(False, True)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.queries.containment import contents, plans_of
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.responsibility import owners_of

from sendkg.dates import parse_when
from sendkg.names import normalise
from sendkg.records import Node

_ISO = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:-(?P<m>\d{1,2}))?$")


def selected(kg, selectors: list[str]) -> list[Node]:
    """Nodes matching any 'Type' or 'Type/kind' selector, sorted by id."""
    wanted = [s.split("/", 1) for s in selectors]
    found = [node for node in kg.nodes() if any(
        node.type == rule[0] and (len(rule) == 1 or normalise(rule[1]) ==
                                  normalise(str(node.props.get("kind", ""))))
        for rule in wanted)]
    return sorted(found, key=lambda n: n.id)


def _what(node: Node) -> str:
    kind = node.props.get("kind")
    return f"{kind or node.type.lower()} {node.label!r}"


def has_owner(kg, node_id: str, inherit: bool) -> bool:
    """Whether `sendkg owner` names an owner for the item: `owners_of` itself, so lint and
    the question cannot disagree. Without `inherit`, only the item's own owners count."""
    return any(inherit or not owner.inherited for owner in owners_of(kg, node_id))


def _plan_owners(kg, node_id: str) -> str:
    """' (its plan is owned by …)': what its plans are ownedBy, which counts for the item
    only when the rule inherits; named so an officer running without inheritance sees
    who would answer for it."""
    names = sorted({kg.node(e.o).label for plan in plans_of(kg, node_id)
                    for e in kg.out_edges(plan.id, "ownedBy")})
    if not names:
        return ""
    shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
    return f" (its plan is owned by {shown})"


@lint_rule(subjects="texts", work_types="texts")
def priority_without_actions(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, params["subjects"]):
        if not any(n.type in params["work_types"] for n in contents(ctx.kg, node.id)):
            yield Issue(Subject.of(node), f"{_what(node)} has no "
                        f"{' or '.join(t.lower() + 's' for t in params['work_types'])} "
                        f"under it", sources_of(node))


@lint_rule(subjects="texts", inherit="bool")
def priority_without_owner(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, params["subjects"]):
        if not has_owner(ctx.kg, node.id, params["inherit"]):
            yield Issue(Subject.of(node), f"{_what(node)} has no owner"
                        f"{_scope(params['inherit'])}{_plan_owners(ctx.kg, node.id)}",
                        sources_of(node))


def _scope(inherit: bool) -> str:
    return " of its own or inherited from what contains it" if inherit else " of its own"


@lint_rule(inherit="bool")
def action_without_owner(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, ["Action"]):
        if not has_owner(ctx.kg, node.id, params["inherit"]):
            yield Issue(Subject.of(node), f"action {node.label!r} has no owner"
                        f"{_scope(params['inherit'])}{_plan_owners(ctx.kg, node.id)}",
                        sources_of(node))


TIME_KEYS = ("timescale", "start", "end", "period")  # any of them dates an item


@lint_rule(completed_statuses="texts")
def action_without_timescale(ctx: LintContext, params) -> Iterator[Issue]:
    """An action already done (a completed status: "delivered", "approved", ...) needs
    no time scale: a progress report lists what was achieved, not what is due."""
    completed = frozenset(normalise(word) for word in params["completed_statuses"])
    for node in selected(ctx.kg, ["Action"]):
        if not any(node.props.get(key) for key in TIME_KEYS) and not is_completed(
                node, completed):
            yield Issue(Subject.of(node), f"action {node.label!r} has no time scale",
                        sources_of(node))


def due_month(node: Node) -> tuple[int, int] | None:
    """(year, month) an item is due by: its `end`, else the end of its `timescale`, else
    the end of its `period`; None when none can be read."""
    end = str(node.props.get("end") or "")
    for key in ("timescale", "period"):
        if not end and node.props.get(key):
            end = parse_when(str(node.props[key])).end or ""
    match = _ISO.match(end)
    if not match:
        return None
    return int(match["y"]), int(match["m"] or 12)


def is_past(month: tuple[int, int] | None, today: date) -> bool:
    return month is not None and month < (today.year, today.month)


def plan_end(plan: Node) -> tuple[int, int] | None:
    """(year, month) a plan's own period ends: its `end`, else the end of its `period`
    or `timescale` as written ("2017/18" ends 2018-03).

    >>> plan_end(Node("plan:p", "Plan", "P", props={"period": "2017/18"}))
    (2018, 3)
    """
    end = str(plan.props.get("end") or "")
    for key in ("period", "timescale"):
        if not end and plan.props.get(key):
            end = parse_when(str(plan.props[key])).end or ""
    match = _ISO.match(end)
    return (int(match["y"]), int(match["m"] or 12)) if match else None


def ended_plan(kg, node_id: str, today: date) -> Node | None:
    """The plan whose period ended, when every plan containing the item has ended (the
    latest of them); None when any is live or of unknown period."""
    ends = [(plan_end(plan), plan) for plan in plans_of(kg, node_id)]
    if not ends or any(not is_past(end, today) for end, _ in ends):
        return None
    return max(ends, key=lambda pair: (pair[0], pair[1].id))[1]


def _when(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


@lint_rule()
def action_overdue_without_status(ctx: LintContext, params) -> Iterator[Issue]:
    """Only while the plan runs: an action of a finished plan is `plan-period-ended`."""
    for node in selected(ctx.kg, ["Action"]):
        month = due_month(node)
        if (is_past(month, ctx.today) and not node.props.get("status")
                and not ended_plan(ctx.kg, node.id, ctx.today)):
            written = node.props.get("timescale") or node.props.get("end")
            yield Issue(Subject.of(node), f"action {node.label!r} was due by "
                        f"{_when(month)} (time scale {written!r}) and has no status",
                        sources_of(node))


@lint_rule()
def plan_period_ended(ctx: LintContext, params) -> Iterator[Issue]:
    """One finding per finished plan, naming its actions with no recorded status."""
    waiting: dict[str, list[Node]] = defaultdict(list)
    for node in selected(ctx.kg, ["Action"]):
        plan = ended_plan(ctx.kg, node.id, ctx.today)
        if plan and not node.props.get("status"):
            waiting[plan.id].append(node)
    for plan_id, actions in sorted(waiting.items()):
        plan = ctx.kg.node(plan_id)
        period = plan.props.get("period") or plan.props.get("end")
        yield Issue(Subject.of(plan), f"plan period ended {_when(plan_end(plan))} "
                    f"(period {period!r}); {len(actions)} of its actions have no recorded "
                    f"status", sources_of(plan), tuple(Subject.of(a) for a in actions))


def is_completed(node: Node, completed: frozenset[str]) -> bool:
    """Whether the status says done: it is, or starts with, a (normalised) completed word.

    >>> is_completed(Node("act:a", "Action", "A", props={"status": "Completed in May"}),
    ...              frozenset({"completed"}))
    True
    """
    status = normalise(str(node.props.get("status") or ""))
    return bool(status) and any(status == w or status.startswith(w + " ") for w in completed)


def is_live(kg, node: Node, today: date, completed: frozenset[str]) -> bool:
    """Not completed, not past its own date, and in a plan that is still running."""
    return (not is_completed(node, completed) and not is_past(due_month(node), today)
            and ended_plan(kg, node.id, today) is None)


@lint_rule(max_live_actions="int", roles="texts", completed_statuses="texts")
def officer_overloaded(ctx: LintContext, params) -> Iterator[Issue]:
    """A person answers for their own actions and for those of the posts they hold;
    a post is counted on its own only when no one is known to hold it."""
    kg, live = ctx.kg, {}
    completed = frozenset(normalise(word) for word in params["completed_statuses"])
    for action in selected(kg, ["Action"]):
        if is_live(kg, action, ctx.today, completed):
            live[action.id] = action
    load = _live_load(kg, live, params["roles"])
    for officer_id, edges in sorted(load.items()):
        if len(edges) > params["max_live_actions"]:
            officer = kg.node(officer_id)
            yield Issue(Subject.of(officer), f"{officer.type.lower()} {officer.label!r} owns "
                        f"{len(edges)} live actions (more than {params['max_live_actions']})",
                        sources_of(*edges.values()),
                        tuple(Subject.of(live[a]) for a in sorted(edges)))


def _live_load(kg, live: dict[str, Node], roles: list[str]) -> dict[str, dict]:
    """officer id -> {action id: responsible edge} over live actions."""
    load: dict[str, dict] = defaultdict(dict)
    for action_id in live:
        for edge in kg.out_edges(action_id, "responsible"):
            if str(edge.props.get("role") or "lead") not in roles:  # no role: a lead
                continue
            officer = kg.node(edge.o)
            holders = [e.s for e in kg.in_edges(officer.id, "holds")]
            if officer.type == "Person" or (officer.type == "Post" and not holders):
                load[officer.id][action_id] = edge
            for holder in holders if officer.type == "Post" else ():
                load[holder].setdefault(action_id, edge)
    return load


@lint_rule(subjects="texts", inherit="bool")
def objective_without_driver(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, params["subjects"]):
        if params["inherit"]:
            driven = bool(legislation_driving(ctx.kg, node.id))
        else:
            driven = any(True for _ in ctx.kg.out_edges(node.id, "drivenBy"))
        if not driven:
            yield Issue(Subject.of(node), f"{_what(node)} names no legislation or guidance "
                        f"driving it{_scope(params['inherit'])}", sources_of(node))
