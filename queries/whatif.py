"""What would move or break if bodies were replaced or removed, without changing data.

An officer preparing a reorganisation asks "what has to be re-pointed if this board
goes?". `replace(kg, OLD_IDS, NEW_ID)` re-points every fact touching the old bodies at
the new one; `remove(kg, ID)` lists every fact that would end, proposing for a line
into the body the body it reported to (its own reporting line, the ontology's
`reporting` group) when the relation allows it. Each change is grouped by the plan it
belongs to, and named by the ontology group of its relation (ownership, funding,
membership, chairs, reporting lines; sendkg.ttl). `patch` gives the change as a
dataset patch for review (data/FORMAT.md, "What-if patches").

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for i, t in [("plan:p", "Plan"), ("org:ccg", "Organisation"), ("org:icb", "Organisation"),
...              ("board:b", "Board")]:
...     kg.add_node(Node(i, t, i))
>>> kg.add_edge(Edge("plan:p", "ownedBy", "org:ccg"))
>>> kg.add_edge(Edge("board:b", "chairedBy", "org:ccg"))
>>> found = replace(kg, ["org:ccg"], "org:icb")
>>> [(c.outcome, c.edge.s, c.new.o, c.group) for c in found.changes]
[('moves', 'board:b', 'org:icb', 'chairs'), ('moves', 'plan:p', 'org:icb', 'ownership')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sendkg.ontology import GROUP_LABELS, RELATIONS, group, group_of
from sendkg.queries.containment import plans_of
from sendkg.queries.succession import standing, today
from sendkg.records import Edge, Node

NO_PLAN = "Governance and membership (no plan)"


@dataclass(frozen=True)
class Change:
    """One fact touching the bodies: as written (`edge`), and `new` as it would be.

    `outcome` is "moves" (re-pointed at `new`), "merges" (the re-pointed fact is already
    stated, or another moved fact states it), or "breaks" (no target: `why` says why).
    `group` is the ontology relation group of the fact's relation ("other" when none).
    """

    edge: Edge
    outcome: str
    new: Edge | None
    group: str
    plans: tuple[Node, ...]
    why: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"fact": self.edge.as_dict(), "outcome": self.outcome, "group": self.group,
                "new": {"s": self.new.s, "p": self.new.p, "o": self.new.o}
                if self.new else None,
                "plans": [p.summary() for p in self.plans], "why": self.why}


@dataclass(frozen=True)
class WhatIf:
    """The proposal (`action` "replace" or "remove", the bodies, the new one) and every
    fact it touches, in the graph's order."""

    action: str
    old: tuple[Node, ...]
    new: Node | None
    changes: tuple[Change, ...]
    # Why `new` takes a removed body's lines: "given" (--to), "successor" (a recorded
    # succession), "reports to" (its own reporting line); "" for replace.
    chosen: str = ""

    def by_plan(self) -> dict[str, list[Change]]:
        """{plan label (NO_PLAN for governance facts): its changes}, plans by name."""
        found: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            for label in [p.label for p in change.plans] or [NO_PLAN]:
                found[label].append(change)
        return dict(sorted(found.items(), key=lambda kv: (kv[0] == NO_PLAN, kv[0])))

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for change in self.changes:
            counts[change.outcome] += 1
        return dict(counts)

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "old": [n.summary() for n in self.old],
                "new": self.new.summary() if self.new else None, "chosen": self.chosen,
                "counts": self.counts(),
                "changes": [c.as_dict() for c in self.changes]}


def group_title(name: str) -> str:
    return GROUP_LABELS.get(name, "other links")


def touching(kg, ids) -> list[Edge]:
    """Every fact (edge) with one or both ends in `ids`, each once, in a stable order."""
    found = {}
    for node_id in ids:
        for edge in (*kg.out_edges(node_id), *kg.in_edges(node_id)):
            found[(edge.s, edge.p, edge.o)] = edge
    return [found[k] for k in sorted(found)]


def _plans(kg, edge: Edge, ids) -> tuple[Node, ...]:
    """The plans the fact belongs to: those of its end that is not being changed."""
    ends = [end for end in (edge.s, edge.o) if end not in ids] or [edge.s]
    return tuple({p.id: p for end in ends for p in plans_of(kg, end)}.values())


def replace(kg, old_ids: list[str], new_id: str) -> WhatIf:
    """Every fact touching `old_ids` re-pointed at `new_id` (a graph or registry id)."""
    old = set(old_ids)
    new_node = kg.entity(new_id)
    seen: dict[tuple[str, str, str], Edge] = {}
    changes = []
    for edge in touching(kg, old):
        s = new_id if edge.s in old else edge.s
        o = new_id if edge.o in old else edge.o
        moved = Edge(s, edge.p, o, dict(edge.props), edge.sources)
        changes.append(_replaced(kg, edge, moved, seen, new_node, old))
    return WhatIf("replace", tuple(kg.node(i) for i in old_ids), new_node, tuple(changes))


def _replaced(kg, edge, moved, seen, new_node, old) -> Change:
    kind, plans = group_of(edge.p) or "other", _plans(kg, edge, old)
    relation = RELATIONS[edge.p]
    types = [kg.entity(moved.s).type, kg.entity(moved.o).type]
    if moved.s == moved.o:
        return Change(edge, "breaks", None, kind, plans,
                      f"both ends become {new_node.label}: the fact would point at itself")
    if not relation.allows(*types):
        return Change(edge, "breaks", None, kind, plans,
                      f"{edge.p} cannot join a {types[0]} to a {types[1]}")
    key = (moved.s, moved.p, moved.o)
    if key in seen or kg.edge(*key):
        return Change(edge, "merges", moved, kind, plans, "the new body already has this "
                      "fact" if kg.edge(*key) else "another moved fact states it too")
    seen[key] = moved
    return Change(edge, "moves", moved, kind, plans)


def remove(kg, body_id: str, to: str | None = None, as_at: str | None = None) -> WhatIf:
    """Every fact touching `body_id` if it went: a line into it moves to `to` (an id),
    else to its recorded successor as at `as_at` (ISO date, default today; the one body
    holding its duties, queries/succession.py), else to the body it reports to
    (`reporting_parent`), when the relation allows that body; everything else breaks."""
    body = kg.node(body_id)
    parent, chosen = _taker(kg, body_id, to, as_at or today())
    changes = []
    for edge in touching(kg, {body_id}):
        kind, plans = group_of(edge.p) or "other", _plans(kg, edge, {body_id})
        if edge.o == body_id and parent and edge.s != parent.id and \
                RELATIONS[edge.p].allows(kg.node(edge.s).type, parent.type):
            moved = Edge(edge.s, edge.p, parent.id, dict(edge.props), edge.sources)
            outcome = "merges" if kg.edge(edge.s, edge.p, parent.id) else "moves"
            changes.append(Change(edge, outcome, moved, kind, plans))
            continue
        why = "ends with the body" if edge.s == body_id else \
            ("no body above it to take this" if not parent else
             f"{edge.p} cannot go to {parent.label}")
        changes.append(Change(edge, "breaks", None, kind, plans, why))
    return WhatIf("remove", (body,), parent, tuple(changes), chosen)


def _taker(kg, body_id: str, to: str | None, as_at: str) -> tuple[Node | None, str]:
    """The body proposed to take a removed body's lines, and why (WhatIf.chosen)."""
    if to:
        return kg.entity(to), "given"
    now = standing(kg, body_id, as_at)
    if now and len(now.holders) == 1:  # split duties have no one body to propose
        return now.holders[0], "successor"
    parent = reporting_parent(kg, body_id)
    return parent, "reports to" if parent else ""


def reporting_parent(kg, body_id: str) -> Node | None:
    """The body `body_id` reports to (its own reporting lines, the ontology's
    `reporting` group): a line the documents state for certain before one marked
    `uncertain`, then in the group's order (monitoredBy, reportsTo, subGroupOf), then by
    id; None when it reports to nobody."""
    order = {p: i for i, p in enumerate(group("reporting"))}
    upward = sorted((e for e in kg.out_edges(body_id) if e.p in order),
                    key=lambda e: (bool(e.props.get("uncertain")), order[e.p], e.o))
    return kg.node(upward[0].o) if upward else None


def patch(found: WhatIf, command: str) -> dict[str, Any]:
    """The change as a dataset patch for review: the facts to remove, each with its
    sources, and the facts to add, in the dataset's relation shape with the lines of the
    facts they come from (data/FORMAT.md, "What-if patches")."""
    def written(edge: Edge) -> dict[str, Any]:
        return {"s": edge.s, "p": edge.p, "o": edge.o, **edge.props,
                "sources": [str(s) for s in edge.sources]}

    add = [written(c.new) for c in found.changes if c.outcome == "moves"]
    return {"patch": {
        "command": command, "action": found.action,
        "old": [n.id for n in found.old], "new": found.new.id if found.new else None,
        "remove": [written(c.edge) for c in found.changes],
        "add": add,
        "unresolved": [{**written(c.edge), "why": c.why} for c in found.changes
                       if c.outcome == "breaks"]}}


def bodies_named(kg, text: str, registry: bool = False) -> list[Node]:
    """The bodies (organisations, boards, posts, people) `text` names exactly: an id, a
    label or alias, or a registry abbreviation naming several ("Durham CCGs" is both
    County Durham CCGs); with `registry`, also a registry entry no document names.

    A reorganisation what-if never guesses: a name that only resembles a body (by
    spelling or by some of its words) raises EntityNotFound naming the nearest bodies
    and their ids, as does a name two unrelated bodies share."""
    import re

    from sendkg.errors import EntityNotFound
    from sendkg.names import normalise
    from sendkg.queries.find import find_entities

    agents = group("agents")
    if kg.has_node(text) or (registry and text in kg.registry):
        return [kg.entity(text)]
    if re.fullmatch(r"[a-z]+:[a-z0-9][a-z0-9.-]*", text):  # an id, mistyped: never guess
        raise EntityNotFound(f"no entity with id {text!r}")
    matches = [m for m in find_entities(kg, text, limit=30) if m.node.type in agents]
    exact = [m for m in matches if m.score == 100]
    if registry and not exact:
        wanted = normalise(text)
        entries = [entry for entry in kg.registry.values() if entry.type in agents
                   and wanted in map(normalise, (entry.label, *entry.aliases))]
        if len(entries) == 1:
            return entries
    if exact and (len(exact) == 1 or all("abbreviation" in m.why for m in exact)):
        return [m.node for m in exact]
    named = "; ".join(f"{m.node.label} ({m.node.id}{', ' + m.why if m.why else ''})"
                      for m in (exact or matches)[:3])
    if exact:
        raise EntityNotFound(f"{text!r} names {len(exact)} bodies: {named}; give the id")
    raise EntityNotFound(f"{text!r} is not the id, name or alias of a body, and a what-if "
                         f"never guesses" + (f"; nearest: {named}" if named else ""))
