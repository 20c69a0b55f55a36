"""Check a graph against the SHACL shapes of the ontology; report every problem."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Namespace

from sendkg.graph.rdf import ID, node_id_of, to_rdf
from sendkg.ontology import ONTOLOGY_DIR

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str  # node id (or edge IRI)
    shape: str
    message: str
    severity: str

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


def _violations(report: Graph) -> list[Violation]:
    found = set()
    for result in report.subjects(SH.resultSeverity, None):
        found.add(Violation(
            focus=_focus_name(report.value(result, SH.focusNode)),
            shape=str(report.value(result, SH.sourceShape) or "").rsplit("#", 1)[-1],
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(found, key=lambda v: (v.focus, v.message))


def validate_graph(kg) -> list[Violation]:
    """Every SHACL violation in the graph's RDF view (empty when it conforms)."""
    from pyshacl import validate

    _, report, _ = validate(to_rdf(kg), shacl_graph=shapes_graph(), inference="none",
                            advanced=True, allow_warnings=True)
    return _violations(report)
