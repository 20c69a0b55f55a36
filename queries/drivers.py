"""Which legislation and statutory guidance drive an item (`drivers`).

An item is driven by what its own row names and, inherited, by what drives the
objective, aim or plan containing it.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:o", "Objective", "Travel training"))
>>> kg.add_node(Node("act:a", "Action", "Business case"))
>>> kg.add_node(Node("leg:cfa", "Legislation", "Children and Families Act 2014",
...                  props={"legislationUri": "http://www.legislation.gov.uk/id/ukpga/2014/6"}))
>>> kg.add_edge(Edge("obj:o", "hasAction", "act:a"))
>>> kg.add_edge(Edge("obj:o", "drivenBy", "leg:cfa", {"section": "s.19"}))
>>> [(d.node.label, d.section, d.inherited, d.via.id) for d in legislation_driving(kg, "act:a")]
[('Children and Families Act 2014', 's.19', True, 'obj:o')]
>>> legislation_driving(kg, "act:a")[0].uri
'http://www.legislation.gov.uk/id/ukpga/2014/6'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.ontology import group
from sendkg.queries.containment import ITEM_TYPES
from sendkg.queries.facts import Fact, facts_along
from sendkg.queries.resolution import ITEMS_FIRST, subjects
from sendkg.records import Node

DRIVING = group("drivers")
DRIVEN = (*ITEM_TYPES, "Board")


@dataclass(frozen=True)
class Driver(Fact):
    """A piece of legislation or guidance driving an item, with section and link."""

    @property
    def section(self) -> str | None:
        return self.edge.props.get("section")

    @property
    def uri(self) -> str | None:
        return self.node.props.get("legislationUri")

    @property
    def how(self) -> str:
        """direct; inherited from a containing objective or aim; or plan-context, what
        the plan as a whole cites."""
        if not self.via:
            return "direct"
        return "plan-context" if self.via.type == "Plan" else "inherited"

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "kind": self.node.props.get("kind"),
                "legislationUri": self.uri, "how": self.how}


def legislation_driving(kg, item_id: str) -> list[Driver]:
    """Legislation driving an item: its own, then each container's (marked inherited)."""
    return facts_along(kg, item_id, DRIVING,
                       lambda kg, edge, via: Driver(kg.node(edge.o), edge, via))


def legislation_driving_text(kg, text: str, all: bool = False,
                             type: str | None = None) -> list[tuple[Node, list[Driver]]]:
    """`legislation_driving` for each item `text` names (several when they tie)."""
    return [(node, legislation_driving(kg, node.id))
            for node in subjects(kg, text, DRIVEN, ITEMS_FIRST, all, type)]
