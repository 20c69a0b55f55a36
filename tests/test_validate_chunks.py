"""SHACL validation in chunks of entities gives exactly the whole graph's findings."""

from __future__ import annotations

import pytest
from rdflib import Graph

from sendkg.checks.validation import (
    _why_not_in_chunks,
    shapes_graph,
    validate_graph,
    validate_whole_graph,
)
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.records import Edge, Node, Source

SEEN = (Source("broken.txt", 1),)


def ids_of(kg, type_name: str) -> list[str]:
    return [n.id for n in kg.nodes() if n is not None and n.type == type_name]


def broken(kg) -> KnowledgeGraph:
    """A copy of `kg` with one fault per shape, its parts far apart in node order (so in
    different chunks): new nodes come last, pointing at nodes from the start."""
    copy = KnowledgeGraph(graph=kg.graph.copy(), name="broken")
    board, other_board = ids_of(kg, "Board")[:2]
    plan, action = ids_of(kg, "Plan")[0], ids_of(kg, "Action")[0]
    copy.add_node(Node("plan:second", "Plan", "A second plan", sources=SEEN))
    copy.add_edge(Edge("plan:second", "hasAction", action, sources=SEEN))  # two plans
    copy.add_node(Node("act:orphan", "Action", "An action of no plan", sources=SEEN))
    copy.add_node(Node("board:unsourced", "Board", "A board with no source"))
    copy.add_node(Node("leg:made-up-act", "Legislation", "Made Up Act",
                       props={"kind": "Act"}, sources=SEEN))
    copy.add_node(Node("board:odd-dates", "Board", "Odd dates", sources=SEEN, props={
        "established": "sometime", "valid_from": "2025-01-01", "valid_to": "2024-01-01"}))
    copy.add_edge(Edge(board, "reportsTo", plan, sources=SEEN))  # not a board
    copy.add_edge(Edge("board:odd-dates", "monitoredBy", action, sources=SEEN))
    copy.add_edge(Edge(board, "holds", other_board, sources=SEEN))  # not a person or post
    copy.add_edge(Edge("board:unsourced", "reportsTo", other_board))  # no source
    return copy


def test_chunks_find_what_the_whole_graph_finds_in_broken_data(bundled_kg):
    kg = broken(bundled_kg)
    whole = validate_whole_graph(kg)
    assert len({v.shape for v in whole}) >= 8  # the faults reach most shapes
    for chunk in (97, 600):
        assert validate_graph(kg, chunk_entities=chunk) == whole


def test_chunks_of_the_bundled_data_find_what_the_whole_graph_finds(bundled_kg):
    assert validate_graph(bundled_kg, chunk_entities=97) == validate_whole_graph(bundled_kg)


def test_chunks_of_the_small_dataset_with_its_faults(small_kg):
    kg = broken(small_kg)
    whole = validate_whole_graph(kg)
    assert len({v.shape for v in whole}) >= 8
    for chunk in (1, 3):  # one entity a chunk: everything else is context
        assert validate_graph(kg, chunk_entities=chunk) == whole


def shapes_with(extra: str) -> Graph:
    shapes = Graph()
    shapes += shapes_graph()
    shapes.parse(data="@prefix sendkg: <https://w3id.org/sendkg/ontology#> .\n"
                      "@prefix sh: <http://www.w3.org/ns/shacl#> .\n" + extra, format="turtle")
    return shapes


@pytest.mark.parametrize("extra, reason", [
    ("sendkg:S a sh:NodeShape ; sh:targetClass sendkg:Plan ; sh:property [ sh:path "
     "sendkg:hasAim ; sh:node sendkg:S ] .", "shacl#node"),
    ("sendkg:S a sh:NodeShape ; sh:targetClass sendkg:Board ; sh:property [ sh:path "
     "[ sh:inversePath sendkg:reportsTo ] ; sh:minCount 1 ] .", "beyond a node's own"),
    ('sendkg:S a sh:NodeShape ; sh:targetClass sendkg:Board ; sh:sparql [ sh:select '
     '"SELECT $this WHERE { ?x ?p $this }" ] .', "not reviewed"),
])
def test_shapes_that_look_further_are_validated_whole(extra, reason):
    assert _why_not_in_chunks(shapes_graph()) is None
    assert reason in _why_not_in_chunks(shapes_with(extra))
