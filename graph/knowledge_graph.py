"""The typed property graph: a networkx MultiDiGraph with sendkg records on it.

Node attributes: `record` (a Node). Edge key: the relation name; edge attribute
`record` (an Edge). One (subject, relation, object) is one edge, whatever number of
documents state it: their sources are merged onto it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from sendkg.errors import DanglingEdgeError, EntityNotFound
from sendkg.records import Abbreviation, Edge, Node


@dataclass(frozen=True)
class ReviewItem:
    """Two entities that may be one, left apart for a person to decide."""

    first: str
    second: str
    score: float
    reason: str


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

    def add_node(self, node: Node) -> None:
        self.graph.add_node(node.id, record=node)

    def add_edge(self, edge: Edge) -> None:
        """Add an edge between two nodes already in the graph (else DanglingEdgeError)."""
        missing = tuple(dict.fromkeys(end for end in (edge.s, edge.o) if end not in self.graph))
        if missing:
            raise DanglingEdgeError(edge, missing)
        self.graph.add_edge(edge.s, edge.o, key=edge.p, record=edge)

    def has_node(self, node_id: str) -> bool:
        return node_id in self.graph

    def node(self, node_id: str) -> Node:
        try:
            return self.graph.nodes[node_id]["record"]
        except KeyError:
            raise EntityNotFound(f"no entity with id {node_id!r}") from None

    def nodes(self, type: str | None = None) -> Iterator[Node]:
        for _, record in self.graph.nodes(data="record"):
            if type is None or record.type == type:
                yield record

    def edges(self, relation: str | None = None) -> Iterator[Edge]:
        for _, _, key, record in self.graph.edges(keys=True, data="record"):
            if relation is None or key == relation:
                yield record

    def out_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        for _, _, key, record in self.graph.out_edges(node_id, keys=True, data="record"):
            if relation is None or key == relation:
                yield record

    def in_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        for _, _, key, record in self.graph.in_edges(node_id, keys=True, data="record"):
            if relation is None or key == relation:
                yield record

    def edge(self, s: str, p: str, o: str) -> Edge | None:
        data = self.graph.get_edge_data(s, o, key=p)
        return data["record"] if data else None

    def type_counts(self) -> Counter:
        return Counter(node.type for node in self.nodes())

    def relation_counts(self) -> Counter:
        return Counter(key for _, _, key in self.graph.edges(keys=True))

    def __len__(self) -> int:
        return self.graph.number_of_nodes()
