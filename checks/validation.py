"""Check a graph against the SHACL shapes of the ontology; report every problem.

Each problem is a `Violation`, a Finding whose rule is the SHACL shape and whose subject
is the focus node (or the edge statement's IRI). `sendkg validate` prints them and exits 1.

pySHACL over the whole RDF view grows faster than the graph (it did not finish in five
minutes at 50 synthetic councils), so the graph is validated in chunks of entities.
A chunk holds every triple of its entities and of their outgoing relationships'
statements, plus what the shapes look at beyond a node's own triples: the rdf:type of
every node they point at (`sh:class`), and the plan items above them (`sh:inversePath
sendkg:hasAction` and the SPARQL path to their plan), with those items' types. Findings
about a node shown in a chunk only for context are left to the chunk that holds it.
This holds only for shapes that look no further; `_why_not_in_chunks` checks the shapes
and, for any other construct, the whole graph is validated at once as before.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, Graph, Namespace, URIRef

from sendkg.checks.findings import Finding, Subject
from sendkg.graph.rdf import ID, add_edge, add_node, add_succession, node_id_of, node_iri, to_rdf
from sendkg.ontology import ONTOLOGY_DIR, SENDKG

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation(Finding):
    """A SHACL result: `rule` is the shape, `subject.id` the focus node id (or edge IRI),
    `severity` SHACL's own word (Violation, Warning, Info)."""

    @property
    def focus(self) -> str:
        return self.subject.id

    @property
    def shape(self) -> str:
        return self.rule

    def as_dict(self) -> dict:
        return {"id": self.focus, "type": "Violation", "label": self.message,
                "shape": self.shape, "severity": self.severity}


@cache
def shapes_graph() -> Graph:
    shapes = Graph()
    shapes.parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    return shapes


def _focus_name(iri) -> str:
    text = str(iri)
    return node_id_of(iri) if text.startswith(str(ID)) and "/edge/" not in text else text


def _violations(report: Graph, foreign: Callable[[str], bool] = lambda focus: False
                ) -> list[Violation]:
    """The report's results as Violations, sorted, leaving out those whose focus
    `foreign` says another chunk holds."""
    found = set()
    for result in report.subjects(SH.resultSeverity, None):
        focus = _focus_name(report.value(result, SH.focusNode))
        if foreign(focus):
            continue
        found.add(Violation(
            subject=Subject(focus, None, focus),
            message=str(report.value(result, SH.resultMessage) or ""),
            rule=str(report.value(result, SH.sourceShape) or "").rsplit("#", 1)[-1],
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(found, key=lambda v: (v.focus, v.message))


def _report(data: Graph, throwaway: bool = False) -> Graph:
    """pySHACL's report graph for `data`; a `throwaway` graph (a chunk) is not copied
    first (a fifth of the time of small chunks)."""
    from pyshacl import validate

    with _queries_parsed_once():
        _, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none",
                                advanced=True, allow_warnings=True, inplace=throwaway)
    return report


_PREPARED: dict = {}  # (query text, base, namespaces) -> rdflib's translated Query


@contextmanager
def _queries_parsed_once() -> Iterator[None]:
    """pySHACL hands rdflib a SPARQL constraint's text once per focus node, and rdflib
    parses it each time (two thirds of validation time, measured at 50 synthetic
    councils). Meanwhile each text is parsed once (for all chunks) and its prepared
    query reused, as rdflib's own prepareQuery does. Not for use from several threads
    at once."""
    from rdflib.plugins.sparql import processor

    parse, translate = processor.parseQuery, processor.translateQuery

    def translate_once(text, base=None, namespaces=None):
        key = (text, base, tuple(sorted((namespaces or {}).items())))
        if key not in _PREPARED:
            _PREPARED[key] = translate(parse(text), base, namespaces)
        return _PREPARED[key]

    processor.parseQuery, processor.translateQuery = (lambda text: text), translate_once
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate


# Entities a chunk holds. pySHACL's SPARQL constraints take time in proportion to the
# chunk for each focus node, so small chunks are faster, down to where pySHACL's own
# start-up for each chunk counts: on the first thousand entities of 50 synthetic
# councils, chunks of 50, 100 and 200 took 5.4, 3.5 and 4.6 ms an entity.
CHUNK_ENTITIES = 100


def validate_graph(kg, chunk_entities: int = CHUNK_ENTITIES) -> list[Violation]:
    """Every SHACL violation in the graph's RDF view (empty when it conforms), sorted by
    focus node and message. Validated in chunks of `chunk_entities` entities when the
    shapes allow it (the findings are the same), else the whole view at once."""
    if _why_not_in_chunks(shapes_graph()):
        return validate_whole_graph(kg)
    found = set()
    for data, foreign in _chunks(kg, max(1, chunk_entities)):
        found.update(_violations(_report(data, throwaway=True), foreign))
    return sorted(found, key=lambda v: (v.focus, v.message))


def validate_whole_graph(kg) -> list[Violation]:
    """validate_graph over the whole RDF view at once (what the chunks must equal)."""
    return _violations(_report(to_rdf(kg)))


# ---------------------------------------------------------------- chunks

# Plan items above a node: `sh:inversePath sendkg:hasAction` and ActionInOnePlanShape's
# path climb these relations, so a chunk carries every chain of them above its nodes.
ANCESTRY = ("hasAim", "hasObjective", "hasDeliverable", "hasAction")
# What a chunk answers exactly: constraints on a node's own values (and the types of the
# nodes they point at, which the chunk carries).
LOCAL_PARAMETERS = {SH[name] for name in (
    "targetClass", "targetSubjectsOf", "targetNode", "property", "path", "message",
    "name", "description", "severity", "deactivated", "minCount", "maxCount", "datatype",
    "class", "nodeKind", "pattern", "flags", "minLength", "maxLength", "in", "hasValue",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "languageIn", "uniqueLang", "sparql", "select",
    "inversePath")}
# SPARQL constraints read and found to look no further than the node, or than its plan
# items (digest of the query with its spaces collapsed). A changed query is not trusted.
REVIEWED_SPARQL = {
    "decfd3e23fbe1109": "ActionInOnePlanShape: the plan items above $this, and their types",
    "9f884aaadb7b9fc8": "ActShape: $this's own kind and legislationUri",
}


def _why_not_in_chunks(shapes: Graph) -> str | None:
    """Why these shapes need the whole graph at once, or None when chunks give the same
    findings (only constructs listed above, inverse paths only over ANCESTRY)."""
    for parameter in set(shapes.predicates()):
        if str(parameter).startswith(str(SH)) and parameter not in LOCAL_PARAMETERS:
            return f"the shapes use {parameter}"
    ancestry = {SENDKG[name] for name in ANCESTRY}
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            continue
        inverse = shapes.value(path, SH.inversePath)
        if inverse not in ancestry or len(set(shapes.predicate_objects(path))) != 1:
            return f"the shapes use a path beyond a node's own triples ({path})"
    for query in shapes.objects(None, SH.select):
        key = hashlib.sha256(" ".join(str(query).split()).encode()).hexdigest()[:16]
        if key not in REVIEWED_SPARQL:
            return f"a SPARQL constraint not reviewed for chunks ({key})"
    return None


def _chunks(kg, size: int) -> Iterator[tuple[Graph, Callable[[str], bool]]]:
    """(RDF of a chunk, whether a focus node id belongs to another chunk), for chunks of
    `size` subjects: the entities, then the ends of relationships that are no entity."""
    nodes = {node.id: node for node in kg.nodes() if node is not None}
    outgoing, parents = defaultdict(list), defaultdict(list)
    for edge in kg.edges():
        outgoing[edge.s].append(edge)
        if edge.p in ANCESTRY:
            parents[edge.o].append(edge)
    subjects = list(nodes) + [s for s in outgoing if s not in nodes]
    everyone = set(subjects)
    for start in range(0, len(subjects), size):
        owned = set(subjects[start:start + size])
        data = Graph(bind_namespaces="none")
        pointed_at = set()
        for subject in owned:
            if subject in nodes:
                add_node(data, nodes[subject])
            for edge in outgoing[subject]:
                add_edge(data, edge)
                pointed_at.add(edge.o)
        pointed_at |= _add_ancestry(data, owned, parents)
        for other in pointed_at - owned:
            if other in nodes:
                data.add((node_iri(other), RDF.type, SENDKG[nodes[other].type]))
        for succession in getattr(kg, "successions", ()):
            add_succession(data, succession, kg)
        yield data, (lambda focus, owned=owned: focus in everyone and focus not in owned)


def _add_ancestry(data: Graph, owned: set[str], parents: dict) -> set[str]:
    """Add every chain of ANCESTRY relations above the owned nodes; returns the ids
    met on the way (whose types the chunk then carries)."""
    met, todo = set(owned), list(owned)
    while todo:
        for edge in parents.get(todo.pop(), ()):
            data.add((node_iri(edge.s), SENDKG[edge.p], node_iri(edge.o)))
            if edge.s not in met:
                met.add(edge.s)
                todo.append(edge.s)
    return met
