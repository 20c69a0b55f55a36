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
from sendkg.queries.containment import ITEM_TYPES, contents
from sendkg.queries.facts import Fact, fact_order, facts_along
from sendkg.queries.resolution import ITEMS_FIRST, subjects
from sendkg.records import Node

FUNDING = group("funding")
FUNDABLE = (*ITEM_TYPES, "Board", "Post")
ROLLED_UP = ("Action", "Deliverable")


@dataclass(frozen=True)
class Funder(Fact):
    """An organisation (or board) funding or commissioning an item; `part` is the
    action or deliverable of the item whose own funding this is (rolled up)."""

    part: Node | None = None

    @property
    def how(self) -> str:
        return "via-part" if self.part else ("inherited" if self.via else "direct")

    def as_dict(self):
        return {**super().as_dict(), "how": self.how,
                "part": self.part.summary() if self.part else None}

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


def funders_rolled_up(kg, item_id: str) -> list[Funder]:
    """`funders_of`, with the funding stated on the item's own actions and deliverables
    after its own (each marked with the part), before what it inherits.

    A layer over `funders_of`, which funders.rq and funders.cypher mirror.
    """
    found = funders_of(kg, item_id)
    own = [f for f in found if not f.inherited]
    parts = [Funder(kg.node(e.o), e, None, part) for part in contents(kg, item_id)
             if part.type in ROLLED_UP for e in kg.out_edges(part.id) if e.p in FUNDING]
    return own + sorted(parts, key=fact_order) + [f for f in found if f.inherited]


def funders_of_text(kg, text: str, all: bool = False,
                    type: str | None = None) -> list[tuple[Node, list[Funder]]]:
    """`funders_of` for each item `text` names (several when they tie)."""
    return [(node, funders_of(kg, node.id))
            for node in subjects(kg, text, FUNDABLE, ITEMS_FIRST, all, type)]
