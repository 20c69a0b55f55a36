"""Dangling references, and relations whose ends the ontology does not allow.

The graph build refuses both (graph/build.py; every other command stops there with exit
2). `sendkg lint` instead builds leniently (graph/lenient.py), keeps the refused relations
aside and reports each as a finding (`dangling-reference`, `relation-outside-ontology`),
linting the rest of the dataset.
"""

from __future__ import annotations

from collections.abc import Iterator

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule
from sendkg.graph.lenient import Rejected


def _subject(kg, node_id: str) -> Subject:
    if kg.has_node(node_id):
        return Subject.of(kg.node(node_id))
    return Subject(node_id, None, node_id)


def _issue(kg, rejected: Rejected) -> Issue:
    edge = rejected.edge
    declared = [end for end in (edge.s, edge.o) if end not in rejected.missing]
    subject = _subject(kg, declared[0] if declared else edge.s)
    related = tuple(_subject(kg, end) for end in (edge.s, edge.o) if end != subject.id)
    return Issue(subject, rejected.message, edge.sources, related, edge.origin)


@lint_rule()
def dangling_reference(ctx: LintContext, params) -> Iterator[Issue]:
    for rejected in ctx.rejected:
        if rejected.missing:
            yield _issue(ctx.kg, rejected)


@lint_rule()
def relation_outside_ontology(ctx: LintContext, params) -> Iterator[Issue]:
    for rejected in ctx.rejected:
        if not rejected.missing:
            yield _issue(ctx.kg, rejected)
