"""The graph object: edges only between its nodes, and derived views that follow changes."""

from __future__ import annotations

import pickle

import pytest

from conftest import SMALL
from sendkg.errors import DanglingEdgeError, EntityNotFound, SendkgError
from sendkg.graph import load
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.graph.rdf import node_iri, to_rdf
from sendkg.queries.find import find_entities
from sendkg.ontology import SENDKG
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


def test_find_sees_a_node_added_after_the_index_was_built():
    kg = two_boards()
    assert not [m for m in find_entities(kg, "SEND Partnership Board") if m.score == 100]
    kg.add_node(Node("board:send", "Board", "SEND Partnership Board"))
    assert [m.node.id for m in find_entities(kg, "SEND Partnership Board")][0] == "board:send"


def test_the_rdf_view_has_an_edge_added_after_it_was_built():
    kg = two_boards()
    triple = (node_iri("board:b"), SENDKG.subGroupOf, node_iri("board:a"))
    assert triple not in to_rdf(kg)
    kg.add_edge(Edge("board:b", "subGroupOf", "board:a"))
    assert triple in to_rdf(kg)


def test_the_sparql_store_follows_the_graph():
    from sendkg.queries.sparql import select  # pyoxigraph is a test dependency

    kg = two_boards()
    query = ("SELECT $id ?o WHERE { ?b dcterms:identifier $id ; "
             "sendkg:subGroupOf/dcterms:identifier ?o }")
    assert select(kg, query, {"id": "board:b"}, engine="oxigraph") == []
    kg.add_edge(Edge("board:b", "subGroupOf", "board:a"))
    assert select(kg, query, {"id": "board:b"}, engine="oxigraph") == [{"id": "board:b", "o": "board:a"}]


def test_removing_a_node_drops_its_edges_and_the_views_built_before():
    kg = two_boards()
    assert [m.node.id for m in find_entities(kg, "Board B")][0] == "board:b"
    kg.remove_node("board:b")
    assert not kg.has_node("board:b") and kg.graph.number_of_edges() == 0
    assert all(m.node.id != "board:b" for m in find_entities(kg, "Board B"))
    with pytest.raises(EntityNotFound):
        kg.remove_node("board:b")


def test_derived_views_are_not_pickled():
    kg = load(SMALL, cache=False)
    to_rdf(kg), find_entities(kg, "Mark Smith")
    assert "rdf" in kg.derived and "name index" in kg.derived
    plain = pickle.dumps(KnowledgeGraph(kg.graph, kg.abbreviations, kg.review, kg.registry))
    assert len(pickle.dumps(kg)) <= len(plain) + 200  # nothing but the empty Derived
    copy = pickle.loads(pickle.dumps(kg))
    assert "rdf" not in copy.derived and "name index" not in copy.derived
    assert len(to_rdf(copy)) == len(to_rdf(kg))
    assert [m.node.id for m in find_entities(copy, "Mark Smith")] == \
        [m.node.id for m in find_entities(kg, "Mark Smith")]
