"""Read node types, relations and properties out of the ontology Turtle.

Reading Turtle needs rdflib, whose import alone costs a command a fifth of a second;
so the tables read from it are kept in the cache (sendkg.files.cache_dir), keyed by the
Turtle and this module, and rdflib is imported only when they change or an RDF name
(SENDKG, rdf_namespaces) is asked for.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sendkg.files import cache_dir, write_atomically

ONTOLOGY_DIR = Path(__file__).parent
SENDKG_IRI = "https://w3id.org/sendkg/ontology#"
NAMESPACE_IRIS = {
    "sendkg": SENDKG_IRI,
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
}


def __getattr__(name: str):
    """SENDKG and NAMESPACES, the rdflib namespaces, made on first use."""
    if name == "SENDKG":
        from rdflib import Namespace

        return Namespace(SENDKG_IRI)
    if name == "NAMESPACES":
        return rdf_namespaces()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Relation:
    """A relation of the ontology with the node types it may join."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    qualifiers: frozenset[str]
    category: str
    super_property: str | None
    label: str = ""  # its rdfs:label for officers ("monitored by"); the name when none

    def allows(self, subject_type: str, object_type: str) -> bool:
        return subject_type in self.domain and object_type in self.range


@cache
def rdf_namespaces() -> dict:
    """prefix -> rdflib Namespace, for the RDF view and SPARQL."""
    from rdflib import Namespace

    return {prefix: Namespace(iri) for prefix, iri in NAMESPACE_IRIS.items()}


@cache
def _ontology():
    from rdflib import Graph

    graph = Graph()
    graph.parse(ONTOLOGY_DIR / "sendkg.ttl", format="turtle")
    return graph


def _local(term) -> str:
    return str(term).removeprefix(SENDKG_IRI)


def _ours(term) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef) and str(term).startswith(SENDKG_IRI)


def _class_names(graph, node) -> tuple[str, ...]:
    """A class, or the members of an owl:unionOf, as local names."""
    from rdflib import OWL
    from rdflib.collection import Collection

    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return tuple(_local(m) for m in members)


def _node_types(graph) -> tuple[str, ...]:
    from rdflib import OWL, RDF

    internal = {"SourceLine", "EdgeStatement"}  # RDF-view scaffolding, not node types
    names = (_local(c) for c in graph.subjects(RDF.type, OWL.Class) if _ours(c))
    return tuple(sorted(n for n in names if n not in internal))


def _flagged(graph, flag: str) -> frozenset[str]:
    from rdflib import Literal, URIRef

    return frozenset(
        _local(p) for p in graph.subjects(URIRef(SENDKG_IRI + flag), Literal(True))
        if _ours(p))


def _relation(graph, prop, edge_wide: frozenset[str]) -> Relation:
    from rdflib import RDFS, URIRef

    qualifiers = {_local(q) for q in graph.objects(prop, URIRef(SENDKG_IRI + "qualifier"))}
    parent = graph.value(prop, RDFS.subPropertyOf)
    return Relation(
        name=_local(prop),
        domain=_class_names(graph, graph.value(prop, RDFS.domain)),
        range=_class_names(graph, graph.value(prop, RDFS.range)),
        qualifiers=frozenset(qualifiers | edge_wide),
        category=str(graph.value(prop, URIRef(SENDKG_IRI + "category"))),
        super_property=str(parent) if parent is not None else None,
        label=str(graph.value(prop, RDFS.label) or _local(prop)),
    )


def _relations(graph) -> dict[str, Relation]:
    from rdflib import OWL, RDF

    edge_wide = _flagged(graph, "onEdges")
    props = (p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if _ours(p))
    return {r.name: r for r in sorted((_relation(graph, p, edge_wide) for p in props),
                                      key=lambda r: r.name)}


def _groups(graph) -> dict[str, tuple[str, ...]]:
    """Each skos:OrderedCollection of ours: its members' local names, in list order."""
    from rdflib import RDF
    from rdflib.collection import Collection

    skos = rdf_namespaces()["skos"]
    found = {}
    for collection in graph.subjects(RDF.type, skos.OrderedCollection):
        if _ours(collection):
            members = Collection(graph, graph.value(collection, skos.memberList))
            found[_local(collection)] = tuple(_local(m) for m in members)
    return dict(sorted(found.items()))


def _group_labels(graph) -> dict[str, str]:
    """Each group's skos:prefLabel ("reporting lines"), by group name."""
    from rdflib import RDF

    skos = rdf_namespaces()["skos"]
    return {_local(c): str(graph.value(c, skos.prefLabel))
            for c in graph.subjects(RDF.type, skos.OrderedCollection) if _ours(c)}


def _read_tables() -> tuple:
    graph = _ontology()
    return (_node_types(graph), _relations(graph), _flagged(graph, "onNodes"),
            _groups(graph), _group_labels(graph))


def _tables() -> tuple:
    """(node types, relations, node properties, groups, group labels): from the cache
    when the Turtle and this module are unchanged, else read from the Turtle and kept
    for next time."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((ONTOLOGY_DIR / "sendkg.ttl").read_bytes())
    path = cache_dir() / f"ontology-{digest.hexdigest()[:24]}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        pass
    tables = _read_tables()
    try:
        write_atomically(path, pickle.dumps(tables, pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache only costs the next command the Turtle's reading
    return tables


NODE_TYPES: tuple[str, ...]
RELATIONS: dict[str, Relation]
NODE_PROPERTIES: frozenset[str]
GROUPS: dict[str, tuple[str, ...]]
GROUP_LABELS: dict[str, str]
NODE_TYPES, RELATIONS, NODE_PROPERTIES, GROUPS, GROUP_LABELS = _tables()


def group_of(relation: str) -> str | None:
    """The relation group (the first by name, should several) holding `relation`.

    >>> group_of("chairedBy"), group_of("replacedBy")
    ('chairs', None)
    """
    return next((name for name, members in GROUPS.items() if relation in members), None)


def group(name: str) -> tuple[str, ...]:
    """The relations or node types of a named group of the ontology, in its order.

    >>> group("reporting")
    ('monitoredBy', 'reportsTo', 'subGroupOf')
    """
    try:
        return GROUPS[name]
    except KeyError:
        raise KeyError(f"the ontology has no group {name!r}; "
                       f"groups: {', '.join(GROUPS)}") from None
