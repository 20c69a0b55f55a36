"""Scored item pairs and clusters, narrowed before any finding is built.

At 150 councils every council plans the same themes, so the pairs of alike items in two
areas grow with the square of the number of councils (tens of millions). Nothing here
makes those pairs:

- `same_area_pairs`: the item pairs behind candidate text pairs that lie in one area
  (or involve an item of no single area), the only pairs that stay pairs;
- `area_clusters`: alike work across areas as clusters of distinct texts, each member
  text scoring at or above the threshold against the cluster's centre text, so one
  cluster cannot chain unrelated work (A like B like C, A unlike C);
- `copy_clusters`: a label written CLUSTER_FROM times or more in one area is one cluster
  ("one item written 4 times"), its copies' pairs left out of the pairs;
- `plan_mask`, `area_mask` and `narrowed`: what --between and --area keep.

>>> import numpy as np
>>> key_of = np.array([7, 7, 7, 5])
>>> first, second = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3])
>>> mask, clusters = copy_clusters(key_of, first, second)
>>> mask.tolist(), clusters
([True, True, True, False], {7: [0, 1, 2]})
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

CLUSTER_FROM = 3  # copies of one label from which they are one cluster, not pairs


def copy_clusters(key_of: np.ndarray, first: np.ndarray, second: np.ndarray):
    """(pairs that join two copies of a clustered key, {key: item positions}).

    `key_of`: per item position, what makes two items copies (the text and the area
    together, so copies in two areas are never one copy cluster)."""
    same = key_of[first] == key_of[second]
    keys = np.concatenate([key_of[first[same]], key_of[second[same]]])
    items = np.concatenate([first[same], second[same]])
    if not len(items):
        return np.zeros(len(first), dtype=bool), {}
    pairs = np.unique(np.stack([keys, items], axis=1), axis=0)
    found, counts = np.unique(pairs[:, 0], return_counts=True)
    big = found[counts >= CLUSTER_FROM]
    clusters = {int(t): sorted(int(i) for i in pairs[pairs[:, 0] == t, 1]) for t in big}
    return same & np.isin(key_of[first], big), clusters


def area_blocks(items) -> np.ndarray:
    """Per item position (sendkg.checks.duplicates_structure.ItemIndex): a number for
    its council when it has exactly one, else -1 (none known, or plans of several)."""
    number: dict[str, int] = {}
    blocks = np.full(len(items), -1, dtype=np.int64)
    for k, node in enumerate(items.items):
        found = items.councils[node.id]
        if len(found) == 1:
            blocks[k] = number.setdefault(found[0], len(number))
    return blocks


class _Groups:
    """Item positions grouped by an integer key: look up a key's members."""

    def __init__(self, keys: np.ndarray):
        self.keys, inverse, self.counts = np.unique(keys, return_inverse=True,
                                                    return_counts=True)
        self.order = np.argsort(inverse, kind="stable")
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)

    def find(self, wanted: np.ndarray) -> np.ndarray:
        """Group number of each wanted key, -1 where no item has it."""
        at = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
        hit = (self.keys[at] == wanted) if len(self.keys) else np.zeros(len(wanted), bool)
        return np.where(hit, at, -1)

    def expand(self, rows: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, member) for every member of each row's group (-1: none)."""
        sizes = np.where(groups >= 0, self.counts[np.maximum(groups, 0)], 0)
        row = np.repeat(rows, sizes)
        rank = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        start = np.repeat(self.starts[np.maximum(groups, 0)], sizes)
        return row, self.order[start + rank]


def same_area_pairs(text_of: np.ndarray, blocks: np.ndarray, u: np.ndarray, v: np.ndarray,
                    lexical: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The item pairs (first < second positions, and their text pair's `lexical`) behind
    text pairs (u, v; u == v for copies of one text) whose two items are in one area
    (`blocks`, from area_blocks), or where an item has no single area (-1): such an item
    is paired with every item of the other text, as the scoring always did.

    Work is proportional to the pairs made, never to all the pairs behind a text pair.
    """
    apart = u != v
    left, right = np.concatenate([u, v[apart]]), np.concatenate([v, u[apart]])
    lexical = np.concatenate([lexical, lexical[apart]])
    n_texts = np.int64(max(int(text_of.max(initial=-1)), int(right.max(initial=-1))) + 1)
    by_text = _Groups(text_of)
    by_place = _Groups((blocks + 1) * n_texts + text_of)  # no single area: block 0
    pair_row, item = by_text.expand(np.arange(len(left)), by_text.find(left))
    other = right[pair_row]
    placed = blocks[item] >= 0
    found = [by_place.expand(np.flatnonzero(placed), by_place.find(
                 (blocks[item[placed]] + 1) * n_texts + other[placed])),
             by_place.expand(np.flatnonzero(placed), by_place.find(other[placed])),
             by_text.expand(np.flatnonzero(~placed), by_text.find(other[~placed]))]
    rows = np.concatenate([r for r, _ in found])
    partners = np.concatenate([p for _, p in found])
    first, second = np.minimum(item[rows], partners), np.maximum(item[rows], partners)
    codes = first * np.int64(len(text_of)) + second
    codes, where = np.unique(codes[first != second], return_index=True)
    lex = lexical[pair_row[rows[first != second]]][where]
    return codes // len(text_of), codes % len(text_of), lex


@dataclass(frozen=True)
class AreaCluster:
    """Alike items in two or more areas: `centre` (a distinct text's number), `members`
    (item positions, the centre's items first), `texts` ({text: its score against the
    centre}) and `score` (the lowest of those: every member is at least this alike to
    the centre)."""

    centre: int
    members: tuple[int, ...]
    texts: dict[int, float]
    score: float


def area_clusters(text_of: np.ndarray, blocks: np.ndarray, u: np.ndarray, v: np.ndarray,
                  score: np.ndarray, min_score: float) -> list[AreaCluster]:
    """Clusters of alike work in two or more areas, best first.

    `u`, `v`, `score`: text pairs (u == v for copies of one text) with the score two of
    their items in two areas get. Links at or above `min_score` join texts. Centres are
    chosen greedily, the text with the most items around it first, so that no two
    centres are linked; every other linked text joins the centre it scores best with.
    A member is thus always alike to its centre itself, never only through a chain.
    Only items of one area (`blocks` >= 0) are members; a cluster is kept when its items
    lie in two or more areas.
    """
    keep = score >= min_score - 1e-9
    u, v, score = u[keep], v[keep], score[keep]
    placed = blocks >= 0
    n_texts = int(max(int(text_of.max(initial=-1)), int(u.max(initial=-1)),
                      int(v.max(initial=-1)))) + 1
    weight = np.bincount(text_of[placed], minlength=n_texts)
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, s in zip(u.tolist(), v.tolist(), score.tolist()):
        if weight[a] and weight[b]:
            links[a][b] = links[b][a] = s
    reach = {t: int(weight[t]) + sum(int(weight[o]) for o in near if o != t)
             for t, near in links.items()}
    centres: set[int] = set()
    for text in sorted(reach, key=lambda t: (-reach[t], t)):
        if not any(o in centres for o in links[text] if o != text):
            centres.add(text)
    joined: dict[int, dict[int, float]] = {c: {} for c in centres}
    for text in reach:
        if text in centres:
            if text in links[text]:
                joined[text][text] = links[text][text]
            continue
        best = max((o for o in links[text] if o in centres), key=lambda o: (links[text][o], -o))
        joined[best][text] = links[text][best]
    items = _Groups(np.where(placed, text_of, -1))
    found = [_cluster(centre, texts, items, blocks) for centre, texts in joined.items()]
    return sorted((c for c in found if c), key=lambda c: (-c.score, -len(c.members), c.centre))


def _cluster(centre: int, texts: dict[int, float], items: _Groups,
             blocks: np.ndarray) -> AreaCluster | None:
    order = [centre, *sorted((t for t in texts if t != centre), key=lambda t: (-texts[t], t))]
    members = []
    for text in order:
        group = items.find(np.array([text]))
        members.extend(items.expand(np.zeros(1, dtype=np.int64), group)[1].tolist())
    if not texts or len(np.unique(blocks[members])) < 2:
        return None  # no link, or every item in one area: pairs within the area say it
    return AreaCluster(centre, tuple(members), texts, min(texts.values()))


def plan_mask(items, plans: frozenset[str]) -> np.ndarray:
    """Per item position: whether one of its plans is one of `plans` (ids)."""
    return np.array([not plans.isdisjoint(items.plans[n.id]) for n in items.items],
                    dtype=bool)


def area_mask(items, text: str) -> np.ndarray:
    """Per item position: whether it is in the area `text` names, as `sendkg lint
    --area` reads it (sendkg.checks.lint_places): part of the name of its plans'
    council or of an area a plan covers ("County Durham" as well as "Durham County
    Council")."""
    from sendkg.checks.lint_places import places_of

    places = places_of(items.kg, (n.id for n in items.items))
    return np.array([places[n.id].matches_area(text) for n in items.items], dtype=bool)


def narrowed(items, first: np.ndarray, second: np.ndarray,
             between: tuple[frozenset[str], frozenset[str]] | None,
             area: str | None) -> np.ndarray:
    """Which pairs have one side in each set of plans of `between` (plan ids) and a
    side in `area`."""
    keep = np.ones(len(first), dtype=bool)
    if between:
        a, b = (plan_mask(items, t) for t in between)
        keep &= (a[first] & b[second]) | (b[first] & a[second])
    if area:
        inside = area_mask(items, area)
        keep &= inside[first] | inside[second]
    return keep


def cluster_kept(items, clusters: list[AreaCluster],
                 between: tuple[frozenset[str], frozenset[str]] | None,
                 area: str | None) -> list[AreaCluster]:
    """The clusters with a member in each set of plans of `between` (plan ids; two
    different members) and a member in `area`."""
    if between:
        a, b = (plan_mask(items, t) for t in between)
        clusters = [c for c in clusters if _two_members(a[list(c.members)],
                                                         b[list(c.members)])]
    if area:
        inside = area_mask(items, area)
        clusters = [c for c in clusters if inside[list(c.members)].any()]
    return clusters


def _two_members(in_a: np.ndarray, in_b: np.ndarray) -> bool:
    return bool(in_a.any() and in_b.any() and (in_a | in_b).sum() >= 2)
