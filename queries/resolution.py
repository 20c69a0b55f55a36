"""Turn the TEXT an officer typed into the entities a question is about.

The same fuzzy, alias-aware search as `sendkg find`, kept to the node types a question
answers for. When several entities match equally well, all of them come back: the
question is answered for each, never for a guess.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:a-travel", "Objective", "Travel training"))
>>> kg.add_node(Node("obj:b-travel", "Objective", "Travel training"))
>>> kg.add_node(Node("person:mark-smith", "Person", "Mark Smith"))
>>> [n.id for n in subjects(kg, "travel training", ("Objective",))]
['obj:a-travel', 'obj:b-travel']
>>> subjects(kg, "Mark Smith", ("Objective",))
Traceback (most recent call last):
...
sendkg.errors.EntityNotFound: 'Mark Smith' names a Person (Mark Smith); this question answers for: Objective
"""

from __future__ import annotations

from sendkg.errors import EntityNotFound
from sendkg.queries.find import resolve
from sendkg.records import Node


def subjects(kg, text: str, types: tuple[str, ...] | None = None) -> list[Node]:
    """The entities `text` names (as `sendkg find` resolves it) of the types a question
    answers for: one, or every one that ties."""
    named = resolve(kg, text)
    fitting = [node for node in named if types is None or node.type in types]
    if fitting:
        return fitting
    if not named:
        raise EntityNotFound(f"nothing matches {text!r}")
    best = named[0]
    raise EntityNotFound(f"{text!r} names a {best.type} ({best.label}); this question "
                         f"answers for: {', '.join(types or ())}")
