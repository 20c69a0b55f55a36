"""Check a graph against the SHACL shapes of the ontology; report every problem.

Each problem is a `Violation`, a Finding whose rule is the SHACL shape and whose subject
is the focus node (or the edge statement's IRI). `sendkg validate` prints them and exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Namespace

from sendkg.checks.findings import Finding, Subject
from sendkg.graph.rdf import ID, node_id_of, to_rdf
from sendkg.ontology import ONTOLOGY_DIR

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


def _violations(report: Graph) -> list[Violation]:
    found = set()
    for result in report.subjects(SH.resultSeverity, None):
        focus = _focus_name(report.value(result, SH.focusNode))
        found.add(Violation(
            subject=Subject(focus, None, focus),
            message=str(report.value(result, SH.resultMessage) or ""),
            rule=str(report.value(result, SH.sourceShape) or "").rsplit("#", 1)[-1],
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(found, key=lambda v: (v.focus, v.message))


def validate_graph(kg) -> list[Violation]:
    """Every SHACL violation in the graph's RDF view (empty when it conforms)."""
    from pyshacl import validate

    _, report, _ = validate(to_rdf(kg), shacl_graph=shapes_graph(), inference="none",
                            advanced=True, allow_warnings=True)
    return _violations(report)
