"""`sendkg find`: entities by name, ranked by the words that matter.

Every question resolves the TEXT an officer typed through this search (see
sendkg.queries.resolution), so `find` shows exactly what a question would answer for,
and why. Three kinds of evidence, the best one kept per entity:

- an exact label, alias or id, or a registry abbreviation naming several (score 100);
- weighted words (the graph's text index, sendkg.graph.text_index): the share of the
  query's word weight (idf) that a label, alias or description carries, with stems,
  spelling corrected against the graph's words, the sector's synonym groups and the
  initials of word runs; a frequent word alone never outweighs the distinctive one;
- spelling close to a whole name (rapidfuzz), for people, posts, bodies, organisations,
  legislation and plans ("Gill O'Neil", "Lindsey Dunn").

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("person:lyndsey-dunn", "Person", "Lyndsey Dunn", ("Lindsey Dunn",)))
>>> kg.add_node(Node("person:mark-smith", "Person", "Mark Smith"))
>>> kg.add_node(Node("obj:audit", "Objective", "Robust multi-agency audit arrangements"))
>>> kg.add_node(Node("obj:transition", "Objective", "Better children-to-adult transition"))
>>> [m.node.id for m in find_entities(kg, "lindsey dunn")]
['person:lyndsey-dunn']
>>> [n.id for n in resolve(kg, "Mark Smyth")]
['person:mark-smith']
>>> [m.node.id for m in find_entities(kg, "transition arrangements")][:2]
['obj:transition', 'obj:audit']
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from sendkg.graph.name_index import name_index
from sendkg.graph.text_index import (
    STOPWORDS,
    TextIndex,
    concept_spans,
    stem as text_stem,
    text_index,
    words,
)
from sendkg.names import normalise
from sendkg.records import Node

MIN_SCORE = 30.0  # below this a match is not worth listing
STRONG = 55.0  # below this the best match is too weak to answer for
CLOSE = 8.0  # candidates this close to the best are not evidence of one over the other
NAME_TYPES = ("Person", "Post", "Organisation", "Board", "Legislation", "Plan")
FUZZY_CUTOFF = 85.0
RESOLVE_LIMIT = 20  # matches `resolve` weighs


@dataclass(frozen=True)
class Match:
    node: Node
    score: float
    matched: str  # the label, alias or description that matched
    why: str = ""  # what in it matched, for `sendkg find`


# A word the officer wrote in capitals ("SEND", "CAMHS") names the subject, not a common
# word: it counts this much more in a several-word query's share (not in a name's share,
# so a one-word query scores as before).
CAPITALS_EMPHASIS = 1.5


@dataclass(frozen=True)
class Slot:
    """One part of the query: a word (its stem, or its initials form) or a synonym;
    `emphasis` > 1 for a word written in capitals."""

    shown: str
    terms: frozenset[str]
    weight: float
    emphasis: float = 1.0

    @property
    def query_weight(self) -> float:
        """Its weight in the query's share: the idf, times the emphasis."""
        return self.weight * self.emphasis


def find_entities(kg, text: str, limit: int = 10, type: str | None = None,
                  min_score: float = None) -> list[Match]:
    """Entities whose label, alias or description matches `text`, best first (an exact
    name scores 100); none scoring under `min_score` (default MIN_SCORE)."""
    min_score = MIN_SCORE if min_score is None else min_score
    best: dict[str, Match] = {}
    for match in (*_exact(kg, text.strip()), *_weighted(kg, text, min_score, limit, type),
                  *_spelling(kg, text)):
        if type and match.node.type != type:
            continue
        if match.node.id not in best or match.score > best[match.node.id].score:
            best[match.node.id] = match
    matches = sorted((m for m in best.values() if m.score >= min_score),
                     key=lambda m: (-m.score, len(m.matched), m.node.id))
    return matches[:limit]


def resolve(kg, text: str, type: str | None = None) -> list[Node]:
    """The entities `text` most likely names: the exact matches if any, else every strong
    match within a few points of the best (never a guess between near ties)."""
    return resolved(find_entities(kg, text, limit=RESOLVE_LIMIT, type=type))


def resolved(matches: list[Match]) -> list[Node]:
    """`resolve` over a search already made (`find_entities`' first RESOLVE_LIMIT
    matches, best first): the exact matches if any, else the strong close ones."""
    matches = matches[:RESOLVE_LIMIT]
    exact = [m.node for m in matches if m.score == 100]
    if exact or not matches or matches[0].score < STRONG:
        return exact
    return [m.node for m in matches if m.score >= matches[0].score - CLOSE]


def _exact(kg, query: str) -> list[Match]:
    index = name_index(kg)
    hits = {}
    if kg.has_node(query):
        hits[query] = Match(kg.node(query), 100.0, query, "its id")
    wanted = {query.casefold(), normalise(query)}
    for i in sorted(i for key in wanted for i in index.positions.get(key, ())):
        node_id, name = index.owners[i]
        if node_id not in hits:
            node = kg.node(node_id)
            kind = "label" if name == node.label else "alias"
            hits[node_id] = Match(node, 100.0, name, f"the whole {kind}")
    for node_id, name, count in _abbreviation_hits(kg, wanted):
        if node_id not in hits:
            hits[node_id] = Match(kg.node(node_id), 100.0, name,
                                  f"registry abbreviation for {count} bodies")
    return list(hits.values())


def _abbreviation_hits(kg, wanted: set[str]) -> list[tuple[str, str, int]]:
    """(id, abbreviation, how many it names) for each graph entity a registry
    abbreviation written exactly as `wanted` names ("ND & DDES CCGs" is two CCGs)."""
    found = []
    for abbreviation in getattr(kg, "abbreviations", ()):
        if {abbreviation.text.casefold(), normalise(abbreviation.text)} & wanted:
            found += [(i, abbreviation.text, len(abbreviation.means))
                      for i in abbreviation.means if kg.has_node(i)]
    return found


def query_slots(text: str, index: TextIndex) -> list[Slot]:
    """The query as weighted slots: synonym phrases as one concept, other content words
    as their stem (or initials, for a short word written as an abbreviation)."""
    tokens = normalise(text).split()
    stems = words(text, index)
    capitals = {w.casefold() for w in re.findall(r"[A-Za-z]{2,}", text) if w.isupper()}
    slots, inside = [], set()
    for start, end, concept in concept_spans(stems):
        inside |= set(range(start, end))
        phrase = " ".join(tokens[start:end])
        emphasis = CAPITALS_EMPHASIS if set(tokens[start:end]) <= capitals else 1.0
        phrase = phrase.upper() if emphasis > 1 else phrase  # shown as written: weighed more
        slots.append(Slot(phrase if phrase.casefold() == concept[1:]
                          else f"{phrase} ~ {concept[1:]}",
                          frozenset({concept}), index.weight(concept), emphasis))
    for i, (token, stem) in enumerate(zip(tokens, stems)):
        if i in inside or token in STOPWORDS:
            continue
        terms = {stem} | ({f"~{token}"} if 3 <= len(token) <= 6 and token.isalpha() else set())
        known = [index.idf[t] for t in terms if t in index.idf]
        typed = text_stem(token)
        written = token.upper() if token in capitals else token
        shown = written if stem == typed else f"{written} (read as {stem})"
        slots.append(Slot(shown, frozenset(terms), max(known, default=index.max_idf),
                          CAPITALS_EMPHASIS if token in capitals else 1.0))
    return slots


def _weighted(kg, text: str, min_score: float, limit: int,
              type: str | None = None) -> list[Match]:
    """The `limit` best entities (of `type`) by weighted words, in find's order. No
    entity beyond them can be in find's first `limit`: each has `limit` entities before
    it whatever the other kinds of evidence add. At 150 councils a common word is in
    tens of thousands of names; only the few kept become Matches."""
    index = text_index(kg)
    slots = query_slots(text, index)
    total = sum(s.query_weight for s in slots)
    if not total:
        return []
    candidates = set().union(*(index.postings.get(t, ()) for s in slots for t in s.terms))
    literal = {w for t, w in zip(normalise(text).split(), words(text, index))
               if t not in STOPWORDS}
    literal_total = sum(index.weight(t) for t in literal) or 1.0
    ranked = []
    for profile in candidates:  # entities with the same names and description score alike
        fields = index.profiles[profile]
        own_words = set().union(*(f.terms_set for f in fields)) & literal
        same_words = sum(index.weight(t) for t in own_words) / literal_total
        scored = [_field_score(f, slots, total, same_words) for f in fields]
        score, field, hit = max(scored, key=lambda x: x[0])
        if score < min_score:
            continue
        ids = index.members[profile]  # sorted: the first `limit` are all that can rank
        if type:
            ids = [i for i in ids if kg.node(i).type == type]
        ranked += [(-round(score, 1), len(field.name), i, field, hit) for i in ids[:limit]]
    found = []
    for negative, _, node_id, field, hit in heapq.nsmallest(limit, ranked,
                                                            key=lambda r: r[:3]):
        why = f"{field.kind} words: {', '.join(s.shown for s in hit)}"
        found.append(Match(kg.node(node_id), -negative, field.name, why))
    return found


def _field_score(field, slots, total, same_words) -> tuple[float, object, list[Slot]]:
    """99 × (the share of the query's weight the field carries, the share of the field's
    own weight the query covers, and the share of the query's own words, not synonyms,
    that the entity's names and description use)."""
    hit = [s for s in slots if s.terms & field.terms_set]
    matched = sum(s.weight for s in hit)
    own = field.own_weight or 1.0
    share_of_query = sum(s.query_weight for s in hit) / total
    share_of_name = min(1.0, matched / own)
    score = 99.0 * field.weight * (0.7 * share_of_query + 0.15 * share_of_name
                                   + 0.15 * same_words)
    return score, field, hit


def _spelling(kg, text: str) -> list[Match]:
    """Names spelt nearly like the whole query (a person, a body, an Act)."""
    from rapidfuzz import fuzz

    query = normalise(text)
    if len(query) < 4:
        return []
    index = name_index(kg)
    found = []
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        for score, i in _closest(query, index, scorer):
            node_id, name = index.owners[i]
            node = kg.node(node_id)
            if node.type in NAME_TYPES and score < 100:
                found.append(Match(node, round(0.95 * score, 1), name,
                                   f"spelt like {name!r} ({score:.0f}%)"))
    return found


def _closest(query: str, index, scorer, limit: int = 10) -> list[tuple[float, int]]:
    """(score, position in index.keys) of the `limit` names spelt most like `query`,
    best first, ties in name order: each distinct name is scored once (a large graph
    repeats names across councils), then spread to every position it has."""
    from rapidfuzz import process

    distinct = list(index.positions)
    scored = [(-score, i) for key, score, _ in process.extract(
                  query, distinct, scorer=scorer, limit=None, score_cutoff=FUZZY_CUTOFF)
              for i in index.positions[key]]
    return [(-negative, i) for negative, i in sorted(scored)[:limit]]
