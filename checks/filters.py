"""What `--plan`, `--between` and `--area` filters name, checked before filtering.

A filter that names nothing would otherwise give "0 findings", which reads as a clean
answer. A plan is named as `sendkg find` names it (its id, part of its label, or the
short names and typos the questions accept, "SEND JCP"); an area by part of the name
of an area or council the plans cover. A filter naming nothing raises FilterMatchesNothing
(exit 2) naming the closest plans or areas; an empty one raises it too (an empty
filter would read as "everything"). `plans_named` says which plans a fragment is read
as, and refuses one naming more than MOST_PLANS plans (FilterTooWide): `duplicates
--between` and `lint --plan` read plans through it.
"""

from __future__ import annotations

from sendkg.errors import SendkgError
from sendkg.names import normalise

NEAREST = 3  # closest names given when a filter names nothing
MOST_PLANS = 5  # a fragment naming more plans than this is refused, with the list
LISTED = 10  # plans named in that refusal; the rest are counted


class FilterMatchesNothing(SendkgError):
    """A `--plan`/`--between`/`--area` value that names no plan or area, or is empty
    (exit 2)."""


class FilterTooWide(SendkgError):
    """A `--between` or `--plan` value naming more than MOST_PLANS plans (exit 2),
    listing them."""


def _not_empty(text: str, option: str, what: str) -> None:
    if not text.strip():
        raise FilterMatchesNothing(f"{option} is empty: give {what}")


def plan_filter(kg, text: str, option: str = "--plan") -> str:
    """The value to filter plans by for `text`: `text` itself when it is a plan's id or
    part of a plan's label (the filters' own test), else the id of the plan `text`
    names as the questions resolve it (sendkg.queries.resolution). Raises
    FilterMatchesNothing naming the nearest plans."""
    from sendkg.queries.resolution import resolution

    _not_empty(text, option, "a plan's id or part of its name")
    wanted = normalise(text)
    if any(p.id == text or wanted in normalise(p.label) for p in kg.nodes("Plan")):
        return text
    found = resolution(kg, text, ("Plan",), type="Plan")
    if found.chosen:
        return found.chosen[0].node.id
    raise FilterMatchesNothing(f"{option} {text!r} names no plan" + _nearest_plans(
        kg, text, [m.node for m in found.nearest]))


def plans_named(kg, text: str, option: str = "--between") -> list:
    """The plans `text` names, as `plan_filter` reads it: the plan with that id; else
    every plan with `text` in its label (by label); else the one plan the questions
    resolve it to ("SEND JCP"). Plan nodes of `kg`.

    Raises FilterMatchesNothing for an empty `text` or one naming no plan (with the
    nearest names), FilterTooWide when it names more than MOST_PLANS (naming the first
    LISTED).
    """
    named = plan_filter(kg, text, option)  # empty, or names nothing: refused there
    plans = list(kg.nodes("Plan"))
    exact = [p for p in plans if p.id == text]
    wanted = normalise(text)
    found = exact or sorted((p for p in plans if wanted in normalise(p.label)),
                            key=lambda p: (p.label.casefold(), p.id))
    if not found:  # not the filters' own test: `named` is the plan the questions chose
        found = [kg.node(named)]
    if len(found) > MOST_PLANS:
        listed = "; ".join(f"{p.label} ({p.id})" for p in found[:LISTED])
        more = f"; and {len(found) - LISTED} more" if len(found) > LISTED else ""
        raise FilterTooWide(f"{option} {text!r} names {len(found)} plans; give more of "
                            f"one name or its id: {listed}{more}")
    return found


def read_as(option: str, text: str, plans) -> str:
    """How a plan fragment was read, one line, as `lint --plan` and the web Checks page
    say it: "--plan 'Durham SEND' read as: A; B (2 plans)" (`option` is "--plan" or the
    page's "Plan"; `plans` are the Plan nodes `plans_named` gave)."""
    names = "; ".join(p.label for p in plans)
    count = f" ({len(plans)} plans)" if len(plans) > 1 else ""
    return f"{option} {text!r} read as: {names}{count}"


def plan_ids(kg, wanted) -> frozenset[str]:
    """The ids of the plans `wanted` names: a text (`plans_named`, which may raise) or
    plan ids already resolved (the CLI resolves them once, to say how it read them)."""
    if isinstance(wanted, str):
        return frozenset(p.id for p in plans_named(kg, wanted))
    return frozenset(wanted)


def _nearest_plans(kg, text: str, nearest: list) -> str:
    """'; nearest: Label (id); …': the questions' nearest plans, else the plans whose
    labels are closest in spelling ("nosuchplan" resembles no word of any plan)."""
    if not nearest:
        from rapidfuzz import fuzz, process

        plans = {p.id: p for p in kg.nodes("Plan")}
        nearest = [plans[key] for _, _, key in process.extract(
            text, {id: p.label for id, p in plans.items()}, scorer=fuzz.WRatio,
            processor=normalise, limit=NEAREST)]
    shown = "; ".join(f"{p.label} ({p.id})" for p in nearest[:NEAREST])
    return f"; nearest: {shown}" if shown else ""


def area_names(kg) -> list[str]:
    """The names `--area` is matched against: every Area, and every council a plan
    belongs to (sendkg.checks.duplicates_structure.plan_councils) that is a place (a
    local authority: a national office owning a plan, such as the Children's
    Commissioner, is no area; sendkg.checks.lint_places.is_place)."""
    from sendkg.checks.duplicates_structure import plan_councils
    from sendkg.checks.lint_places import is_place

    names = {n.label for n in kg.nodes("Area")}
    names |= {kg.node(c).label for c in plan_councils(kg).values()
              if kg.has_node(c) and is_place(kg.node(c))}
    return sorted(names)


def area_filter(kg, text: str, option: str = "--area") -> str:
    """`text` when it is part of an area's or council's name (`area_names`), else raise
    FilterMatchesNothing naming the closest names by spelling."""
    from rapidfuzz import fuzz, process

    _not_empty(text, option, "part of an area's or council's name")
    names = area_names(kg)
    wanted = normalise(text)
    if any(wanted in normalise(name) for name in names):
        return text
    close = [name for name, _, _ in process.extract(
        text, names, scorer=fuzz.WRatio, processor=normalise, limit=NEAREST)]
    raise FilterMatchesNothing(f"{option} {text!r} names no area or council"
                               + (f"; nearest: {'; '.join(close)}" if close else ""))
