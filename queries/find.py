"""`sendkg find`: entities by name, exact, alias-aware and fuzzy, ranked.

Every question resolves the TEXT an officer typed through `resolve`, so `find` shows
exactly what a question would answer for. The names searched come from the graph's
name index (sendkg.graph.name_index), rebuilt when the graph changes.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("person:lyndsey-dunn", "Person", "Lyndsey Dunn", ("Lindsey Dunn",)))
>>> kg.add_node(Node("person:mark-smith", "Person", "Mark Smith"))
>>> [m.node.id for m in find_entities(kg, "lindsey dunn")]
['person:lyndsey-dunn']
>>> [n.id for n in resolve(kg, "Mark Smyth")]
['person:mark-smith']
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from sendkg.graph.name_index import name_index
from sendkg.names import normalise
from sendkg.records import Node

MIN_SCORE = 75.0
# Fuzzy scores a few points apart are not evidence that one entity is meant rather than
# another ("independent travel training" is in two councils' plans): list them all.
FUZZY_TIE_MARGIN = 5.0


@dataclass(frozen=True)
class Match:
    node: Node
    score: float
    matched: str  # the label or alias that matched


def _exact(kg, query: str) -> list[Match]:
    keys, owners = name_index(kg)
    hits = {}
    if kg.has_node(query):
        hits[query] = Match(kg.node(query), 100.0, query)
    for key, (node_id, name) in zip(keys, owners):
        if key == query.casefold() or key == normalise(query):
            hits.setdefault(node_id, Match(kg.node(node_id), 100.0, name))
    return list(hits.values())


def _blended(query: str, name: str) -> float:
    """WRatio alone saturates (85.5 for any partial hit); averaging it with the share of
    words in common ranks the label that carries the query's words first."""
    return (fuzz.WRatio(query, name) + fuzz.token_set_ratio(query, name)) / 2


def _fuzzy(kg, query: str, limit: int) -> list[Match]:
    keys, owners = name_index(kg)
    query = normalise(query)
    pool = max(limit * 8, 200)
    candidates = {index for scorer in (fuzz.WRatio, fuzz.token_set_ratio)
                  for _, _, index in process.extract(query, keys, scorer=scorer, limit=pool,
                                                     score_cutoff=MIN_SCORE)}
    best: dict[str, Match] = {}
    for index in candidates:
        score = round(_blended(query, keys[index]), 1)
        node_id, name = owners[index]
        if score >= MIN_SCORE and (node_id not in best or score > best[node_id].score):
            best[node_id] = Match(kg.node(node_id), score, name)
    return list(best.values())


def find_entities(kg, text: str, limit: int = 10, type: str | None = None) -> list[Match]:
    """Entities whose label or alias matches `text`, best first (exact matches score 100)."""
    exact = _exact(kg, text.strip())
    fuzzy = [m for m in _fuzzy(kg, text, limit) if m.node.id not in {e.node.id for e in exact}]
    matches = exact + [m for m in fuzzy if m.score < 100 or not exact]
    if type:
        matches = [m for m in matches if m.node.type == type]
    matches.sort(key=lambda m: (-m.score, len(m.matched), m.node.id))
    return matches[:limit]


def resolve(kg, text: str, type: str | None = None) -> list[Node]:
    """The entities `text` most likely names: the exact matches if any, else every fuzzy
    match within a few points of the best (never a guess between near ties)."""
    matches = find_entities(kg, text, limit=20, type=type)
    exact = [m.node for m in matches if m.score == 100]
    if exact or not matches:
        return exact
    top = matches[0].score
    return [m.node for m in matches if m.score >= top - FUZZY_TIE_MARGIN]
