"""Lint rules over identity: spellings of one person, legislation outside the registry.

A possible spelling variant is a review item of the graph build (graph/identity.py)
joining two Person nodes: two spellings met in one document and left apart. It is
resolved either in the data (one id, the other spelling an alias: then no review item
is raised) or, when they really are two people, by listing the pair under the rule's
`distinct` parameter.

Legislation is recognised through the registry (data/bundled/registry/): a Legislation
node whose id is not a registry entry matches nothing there, or matches a registered
name under a different id (a second node for one Act).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> act = Node("leg:cfa", "Legislation", "Children and Families Act 2014")
>>> kg.registry[act.id] = act
>>> kg.add_node(act)
>>> kg.add_node(Node("leg:cfa-2", "Legislation", "Children & Families Act 2014"))
>>> [m for m in registry_matches(kg, kg.node("leg:cfa-2"))]
['leg:cfa']
"""

from __future__ import annotations

from collections.abc import Iterator

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.names import normalise


def _person_pairs(kg):
    for item in kg.review:
        if item.first == item.second:
            continue  # a property conflict on one entity, not two spellings
        if not (kg.has_node(item.first) and kg.has_node(item.second)):
            continue
        first, second = kg.node(item.first), kg.node(item.second)
        if first.type == second.type == "Person":
            yield item, first, second


@lint_rule(distinct="pairs")
def person_spelling_variant(ctx: LintContext, params) -> Iterator[Issue]:
    distinct = {frozenset(pair) for pair in params["distinct"]}
    for item, first, second in sorted(_person_pairs(ctx.kg), key=lambda p: p[0].first):
        if frozenset((first.id, second.id)) in distinct:
            continue
        yield Issue(Subject.of(first), f"{first.label!r} and {second.label!r} may be one "
                    f"person ({item.reason}); record one as the other's alias, or list "
                    f"the pair as distinct", sources_of(first, second),
                    (Subject.of(second),))


def registry_matches(kg, node) -> list[str]:
    """Ids of registry Legislation entries sharing a normalised name with `node`."""
    names = {normalise(n) for n in (node.label, *node.aliases)}
    return sorted(entry.id for entry in kg.registry.values()
                  if entry.type == "Legislation" and entry.id != node.id
                  and names & {normalise(n) for n in (entry.label, *entry.aliases)})


@lint_rule(kinds="texts")
def legislation_not_in_registry(ctx: LintContext, params) -> Iterator[Issue]:
    kinds = {normalise(k) for k in params["kinds"]}
    for node in sorted(ctx.kg.nodes("Legislation"), key=lambda n: n.id):
        if node.id in ctx.kg.registry:
            continue
        kind = str(node.props.get("kind") or "")
        if kinds and normalise(kind) not in kinds:
            continue
        matches = registry_matches(ctx.kg, node)
        what = f"{kind or 'legislation'} {node.label!r}"
        message = (f"{what} is named like registry entry {', '.join(matches)} but has its "
                   f"own id" if matches else f"{what} matches nothing in the registry")
        yield Issue(Subject.of(node), message, sources_of(node))
