"""What depends on an Act, body, person, post or organisation (`impact`).

The reverse of owner, chain, drivers and funders, followed as far as it means
something:

- whatever names the entity as responsible, owner, funder, commissioner, chair,
  driver, monitoring body, parent body or body it is a member of is affected;
- a person stands in their posts, an organisation in its posts and sub-organisations:
  what depends on those is affected too;
- a body that goes (abolished, or the law behind it repealed) takes with it everything
  reporting through it, transitively;
- an affected plan, aim, objective or deliverable takes with it everything it contains.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("board:top", "Board"), ("board:sub", "Board"), ("plan:p", "Plan"),
...                  ("act:a", "Action"), ("person:chair", "Person")]:
...     kg.add_node(Node(id, type, id.split(":")[1]))
>>> kg.add_edge(Edge("board:sub", "reportsTo", "board:top"))
>>> kg.add_edge(Edge("plan:p", "monitoredBy", "board:sub"))
>>> kg.add_edge(Edge("plan:p", "hasAction", "act:a"))
>>> kg.add_edge(Edge("board:top", "chairedBy", "person:chair"))
>>> [(a.node.id, a.depth) for a in affected_by(kg, "board:top")]
[('board:sub', 1), ('plan:p', 2), ('act:a', 3)]
>>> [(a.node.id, [e.p for e in a.because]) for a in affected_by(kg, "person:chair")]
[('board:top', ['chairedBy'])]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.ontology import group
from sendkg.queries.containment import ITEM_TYPES, STRUCTURE
from sendkg.queries.resolution import AGENTS_FIRST, subjects
from sendkg.records import Edge, Node

DEPENDS = tuple(r for name in ("ownership", "funding", "chairs", "drivers", "membership",
                               "reporting") for r in group(name))
REPORTS_THROUGH = group("reporting")
# A body reached through these goes with what it depends on, so what reports through
# it is affected as well; a body that merely loses a chair or a member is not.
TAKES_BODY_DOWN = (*REPORTS_THROUGH, *group("drivers"))
STANDS_IN = group("partsOf")  # a post in / sub-organisation of an agent


@dataclass(frozen=True)
class Affected:
    """A node affected at `depth` steps, with the edges that tie it to the step before."""

    node: Node
    depth: int
    because: tuple[Edge, ...]

    @property
    def transitive(self) -> bool:
        return self.depth > 1

    def as_dict(self) -> dict[str, Any]:
        return {**self.node.summary(), "depth": self.depth, "transitive": self.transitive,
                "because": [e.as_dict() for e in self.because]}


def affected_by(kg, node_id: str) -> list[Affected]:
    """Everything that depends on `node_id`, nearest first (breadth-first depth)."""
    start = kg.node(node_id)
    frontier = {(node_id, "agent")}
    if start.type in ITEM_TYPES:
        frontier.add((node_id, "item"))
    seen, depth, found = set(frontier), 0, {}
    while frontier:
        depth += 1
        reached: dict[tuple[str, str], list[Edge]] = {}
        for current, mode in sorted(frontier):
            for edge, target, target_mode in _steps(kg, current, mode):
                reached.setdefault((target, target_mode), []).append(edge)
        frontier = {state for state in reached if state not in seen}
        seen |= frontier
        for (target, mode), edges in reached.items():  # each one's edges are sorted
            if (target, mode) in frontier and target != node_id:
                _record(found, kg.node(target), depth, edges)
    return sorted(found.values(), key=lambda a: (a.depth, a.node.type, a.node.label.casefold(),
                                                  a.node.id))


def _record(found: dict, node: Node, depth: int, edges: list[Edge]) -> None:
    before = found.get(node.id)
    if before is None:
        found[node.id] = Affected(node, depth, _unique(edges))
    elif before.depth == depth:
        found[node.id] = Affected(node, depth, _unique([*before.because, *edges]))


def _unique(edges) -> tuple[Edge, ...]:
    if len(edges) == 1:  # most nodes are reached by one edge: nothing to sort
        return (edges[0],)
    keyed = {(e.s, e.p, e.o): e for e in edges}
    return tuple(keyed[k] for k in sorted(keyed))


def _steps(kg, node_id: str, mode: str):
    """(edge, dependent, its mode) one step down from a node in the given mode."""
    if mode == "agent":
        yield from _agent_steps(kg, node_id)
    elif mode == "body":
        for edge in kg.in_edges(node_id):
            if edge.p in REPORTS_THROUGH:
                yield edge, edge.s, _mode_of(kg, edge.s, edge.p)
    elif mode == "item":
        for edge in kg.out_edges(node_id):
            if edge.p in STRUCTURE:
                yield edge, edge.o, "item"


def _agent_steps(kg, node_id: str):
    for edge in kg.out_edges(node_id, "holds"):
        yield edge, edge.o, "agent"
    for edge in kg.in_edges(node_id):
        if edge.p in STANDS_IN:
            yield edge, edge.s, "agent"
        elif edge.p in DEPENDS:
            yield edge, edge.s, _mode_of(kg, edge.s, edge.p)


def _mode_of(kg, node_id: str, relation: str) -> str:
    node_type = kg.node(node_id).type
    if node_type in ITEM_TYPES:
        return "item"
    return "body" if relation in TAKES_BODY_DOWN else "leaf"


def affected_by_text(kg, text: str, all: bool = False,
                     type: str | None = None) -> list[tuple[Node, list[Affected]]]:
    """`affected_by` for each entity `text` names (several when they tie)."""
    return [(node, affected_by(kg, node.id))
            for node in subjects(kg, text, None, AGENTS_FIRST, all, type)]


GROUPS = ("direct", "contained", "reporting", "plan-context")


def impact_groups(kg, node_id: str, found: list[Affected] | None = None
                  ) -> dict[str, list[Affected]]:
    """`affected_by`, sorted into what officers ask first: what is directly driven,
    owned, funded or chaired by the subject; what is contained in those; what reports
    through them; and plan-wide context: a plan that cites the subject as a whole is
    given once, with everything inside it left to the plan.

    A layer over `affected_by` (impact.rq and impact.cypher mirror that core); `found`
    is its answer when the caller has it already (a web page answering all six).
    """
    found = affected_by(kg, node_id) if found is None else found
    by_id = {a.node.id: a for a in found}
    context = {a.node.id for a in found
               if a.depth == 1 and a.node.type == "Plan"
               and any(e.p in group("drivers") for e in a.because)}
    groups: dict[str, list[Affected]] = {name: [] for name in GROUPS}
    for a in found:
        origin = _origin(a, by_id, node_id)
        if a.node.id in context:
            groups["plan-context"].append(a)
        elif origin in context:
            continue  # inside a plan that only cites the subject as context
        elif a.depth == 1:
            groups["direct"].append(a)
        elif any(e.p in REPORTS_THROUGH for e in a.because):
            groups["reporting"].append(a)
        else:
            groups["contained"].append(a)
    return groups


def _origin(a: Affected, by_id: dict, start: str) -> str:
    """The first step's node on the way from the subject to `a`."""
    seen = set()
    while a.depth > 1 and a.node.id not in seen:
        seen.add(a.node.id)
        before = [by_id[n] for e in a.because for n in (e.s, e.o)
                  if n in by_id and n != a.node.id and by_id[n].depth < a.depth]
        if not before:
            break
        a = min(before, key=lambda b: b.depth)
    return a.node.id
