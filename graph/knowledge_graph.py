"""The typed property graph: a networkx MultiDiGraph with sendkg records on it.

Node attributes: `record` (a Node). Edge key: the relation name; edge attribute
`record` (an Edge). One (subject, relation, object) is one edge, whatever number of
documents state it: their sources are merged onto it.

Views computed from the graph (the name index behind `find`, the RDF view, a SPARQL
store) live in `kg.derived`: built on first use, dropped by `add_node` and `add_edge`,
never pickled with the graph (the graph cache keeps the search indexes in files of
their own, sendkg.graph.cache). `remove_node` drops them too; code that edits `kg.graph` directly must
call `kg.derived.clear()`.

The methods read networkx's own dicts, and a pickled graph does not name networkx's
class: a question loads the graph cache and answers without importing networkx, and
`kg.graph` makes the MultiDiGraph around the same dicts when first asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sendkg.errors import DanglingEdgeError, EntityNotFound
from sendkg.records import Abbreviation, Edge, Node, Succession

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")
_NETWORKX = ("_node", "_succ", "_pred")  # networkx's own dicts, which the methods walk
RARE = 1000  # subjects: a relation with no more is found from its subjects (kg.edges)


def _new_graph() -> nx.MultiDiGraph:
    import networkx as nx  # 0.2-0.3 s: imported when a graph is made, not to load one

    return nx.MultiDiGraph()


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

    graph: nx.MultiDiGraph = field(default_factory=_new_graph)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    registry: dict[str, Node] = field(default_factory=dict)
    name: str = "graph"
    # The dataset's successions (bodies taking over from others; sendkg.records.Succession).
    successions: list[Succession] = field(default_factory=list)
    derived: Derived = field(default_factory=Derived, repr=False, compare=False)

    # Pickled, the graph is networkx's attributes without networkx's class, so that
    # loading the graph cache needs no networkx (0.2-0.3 s of a question's start):
    # the methods below walk networkx's dicts, and `kg.graph` makes the MultiDiGraph
    # around those same dicts on first use (no copy).

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        if name == "graph":
            self.__dict__.pop("_graph_state", None)
            self.__dict__.update((key, value.__dict__[key]) for key in _NETWORKX)

    def __getattr__(self, name: str):
        state = self.__dict__.get("_graph_state")
        if name != "graph" or state is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        import networkx as nx

        graph = nx.MultiDiGraph.__new__(nx.MultiDiGraph)
        graph.__dict__.update(state)
        graph.__dict__.setdefault("__networkx_cache__", {})
        self.graph = graph
        return graph

    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items()
                 if k not in _NETWORKX and k != "_graph_state"}
        networkx_state = self.__dict__.get("_graph_state")
        if "graph" in state:
            import networkx as nx  # the graph is one: networkx is imported

            if type(state["graph"]) is not nx.MultiDiGraph:  # a subclass: pickled whole
                return state
            # networkx's own dicts only: its cache and the views it keeps once asked
            # for (`adj`, `succ`, `pred`: cached properties) are made again, and
            # pickled they would import networkx when the cache is read
            networkx_state = {k: v for k, v in state.pop("graph").__dict__.items()
                              if k == "graph" or k.startswith("_") and not k.startswith("__")}
        # first, as the graph field was: pickled after the review list, the file of 150
        # councils is a quarter larger
        return {"_graph_state": networkx_state, **state}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        raw = state["_graph_state"] if "_graph_state" in state else state["graph"].__dict__
        self.__dict__.update((key, raw[key]) for key in _NETWORKX)

    def add_node(self, node: Node) -> None:
        self.graph.add_node(node.id, record=node)
        self.derived.clear()

    def add_edge(self, edge: Edge) -> None:
        """Add an edge between two nodes already in the graph (else DanglingEdgeError)."""
        if edge.s not in self._node or edge.o not in self._node:
            missing = tuple(dict.fromkeys(e for e in (edge.s, edge.o) if e not in self._node))
            raise DanglingEdgeError(edge, missing)
        self.graph.add_edge(edge.s, edge.o, key=edge.p, record=edge)
        self.derived.clear()

    def remove_node(self, node_id: str) -> None:
        """Remove a node and every edge to or from it (EntityNotFound if absent)."""
        if node_id not in self._node:
            raise EntityNotFound(f"no entity with id {node_id!r}")
        self.graph.remove_node(node_id)
        self.derived.clear()

    def has_node(self, node_id: str) -> bool:
        return node_id in self._node

    def entity(self, node_id: str) -> Node:
        """A node of the graph, or else a registry entry (a successor body no document
        names); EntityNotFound when neither has it."""
        if node_id in self._node:
            return self.node(node_id)
        if node_id in self.registry:
            return self.registry[node_id]
        raise EntityNotFound(f"no entity with id {node_id!r}")

    def node(self, node_id: str) -> Node:
        try:  # networkx's own node dict: its NodeView costs more than the look-up
            return self._node[node_id]["record"]
        except KeyError:
            raise EntityNotFound(f"no entity with id {node_id!r}") from None

    def nodes(self, type: str | None = None) -> Iterator[Node]:
        """Every node record (of `type`), in networkx's node order."""
        for data in self._node.values():  # its NodeView costs more than the walk
            record = data.get("record")  # None for a node networkx made for an edge
            if type is None or record.type == type:
                yield record

    def edges(self, relation: str | None = None) -> Iterator[Edge]:
        """Every edge record (of `relation`), in networkx's edge order: by subject, then
        object, then relation. Walks networkx's own dicts: its EdgeView costs several
        times more per edge, and a graph of 150 councils has 167,567 of them. A rare
        relation is read from the subjects that have one (`relation_subjects`)."""
        if relation is None:
            adjacency = self._succ
        else:
            subjects = self.derived.get("relation subjects", self._relation_subjects)
            if relation not in subjects:
                return
            succ = self._succ
            adjacency = (self._succ if subjects[relation] is None else
                         {s: succ[s] for s in subjects[relation]})
        for neighbours in adjacency.values():
            for by_key in neighbours.values():
                for key, data in by_key.items():
                    if relation is None or key == relation:
                        yield data.get("record")  # as networkx's edges(data="record")

    def _relation_subjects(self) -> dict[str, tuple[str, ...] | None]:
        """{relation: the subjects of its edges, in node order}; None for a relation
        with more than RARE subjects, walked in full. Kept in the graph cache beside
        the graph (sendkg.graph.cache): a question then finds, say, the replacedBy
        edges of 150 councils without walking 167,567 edges (0.05-0.15 s)."""
        subjects: dict[str, list[str]] = {}
        for s, neighbours in self._succ.items():
            for by_key in neighbours.values():
                for key in by_key:
                    found = subjects.setdefault(key, [])
                    if not found or found[-1] != s:
                        found.append(s)
        return {key: tuple(found) if len(found) <= RARE else None
                for key, found in subjects.items()}

    def out_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        return self._adjacent(self._succ, node_id, relation)

    def in_edges(self, node_id: str, relation: str | None = None) -> Iterator[Edge]:
        return self._adjacent(self._pred, node_id, relation)

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
        data = self._succ.get(s, {}).get(o, {}).get(p)  # as networkx's get_edge_data
        return data["record"] if data else None

    def type_counts(self) -> Counter:
        return Counter(node.type for node in self.nodes())

    def relation_counts(self) -> Counter:
        return Counter(key for neighbours in self._succ.values()
                       for by_key in neighbours.values() for key in by_key)

    def __len__(self) -> int:
        return len(self._node)
