"""Identity: normalised names, and the near-duplicates left for a person to review.

Merges happen only on evidence written in the data (the same id, or an alias). What
merely looks alike is reported, never merged: two officers called Smith stay two.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

from sendkg.graph.knowledge_graph import ReviewItem

PERSON_SIMILARITY = 88.0  # "Lindsey Dunn" ~ "Lyndsey Dunn" scores 91.7
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation removed, '&' as 'and', spaces folded.

    >>> normalise("Gill O’Neill")
    'gill oneill'
    >>> normalise("Health & Wellbeing Board")
    'health and wellbeing board'
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _person_block(name: str) -> str:
    """Names that could be one person share a block: first initial + surname stem."""
    words = normalise(name).split()
    return f"{words[0][:1]}|{words[-1][:3]}" if words else ""


def _person_pairs(kg):
    blocks = defaultdict(list)
    for node in kg.nodes("Person"):
        blocks[_person_block(node.label)].append(node)
    for members in blocks.values():
        for a, b in combinations(members, 2):
            score = fuzz.ratio(normalise(a.label), normalise(b.label))
            if score >= PERSON_SIMILARITY:
                yield a, b, score, "person names differ by a spelling"


def _name_collisions(kg):
    """Different entities of one type sharing a normalised name or alias."""
    owners = defaultdict(set)
    for node in kg.nodes():
        if node.type == "Person":
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
