"""Who funds or commissions an item (`funders`), with amount, period and mechanism.

Funding set on a plan or objective is inherited by what it contains.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("act:a", "Action", "Secure joint funding"))
>>> kg.add_node(Node("org:ccg", "Organisation", "Example CCG"))
>>> kg.add_edge(Edge("act:a", "fundedBy", "org:ccg",
...                  {"amount": "£20,000", "mechanism": "section 75 pooled budget"}))
>>> [(f.node.id, f.amount, f.mechanism, f.inherited) for f in funders_of(kg, "act:a")]
[('org:ccg', '£20,000', 'section 75 pooled budget', False)]
"""

from __future__ import annotations

from dataclasses import dataclass

from sendkg.ontology import group
from sendkg.queries.containment import ITEM_TYPES
from sendkg.queries.facts import Fact, facts_along
from sendkg.queries.resolution import ITEMS_FIRST, subjects
from sendkg.records import Node

FUNDING = group("funding")
FUNDABLE = (*ITEM_TYPES, "Board", "Post")


@dataclass(frozen=True)
class Funder(Fact):
    """An organisation (or board) funding or commissioning an item."""

    @property
    def amount(self) -> str | None:
        return self.edge.props.get("amount")

    @property
    def period(self) -> str | None:
        return self.edge.props.get("period")

    @property
    def mechanism(self) -> str | None:
        return self.edge.props.get("mechanism")


def funders_of(kg, item_id: str) -> list[Funder]:
    """Funders and commissioners of an item: its own, then each container's (inherited)."""
    return facts_along(kg, item_id, FUNDING,
                       lambda kg, edge, via: Funder(kg.node(edge.o), edge, via))


def funders_of_text(kg, text: str, all: bool = False,
                    type: str | None = None) -> list[tuple[Node, list[Funder]]]:
    """`funders_of` for each item `text` names (several when they tie)."""
    return [(node, funders_of(kg, node.id))
            for node in subjects(kg, text, FUNDABLE, ITEMS_FIRST, all, type)]
