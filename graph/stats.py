"""Counts per node type, relation and source document."""

from __future__ import annotations

from collections import Counter


def graph_statistics(kg) -> dict:
    """Counts of nodes by type, edges by relation, and facts citing each document."""
    node_facts, edge_facts = Counter(), Counter()
    for node in kg.nodes():
        node_facts.update({s.document for s in node.sources})
    for edge in kg.edges():
        edge_facts.update({s.document for s in edge.sources})
    documents = sorted(set(node_facts) | set(edge_facts))
    return {
        "nodes": len(kg),
        "edges": kg.graph.number_of_edges(),
        "node_types": dict(sorted(kg.type_counts().items())),
        "relations": dict(sorted(kg.relation_counts().items())),
        "documents": {d: {"nodes": node_facts[d], "edges": edge_facts[d]} for d in documents},
        "review": len(kg.review),
    }
