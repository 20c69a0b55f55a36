"""Who holds a body's duties now: the successions between bodies, as at a date.

An officer reading a 2017 plan asks "who holds this now?". The dataset records each
change of body once (its `successions:` list: predecessor(s), successor(s), kind, date,
public source; data/FORMAT.md), and documents may state `replacedBy` themselves. This
module follows those from a body to whoever holds its duties on a given date, through
as many changes as there were (a CCG merged into a county CCG in 2020, which an ICB
replaced in 2022). `questions.answer` applies it to every body an answer names.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import SUCCESSION_KINDS, Node, Succession
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("org:ccg", "Organisation", "NHS Old CCG"))
>>> kg.registry["org:icb"] = Node("org:icb", "Organisation", "NHS New ICB")
>>> kg.successions.append(Succession(("org:ccg",), ("org:icb",), "replaced",
...                                  "2022-07-01", "Health and Care Act 2022"))
>>> standing(kg, "org:ccg", "2022-06-30") is None
True
>>> now = standing(kg, "org:ccg", "2024-01-01")
>>> now.phrase()
'abolished 30 June 2022; duties now with NHS New ICB'
>>> [n.id for n in now.holders], now.steps[0].source
(['org:icb'], 'Health and Care Act 2022')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sendkg.dates import iso_date
from sendkg.records import SUCCESSION_KINDS, Node, Succession

MAX_STEPS = 50  # far above any real chain of reorganisations; a guard against loops


@dataclass(frozen=True)
class Standing:
    """What had become of one body by a date.

    `steps` are the successions taken, in date order (empty when the body simply ended,
    its `valid_to` passed); `holders` the bodies holding its duties on the date (empty
    when none is recorded); `ended` the body's last day (ISO date) or None when a
    document's `replacedBy` gives no date; `renamed` true when every step was a renaming.
    """

    node: Node
    as_at: str
    steps: tuple[Succession, ...]
    holders: tuple[Node, ...]
    ended: str | None

    @property
    def renamed(self) -> bool:
        return bool(self.steps) and all(s.kind == "renamed" for s in self.steps)

    def phrase(self) -> str:
        """A few words for after the body's name: 'abolished 30 June 2022; duties now
        with NHS North East and North Cumbria ICB'."""
        names = " and ".join(n.label for n in self.holders)
        if self.renamed:
            return f"renamed {names} on {long_date(self.steps[-1].date)}"
        ended = f"abolished {long_date(self.ended)}" if self.ended else "replaced"
        if not self.holders:
            return f"{ended}; no successor recorded"
        split = " split between" if len(self.holders) > 1 else " with"
        return f"{ended}; duties now{split} {names}"

    def path_text(self, label_of) -> str:
        """Each step with its kind, date and source: 'NHS North Durham CCG → merged into
        NHS County Durham CCG, 1 April 2020 (NHS England …) → replaced by …'."""
        parts = [self.node.label]
        for step in self.steps:
            to = " and ".join(label_of(i) for i in step.successors)
            when = f", {long_date(step.date)}" if step.date else ""
            parts.append(f"{KIND_WORDS[step.kind]} {to}{when} ({step.source})")
        return " → ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {**self.node.summary(), "as_at": self.as_at, "ended": self.ended,
                "phrase": self.phrase(), "holders": [n.summary() for n in self.holders],
                "path": [s.as_dict() for s in self.steps]}


KIND_WORDS = {"replaced": "replaced by", "merged-into": "merged into",
              "split-into": "split into", "renamed": "renamed"}


def long_date(iso: str) -> str:
    """'2022-06-30' -> '30 June 2022'."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def today() -> str:
    return dt.date.today().isoformat()


def day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def successions_from(kg) -> dict[str, list[Succession]]:
    """{predecessor id: its successions, earliest first}: the dataset's successions and
    each document's `replacedBy` fact (its `kind`, else replaced; its `date` when a
    calendar date, else undated, and so in effect at any date; its source the line)."""
    def build():
        found: dict[str, list[Succession]] = defaultdict(list)
        for succession in kg.successions:
            for old in succession.predecessors:
                found[old].append(succession)
        for edge in kg.edges("replacedBy"):
            sources = "; ".join(map(str, edge.sources)) or "the documents"
            kind = edge.props.get("kind")
            found[edge.s].append(Succession(
                (edge.s,), (edge.o,), kind if kind in SUCCESSION_KINDS else "replaced",
                iso_date(edge.props.get("date")) or "", sources))
        return {k: sorted(v, key=lambda s: s.date) for k, v in found.items()}
    return kg.derived.get("successions", build)


def took_over(kg, node_id: str) -> list[Succession]:
    """The successions (earliest first) by which `node_id` took over other bodies'
    duties: an ICB no document names holds its CCGs' duties only through these."""
    return sorted((s for s in kg.successions if node_id in s.successors),
                  key=lambda s: s.date)


def standing(kg, node_id: str, as_at: str) -> Standing | None:
    """What had become of `node_id` by `as_at` (ISO date), or None when it still stood.

    Follows successions in force on `as_at` (dated on or before it, or undated) from the
    body to the bodies holding its duties, step by step; a body whose `valid_to` passed
    with no succession is reported as ended with no successor.
    """
    index = successions_from(kg)
    node = kg.entity(node_id)
    frontier, steps, seen = [node_id], [], {node_id}
    while len(steps) < MAX_STEPS:
        taken = [s for i in frontier for s in index.get(i, [])[:1] if s.date <= as_at]
        if not taken:
            break
        step = min(taken, key=lambda s: s.date)
        steps.append(step)
        frontier = [i for i in frontier if i not in step.predecessors]
        frontier += [i for i in step.successors if i not in seen]
        seen.update(step.successors)
    if steps:
        first = steps[0].date
        return Standing(node, as_at, tuple(steps),
                        tuple(kg.entity(i) for i in frontier), day_before(first) if first
                        else None)
    valid_to = node.props.get("valid_to")
    if valid_to and valid_to < as_at:
        return Standing(node, as_at, (), (), valid_to)
    return None


def standings(kg, nodes, as_at: str) -> dict[str, Standing]:
    """{id: Standing} for those of `nodes` that no longer stood on `as_at`."""
    found = {}
    for node in nodes:
        if node.id not in found:
            here = standing(kg, node.id, as_at)
            if here:
                found[node.id] = here
    return found
