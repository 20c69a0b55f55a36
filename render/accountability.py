"""The accountability view: one item's owners and its full reporting chain.

Built from the questions `sendkg owner` and `sendkg chain` answer
(`sendkg.queries.responsibility.owners_of`, `sendkg.queries.accountability
.reporting_chain`), so the drawing and the command line never disagree. Arrows point
up: from an item to what contains it, to the body that monitors it, to the body that
body reports to; and from an item to the people, posts and bodies responsible for it.
An owner inherited from a container hangs from that container.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("plan:p", "Plan"), ("act:a", "Action"), ("board:b", "Board"),
...                  ("board:top", "Board"), ("person:ann", "Person")]:
...     kg.add_node(Node(id, type, id.split(":")[1]))
>>> kg.add_edge(Edge("plan:p", "hasAction", "act:a"))
>>> kg.add_edge(Edge("plan:p", "monitoredBy", "board:b"))
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:top", {"frequency": "annual"}))
>>> kg.add_edge(Edge("act:a", "responsible", "person:ann", {"role": "lead"}))
>>> view = accountability_view(kg, "act:a", None)
>>> [(e.s, e.relation, e.o, e.label) for e in view.edges]
[('act:a', 'hasAction', 'plan:p', 'part of'), ('plan:p', 'monitoredBy', 'board:b', ''), \
('board:b', 'reportsTo', 'board:top', 'annual'), ('act:a', 'responsible', 'person:ann', 'lead')]
>>> [e.o for e in accountability_view(kg, "act:a", 1).edges]
['plan:p', 'person:ann']
"""

from __future__ import annotations

from sendkg.queries.accountability import CHAINABLE, REPORT_LINES, reporting_chain
from sendkg.queries.resolution import subjects
from sendkg.queries.responsibility import owners_of
from sendkg.render.views import RenderError, View, ViewEdge, _title, _view_edge, view_node


def _chain_edges(hop, depth: int | None, level: int = 0) -> list[ViewEdge]:
    """Edges from each hop to the next, up the tree, at most `depth` hops."""
    edges = []
    if depth is not None and level >= depth:
        return edges
    for nxt in hop.next:
        key = "frequency" if nxt.relation in REPORT_LINES else None
        edge = _view_edge(nxt.edge, hop.node.id, nxt.node.id, key)
        if nxt.contained:
            edge = ViewEdge(edge.s, edge.o, edge.relation, "part of", edge.details,
                            edge.uncertain)
        edges.append(edge)
        if not nxt.loop:
            edges += _chain_edges(nxt, depth, level + 1)
    return edges


def _owner_edges(kg, item_id: str, drawn: set[str]) -> list[ViewEdge]:
    edges = []
    for owner in owners_of(kg, item_id):
        holder = owner.via.id if owner.via and owner.via.id in drawn else item_id
        edge = _view_edge(owner.edge, holder, owner.node.id, "role")
        if owner.via and holder == item_id:  # its container is beyond --depth
            edge = ViewEdge(edge.s, edge.o, edge.relation,
                            f"{edge.label} (via {owner.via.label})".strip(), edge.details,
                            edge.uncertain)
        edges.append(edge)
    return edges


def accountability_view(kg, focus: str | None, depth: int | None) -> View:
    """Owners and reporting chain of each item `focus` names (all that tie)."""
    if not focus:
        raise RenderError("the accountability view needs --focus TEXT: the item to follow")
    items = subjects(kg, focus, CHAINABLE)
    edges: list[ViewEdge] = []
    for item in items:
        chain = _chain_edges(reporting_chain(kg, item.id).root, depth)
        drawn = {item.id} | {e.o for e in chain}
        edges += chain + _owner_edges(kg, item.id, drawn)
    edges = list(dict.fromkeys(edges))  # several items may share part of a chain
    ids = [item.id for item in items] + [x for e in edges for x in (e.s, e.o)]
    focus_ids = {item.id for item in items}
    nodes = tuple(view_node(kg, n, "accountability", focus_ids) for n in sorted(set(ids)))
    return View("accountability", _title("accountability", items, depth), "up", nodes,
                tuple(edges), tuple(items))
