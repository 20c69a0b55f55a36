"""The six questions by name, each answered for what an officer's TEXT names.

`answer(kg, "owner", "short brakes")` resolves the text as the question does (its node
types, its preferred types), then answers for the chosen entity (every close one with
`all`) and keeps the resolution, so a caller can say what else matched, or, when
nothing is close, what is nearest.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:breaks", "Objective", "Short breaks and respite"))
>>> kg.add_node(Node("out:breaks", "Outcome", "More short breaks"))
>>> kg.add_node(Node("org:la", "Organisation", "Council"))
>>> kg.add_edge(Edge("obj:breaks", "responsible", "org:la", {"role": "lead"}))
>>> found = answer(kg, "owner", "short brakes")
>>> [(node.id, [o.node.id for o in owners]) for node, owners in found.results]
[('obj:breaks', ['org:la'])]
>>> [m.node.id for m in found.resolution.also]
['out:breaks']
>>> answer(kg, "owner", "zzqqxx").resolution.message
"no close match for 'zzqqxx'"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.errors import EntityNotFound
from sendkg.queries import accountability, drivers, funding, impact, responsibility
from sendkg.queries.resolution import AGENTS_FIRST, ITEMS_FIRST, Resolution, resolution
from sendkg.records import Node

# question -> (function of (kg, id), types it answers for, types it prefers)
QUESTIONS = {
    "owner": (responsibility.owners_answer, responsibility.OWNABLE, responsibility.OWNER_PREFER),
    "owns": (responsibility.owns_answer, responsibility.AGENT_TYPES,
             responsibility.OWNS_PREFER),
    "chain": (accountability.reporting_chain, accountability.CHAINABLE,
              accountability.CHAIN_PREFER),
    "drivers": (drivers.legislation_driving, drivers.DRIVEN, ITEMS_FIRST),
    "funders": (funding.funders_rolled_up, funding.FUNDABLE, ITEMS_FIRST),
    "impact": (impact.affected_by, None, AGENTS_FIRST),
}


@dataclass(frozen=True)
class Answer:
    resolution: Resolution
    results: list[tuple[Node, Any]]


def answer(kg, question: str, text: str, all: bool = False, type: str | None = None) -> Answer:
    """The question's answer for what `text` names. Raises EntityNotFound when `text`
    names only entities of types the question does not answer for."""
    function, types, prefer = QUESTIONS[question]
    found = resolution(kg, text, types, prefer, all, type)
    if not found.chosen:
        _refuse_other_type(kg, text, types, type)
    return Answer(found, [(m.node, function(kg, m.node.id)) for m in found.chosen])


def _refuse_other_type(kg, text, types, type) -> None:
    from sendkg.queries.find import STRONG, find_entities

    best = find_entities(kg, text, limit=1, type=type)
    if types and best and best[0].score >= STRONG and best[0].node.type not in types:
        node = best[0].node
        raise EntityNotFound(f"{text!r} names a {node.type} ({node.label}); this question "
                             f"answers for: {', '.join(types)}")
