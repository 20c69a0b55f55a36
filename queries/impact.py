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
    """Everything that depends on `node_id`, nearest first (breadth-first depth).

    Each step is read from the graph's table of dependants (`_Steps`, built once per
    graph in one pass over its relations), so a walk costs a few dictionary look-ups
    per entity reached: a national Act at 150 councils has over 9,000 dependants.
    Raises EntityNotFound for an unknown id.
    """
    start = kg.node(node_id)
    steps, order = kg.derived.get("impact steps", _Steps).of(kg)
    frontier = [(node_id, "agent")]
    if start.type in ITEM_TYPES:
        frontier.append((node_id, "item"))
    seen, depth = set(frontier), 0
    found: dict[str, tuple[int, list[Edge]]] = {}  # id -> (depth, edges from the step before)
    while frontier:
        depth += 1
        reached: dict[tuple[str, str], list[Edge]] = {}
        for state in frontier:  # the order does not matter: edges are sorted when merged
            for edge, target, target_mode in steps.get(state, ()):
                key = (target, target_mode)
                if key in seen:
                    continue
                edges = reached.get(key)
                if edges is None:
                    reached[key] = [edge]
                else:
                    edges.append(edge)
        seen.update(reached)
        frontier = list(reached)
        for (target, _), edges in reached.items():  # a target reached in two modes
            before = found.get(target)
            if target == node_id or (before is not None and before[0] < depth):
                continue
            found[target] = (depth, edges if before is None else [*before[1], *edges])
    ranked = sorted(found, key=lambda id: (found[id][0], order[id]))  # type, label, id
    return [Affected(kg.node(id), found[id][0], _unique(found[id][1])) for id in ranked]


class _Steps:
    """For each (entity, mode): the (edge, dependent, its mode) one step down, for every
    entity at once: one pass over the relations instead of a scan of each entity's
    relations on every walk. Kept among the graph's derived
    views (dropped when the graph changes); never written to disk (it is quicker to
    build than to read), so a stored copy comes back empty and is built on first use."""

    def __init__(self) -> None:
        self._built: tuple[dict, dict] | None = None

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self._built = None

    def of(self, kg) -> tuple[dict[tuple[str, str], tuple], dict[str, int]]:
        """For `kg` (the graph this view belongs to), built on first use: the table of
        steps (_step_table) and each entity's rank in the answer's order within a depth
        (type, then label without case, then id)."""
        if self._built is None:
            ranked = sorted(kg.nodes(), key=lambda n: (n.type, n.label.casefold(), n.id))
            self._built = _step_table(kg), {n.id: k for k, n in enumerate(ranked)}
        return self._built


def _step_table(kg) -> dict[tuple[str, str], tuple]:
    """{(entity, mode): ((edge, dependent, its mode), ...)} for every entity with any.

    An agent (mode 'agent') passes the effect to the posts it holds, to the posts and
    sub-organisations that stand in it, and to whatever depends on it (DEPENDS); a
    body that goes ('body') to whatever reports through it; an item ('item') to what
    it contains. A dependent that is a plan item continues as an item, a body reached
    through reporting or drivers as a body, anything else stops there ('leaf').
    """
    table: dict[tuple[str, str], list] = {}
    types = {node.id: node.type for node in kg.nodes()}

    def add(state: tuple[str, str], step: tuple) -> None:
        table.setdefault(state, []).append(step)

    for edge in kg.edges():
        p = edge.p
        if p == "holds":
            add((edge.s, "agent"), (edge, edge.o, "agent"))
        if p in STANDS_IN:
            add((edge.o, "agent"), (edge, edge.s, "agent"))
        elif p in DEPENDS:
            add((edge.o, "agent"), (edge, edge.s, _mode_for(types[edge.s], p)))
        if p in REPORTS_THROUGH:
            add((edge.o, "body"), (edge, edge.s, _mode_for(types[edge.s], p)))
        if p in STRUCTURE:
            add((edge.s, "item"), (edge, edge.o, "item"))
    return {state: tuple(found) for state, found in table.items()}


def _mode_for(node_type: str, relation: str) -> str:
    """How a dependent of type `node_type` reached by `relation` passes the effect on."""
    if node_type in ITEM_TYPES:
        return "item"
    return "body" if relation in TAKES_BODY_DOWN else "leaf"


def _unique(edges) -> tuple[Edge, ...]:
    if len(edges) == 1:  # most nodes are reached by one edge: nothing to sort
        return (edges[0],)
    keyed = {(e.s, e.p, e.o): e for e in edges}
    return tuple(keyed[k] for k in sorted(keyed))


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
