"""Plans only mentioned in passing: lint sets their findings aside and counts them.

A paper cites other plans as context ("our work supports the Derby Plan's three big
ambitions"); the dataset then holds what the paper says about them, not the plans
themselves, so their missing owners, actions or drivers are gaps in the mention, not
in the plan. The rule: a plan is **only mentioned in passing** when it is described in
no document (`describedIn`) while every document stating it describes another plan.
A plan that ended before the paper citing it was written is one such plan: the paper
describes itself, not it. A document describing no plan (a dataset without
`describedIn`) makes nothing "in passing": its plans are all linted.

Findings on such a plan, or on an item every plan containing it is such a plan, are set
aside: `sendkg lint` counts them in its summary and `--mentioned` shows them.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node, Source
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("doc:d", "Document", "Strategy", sources=(Source("d.txt", 1),)))
>>> kg.add_node(Node("plan:own", "Plan", "Strategy", sources=(Source("d.txt", 1),)))
>>> kg.add_node(Node("plan:old", "Plan", "City Plan", sources=(Source("d.txt", 9),)))
>>> kg.add_edge(Edge("plan:own", "describedIn", "doc:d"))
>>> sorted(mentioned_only(kg))
['plan:old']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sendkg.checks.findings import Finding
from sendkg.queries.containment import ITEM_TYPES, plans_of


def mentioned_only(kg) -> frozenset[str]:
    """Ids of the plans only mentioned in passing (see the module's rule); built once
    per graph (kg.derived)."""
    return kg.derived.get("plans mentioned in passing", lambda: _mentioned_only(kg))


def _mentioned_only(kg) -> frozenset[str]:
    described: dict[str, set[str]] = defaultdict(set)  # source file -> plans it describes
    for edge in kg.edges("describedIn"):
        if kg.node(edge.s).type == "Plan":
            for source in kg.node(edge.o).sources:
                described[source.document].add(edge.s)
    found = set()
    for plan in kg.nodes("Plan"):
        files = {source.document for source in plan.sources}
        if files and all(described.get(f) and plan.id not in described[f] for f in files):
            found.add(plan.id)
    return frozenset(found)


def in_passing(kg, subject_id: str) -> bool:
    """Whether a finding's subject is such a plan, or an item only such plans contain."""
    if not kg.has_node(subject_id):
        return False
    node, passing = kg.node(subject_id), mentioned_only(kg)
    if node.type == "Plan":
        return node.id in passing
    plans = plans_of(kg, node.id) if node.type in ITEM_TYPES else []
    return bool(plans) and all(plan.id in passing for plan in plans)


def set_apart(kg, findings: Iterable[Finding]) -> tuple[tuple[Finding, ...],
                                                        tuple[Finding, ...]]:
    """(kept, set aside): the findings split by `in_passing`, each in its given order."""
    kept, aside = [], []
    for finding in findings:
        (aside if in_passing(kg, finding.subject.id) else kept).append(finding)
    return tuple(kept), tuple(aside)
