"""Read node types, relations and properties out of the ontology Turtle."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ONTOLOGY_DIR = Path(__file__).parent
SENDKG = Namespace("https://w3id.org/sendkg/ontology#")

NAMESPACES = {
    "sendkg": SENDKG,
    "org": Namespace("http://www.w3.org/ns/org#"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
}


@dataclass(frozen=True)
class Relation:
    """A relation of the ontology with the node types it may join."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    qualifiers: frozenset[str]
    category: str
    super_property: str | None

    def allows(self, subject_type: str, object_type: str) -> bool:
        return subject_type in self.domain and object_type in self.range


def rdf_namespaces() -> dict[str, Namespace]:
    return dict(NAMESPACES)


@cache
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_DIR / "sendkg.ttl", format="turtle")
    return graph


def _local(term: URIRef) -> str:
    return str(term).removeprefix(str(SENDKG))


def _ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(SENDKG))


def _class_names(graph: Graph, node) -> tuple[str, ...]:
    """A class, or the members of an owl:unionOf, as local names."""
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return tuple(_local(m) for m in members)


def _node_types(graph: Graph) -> tuple[str, ...]:
    internal = {"SourceLine", "EdgeStatement"}  # RDF-view scaffolding, not node types
    names = (_local(c) for c in graph.subjects(RDF.type, OWL.Class) if _ours(c))
    return tuple(sorted(n for n in names if n not in internal))


def _flagged(graph: Graph, flag: str) -> frozenset[str]:
    return frozenset(
        _local(p) for p in graph.subjects(SENDKG[flag], Literal(True)) if _ours(p)
    )


def _relation(graph: Graph, prop: URIRef, edge_wide: frozenset[str]) -> Relation:
    qualifiers = {_local(q) for q in graph.objects(prop, SENDKG.qualifier)}
    parent = graph.value(prop, RDFS.subPropertyOf)
    return Relation(
        name=_local(prop),
        domain=_class_names(graph, graph.value(prop, RDFS.domain)),
        range=_class_names(graph, graph.value(prop, RDFS.range)),
        qualifiers=frozenset(qualifiers | edge_wide),
        category=str(graph.value(prop, SENDKG.category)),
        super_property=str(parent) if parent is not None else None,
    )


def _relations(graph: Graph) -> dict[str, Relation]:
    edge_wide = _flagged(graph, "onEdges")
    props = (p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if _ours(p))
    return {r.name: r for r in sorted((_relation(graph, p, edge_wide) for p in props),
                                      key=lambda r: r.name)}


def _groups(graph: Graph) -> dict[str, tuple[str, ...]]:
    """Each skos:OrderedCollection of ours: its members' local names, in list order."""
    skos = NAMESPACES["skos"]
    found = {}
    for collection in graph.subjects(RDF.type, skos.OrderedCollection):
        if _ours(collection):
            members = Collection(graph, graph.value(collection, skos.memberList))
            found[_local(collection)] = tuple(_local(m) for m in members)
    return dict(sorted(found.items()))


def _group_labels(graph: Graph) -> dict[str, str]:
    """Each group's skos:prefLabel ("reporting lines"), by group name."""
    skos = NAMESPACES["skos"]
    return {_local(c): str(graph.value(c, skos.prefLabel))
            for c in graph.subjects(RDF.type, skos.OrderedCollection) if _ours(c)}


NODE_TYPES: tuple[str, ...] = _node_types(_ontology())
RELATIONS: dict[str, Relation] = _relations(_ontology())
NODE_PROPERTIES: frozenset[str] = _flagged(_ontology(), "onNodes")
GROUPS: dict[str, tuple[str, ...]] = _groups(_ontology())
GROUP_LABELS: dict[str, str] = _group_labels(_ontology())


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
