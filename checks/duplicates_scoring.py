"""One score per pair of plan items, and the pairs at or above a threshold.

score = a learned logistic combination (sendkg.checks.duplicates_model, weights in
data/duplicates_model.yaml) of the labels' text similarity (TF-IDF likeness and the
rarest key term both use: sendkg.checks.duplicates_text), whether the two items are in
two areas, whether one item's plan builds on, is read with or supersedes the other's
(sendkg.checks.duplicates_structure), and whether the labels name the same services
(sendkg.checks.duplicates_services). An item and its own container (an action and its
objective) are never a pair: restating the objective is not duplication; nor are two
items of one row (two actions of one objective): they are its steps. Two siblings (one
parent) are compared without the words of their parent.

Two ways to the same answer: `candidate_pairs` scores only the text pairs that MinHash
LSH puts in one bucket (plus identical texts), `exact_pairs` scores every item pair,
block by block. Both use the same scoring, so the first is a subset of the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from sendkg.checks.duplicates_candidates import text_candidates
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_model import ScoreModel, load_model
from sendkg.checks.duplicates_services import service_masks, service_overlap
from sendkg.checks.duplicates_structure import (
    ACROSS_COUNCILS,
    ACROSS_PLANS,
    WITHIN_PLAN,
    ItemIndex,
)
from sendkg.checks.duplicates_text import TextIndex

from sendkg.names import normalise

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
    """Items of a graph, their distinct texts and attachments, ready to score with
    `model` (default: the shipped one, data/duplicates_model.yaml)."""

    def __init__(self, kg, model: ScoreModel | None = None, embeddings=None):
        self.model = model or load_model()
        self.items = ItemIndex(kg)
        labels = [node.label for node in self.items.items]
        distinct = sorted(set(_normalised(labels)))
        self.texts = TextIndex(distinct, place_words(kg))
        where = {text: k for k, text in enumerate(self.texts.texts)}
        self.text_of = np.array([where[t] for t in _normalised(labels)], dtype=np.int64)
        # The services each distinct text names (read only when the model weighs them).
        uses_services = bool(self.model.service_overlap or self.model.service_clash)
        self.services = service_masks(self.texts.texts) if uses_services else None
        # Optional (sendkg.checks.duplicates_embeddings): unit vectors of the distinct texts.
        self.embedded = (embeddings.embed(self.texts.texts, self.texts.generic)
                         if embeddings is not None else None)
        self.known = (np.abs(self.embedded).sum(axis=1) > 0
                      if self.embedded is not None else None)

    def text_similarity(self, u, v, rare_share: float | None = None) -> np.ndarray:
        """Similarity in [0, 1] of distinct-text pairs (index arrays into `texts`): the
        model's mix of TF-IDF likeness and the rarest shared term."""
        share = self.model.rare_share if rare_share is None else rare_share
        text = self.texts.similarity(u, v)
        if share:
            text = (1.0 - share) * text + share * self.texts.rarest_shared(u, v)
        if self.embedded is None:
            return text
        u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        cosine = np.clip(np.einsum("ij,ij->i", self.embedded[u], self.embedded[v]), 0.0, 1.0)
        # A label with no word the vectors know has a zero vector: its cosine says
        # nothing (it is not "unlike"), so such pairs keep their text similarity alone.
        known = self.known[u] & self.known[v]
        return np.where(u == v, 1.0, np.where(known, (text + cosine) / 2.0, text))

    def features(self, first, second, text) -> tuple[np.ndarray, ...]:
        """For item pairs (positions, first < second) with their text similarity: the
        pairs that can be duplicates (not an item and its container, not two steps of
        one row) as (first, second, text, scope, linked plans); siblings' text compared
        without their parent's words."""
        keep = ~self.items.contains(first, second) & ~self.items.overlap("rows", first, second)
        first, second, text = first[keep], second[keep], np.asarray(text)[keep].copy()
        siblings = np.flatnonzero(self.items.overlap("parents", first, second))
        text[siblings] = np.minimum(text[siblings],
                                    self._residual(first[siblings], second[siblings]))
        return (first, second, text, self.items.scope(first, second),
                self.items.linked(first, second))

    def score(self, first, second, text, min_score: float, scope: str) -> ScoredPairs:
        """Score item pairs given their text similarity; keep those at `min_score`."""
        first, second, text, where, linked = self.features(first, second, text)
        overlap, clash = self.service_features(first, second)
        score = self.model.probability(text, where == ACROSS_COUNCILS, linked, overlap, clash)
        keep = (score >= min_score - 1e-9) & np.isin(where, SCOPES[scope])
        return ScoredPairs(first[keep], second[keep], text[keep], score[keep],
                           where[keep].astype(np.int8))

    def service_features(self, first, second) -> tuple[np.ndarray, np.ndarray]:
        """(overlap, clash) of item pairs' services (zeros when the model has no service
        weights): sendkg.checks.duplicates_services."""
        if self.services is None:
            return np.zeros(len(first)), np.zeros(len(first), dtype=bool)
        return service_overlap(self.services, self.text_of[first], self.text_of[second])

    def positions(self, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        """(first, second) item positions of (id, id) pairs, first < second."""
        first = np.array([self.items.position[a] for a, _ in pairs], dtype=np.int64)
        second = np.array([self.items.position[b] for _, b in pairs], dtype=np.int64)
        return np.minimum(first, second), np.maximum(first, second)

    def scores_of(self, pairs: list[tuple[str, str]]) -> list[float | None]:
        """The score of each (id, id) pair, whatever the threshold; None for an item and
        its own container, which are never a pair."""
        first, second = self.positions(pairs)
        text = self.text_similarity(self.text_of[first], self.text_of[second])
        found = self.score(first, second, text, -1.0, "all")
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


def candidate_pairs(index: DuplicateIndex, min_score: float = DEFAULT_MIN_SCORE,
                    scope: str = "all", rows: np.ndarray | None = None) -> ScoredPairs:
    """Pairs at or above `min_score` among MinHash LSH candidates and identical texts.

    With `rows` (item positions), only the pairs that involve one of those items.
    """
    u, v, lexical = text_candidates(index, min_score)
    chosen = _chosen(len(index.text_of), rows)
    found = _expanded(index, u, v, lexical, min_score, scope, chosen)
    return _with_linked(index, found, min_score, scope, chosen)


def _with_linked(index: DuplicateIndex, found: ScoredPairs, min_score: float, scope: str,
                 chosen: np.ndarray) -> ScoredPairs:
    """`found` with the pairs of items in linked plans (a report and the plan it builds
    on) that reach `min_score`: few, so each is scored. Pairs not in linked plans need
    the higher text floor the text search used."""
    first, second = index.items.linked_item_pairs()
    wanted = chosen[first] | chosen[second]
    first, second = first[wanted], second[wanted]
    text = index.text_similarity(index.text_of[first], index.text_of[second])
    near = text >= index.model.text_floor(min_score, linked=True)
    extra = index.score(first[near], second[near], text[near], min_score, scope)
    n = len(index.items)
    fresh = ~np.isin(extra.codes(n), found.codes(n))
    extra = ScoredPairs(*(getattr(extra, f)[fresh] for f in
                          ("first", "second", "lexical", "score", "scope")))
    return _sorted(ScoredPairs.joined([found, extra]))


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

    Block by block (optionally only the pairs involving `rows`), every pair's text
    similarity is read from a table of all pairs of distinct texts (computed with the
    same function the candidates use). A pair whose text similarity is below the
    model's floor for `min_score` cannot reach it whatever else holds (the other terms
    only add up to their largest); the rest are then scored exactly like the candidates,
    and the pairs of items in linked plans are added as the candidates add them.
    """
    table = _text_table(index).astype(np.float32)
    floor = index.model.text_floor(min_score, linked=False)
    n = len(index.text_of)
    chosen = _chosen(n, rows)
    ordered, parts = np.flatnonzero(chosen), []
    for start in range(0, len(ordered), block):
        mine = ordered[start:start + block]
        raw = table[index.text_of[mine]][:, index.text_of]
        raw[chosen[None, :] & (np.arange(n)[None, :] <= mine[:, None])] = -np.inf  # once
        hit_row, hit_col = np.nonzero(raw >= floor - 1e-6)
        first, second = np.minimum(mine[hit_row], hit_col), np.maximum(mine[hit_row], hit_col)
        exact = index.text_similarity(index.text_of[first], index.text_of[second])
        parts.append(index.score(first, second, exact, min_score, scope))
    return _with_linked(index, ScoredPairs.joined(parts), min_score, scope, chosen)


def _text_table(index: DuplicateIndex) -> np.ndarray:
    """Lexical similarity of every pair of distinct texts (a dense square table)."""
    n_texts = len(index.texts)
    u, v = np.triu_indices(n_texts)
    table = np.zeros((n_texts, n_texts))
    for start in range(0, len(u), CHUNK):
        part = slice(start, start + CHUNK)
        table[u[part], v[part]] = index.text_similarity(u[part], v[part])
    return np.maximum(table, table.T)


def _sorted(pairs: ScoredPairs) -> ScoredPairs:
    order = np.lexsort((pairs.second, pairs.first, -pairs.score))
    return ScoredPairs(*(getattr(pairs, f)[order] for f in
                         ("first", "second", "lexical", "score", "scope")))
