"""Lint rules over plan items: priorities, actions, objectives, and officers' load.

Ownership and drivers follow the same inheritance as `sendkg owner` and `sendkg
drivers`: an item is owned by whoever is `responsible` for it or for the objective, aim
or plan containing it (a plan is also owned by what it is `ownedBy`, which its items
do not inherit), unless a rule's `inherit` parameter is false.

Dates: an action's due month is its `end` (YYYY-MM, or YYYY read as that December),
else the end read from its `timescale` text. It is past when that whole month is
before today's month. An action is live unless its status is a completed one or it
is past; an action with no date and no status is live.

>>> from datetime import date
>>> from sendkg.records import Node
>>> due_month(Node("act:a", "Action", "A", props={"end": "2017"}))
(2017, 12)
>>> due_month(Node("act:a", "Action", "A", props={"timescale": "Jan-Mar 17"}))
(2017, 3)
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
from sendkg.dates import parse_when
from sendkg.names import normalise
from sendkg.queries.containment import STRUCTURE, contents
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.responsibility import INHERITED_OWNING, OWNING
from sendkg.records import Node

OWN = OWNING  # as owners_of: a plan's ownedBy is not inherited
INHERITED_OWNER = INHERITED_OWNING
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
    """Whether the item has an owner (`responsible`, or `ownedBy` for a plan) or, with
    `inherit`, anything containing it has someone `responsible`: the same answer as
    `bool(owners_of(...))`, stopping at the first owner found."""
    seen, frontier, relations = {node_id}, [node_id], OWN
    while frontier:
        if any(e.p in relations for n in frontier for e in kg.out_edges(n)):
            return True
        relations = INHERITED_OWNER
        if not inherit:
            return False
        parents = {e.s for n in frontier for e in kg.in_edges(n) if e.p in STRUCTURE}
        frontier = sorted(parents - seen)
        seen |= parents
    return False


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
                        f"{_scope(params['inherit'])}", sources_of(node))


def _scope(inherit: bool) -> str:
    return " of its own or inherited from what contains it" if inherit else " of its own"


@lint_rule(inherit="bool")
def action_without_owner(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, ["Action"]):
        if not has_owner(ctx.kg, node.id, params["inherit"]):
            yield Issue(Subject.of(node), f"action {node.label!r} has no owner"
                        f"{_scope(params['inherit'])}", sources_of(node))


@lint_rule()
def action_without_timescale(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, ["Action"]):
        if not any(node.props.get(key) for key in ("timescale", "start", "end")):
            yield Issue(Subject.of(node), f"action {node.label!r} has no time scale",
                        sources_of(node))


def due_month(node: Node) -> tuple[int, int] | None:
    """(year, month) an item is due by: its `end`, else the end of its `timescale`."""
    end = str(node.props.get("end") or "")
    if not end and node.props.get("timescale"):
        end = parse_when(str(node.props["timescale"])).end or ""
    match = _ISO.match(end)
    if not match:
        return None
    return int(match["y"]), int(match["m"] or 12)


def is_past(month: tuple[int, int] | None, today: date) -> bool:
    return month is not None and month < (today.year, today.month)


@lint_rule()
def action_overdue_without_status(ctx: LintContext, params) -> Iterator[Issue]:
    for node in selected(ctx.kg, ["Action"]):
        month = due_month(node)
        if is_past(month, ctx.today) and not node.props.get("status"):
            written = node.props.get("timescale") or node.props.get("end")
            yield Issue(Subject.of(node), f"action {node.label!r} was due by "
                        f"{month[0]:04d}-{month[1]:02d} (time scale {written!r}) and has "
                        f"no status", sources_of(node))


def is_completed(node: Node, completed: frozenset[str]) -> bool:
    """Whether the status says done: it is, or starts with, a (normalised) completed word.

    >>> is_completed(Node("act:a", "Action", "A", props={"status": "Completed in May"}),
    ...              frozenset({"completed"}))
    True
    """
    status = normalise(str(node.props.get("status") or ""))
    return bool(status) and any(status == w or status.startswith(w + " ") for w in completed)


def is_live(node: Node, today: date, completed: frozenset[str]) -> bool:
    return not is_completed(node, completed) and not is_past(due_month(node), today)


@lint_rule(max_live_actions="int", roles="texts", completed_statuses="texts")
def officer_overloaded(ctx: LintContext, params) -> Iterator[Issue]:
    """A person answers for their own actions and for those of the posts they hold;
    a post is counted on its own only when no one is known to hold it."""
    kg, live = ctx.kg, {}
    completed = frozenset(normalise(word) for word in params["completed_statuses"])
    for action in selected(kg, ["Action"]):
        if is_live(action, ctx.today, completed):
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
