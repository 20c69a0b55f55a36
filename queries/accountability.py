"""Where an item reports, up to the top (`chain`).

From an item the chain climbs its containers (action → objective → plan), then the
bodies that monitor them (`monitoredBy`), then `reportsTo` and `subGroupOf` (a sub
group reports to its parent) until a body that reports nowhere. Each hop carries the
frequency and what is reported, and each body its chair. Several upward edges make a
tree; a body met again on the same path is a loop: reported as a finding, not walked.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("plan:p", "Plan"), ("board:a", "Board"), ("board:b", "Board"),
...                  ("person:chair", "Person")]:
...     kg.add_node(Node(id, type, id.split(":")[1]))
>>> kg.add_edge(Edge("plan:p", "monitoredBy", "board:a"))
>>> kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "quarterly"}))
>>> kg.add_edge(Edge("board:b", "chairedBy", "person:chair"))
>>> chain = reporting_chain(kg, "plan:p")
>>> [[hop.node.id for hop in path] for path in chain.paths()]
[['plan:p', 'board:a', 'board:b']]
>>> [c.node.id for c in chain.paths()[0][-1].chairs], chain.findings
(['person:chair'], ())
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:a"))
>>> reporting_chain(kg, "plan:p").findings
('reporting loop: a → b → a',)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.ontology import RELATIONS, group
from sendkg.queries.containment import ITEM_TYPES, STRUCTURE
from sendkg.queries.resolution import ITEMS_FIRST, subjects
from sendkg.records import Edge, Node

REPORTING = group("reporting")  # climbed in this order
# The reporting lines that carry a report (with its frequency), and a board's own
# lines to another body (a monitoredBy comes from a plan or an item, not a board).
REPORT_LINES = tuple(r for r in REPORTING if "reports" in RELATIONS[r].qualifiers)
BOARD_LINES = tuple(r for r in REPORTING if "Board" in RELATIONS[r].domain)
CHAIN_PREFER = ("Board", *ITEMS_FIRST)
CHAINABLE = (*ITEM_TYPES, "Board", "Post", "Organisation")
MAX_HOPS = 5000  # a guard against a pathological tree, far above any real governance
MAX_DEPTH = 100  # levels on one path; real governance has under ten


@dataclass(frozen=True)
class Chair:
    """Who chairs a body; a chair that is a post lists the people holding it."""

    node: Node
    edge: Edge
    holders: tuple[Node, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**self.node.summary(), **self.edge.props,
                "holders": [h.summary() for h in self.holders],
                "fact_sources": [s.as_dict() for s in self.edge.sources]}


@dataclass(frozen=True)
class Hop:
    """One step up: the node reached, the edge walked (None at the start), onward hops."""

    node: Node
    edge: Edge | None = None
    chairs: tuple[Chair, ...] = ()
    next: tuple[Hop, ...] = ()
    loop: bool = False  # the node is already on this path; not walked again

    @property
    def relation(self) -> str | None:
        return self.edge.p if self.edge else None

    @property
    def contained(self) -> bool:
        """True when this hop climbs from an item to its container."""
        return self.relation in STRUCTURE

    def as_dict(self) -> dict[str, Any]:
        edge = self.edge
        return {**self.node.summary(), "relation": self.relation,
                **(edge.props if edge else {}),
                "fact_sources": [s.as_dict() for s in edge.sources] if edge else [],
                "chairs": [c.as_dict() for c in self.chairs], "loop": self.loop,
                "next": [h.as_dict() for h in self.next]}


@dataclass(frozen=True)
class ReportingChain:
    item: Node
    root: Hop
    findings: tuple[str, ...] = ()

    def paths(self) -> list[list[Hop]]:
        """Every path from the item to a top (or to a loop), depth first."""
        return list(_paths(self.root))

    def tops(self) -> list[Node]:
        """The bodies at the end of a reporting path: they report nowhere."""
        ends = {p[-1].node.id: p[-1].node for p in self.paths()
                if len(p) > 1 and not p[-1].loop and not p[-1].contained}
        return sorted(ends.values(), key=lambda n: n.id)

    def as_dict(self) -> dict[str, Any]:
        return {**self.item.summary(), "tree": self.root.as_dict(),
                "paths": [[h.node.id for h in p] for p in self.paths()],
                "tops": [n.summary() for n in self.tops()], "findings": list(self.findings)}


def reporting_chain(kg, node_id: str) -> ReportingChain:
    """Every reporting path upward from a node, as a tree, with loops as findings."""
    findings: dict[str, None] = {}
    budget = [MAX_HOPS]
    root = _climb(kg, kg.node(node_id), findings, budget)
    if budget[0] <= 0:
        findings[f"chain cut short after {MAX_HOPS} hops"] = None
    if not any(h.relation in REPORTING for p in _paths(root) for h in p):
        findings[f"no reporting line recorded for {root.node.label}"] = None
    return ReportingChain(root.node, root, tuple(findings))


def upward(kg, node_id: str) -> list[tuple[Edge, str]]:
    """The edges one step up from a node, each with the node it leads to."""
    up = [(e, e.o) for e in kg.out_edges(node_id) if e.p in REPORTING]
    return up + [(e, e.s) for e in kg.in_edges(node_id) if e.p in STRUCTURE]


def chairs_of(kg, board_id: str) -> list[Chair]:
    """Who chairs a body (chair first), with the holders of a chair that is a post."""
    chairs = [Chair(kg.node(e.o), e, tuple(kg.node(h.s) for h in kg.in_edges(e.o, "holds")))
              for e in kg.out_edges(board_id, "chairedBy")]
    return sorted(chairs, key=lambda c: (c.edge.props.get("role", "chair") != "chair",
                                         c.node.label.casefold(), c.node.id))


@dataclass
class _Open:
    """A node being climbed: its hop's parts and the steps not yet taken."""

    node: Node
    edge: Edge | None
    chairs: tuple[Chair, ...]
    steps: list
    done: list


def _climb(kg, start: Node, findings: dict, budget: list[int]) -> Hop:
    """The tree of hops up from `start`, walked depth first with an explicit stack (no
    recursion, so a reporting line thousands long cannot exhaust Python's stack): a node
    met again on the path is a loop, not walked; a path deeper than MAX_DEPTH is cut with
    a finding (the tree itself is nested, and JSON and the printed tree follow it)."""
    stack: list[_Open] = []
    on_path: set[str] = set()

    def enter(node: Node, edge: Edge | None) -> Hop | None:
        budget[0] -= 1
        chairs = tuple(chairs_of(kg, node.id))
        if node.id in on_path:
            findings[_loop(kg, tuple(o.node.id for o in stack), node.id)] = None
            return Hop(node, edge, chairs, loop=True)
        if len(stack) >= MAX_DEPTH:
            findings[f"chain cut short at {MAX_DEPTH} levels"] = None
            return Hop(node, edge, chairs)
        steps = sorted(upward(kg, node.id), key=lambda step: _step_order(kg, step))
        stack.append(_Open(node, edge, chairs, steps[::-1], []))
        on_path.add(node.id)
        return None

    leaf = enter(start, None)
    if leaf is not None:
        return leaf
    while True:
        top = stack[-1]
        if top.steps and budget[0] > 0:
            step_edge, target = top.steps.pop()
            leaf = enter(kg.node(target), step_edge)
            if leaf is not None:
                top.done.append(leaf)
            continue
        stack.pop()
        on_path.discard(top.node.id)
        hop = Hop(top.node, top.edge, top.chairs, tuple(top.done))
        if not stack:
            return hop
        stack[-1].done.append(hop)


def _step_order(kg, step) -> tuple:
    edge, target = step
    rank = REPORTING.index(edge.p) if edge.p in REPORTING else len(REPORTING)
    return (rank, kg.node(target).label.casefold(), target)


def _loop(kg, trail: tuple[str, ...], again: str) -> str:
    cycle = list(trail[trail.index(again):])
    start = cycle.index(min(cycle))  # one wording per loop, whichever node it was met from
    cycle = cycle[start:] + cycle[:start]
    return "reporting loop: " + " → ".join(kg.node(n).label for n in [*cycle, cycle[0]])


def _paths(root: Hop):
    """Each root-to-leaf path of the tree, depth first, walked with a stack."""
    stack = [[root]]
    while stack:
        path = stack.pop()
        if not path[-1].next:
            yield path
        stack.extend([*path, child] for child in reversed(path[-1].next))


def reporting_chain_text(kg, text: str, all: bool = False,
                         type: str | None = None) -> list[tuple[Node, ReportingChain]]:
    """`reporting_chain` for each entity `text` names (several when they tie)."""
    return [(node, reporting_chain(kg, node.id))
            for node in subjects(kg, text, CHAINABLE, CHAIN_PREFER, all, type)]
