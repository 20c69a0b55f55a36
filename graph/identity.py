"""Identity: normalised names, and the near-duplicates left for a person to review.

Merges happen only on evidence written in the data (the same id, or an alias). What
merely looks alike is reported, never merged: two officers called Smith stay two.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz, process

from sendkg.graph.knowledge_graph import ReviewItem
from sendkg.names import normalise
from sendkg.nicknames import full_names, same_first_name

MAX_NAMESAKE_PAIRS = 20  # entities of one name reviewed pair by pair (more: each vs the first)
MAX_BLOCK = 2_000  # people of one block compared for spelling; more: exact names only
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
    """Pairs of people in one block whose names are alike or nicknames of one another.

    Names are normalised once per person and each one compared with the rest of its block
    by rapidfuzz in one call, so a board of 50,000 members builds in seconds (comparing
    pair by pair in Python took minutes)."""
    blocks, names = defaultdict(list), {}
    for node in kg.nodes("Person"):
        names[node.id] = normalise(node.label)
        for block in _person_blocks(node):
            blocks[block].append(node)
    for members in blocks.values():
        labels = [names[m.id] for m in members]
        if len(members) > MAX_BLOCK:  # thousands of "J. Smi…" in one paper: exact only
            yield from _same_names(members, labels)
            continue
        alike = set()
        for i in range(len(members) - 1):
            for _, score, j in process.extract(labels[i], labels[i + 1:], scorer=fuzz.ratio,
                                               score_cutoff=PERSON_SIMILARITY, limit=None):
                alike.add((i, i + 1 + j))
                reason = "same name" if score == 100 else "names differ by a spelling"
                yield members[i], members[i + 1 + j], score, (f"{reason} in one document, "
                                                               "kept as two people")
        by_surname = defaultdict(list)
        for i, label in enumerate(labels):
            words = label.split() or [""]
            by_surname[words[-1]].append((i, words[0]))
        for group in by_surname.values():
            for (i, first_a), (j, first_b) in combinations(group, 2):
                if (i, j) not in alike and same_first_name(first_a, first_b):
                    yield members[i], members[j], PERSON_SIMILARITY, (
                        "first names are forms of one name, same surname, in one document; "
                        "kept as two people")


def _same_names(members: list, labels: list[str]):
    """Pairs of people of one block with exactly one (normalised) name, each paired with
    the first of that name."""
    first = {}
    for node, label in zip(members, labels):
        if label in first:
            yield first[label], node, 100.0, "same name in one document, kept as two people"
        else:
            first[label] = node


def _name_collisions(kg):
    """Different entities of one type sharing a normalised name or alias."""
    owners = defaultdict(set)
    for node in kg.nodes():
        if node.type not in IDENTITY_TYPES:
            continue
        for name in (node.label, *node.aliases):
            owners[(node.type, normalise(name))].add(node.id)
    for (_, name), ids in owners.items():
        ids = sorted(ids)
        # Every pair for a few namesakes; beyond that each one paired with the first, so
        # 10,000 boards of one name give 9,999 review items, not 50 million.
        pairs = combinations(ids, 2) if len(ids) <= MAX_NAMESAKE_PAIRS else (
            (ids[0], other) for other in ids[1:])
        for a, b in pairs:
            yield kg.node(a), kg.node(b), 100.0, f"both are called {name!r}"


def near_duplicates(kg) -> list:
    """Pairs of distinct entities that may be one, for review (not merged)."""
    return _ranked([*_person_pairs(kg), *_name_collisions(kg)])


def _ranked(pairs) -> list:
    found = {}
    for a, b, score, reason in pairs:
        key = tuple(sorted((a.id, b.id)))
        found.setdefault(key, ReviewItem(key[0], key[1], round(score, 1), reason))
    # a total order: the list does not depend on the order entities were added in (a
    # graph patched after an edit lists them as a full build does, sendkg.graph.patch)
    return sorted(found.values(), key=lambda item: (-item.score, item.first, item.second))


def near_duplicates_after(kg, before: list, touched: set[str],
                          old_people: list) -> list | None:
    """`near_duplicates(kg)` when `before` is its result for a graph that differed from
    `kg` only in the entities `touched` (ids whose record was added, changed or
    removed; `old_people` their Person records in that graph): the pairs of two
    untouched people are kept (whether two people are alike depends on their two
    records alone), the touched people are compared again with the people of their
    blocks, and name collisions are found again (quick). None when a touched person's
    block, before or after, is compared by exact names only (MAX_BLOCK): which pairs
    such a block gives depends on its order, and only `near_duplicates` can say."""
    people = [kg.node(i) for i in sorted(touched)
              if kg.has_node(i) and kg.node(i).type == "Person"]
    kept = [(kg.node(item.first), kg.node(item.second), item.score, item.reason)
            for item in before if item.first not in touched and item.second not in touched
            and kg.node(item.first).type == "Person"]
    pairs = _touched_person_pairs(kg, people, old_people)
    if pairs is None:
        return None
    return _ranked([*kept, *pairs, *_name_collisions(kg)])


def _touched_person_pairs(kg, people: list, old_people: list) -> list | None:
    """The pairs `_person_pairs` gives that include one of `people` (or None, see
    near_duplicates_after)."""
    documents = {source.document for node in (*people, *old_people)
                 for source in node.sources}
    blocks = defaultdict(list)
    for node in kg.nodes("Person"):
        if any(source.document in documents for source in node.sources):
            for block in _person_blocks(node):
                blocks[block].append(node)
    # a block may have been over MAX_BLOCK with the old records in it
    if any(len(blocks[block]) + len(old_people) > MAX_BLOCK
           for node in (*people, *old_people) for block in _person_blocks(node)):
        return None
    pairs = []
    for node in people:
        label = normalise(node.label)
        for block in _person_blocks(node):
            for other in blocks[block]:
                if other.id != node.id:
                    found = _alike(label, normalise(other.label))
                    if found:
                        pairs.append((node, other, *found))
    return pairs


def _alike(a: str, b: str) -> tuple[float, str] | None:
    """What `_person_pairs` says of two normalised names in one block: (score, reason),
    or None when they are not alike."""
    score = fuzz.ratio(a, b, score_cutoff=PERSON_SIMILARITY)
    if score:
        reason = "same name" if score == 100 else "names differ by a spelling"
        return score, f"{reason} in one document, kept as two people"
    words_a, words_b = a.split() or [""], b.split() or [""]
    if words_a[-1] == words_b[-1] and same_first_name(words_a[0], words_b[0]):
        return PERSON_SIMILARITY, ("first names are forms of one name, same surname, in "
                                   "one document; kept as two people")
    return None
