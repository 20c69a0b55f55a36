"""The typed property graph: a networkx MultiDiGraph with sendkg records on it.

Node attributes: `record` (a Node). Edge key: the relation name; edge attribute
`record` (an Edge). One (subject, relation, object) is one edge, whatever number of
documents state it: their sources are merged onto it.

Views computed from the graph (the name index behind `find`, the RDF view, a SPARQL
store) live in `kg.derived`: built on first use, dropped by `add_node` and `add_edge`,
never pickled with the graph (the graph cache keeps the search indexes in files of
their own, sendkg.graph.cache). `remove_node` drops them too; code that edits `kg.graph` directly must
call `kg.derived.clear()`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx

from sendkg.errors import DanglingEdgeError, EntityNotFound
from sendkg.records import Abbreviation, Edge, Node, Succession

T = TypeVar("T")


@dataclass(frozen=True)
class ReviewItem:
    """Two entities that may be one, left apart for a person to decide."""

    first: str
    second: str
    score: float
    reason: str


class Derived:
    """Views derived from a graph, by name, each built once until the graph changes.

    >>> derived = Derived()
    >>> derived.get("answer", lambda: 42), derived.get("answer", lambda: 0)
    (42, 42)
    >>> derived.clear(); derived.get("answer", lambda: 0)
    0
    """

    def __init__(self) -> None:
        self._views: dict[str, Any] = {}
        # Where views of the unchanged graph are kept between processes: an object with
        # load(name) -> view or None and save(name, view) (sendkg.graph.cache.ViewStore).
        self.store = None

    def get(self, name: str, build: Callable[[], T]) -> T:
        if name not in self._views:
            view = self.store.load(name) if self.store else None
            if view is None:
                view = build()
                if self.store:
                    self.store.save(name, view)
            self._views[name] = view
        return self._views[name]

    def clear(self) -> None:
        self._views.clear()
        self.store = None  # the stored views were of the graph before this change

    def __contains__(self, name: str) -> bool:
        return name in self._views

    def __getstate__(self) -> dict:
        return {}  # rebuilt from the graph, never stored in the on-disk cache

    def __setstate__(self, state: dict) -> None:
        self._views = {}
        self.store = None

    def __repr__(self) -> str:
        return f"Derived({sorted(self._views)})"


@dataclass
class KnowledgeGraph:
    """The built graph with its identity registry and review list.

    >>> kg = KnowledgeGraph()
    >>> kg.add_node(Node("board:a", "Board", "Board A"))
    >>> kg.add_node(Node("board:b", "Board", "Board B"))
    >>> kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "quarterly"}))
    >>> [e.o for e in kg.out_edges("board:a", "reportsTo")]
    ['board:b']
    >>> kg.node("board:b").label
    'Board B'
    >>> kg.add_edge(Edge("board:a", "subGroupOf", "board:x"))
    Traceback (most recent call last):
    ...
    sendkg.errors.DanglingEdgeError: edge board:a -subGroupOf-> board:x: the graph has no node 'board:x'; add nodes before their edges
    """

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    registry: dict[str, Node] = field(default_factory=dict)
    name: str = "graph"
    # The dataset's successions (bodies taking over from others; sendkg.records.Succession).
    successions: list[Succession] = field(default_factory=list)
    derived: Derived = field(default_factory=Derived, repr=False, compare=False)

    def add_node(self, node: Node) -> None:
        self.graph.add_node(node.id, record=node)
        self.derived.clear()

    def add_edge(self, edge: Edge) -> None:
        """Add an edge between two nodes already in the graph (else DanglingEdgeError)."""
        if edge.s not in self.graph or edge.o not in self.graph:
            missing = tuple(dict.fromkeys(e for e in (edge.s, edge.o) if e not in self.graph))
            raise DanglingEdgeError(edge, missing)
        self.graph.add_edge(edge.s, edge.o, key=edge.p, record=edge)
        self.derived.clear()

    def remove_node(self, node_id: str) -> None:
        """Remove a node and every edge to or from it (EntityNotFound if absent)."""
        if node_id not in self.graph:
            raise EntityNotFound(f"no entity with id {node_id!r}")
        self.graph.remove_node(node_id)
        self.derived.clear()

    def has_node(self, node_id: str) -> bool:
        return node_id in self.graph

    def entity(self, node_id: str) -> Node:
        """A node of the graph, or else a registry entry (a successor body no document
        names); EntityNotFound when neither has it."""
        if node_id in self.graph:
            return self.node(node_id)
        if node_id in self.registry:
            return self.registry[node_id]
        raise EntityNotFound(f"no entity with id {node_id!r}")

    def node(self, node_id: str) -> Node:
        try:  # networkx's own node dict: its NodeView costs more than the look-up
            return self.graph._node[node_id]["record"]
        except KeyError:
            raise EntityNotFound(f"no entity with id {node_id!r}") from None

    def nodes(self, type: str | None = None) -> Iterator[Node]:
        """Every node record (of `type`), in networkx's node order."""
        for data in self.graph._node.values():  # its NodeView costs more than the walk
            if type is None or data["record"].type == type:
                yield data["record"]

    def edges(self, relation: str | None = None) -> Iterator[Edge]:
        """Every edge record (of `relation`), in networkx's edge order: by subject, then
        object, then relation. Walks networkx's own dicts: its EdgeView costs several
        times more per edge, and a graph of 150 councils has 167,567 of them."""
        for neighbours in self.graph._succ.values():
            for by_key in neighbours.values():
                for key, data in by_key.items():
                    if relation is None or key == relation:
                        yield data["record"]

    def out_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        return self._adjacent(self.graph._succ, node_id, relation)

    def in_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        return self._adjacent(self.graph._pred, node_id, relation)

    def _adjacent(self, adjacency: dict, node_id: str, relation: str | None):
        """The edge records at `node_id` in networkx's own adjacency dict (successors or
        predecessors), in networkx's order: its edge views cost several times more per
        edge, and the questions walk thousands of edges at 150 councils."""
        if node_id not in adjacency:
            return  # nothing, as networkx's views give for a node not in the graph
        for by_key in adjacency[node_id].values():
            for key, data in by_key.items():
                if relation is None or key == relation:
                    yield data["record"]

    def edge(self, s: str, p: str, o: str) -> Edge | None:
        data = self.graph.get_edge_data(s, o, key=p)
        return data["record"] if data else None

    def type_counts(self) -> Counter:
        return Counter(node.type for node in self.nodes())

    def relation_counts(self) -> Counter:
        return Counter(key for _, _, key in self.graph.edges(keys=True))

    def __len__(self) -> int:
        return self.graph.number_of_nodes()
