"""The plans pages' lists: each plan's objectives and actions, what is due soon, and
the actions of each officer.

Rows are the action register's (sendkg.queries.register.action_rows, what `sendkg
export --format xlsx` writes: plan, objective, action, leads, time scale, status, ...);
an action's due month is the one lint judges it by (sendkg.checks.rules_plans.due_month);
an officer's actions are those the owner question names them for (owners_of, own, not
inherited).
"""

from __future__ import annotations

from datetime import date

from sendkg.checks.rules_plans import due_month
from sendkg.queries.containment import contents
from sendkg.queries.register import OBJECTIVE_TYPES, action_rows
from sendkg.queries.responsibility import owners_of

OFFICER_TYPES = ("Person", "Post")


def register(site) -> list[tuple]:
    """(action node, register row) for every action, kept for the life of the app."""
    return site.kept("action rows", lambda: action_rows(site.kg))


def plan_outline(site, plan) -> list[tuple]:
    """[(objective node or None, [(action, row), ...]), ...] for one plan: its
    objectives in order (those with no action too), then actions outside any objective."""
    kg = site.kg
    inside = contents(kg, plan.id)
    ids = {n.id for n in inside}
    rows = {action.id: (action, row) for action, row in register(site) if action.id in ids}
    outline, placed = [], set()
    for objective in (n for n in inside if n.type in OBJECTIVE_TYPES):
        own = [rows[n.id] for n in contents(kg, objective.id) if n.id in rows
               and n.id not in placed]
        placed.update(a.id for a, _ in own)
        outline.append((objective, own))
    rest = [pair for action_id, pair in rows.items() if action_id not in placed]
    if rest:
        outline.append((None, rest))
    return outline


def month_after(today: date, days: int) -> tuple[int, int]:
    """(year, month) `days` after `today`."""
    from datetime import timedelta

    later = today + timedelta(days=days)
    return later.year, later.month


def due_within(site, today: date, days: int) -> list[tuple]:
    """(due 'YYYY-MM', action, row) for actions due from this month to `days` ahead,
    soonest first; completed ones left out."""
    first, last = (today.year, today.month), month_after(today, days)
    found = []
    for action, row in register(site):
        month = due_month(action)
        status = str(action.props.get("status", "")).casefold()
        if month and first <= month <= last and "complete" not in status:
            found.append((f"{month[0]:04d}-{month[1]:02d}", action, row))
    return sorted(found, key=lambda t: (t[0], t[2]))


def by_officer(site) -> list[tuple]:
    """[(officer node, [(action, row), ...]), ...] for each person or post named as
    responsible for an action (their own responsibility, not one inherited), by name."""
    kg = site.kg
    officers: dict[str, tuple] = {}
    for action, row in register(site):
        for owner in owners_of(kg, action.id):
            if not owner.inherited and owner.node.type in OFFICER_TYPES:
                officers.setdefault(owner.node.id, (owner.node, []))[1].append((action, row))
    return sorted(officers.values(), key=lambda pair: pair[0].label.casefold())
