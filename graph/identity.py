"""Identity: normalised names, and the near-duplicates left for a person to review.

Merges happen only on evidence written in the data (the same id, or an alias). What
merely looks alike is reported, never merged: two officers called Smith stay two.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

from sendkg.graph.knowledge_graph import ReviewItem
from sendkg.names import normalise
from sendkg.nicknames import full_names, same_first_name

PERSON_SIMILARITY = 88.0  # "Lindsey Dunn" ~ "Lyndsey Dunn" scores 91.7
# Types whose entities exist outside one plan, so that one name should be one entity.
# Plan items (objectives, actions, ...) legitimately repeat names across plans: that is
# what `sendkg duplicates` examines, not identity.
IDENTITY_TYPES = {"Organisation", "Board", "Post", "Legislation", "Area", "Plan", "Document"}
def _person_blocks(node) -> set[tuple[str, str]]:
    """Spellings of one person meet in one paper: block on a shared source document,
    first initial and surname stem. Namesakes in different councils' papers are not
    compared at all."""
    words = normalise(node.label).split()
    if not words:
        return set()
    initials = {words[0][:1]} | {f[:1] for f in full_names(words[0])}  # Becky ~ Rebecca
    return {(source.document, f"{initial}|{words[-1][:3]}")
            for source in node.sources for initial in initials}


def _person_pairs(kg):
    blocks = defaultdict(list)
    for node in kg.nodes("Person"):
        for block in _person_blocks(node):
            blocks[block].append(node)
    for members in blocks.values():
        for a, b in combinations(members, 2):
            score = fuzz.ratio(normalise(a.label), normalise(b.label))
            if score >= PERSON_SIMILARITY:
                reason = "same name" if score == 100 else "names differ by a spelling"
                yield a, b, score, f"{reason} in one document, kept as two people"
            elif _nickname_pair(a, b):
                yield a, b, PERSON_SIMILARITY, ("first names are forms of one name, same "
                                                "surname, in one document; kept as two people")


def _nickname_pair(a, b) -> bool:
    first_a, *_, last_a = normalise(a.label).split() or [""]
    first_b, *_, last_b = normalise(b.label).split() or [""]
    return last_a == last_b and same_first_name(first_a, first_b)


def _name_collisions(kg):
    """Different entities of one type sharing a normalised name or alias."""
    owners = defaultdict(set)
    for node in kg.nodes():
        if node.type not in IDENTITY_TYPES:
            continue
        for name in (node.label, *node.aliases):
            owners[(node.type, normalise(name))].add(node.id)
    for (_, name), ids in owners.items():
        for a, b in combinations(sorted(ids), 2):
            yield kg.node(a), kg.node(b), 100.0, f"both are called {name!r}"


def near_duplicates(kg) -> list:
    """Pairs of distinct entities that may be one, for review (not merged)."""
    found = {}
    for a, b, score, reason in [*_person_pairs(kg), *_name_collisions(kg)]:
        key = tuple(sorted((a.id, b.id)))
        found.setdefault(key, ReviewItem(key[0], key[1], round(score, 1), reason))
    return sorted(found.values(), key=lambda item: (-item.score, item.first))
