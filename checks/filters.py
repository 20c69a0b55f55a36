"""What `--plan`, `--between` and `--area` filters name, checked before filtering.

A filter that names nothing would otherwise give "0 findings", which reads as a clean
answer. A plan is named as `sendkg find` names it (its id, part of its label, or the
short names and typos the questions accept, "SEND JCP"); an area by part of the name
of an area or council the plans cover. A filter naming nothing raises FilterMatchesNothing
(exit 2) naming the closest plans or areas.
"""

from __future__ import annotations

from sendkg.errors import SendkgError
from sendkg.names import normalise

NEAREST = 3  # closest names given when a filter names nothing


class FilterMatchesNothing(SendkgError):
    """A `--plan`/`--between`/`--area` value that names no plan or area (exit 2)."""


def plan_filter(kg, text: str, option: str = "--plan") -> str:
    """The value to filter plans by for `text`: `text` itself when it is a plan's id or
    part of a plan's label (the filters' own test), else the id of the plan `text`
    names as the questions resolve it (sendkg.queries.resolution). Raises
    FilterMatchesNothing naming the nearest plans."""
    from sendkg.queries.resolution import resolution

    wanted = normalise(text)
    if any(p.id == text or wanted in normalise(p.label) for p in kg.nodes("Plan")):
        return text
    found = resolution(kg, text, ("Plan",), type="Plan")
    if found.chosen:
        return found.chosen[0].node.id
    nearest = "; ".join(f"{m.node.label} ({m.node.id})" for m in found.nearest[:NEAREST])
    raise FilterMatchesNothing(f"{option} {text!r} names no plan"
                               + (f"; nearest: {nearest}" if nearest else ""))


def area_names(kg) -> list[str]:
    """The names `--area` is matched against: every Area, and every council a plan
    belongs to (sendkg.checks.duplicates_structure.plan_councils)."""
    from sendkg.checks.duplicates_structure import plan_councils

    names = {n.label for n in kg.nodes("Area")}
    names |= {kg.node(c).label for c in plan_councils(kg).values() if kg.has_node(c)}
    return sorted(names)


def area_filter(kg, text: str, option: str = "--area") -> str:
    """`text` when it is part of an area's or council's name (`area_names`), else raise
    FilterMatchesNothing naming the closest names by spelling."""
    from rapidfuzz import fuzz, process

    names = area_names(kg)
    wanted = normalise(text)
    if any(wanted in normalise(name) for name in names):
        return text
    close = [name for name, _, _ in process.extract(
        text, names, scorer=fuzz.WRatio, processor=normalise, limit=NEAREST)]
    raise FilterMatchesNothing(f"{option} {text!r} names no area or council"
                               + (f"; nearest: {'; '.join(close)}" if close else ""))
