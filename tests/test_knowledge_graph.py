"""The graph object: edges only between its nodes."""

from __future__ import annotations

import pytest

from sendkg.errors import DanglingEdgeError, SendkgError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.records import Edge, Node


def two_boards() -> KnowledgeGraph:
    kg = KnowledgeGraph(name="tiny")
    kg.add_node(Node("board:a", "Board", "Schools Forum"))
    kg.add_node(Node("board:b", "Board", "Health and Wellbeing Board"))
    kg.add_edge(Edge("board:a", "reportsTo", "board:b"))
    return kg


@pytest.mark.parametrize("s, o, missing", [
    ("board:a", "board:nowhere", ("board:nowhere",)),
    ("person:ghost", "board:a", ("person:ghost",)),
    ("board:x", "board:x", ("board:x",)),
    ("board:x", "board:y", ("board:x", "board:y")),
])
def test_an_edge_to_a_node_not_in_the_graph_is_refused(s, o, missing):
    kg = two_boards()
    edge = Edge(s, "subGroupOf", o)
    with pytest.raises(DanglingEdgeError) as refused:
        kg.add_edge(edge)
    assert isinstance(refused.value, SendkgError)
    assert refused.value.edge == edge and refused.value.missing == missing
    assert f"{s} -subGroupOf-> {o}" in str(refused.value)
    assert all(repr(m) in str(refused.value) for m in missing)
    # nothing half-added: no record-less node that would break kg.nodes("Board")
    assert len(kg) == 2 and [n.id for n in kg.nodes("Board")] == ["board:a", "board:b"]
    assert kg.graph.number_of_edges() == 1


def test_the_built_graphs_add_nodes_before_edges(small_kg, bundled_kg):
    for kg in (small_kg, bundled_kg):
        assert all(record is not None for _, record in kg.graph.nodes(data="record"))
        assert all(kg.has_node(e.s) and kg.has_node(e.o) for e in kg.edges())
