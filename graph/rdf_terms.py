"""The RDF view built directly as pyoxigraph terms, for the RDF exports and the oxigraph
SPARQL engine.

The triples are those of the rdflib view (`graph/rdf.py`, which SHACL validation and
the rdflib SPARQL engine use); tests/test_rdf_terms.py compares the two on the bundled
data. Building pyoxigraph terms is several times faster than adding to an rdflib Graph
and uses a fraction of its memory, and pyoxigraph's serialisers write Turtle, N-Triples
and JSON-LD many times faster (benchmarks/build.py prints both).

The IRI scheme (node, source line, edge statement, succession) lives here, as plain
strings, so both views share it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from sendkg.errors import SendkgError
from sendkg.ontology.vocabulary import NAMESPACE_IRIS

ID_IRI = "https://w3id.org/sendkg/id/"
SOURCE_IRI = "https://w3id.org/sendkg/source/"
RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {**NAMESPACE_IRIS, "rdf": RDF_IRI, "xsd": XSD_IRI, "id": ID_IRI,
            "src": SOURCE_IRI}
DATE_PROPERTIES = {"valid_from", "valid_to"}  # xsd:date (ontology/sendkg.ttl)


class RdfTermError(SendkgError):
    """A value the RDF view must hold as an IRI is not one (named with its file and line)."""


def node_iri_text(node_id: str) -> str:
    """A node's stable IRI as text.

    >>> node_iri_text("person:mark-smith")
    'https://w3id.org/sendkg/id/person/mark-smith'
    """
    prefix, _, slug = node_id.partition(":")
    return f"{ID_IRI}{prefix}/{quote(slug, safe='-._~')}"


def source_iri_text(source) -> str:
    """A cited line's IRI: the document's path, then `/L<line>` when a line is known."""
    path = quote(source.document, safe="-._~")
    return f"{SOURCE_IRI}{path}/L{source.line}" if source.line else f"{SOURCE_IRI}{path}"


def edge_iri_text(edge) -> str:
    """The IRI of an edge's `sendkg:EdgeStatement`: a digest of subject|relation|object."""
    digest = hashlib.sha1(f"{edge.s}|{edge.p}|{edge.o}".encode()).hexdigest()[:20]
    return f"{ID_IRI}edge/{digest}"


def succession_iri_text(succession) -> str:
    """The IRI of a Succession: a digest of its predecessors and successors."""
    key = f"{'|'.join(succession.predecessors)}>{'|'.join(succession.successors)}"
    return f"{ID_IRI}succession/{hashlib.sha1(key.encode()).hexdigest()[:20]}"


def oxigraph_triples(kg) -> list:
    """Every triple of the RDF view as `pyoxigraph.Triple`s (a list, kept in kg.derived
    until the graph changes). Raises ImportError when pyoxigraph is not installed."""
    return kg.derived.get("rdf-oxigraph", lambda: _Builder(kg).triples())


class _Builder:
    """Makes the view's triples, sharing each predicate, class and source-line term."""

    def __init__(self, kg):
        import pyoxigraph as ox

        self.kg, self.ox = kg, ox
        self.out: list = []
        self.source_out: list = []  # the source lines' own triples, written last
        self.iris: dict = {}  # IRI text, or (prefix, name) -> NamedNode
        self.sources: dict[str, object] = {}
        self.entities: dict[str, object] = {}
        self.type = self.iri(RDF_IRI + "type")
        self.boolean, self.integer, self.double, self.date, self.any_uri = (
            self.iri(XSD_IRI + name)
            for name in ("boolean", "integer", "double", "date", "anyURI"))

    def iri(self, text: str):
        """A NamedNode for a vocabulary IRI, made once."""
        term = self.iris.get(text)
        if term is None:
            term = self.iris[text] = self.ox.NamedNode(text)
        return term

    def entity(self, node_id: str):
        """The NamedNode of a node id, made once (an entity is named in many triples)."""
        term = self.entities.get(node_id)
        if term is None:
            term = self.entities[node_id] = self.ox.NamedNode(node_iri_text(node_id))
        return term

    def vocab(self, prefix: str, name: str):
        """The NamedNode of `prefix:name` (a prefix of PREFIXES), made once."""
        term = self.iris.get((prefix, name))
        if term is None:
            term = self.iris[prefix, name] = self.iri(PREFIXES[prefix] + name)
        return term

    def literal(self, key: str, value):
        """The literal rdflib's `Literal(value)` makes (graph/rdf.py `_literal`)."""
        ox = self.ox
        if isinstance(value, bool):
            return ox.Literal("true" if value else "false", datatype=self.boolean)
        if key == "legislationUri":
            return ox.Literal(str(value), datatype=self.any_uri)
        if key in DATE_PROPERTIES:
            return ox.Literal(str(value), datatype=self.date)
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=self.integer)
        if isinstance(value, float):
            return ox.Literal(repr(value), datatype=self.double)
        return ox.Literal(str(value))

    def add(self, s, p, o) -> None:
        self.out.append(self.ox.Triple(s, p, o))

    def triples(self) -> list:
        for node in self.kg.nodes():
            self.node(node)
        for edge in self.kg.edges():
            self.edge(edge)
        for succession in getattr(self.kg, "successions", ()):
            self.succession(succession)
        # An RDF graph is a set: a repeated alias or edge adds nothing (as in rdflib)
        return list(dict.fromkeys(self.out + self.source_out))

    def add_sources(self, subject, sources) -> None:
        ox, derived = self.ox, self.vocab("prov", "wasDerivedFrom")
        for source in sources:
            text = source_iri_text(source)
            iri = self.sources.get(text)
            if iri is None:  # a line's own triples are made once, however often cited
                iri = self.sources[text] = ox.NamedNode(text)
                self.source_out += [
                    ox.Triple(iri, self.type, self.vocab("sendkg", "SourceLine")),
                    ox.Triple(iri, self.vocab("dcterms", "source"),
                              ox.Literal(source.document))]
                if source.line:
                    self.source_out.append(ox.Triple(
                        iri, self.vocab("sendkg", "line"),
                        ox.Literal(str(source.line), datatype=self.integer)))
            self.add(subject, derived, iri)

    def node(self, node) -> None:
        ox = self.ox
        subject = self.entity(node.id)
        self.add(subject, self.type, self.vocab("sendkg", node.type))
        self.add(subject, self.vocab("dcterms", "identifier"), ox.Literal(node.id))
        self.add(subject, self.vocab("skos", "prefLabel"), ox.Literal(node.label))
        for alias in node.aliases:
            self.add(subject, self.vocab("skos", "altLabel"), ox.Literal(alias))
        for key, value in node.props.items():
            self.add(subject, self.vocab("sendkg", key), self.literal(key, value))
        self.add_sources(subject, node.sources)

    def edge(self, edge) -> None:
        ox = self.ox
        s, p, o = self.entity(edge.s), self.vocab("sendkg", edge.p), self.entity(edge.o)
        self.add(s, p, o)
        statement = ox.NamedNode(edge_iri_text(edge))
        self.add(statement, self.type, self.vocab("sendkg", "EdgeStatement"))
        self.add(statement, self.vocab("rdf", "subject"), s)
        self.add(statement, self.vocab("rdf", "predicate"), p)
        self.add(statement, self.vocab("rdf", "object"), o)
        for key, value in edge.props.items():
            self.add(statement, self.vocab("sendkg", key), self.literal(key, value))
        self.add_sources(statement, edge.sources)

    def source_uri(self, succession):
        """A succession's `source_uri` as a NamedNode; RdfTermError when it is no IRI."""
        try:
            return self.ox.NamedNode(succession.source_uri)
        except ValueError as error:
            where = (f"{succession.origin.document}:{succession.origin.line}: "
                     if succession.origin else "")
            raise RdfTermError(f"{where}source_uri {succession.source_uri!r} is not an "
                               f"address (IRI): {error}") from None

    def succession(self, succession) -> None:
        ox, kg = self.ox, self.kg
        activity = ox.NamedNode(succession_iri_text(succession))
        self.add(activity, self.type, self.vocab("sendkg", "Succession"))
        self.add(activity, self.vocab("sendkg", "successionKind"),
                 ox.Literal(succession.kind))
        self.add(activity, self.vocab("prov", "startedAtTime"),
                 ox.Literal(succession.date, datatype=self.date))
        self.add(activity, self.vocab("dcterms", "source"), ox.Literal(succession.source))
        if succession.source_uri:
            self.add(activity, self.vocab("prov", "wasDerivedFrom"),
                     self.source_uri(succession))
        replaced_by = self.vocab("dcterms", "isReplacedBy")
        for old in succession.predecessors:
            self.add(activity, self.vocab("sendkg", "predecessor"),
                     self.entity(old))
            for new in succession.successors:
                self.add(self.entity(old), replaced_by,
                         self.entity(new))
        for new in succession.successors:
            self.add(activity, self.vocab("sendkg", "successor"),
                     self.entity(new))
            if not kg.has_node(new) and new in kg.registry:
                self.add(self.entity(new), self.vocab("skos", "prefLabel"),
                         ox.Literal(kg.registry[new].label))
