"""One score per pair of plan items, and the pairs at or above a threshold.

score = 0.8 x lexical + 0.1 x same owner + 0.05 x same legislation + 0.05 x same board

`lexical` is the similarity of the two labels (sendkg.checks.duplicates_text); the
other terms are 1 when the two items share an owner, a driving Act or guidance, or a
monitoring or receiving board (sendkg.checks.duplicates_structure), and count only
between plans: inside one plan items share owners, drivers and boards by design. Two
identical labels score at least 0.8. An item and its own container (an action
and its objective) are never a pair: restating the objective is not duplication; nor
are two items of one row (two actions of one objective): they are its steps.

Two ways to the same answer: `candidate_pairs` scores only the text pairs that MinHash
LSH puts in one bucket (plus identical texts), `exact_pairs` scores every item pair,
block by block. Both use the same scoring, so the first is a subset of the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from sendkg.checks.duplicates_candidates import minhash_pairs
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_structure import (
    ACROSS_COUNCILS,
    ACROSS_PLANS,
    WITHIN_PLAN,
    ItemIndex,
)
from sendkg.checks.duplicates_text import TextIndex

from sendkg.names import normalise

WEIGHTS = {"lexical": 0.8, "owners": 0.1, "legislation": 0.05, "boards": 0.05}
STRUCTURE_MAX = 1.0 - WEIGHTS["lexical"]
SCOPES = {"within": (WITHIN_PLAN,), "across": (ACROSS_PLANS, ACROSS_COUNCILS),
          "all": (WITHIN_PLAN, ACROSS_PLANS, ACROSS_COUNCILS)}
CHUNK = 1_000_000


@dataclass
class ScoredPairs:
    """Item pairs (positions in ItemIndex.items, first < second) with their scores."""

    first: np.ndarray
    second: np.ndarray
    lexical: np.ndarray
    score: np.ndarray
    scope: np.ndarray

    @classmethod
    def empty(cls) -> ScoredPairs:
        return cls(*(np.zeros(0, dtype=d) for d in (np.int64, np.int64, float, float, np.int8)))

    @classmethod
    def joined(cls, parts: list[ScoredPairs]) -> ScoredPairs:
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                     ("first", "second", "lexical", "score", "scope")))

    def __len__(self) -> int:
        return len(self.first)

    def codes(self, n: int) -> np.ndarray:
        return self.first * np.int64(n) + self.second


class DuplicateIndex:
    """Items of a graph, their distinct texts and attachments, ready to score."""

    def __init__(self, kg):
        self.items = ItemIndex(kg)
        labels = [node.label for node in self.items.items]
        distinct = sorted(set(_normalised(labels)))
        self.texts = TextIndex(distinct, place_words(kg))
        where = {text: k for k, text in enumerate(self.texts.texts)}
        self.text_of = np.array([where[t] for t in _normalised(labels)], dtype=np.int64)

    def score(self, first, second, lexical, min_score: float, scope: str) -> ScoredPairs:
        """Score item pairs given their lexical similarity; keep those at `min_score`."""
        keep = ~self.items.contains(first, second) & ~self.items.overlap("rows", first, second)
        first, second, lexical = first[keep], second[keep], lexical[keep].copy()
        siblings = np.flatnonzero(self.items.overlap("parents", first, second))
        lexical[siblings] = np.minimum(lexical[siblings],
                                       self._residual(first[siblings], second[siblings]))
        where = self.items.scope(first, second)
        apart = np.flatnonzero(where != WITHIN_PLAN)
        score = WEIGHTS["lexical"] * lexical
        for name in ("owners", "legislation", "boards"):
            score[apart] += WEIGHTS[name] * self.items.evidence(name, first[apart], second[apart])
        keep = (score >= min_score - 1e-9) & np.isin(where, SCOPES[scope])
        return ScoredPairs(first[keep], second[keep], lexical[keep], score[keep],
                           where[keep].astype(np.int8))

    def scores_of(self, pairs: list[tuple[str, str]]) -> list[float | None]:
        """The score of each (id, id) pair, whatever the threshold; None for an item and
        its own container, which are never a pair."""
        first = np.array([self.items.position[a] for a, _ in pairs], dtype=np.int64)
        second = np.array([self.items.position[b] for _, b in pairs], dtype=np.int64)
        first, second = np.minimum(first, second), np.maximum(first, second)
        lexical = self.texts.similarity(self.text_of[first], self.text_of[second])
        found = self.score(first, second, lexical, -1.0, "all")
        scores = dict(zip(zip(found.first.tolist(), found.second.tolist()), found.score.tolist()))
        return [scores.get(pair) for pair in zip(first.tolist(), second.tolist())]

    def _residual(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Lexical similarity of sibling items without the words of their parent."""
        items, parents = self.items.items, self.items.parents
        labels, context = [], []
        for a, b in zip(first.tolist(), second.tolist()):
            shared = set(parents[items[a].id]) & set(parents[items[b].id])
            labels.append((items[a].label, items[b].label))
            context.append(" ".join(self.items.kg.node(p).label for p in sorted(shared)))
        return self.texts.residual_similarity([a for a, _ in labels], [b for _, b in labels],
                                              context)


def place_words(kg) -> frozenset[str]:
    """Words of the graph's area names ("county", "durham"): where, not what."""
    return frozenset(w for area in kg.nodes("Area") for w in normalise(area.label).split())


def _normalised(labels: list[str]) -> list[str]:
    return [normalise(label) for label in labels]


def lexical_floor(min_score: float) -> float:
    """The least lexical similarity that can still reach `min_score`."""
    return (min_score - STRUCTURE_MAX) / WEIGHTS["lexical"] - 1e-9


def candidate_pairs(index: DuplicateIndex, min_score: float = DEFAULT_MIN_SCORE,
                    scope: str = "all", rows: np.ndarray | None = None) -> ScoredPairs:
    """Pairs at or above `min_score` among MinHash LSH candidates and identical texts.

    With `rows` (item positions), only the pairs that involve one of those items.
    """
    u, v = minhash_pairs(index.texts.topics)
    repeated = np.flatnonzero(np.bincount(index.text_of, minlength=len(index.texts)) > 1)
    u, v = np.concatenate([u, repeated]), np.concatenate([v, repeated])
    lexical = index.texts.similarity(u, v)
    keep = lexical >= lexical_floor(min_score)
    chosen = _chosen(len(index.text_of), rows)
    return _expanded(index, u[keep], v[keep], lexical[keep], min_score, scope, chosen)


def _chosen(n: int, rows: np.ndarray | None) -> np.ndarray:
    chosen = np.zeros(n, dtype=bool)
    chosen[np.arange(n) if rows is None else rows] = True
    return chosen


def _expanded(index, u, v, lexical, min_score, scope, chosen) -> ScoredPairs:
    """Every item pair behind each text pair (with a chosen item), scored by chunks."""
    apart = u != v
    u, v = np.concatenate([u, v[apart]]), np.concatenate([v, u[apart]])
    lexical = np.concatenate([lexical, lexical[apart]])
    left, right = _grouped(index.text_of, chosen), _grouped(index.text_of, None)
    sizes = left[2][u] * right[2][v]
    total = np.cumsum(sizes)
    cuts = np.searchsorted(total, np.arange(CHUNK, total[-1] if len(total) else 0, CHUNK),
                           side="right")
    edges = np.unique(np.concatenate([[0], cuts, [len(u)]]))
    parts = []
    for begin, end in pairwise(edges):
        part = slice(begin, end)
        first, second, lex = _item_pairs(left, right, u[part], v[part], lexical[part])
        keep = (first != second) & (~chosen[second] | (first < second))
        first, second, lex = first[keep], second[keep], lex[keep]
        parts.append(index.score(np.minimum(first, second), np.maximum(first, second), lex,
                                 min_score, scope))
    return _sorted(ScoredPairs.joined(parts))


def _grouped(text_of: np.ndarray, chosen: np.ndarray | None):
    """Items (optionally only chosen ones) grouped by text: order, starts, counts."""
    members = np.flatnonzero(chosen) if chosen is not None else np.arange(len(text_of))
    order = members[np.argsort(text_of[members], kind="stable")]
    counts = np.bincount(text_of[members], minlength=int(text_of.max(initial=-1)) + 1)
    return order, np.concatenate([[0], np.cumsum(counts)[:-1]]), counts


def _item_pairs(left, right, u, v, lexical):
    """Item positions (a chosen item of text u, any item of text v) for text pairs."""
    (l_order, l_starts, l_counts), (r_order, r_starts, r_counts) = left, right
    sizes = l_counts[u] * r_counts[v]
    pair = np.repeat(np.arange(len(u)), sizes)
    rank = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = r_counts[v][pair]
    return (l_order[l_starts[u][pair] + rank // width],
            r_order[r_starts[v][pair] + rank % width], lexical[pair])


def exact_pairs(index: DuplicateIndex, min_score: float = DEFAULT_MIN_SCORE,
                scope: str = "all", rows: np.ndarray | None = None,
                block: int = 500) -> ScoredPairs:
    """Every item pair scored: the baseline `candidate_pairs` is measured against.

    Block by block (optionally only the pairs involving `rows`), every pair gets a raw
    score: its lexical similarity (from a table of all pairs of distinct texts, computed
    with the same function the candidates use) plus every structural overlap (sparse
    products of the attachment matrices). The raw score is never below the final one
    (the refinements only take away), so the pairs whose raw score reaches `min_score`
    are then scored exactly like the candidates are.
    """
    table = _text_table(index).astype(np.float32)
    n = len(index.text_of)
    chosen = _chosen(n, rows)
    ordered, parts = np.flatnonzero(chosen), []
    for start in range(0, len(ordered), block):
        mine = ordered[start:start + block]
        lexical = table[index.text_of[mine]][:, index.text_of]
        raw = WEIGHTS["lexical"] * lexical
        for name in ("owners", "legislation", "boards"):
            shared = (index.items.incidence[name][mine] @ index.items.incidence[name].T).tocoo()
            raw[shared.row, shared.col] += WEIGHTS[name]
        raw[chosen[None, :] & (np.arange(n)[None, :] <= mine[:, None])] = -1.0  # counted once
        hit_row, hit_col = np.nonzero(raw >= min_score - 1e-6)
        first, second = np.minimum(mine[hit_row], hit_col), np.maximum(mine[hit_row], hit_col)
        exact = index.texts.similarity(index.text_of[first], index.text_of[second])
        parts.append(index.score(first, second, exact, min_score, scope))
    return _sorted(ScoredPairs.joined(parts))


def _text_table(index: DuplicateIndex) -> np.ndarray:
    """Lexical similarity of every pair of distinct texts (a dense square table)."""
    n_texts = len(index.texts)
    u, v = np.triu_indices(n_texts)
    table = np.zeros((n_texts, n_texts))
    for start in range(0, len(u), CHUNK):
        part = slice(start, start + CHUNK)
        table[u[part], v[part]] = index.texts.similarity(u[part], v[part])
    return np.maximum(table, table.T)


def _sorted(pairs: ScoredPairs) -> ScoredPairs:
    order = np.lexsort((pairs.second, pairs.first, -pairs.score))
    return ScoredPairs(*(getattr(pairs, f)[order] for f in
                         ("first", "second", "lexical", "score", "scope")))
