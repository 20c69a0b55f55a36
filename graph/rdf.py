"""The RDF view of the graph as an rdflib Graph, with stable IRIs, for SHACL and the
rdflib SPARQL engine (the exports and the oxigraph engine use the same triples built
as pyoxigraph terms, graph/rdf_terms.py).

Each node becomes an IRI under `https://w3id.org/sendkg/id/` typed with its ontology
class, labelled with SKOS, and linked to the lines it came from with
`prov:wasDerivedFrom`. Each edge is a plain triple (so simple SPARQL works) plus an
`sendkg:EdgeStatement` reification carrying its qualifiers and sources.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from sendkg.graph.rdf_terms import (DATE_PROPERTIES, ID_IRI, SOURCE_IRI, edge_iri_text,
                                    node_iri_text, source_iri_text, succession_iri_text)
from sendkg.ontology import SENDKG, rdf_namespaces
from sendkg.records import Edge, Node, Source

ID = Namespace(ID_IRI)
SOURCE = Namespace(SOURCE_IRI)
NS = rdf_namespaces()
SKOS, PROV, DCTERMS = NS["skos"], NS["prov"], NS["dcterms"]


def node_iri(node_id: str) -> URIRef:
    """A node's stable IRI.

    >>> str(node_iri("person:mark-smith"))
    'https://w3id.org/sendkg/id/person/mark-smith'
    """
    return URIRef(node_iri_text(node_id))


def node_id_of(iri) -> str:
    """The inverse of node_iri.

    >>> node_id_of(node_iri("board:send-jcp"))
    'board:send-jcp'
    """
    from urllib.parse import unquote

    prefix, _, slug = str(iri).removeprefix(str(ID)).partition("/")
    return f"{prefix}:{unquote(slug)}"


def source_iri(source: Source) -> URIRef:
    return URIRef(source_iri_text(source))


def edge_iri(edge: Edge) -> URIRef:
    return URIRef(edge_iri_text(edge))


def _literal(key: str, value) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if key == "legislationUri":
        return Literal(value, datatype=XSD.anyURI)
    if key in DATE_PROPERTIES:
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _add_sources(rdf: Graph, subject: URIRef, sources) -> None:
    for source in sources:
        iri = source_iri(source)
        rdf.add((subject, PROV.wasDerivedFrom, iri))
        rdf.add((iri, RDF.type, SENDKG.SourceLine))
        rdf.add((iri, DCTERMS.source, Literal(source.document)))
        if source.line:
            rdf.add((iri, SENDKG.line, Literal(source.line)))


def add_node(rdf: Graph, node: Node) -> None:
    subject = node_iri(node.id)
    rdf.add((subject, RDF.type, SENDKG[node.type]))
    rdf.add((subject, DCTERMS.identifier, Literal(node.id)))
    rdf.add((subject, SKOS.prefLabel, Literal(node.label)))
    for alias in node.aliases:
        rdf.add((subject, SKOS.altLabel, Literal(alias)))
    for key, value in node.props.items():
        rdf.add((subject, SENDKG[key], _literal(key, value)))
    _add_sources(rdf, subject, node.sources)


def add_edge(rdf: Graph, edge: Edge) -> None:
    s, p, o = node_iri(edge.s), SENDKG[edge.p], node_iri(edge.o)
    rdf.add((s, p, o))
    statement = edge_iri(edge)
    rdf.add((statement, RDF.type, SENDKG.EdgeStatement))
    rdf.add((statement, RDF.subject, s))
    rdf.add((statement, RDF.predicate, p))
    rdf.add((statement, RDF.object, o))
    for key, value in edge.props.items():
        rdf.add((statement, SENDKG[key], _literal(key, value)))
    _add_sources(rdf, statement, edge.sources)


def to_rdf(kg) -> Graph:
    """The whole graph as an rdflib Graph, kept in kg.derived until the graph changes.

    For writing or loading into oxigraph, `rdf_terms.oxigraph_triples` is several times
    faster and lighter."""
    return kg.derived.get("rdf", lambda: _rdf_of(kg))


def _rdf_of(kg) -> Graph:
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in {**NS, "id": ID, "src": SOURCE}.items():
        rdf.bind(prefix, namespace)
    for node in kg.nodes():
        add_node(rdf, node)
    for edge in kg.edges():
        add_edge(rdf, edge)
    for succession in getattr(kg, "successions", ()):
        add_succession(rdf, succession, kg)
    return rdf


def succession_iri(succession) -> URIRef:
    return URIRef(succession_iri_text(succession))


def add_succession(rdf: Graph, succession, kg) -> None:
    """A Succession (a prov:Activity) on its date, from its public source; and
    `dcterms:isReplacedBy` from each predecessor to each successor. A successor known
    only to the registry gets its label, so the view names it."""
    activity = succession_iri(succession)
    rdf.add((activity, RDF.type, SENDKG.Succession))
    rdf.add((activity, SENDKG.successionKind, Literal(succession.kind)))
    rdf.add((activity, PROV.startedAtTime, Literal(succession.date, datatype=XSD.date)))
    rdf.add((activity, DCTERMS.source, Literal(succession.source)))
    if succession.source_uri:
        rdf.add((activity, PROV.wasDerivedFrom, URIRef(succession.source_uri)))
    for old in succession.predecessors:
        rdf.add((activity, SENDKG.predecessor, node_iri(old)))
        for new in succession.successors:
            rdf.add((node_iri(old), DCTERMS.isReplacedBy, node_iri(new)))
    for new in succession.successors:
        rdf.add((activity, SENDKG.successor, node_iri(new)))
        if not kg.has_node(new) and new in kg.registry:
            rdf.add((node_iri(new), SKOS.prefLabel, Literal(kg.registry[new].label)))
