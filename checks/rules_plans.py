"""Lint rules over plan items: priorities, actions, objectives, and officers' load.

Ownership and drivers follow the same inheritance as `sendkg owner` and `sendkg
drivers`: an item is owned by whoever is `responsible` for it or for the objective, aim
or plan containing it, and by what that plan is `ownedBy`, unless a rule's `inherit`
parameter is false.

Dates are read one way for plans and actions (`end_reading`): an explicit `end` with a
month (YYYY-MM) is the end. An `end` written as a bare year says only the year: the
month comes from the item's own time scale or `period` when that ends in the same year,
else it is December. Without an `end`, the end read from the `timescale` text or the
`period` (for an action its `timescale` first, for a plan its `period`). A span of
years is read as financial years, April to March: "2015-16", "2017/18" and "2016-2019"
alike ("2016-2019" runs April 2016 to March 2019, three years), so Derby's plan with
`period: 2016-2019` and `end: "2019"` ends 2019-03, as Southend's with the period
alone does. Messages show the end used and how it was read.

An item is past when that whole month is before today's month. Dates are judged
against the plan's own period first: an action of a plan whose period has ended is
reported once, under its plan, as `plan-period-ended` (info), not as overdue. A plan
recording no end date is judged still running, and an overdue action in it says so.

An action's status is its own `status`, else that of the nearest objective, aim or
other item containing it (not the plan's, which describes the document): the Ofsted
plan's recommendations carry their one-year-on RAG rating ("Green ..."), which is the
status known for the actions under them. An action is live unless its status is a
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
from sendkg.checks.lint_dated import not_started
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.queries.containment import contents, plans_of
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.responsibility import owners_of

from sendkg.dates import parse_when, read_period
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


@lint_rule(subjects="texts", work_types="texts", skip_plan_kinds="texts")
def priority_without_actions(ctx: LintContext, params) -> Iterator[Issue]:
    """A priority of a paper looking back (a plan whose `kind` is one of
    `skip_plan_kinds`: an annual report) reports what was done, not what will be: it
    needs no actions under it. Skipped only when every plan containing it is such."""
    skip = {normalise(k) for k in params["skip_plan_kinds"]}
    for node in selected(ctx.kg, params["subjects"]):
        plans = plans_of(ctx.kg, node.id)
        if plans and all(normalise(str(p.props.get("kind") or "")) in skip for p in plans):
            continue
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
    """An action already done needs no time scale: a progress report lists what was
    achieved, not what is due. Done is what `is_completed` reads: a status or kind that
    is, or starts with, one of `completed_statuses` ("delivered", "in place (September
    2017)", the kind "action taken")."""
    completed = frozenset(normalise(word) for word in params["completed_statuses"])
    for node in selected(ctx.kg, ["Action"]):
        if not any(node.props.get(key) for key in TIME_KEYS) and not is_completed(
                node, completed):
            yield Issue(Subject.of(node), f"action {node.label!r} has no time scale",
                        sources_of(node))


def due_month(node: Node) -> tuple[int, int] | None:
    """(year, month) an item is due by (`end_reading` of its `timescale`, then its
    `period`); None when none can be read."""
    return end_reading(node, ("timescale", "period"))[0]


def is_past(month: tuple[int, int] | None, today: date) -> bool:
    return month is not None and month < (today.year, today.month)


def plan_end(plan: Node) -> tuple[int, int] | None:
    """(year, month) a plan's own period ends (`end_reading` of its `period`, then its
    `timescale`: "2017/18" ends 2018-03).

    >>> plan_end(Node("plan:p", "Plan", "P", props={"period": "2017/18"}))
    (2018, 3)
    >>> plan_end(Node("plan:p", "Plan", "P", props={"period": "2016-2019", "end": "2019"}))
    (2019, 3)
    """
    return end_reading(plan, ("period", "timescale"))[0]


def end_reading(node: Node, keys: tuple[str, ...]) -> tuple[tuple[int, int] | None, str]:
    """((year, month), how it was read) for a node's end, or (None, ""): its `end` when it
    has a month; a bare-year `end` takes its month from the first of `keys` read to that
    year, else December; without `end`, the first of `keys` that reads.

    >>> end_reading(Node("p", "Plan", "P", props={"period": "2016-2019"}), ("period",))
    ((2019, 3), "period '2016-2019' read as 2016-04 to 2019-03")
    >>> end_reading(Node("p", "Plan", "P", props={"end": "2019"}), ("period",))
    ((2019, 12), "end '2019' read as 2019-12")
    """
    texts = {key: str(node.props[key]) for key in keys if node.props.get(key)}
    read = {key: (read_period if key == "period" else parse_when)(text)  # both kept
            for key, text in texts.items()}
    read = {key: when for key, when in read.items() if when.end and _ISO.match(when.end)}
    end = _ISO.match(str(node.props.get("end") or "").strip())
    if end and end["m"]:
        return (int(end["y"]), int(end["m"])), f"end {end[0]}"
    if end:
        year = int(end["y"])
        for key, when in read.items():
            month = _ISO.match(when.end)
            if int(month["y"]) == year and month["m"]:
                return (year, int(month["m"])), (f"end {end[0]!r} with {key} "
                                                 f"{texts[key]!r} read as {_span(when)}")
        return (year, 12), f"end {end[0]!r} read as {year}-12"
    for key, when in read.items():
        month = _ISO.match(when.end)
        return (int(month["y"]), int(month["m"] or 12)), \
            f"{key} {texts[key]!r} read as {_span(when)}"
    return None, ""


def _span(when) -> str:
    """'2016-04 to 2019-03', or the end alone when no start was read."""
    end = when.end if len(when.end) > 4 else f"{when.end}-12"
    return f"{when.start} to {end}" if when.start and when.start != when.end else end


def ended_plan(kg, node_id: str, today: date) -> Node | None:
    """The plan whose period ended, when every plan containing the item has ended (the
    latest of them); None when any is live or of unknown period."""
    ends = [(plan_end(plan), plan) for plan in plans_of(kg, node_id)]
    if not ends or any(not is_past(end, today) for end, _ in ends):
        return None
    return max(ends, key=lambda pair: (pair[0], pair[1].id))[1]


def _when(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def known_status(kg, node: Node) -> tuple[str | None, Node | None]:
    """(status, where it is recorded): the node's own `status`, else the nearest
    container's below the plan (an objective's RAG rating); (None, None) when neither."""
    from sendkg.queries.containment import containers

    if node.props.get("status"):
        return str(node.props["status"]), node
    for container, _ in containers(kg, node.id):
        if container.type != "Plan" and container.props.get("status"):
            return str(container.props["status"]), container
    return None, None


@lint_rule()
def action_overdue_without_status(ctx: LintContext, params) -> Iterator[Issue]:
    """Only while the plan runs: an action of a finished plan is `plan-period-ended`.
    A status on what contains the action counts (`known_status`). A plan recording no
    end date is judged running: the message says so, since its actions may be years old."""
    for node in selected(ctx.kg, ["Action"]):
        month = due_month(node)
        if (is_past(month, ctx.today) and known_status(ctx.kg, node)[0] is None
                and not ended_plan(ctx.kg, node.id, ctx.today)):
            written = node.props.get("timescale") or node.props.get("end")
            yield Issue(Subject.of(node), f"action {node.label!r} was due by "
                        f"{_when(month)} (time scale {written!r}) and has no status"
                        f"{_open_plans(ctx.kg, node.id)}", sources_of(node))


def _open_plans(kg, node_id: str) -> str:
    """' (its plan P records no end date, so it is judged still running)' when no plan
    containing the item has a readable end; '' otherwise."""
    plans = plans_of(kg, node_id)
    if not plans or any(plan_end(plan) for plan in plans):
        return ""
    return (f" (its plan {plans[0].label!r} records no end date, so it is judged still "
            f"running)")


@lint_rule()
def plan_period_ended(ctx: LintContext, params) -> Iterator[Issue]:
    """One finding per finished plan, naming its actions with no recorded status (their
    own or their container's); the message says how many have only a container's."""
    waiting: dict[str, list[Node]] = defaultdict(list)
    inherited: dict[str, int] = defaultdict(int)
    for node in selected(ctx.kg, ["Action"]):
        plan = ended_plan(ctx.kg, node.id, ctx.today)
        if plan is None or node.props.get("status"):
            continue
        if known_status(ctx.kg, node)[0] is None:
            waiting[plan.id].append(node)
        else:
            inherited[plan.id] += 1
    for plan_id, actions in sorted(waiting.items()):
        plan = ctx.kg.node(plan_id)
        end, how = end_reading(plan, ("period", "timescale"))
        n = len(actions)
        also = (f"; {inherited[plan_id]} more have only the status of what contains them"
                if inherited[plan_id] else "")
        yield Issue(Subject.of(plan), f"plan period ended {_when(end)} ({how}); {n} of its "
                    f"actions {'has' if n == 1 else 'have'} no recorded status{also}",
                    own_paper_first(ctx.kg, plan), tuple(Subject.of(a) for a in actions))


def own_paper_first(kg, plan: Node):
    """The plan's sources, those in the paper describing it (`describedIn`) first: its
    own paper gives the period a finding reads ("2019-2022" on the strategy's cover),
    where another paper citing it may give a different one ("2018/19 - 2020/21")."""
    own = {source.document for edge in kg.out_edges(plan.id, "describedIn")
           for source in (*kg.node(edge.o).sources, *edge.sources)}
    return tuple(sorted(sources_of(plan), key=lambda s: s.document not in own))


def is_completed(node: Node, completed: frozenset[str]) -> bool:
    """Whether the item's recorded `status` or `kind` says it is done: either is, or
    starts with, one of the (normalised) `completed` words. The words are the rules'
    `completed_statuses` (data/lint_rules.yaml): "in place (September 2017)" is a
    status saying done; "action taken" (a strategy's "We did" items) a kind saying it.

    >>> done = frozenset({"completed", "in place", "action taken"})
    >>> is_completed(Node("act:a", "Action", "A", props={"status": "Completed in May"}), done)
    True
    >>> is_completed(Node("act:a", "Action", "A", props={"status": "in place (2017)"}), done)
    True
    >>> is_completed(Node("act:a", "Action", "A", props={"kind": "action taken"}), done)
    True
    >>> is_completed(Node("act:a", "Action", "A", props={"kind": "next step"}), done)
    False
    """
    return any(_says_done(node.props.get(key), completed) for key in ("status", "kind"))


def _says_done(value, completed: frozenset[str]) -> bool:
    text = normalise(str(value or ""))
    return bool(text) and any(text == w or text.startswith(w + " ") for w in completed)


def is_live(kg, node: Node, today: date, completed: frozenset[str]) -> bool:
    """Not completed, not past its own date, and in a plan that is still running: one
    that has started (checks/lint_dated.not_started) and not ended."""
    return (not is_completed(node, completed) and not is_past(due_month(node), today)
            and ended_plan(kg, node.id, today) is None
            and not not_started(kg, node.id, today))


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
            load = f"owns {len(edges)} live actions (more than {params['max_live_actions']})"
            yield Issue(Subject.of(officer), f"{officer.type.lower()} {officer.label!r} "
                        f"{load}", sources_of(*edges.values()),
                        tuple(Subject.of(live[a]) for a in sorted(edges)), detail=load)


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
