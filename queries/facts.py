"""A fact a question returns: a node reached through one edge, maybe inherited.

Owners, drivers and funders are all of this shape: the answer node, the edge that
states it (with its qualifiers and the lines it came from) and, when the edge belongs
to a container rather than the item asked about, the container it is inherited from.

>>> from sendkg.records import Edge, Node, Source
>>> fact = Fact(Node("leg:cfa", "Legislation", "Children and Families Act 2014"),
...             Edge("obj:o", "drivenBy", "leg:cfa", {"section": "s.25"},
...                  (Source("plan.txt", 10),)),
...             via=Node("obj:o", "Objective", "Travel training"))
>>> fact.inherited, fact.qualifiers, [str(s) for s in fact.sources]
(True, {'section': 's.25'}, ['plan.txt:10'])
>>> fact.as_dict()["via"]["id"]
'obj:o'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.queries.containment import containers
from sendkg.records import Edge, Node, Source

ROLE_ORDER = {"chair": 0, "lead": 0, "joint": 1, "co-lead": 1, "vice-chair": 1, "support": 2}


def uncertain_text(props: dict) -> str:
    """How every output marks a fact the data records as an uncertain reading of its
    source (`uncertain: true`, with its `note` when given): "uncertain: <note>", or
    "uncertain" without a note; "" for a certain fact. `props` is an edge's (or a
    node's) properties. Screen, register sheets and web pages all use this wording, so
    an officer never quotes a guessed chair as fact."""
    if not props.get("uncertain"):
        return ""
    note = str(props.get("note") or "").strip()
    return f"uncertain: {note}" if note else "uncertain"


def with_uncertain(text: str, props: dict) -> str:
    """`text` followed by " (uncertain: <note>)" when `props` mark an uncertain reading.

    >>> with_uncertain("Stewart Findlay", {"uncertain": True, "note": "could be the LSCB"})
    'Stewart Findlay (uncertain: could be the LSCB)'
    >>> with_uncertain("Lucy Hovvels", {})
    'Lucy Hovvels'
    """
    mark = uncertain_text(props)
    return f"{text} ({mark})" if mark else text


@dataclass(frozen=True)
class Fact:
    node: Node
    edge: Edge
    via: Node | None = None  # the container the fact is inherited from; None when direct

    @property
    def inherited(self) -> bool:
        return self.via is not None

    @property
    def relation(self) -> str:
        return self.edge.p

    @property
    def qualifiers(self) -> dict[str, Any]:
        return dict(self.edge.props)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.edge.sources

    def as_dict(self) -> dict[str, Any]:
        """The node's summary plus the relation, its qualifiers, via and fact sources."""
        return {
            **self.node.summary(),
            "relation": self.relation,
            **self.qualifiers,
            "inherited": self.inherited,
            "via": self.via.summary() if self.via else None,
            "fact_sources": [s.as_dict() for s in self.sources],
        }


def facts_along(kg, item_id: str, relations: tuple[str, ...], make=None,
                own: tuple[str, ...] = ()) -> list[Fact]:
    """The item's own facts over `relations` and `own`, then each container's over
    `relations` (nearest first). What `own` states is not inherited, and a container's
    fact that the item states itself (same relation, same node) is left out.

    `make(kg, edge, via)` builds each result (a plain Fact by default).
    """
    make = make or (lambda kg, edge, via: Fact(kg.node(edge.o), edge, via))
    facts = []
    for holder, distance in [(kg.node(item_id), 0), *containers(kg, item_id)]:
        wanted = (*relations, *own) if distance == 0 else relations
        found = [make(kg, e, holder if distance else None)
                 for e in kg.out_edges(holder.id) if e.p in wanted]
        facts += sorted(found, key=fact_order)
    return without_restated(facts)


def without_restated(facts: list) -> list:
    """Drop inherited facts that the item itself states (same relation, same node)."""
    direct = {(f.relation, f.node.id) for f in facts if not f.inherited}
    return [f for f in facts if not f.inherited or (f.relation, f.node.id) not in direct]


def fact_order(fact: Fact) -> tuple:
    """Sort key within one level: leads first, then by relation and name."""
    role = str(fact.edge.props.get("role", "")).casefold()
    return (ROLE_ORDER.get(role, 3), fact.relation, fact.node.label.casefold(), fact.node.id)


def sorted_sources(sources) -> tuple[Source, ...]:
    return tuple(sorted(set(sources), key=lambda s: (s.document, s.line or 0)))
