"""The RDF view built as pyoxigraph terms (graph/rdf_terms.py, used by the RDF exports
and the oxigraph engine) holds exactly the triples of the rdflib view (graph/rdf.py,
used by SHACL and the rdflib engine): same IRIs, same literals with the same datatypes,
on the bundled data, the small fixture and the hostile labels of the render tests."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import SMALL, hostile_folder
from rdflib import BNode, Literal, URIRef
from sendkg.graph import load, load_bundled
from sendkg.graph.rdf import to_rdf
from sendkg.graph.rdf_terms import oxigraph_triples


def _oxigraph_term(term):
    """An rdflib term as the pyoxigraph term of the same RDF term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    assert not isinstance(term, BNode), "the view has no blank nodes"
    raise AssertionError(f"unexpected term {term!r}")


@pytest.fixture(scope="module", params=["bundled", "small", "hostile"])
def kg(request, tmp_path_factory):
    if request.param == "bundled":
        return load_bundled()
    if request.param == "small":
        return load(SMALL, cache=False)
    return load(hostile_folder(tmp_path_factory.mktemp("rdf-terms")), cache=False)


def test_oxigraph_view_has_the_rdflib_views_triples(kg):
    expected = {ox.Triple(*map(_oxigraph_term, triple)) for triple in to_rdf(kg)}
    triples = oxigraph_triples(kg)
    assert len(triples) == len(set(triples)), "a triple is listed twice"
    assert set(triples) == expected, (
        f"only in pyoxigraph: {sorted(map(str, set(triples) - expected))[:5]}; "
        f"only in rdflib: {sorted(map(str, expected - set(triples)))[:5]}")


def test_the_view_has_every_datatype_the_data_uses(kg):
    """The comparison means something only if typed literals are in it."""
    datatypes = {t.object.datatype.value for t in oxigraph_triples(kg)
                 if isinstance(t.object, ox.Literal)}
    assert "http://www.w3.org/2001/XMLSchema#integer" in datatypes  # source lines
    if kg.successions:
        assert "http://www.w3.org/2001/XMLSchema#date" in datatypes


def test_a_source_uri_that_is_no_address_is_named_with_its_line():
    from sendkg.graph.knowledge_graph import KnowledgeGraph
    from sendkg.graph.rdf_terms import RdfTermError
    from sendkg.records import Source, Succession

    kg = KnowledgeGraph()
    kg.successions = [Succession(("org:a-ccg",), ("org:b-icb",), "replaced", "2022-07-01",
                                 "Health and Care Act 2022", "not an address",
                                 origin=Source("successions.yaml", 7))]
    with pytest.raises(RdfTermError, match=r"successions\.yaml:7: source_uri 'not an addr"):
        oxigraph_triples(kg)
