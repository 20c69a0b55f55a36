"""Turn the TEXT an officer typed into the entity a question is about.

The same search as `sendkg find` (sendkg.queries.find), kept to the node types a
question answers for. Among the candidates close to the best, the question's preferred
types come first (an Objective or Plan before an Outcome for `owner`); the question
answers for the best one and names the others ("also matches"), or for every close one
with `all`. When the best match is weak, nothing is answered for and the nearest names
are given instead.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:a-travel", "Objective", "Travel training"))
>>> kg.add_node(Node("out:a-travel", "Outcome", "Travel training"))
>>> kg.add_node(Node("person:mark-smith", "Person", "Mark Smith"))
>>> found = resolution(kg, "travel training", ("Objective", "Outcome"))
>>> [m.node.id for m in found.chosen], [m.node.id for m in found.also]
(['obj:a-travel'], ['out:a-travel'])
>>> [n.id for n in subjects(kg, "travel training", ("Objective", "Outcome"), all=True)]
['obj:a-travel', 'out:a-travel']
>>> subjects(kg, "Mark Smith", ("Objective",))
Traceback (most recent call last):
...
sendkg.errors.EntityNotFound: 'Mark Smith' names a Person (Mark Smith); this question ...
>>> subjects(kg, "zzqqxx")
Traceback (most recent call last):
...
sendkg.errors.EntityNotFound: no close match for 'zzqqxx'
"""

from __future__ import annotations

from dataclasses import dataclass

from sendkg.errors import EntityNotFound
from sendkg.queries.find import CLOSE, STRONG, Match, find_entities
from sendkg.records import Node

NEAREST = 15.0  # weaker matches than this are not worth naming as the nearest

# The order in which a question prefers the types it answers for, when candidates are
# close: the substantial items first, the outcomes and indicators they lead to last.
ITEMS_FIRST = ("Objective", "Plan", "Aim", "Deliverable", "Action", "Board", "Post",
               "Person", "Organisation", "Legislation", "Indicator", "Outcome")
AGENTS_FIRST = ("Legislation", "Organisation", "Board", "Post", "Person", "Plan",
                "Objective", "Aim", "Deliverable", "Action", "Indicator", "Outcome")


@dataclass(frozen=True)
class Resolution:
    """What TEXT names: the entities answered for, the close others, or the nearest."""

    text: str
    chosen: tuple[Match, ...] = ()
    also: tuple[Match, ...] = ()  # close candidates not answered for (use their id)
    nearest: tuple[Match, ...] = ()  # when nothing is close enough to answer for
    # better matches of types the question does not answer for ("CCG" names
    # organisations; `owner` answers for items and boards)
    passed_over: tuple[Match, ...] = ()

    @property
    def exact(self) -> bool:
        """Every entity answered for is named exactly (name, alias, abbreviation, id)."""
        return all(m.score >= 100 for m in self.chosen)

    def read_as(self) -> dict | None:
        """What a weak or partial TEXT was read as, for a notice: None when every
        entity answered for is an exact match; else {"text", "read_as": [{id, type,
        label, score, why}], "also": [the close others, same keys], "passed_over":
        [better matches of other types]}."""
        if self.exact:
            return None

        def shown(matches):
            return [{**m.node.summary(), "score": m.score, "why": m.why} for m in matches]

        return {"text": self.text, "read_as": shown(self.chosen), "also": shown(self.also),
                "passed_over": shown(self.passed_over)}

    @property
    def message(self) -> str | None:
        if self.chosen:
            return None
        nearest = "; ".join(f"{m.node.label} ({m.node.id})" for m in self.nearest)
        return f"no close match for {self.text!r}" + (f"; nearest: {nearest}" if nearest else "")


def resolution(kg, text: str, types: tuple[str, ...] | None = None,
               prefer: tuple[str, ...] = ITEMS_FIRST, all: bool = False,
               type: str | None = None) -> Resolution:
    """Resolve `text` for a question answering for `types` (None: any type)."""
    matches = find_entities(kg, text, limit=30, type=type)
    fitting = [m for m in matches if types is None or m.node.type in types]
    if not fitting or fitting[0].score < STRONG:
        weak = find_entities(kg, text, limit=30, type=type, min_score=NEAREST)
        nearest = [m for m in weak if types is None or m.node.type in types] or weak
        return Resolution(text, nearest=tuple(nearest[:3]))
    top = fitting[0].score
    passed_over = tuple(m for m in matches if m.score > top and m not in fitting)[:2]
    close = [m for m in fitting if m.score >= top - CLOSE and (top < 100 or m.score == 100)]
    close += _rows_of(kg, close, [m for m in fitting if m not in close and m.score >= STRONG])
    rank = {t: i for i, t in enumerate(prefer)}
    close.sort(key=lambda m: (rank.get(m.node.type, len(rank)), -m.score, len(m.matched),
                              m.node.id))
    if all:
        return Resolution(text, tuple(close), passed_over=passed_over)
    return Resolution(text, tuple(close[:1]), tuple(close[1:]), passed_over=passed_over)


def _rows_of(kg, close: list[Match], others: list[Match]) -> list[Match]:
    """The others that contain a close match (the objective whose action matched best):
    an officer naming part of a row most often asks about the row."""
    from sendkg.queries.containment import containers

    holding = {c.id for m in close for c, _ in containers(kg, m.node.id)}
    return [m for m in others if m.node.id in holding and m.score >= close[0].score - 2 * CLOSE]


def subjects(kg, text: str, types: tuple[str, ...] | None = None,
             prefer: tuple[str, ...] = ITEMS_FIRST, all: bool = False,
             type: str | None = None) -> list[Node]:
    """The entities a question answers for: the best match of its types (every close
    one with `all`). Raises EntityNotFound, saying why, when there is none."""
    found = resolution(kg, text, types, prefer, all, type)
    if found.chosen:
        return [m.node for m in found.chosen]
    best = find_entities(kg, text, limit=1, type=type)
    if best and best[0].score >= STRONG and types and best[0].node.type not in types:
        node = best[0].node
        raise EntityNotFound(f"{text!r} names a {node.type} ({node.label}); this question "
                             f"answers for: {', '.join(types)}")
    raise EntityNotFound(found.message)
