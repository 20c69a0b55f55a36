"""Candidate pairs of distinct texts, without comparing all pairs: MinHash LSH.

Each distinct text (its key terms: sendkg.checks.duplicates_text.key_terms) becomes a
set of shingles (character 4-grams within words, and the words themselves, hashed by
scikit-learn's HashingVectorizer, so the same text always gets the same shingles). A
MinHash signature of `bands * rows` values estimates the Jaccard similarity of two sets;
texts agreeing on all `rows` values of any one band share a bucket and become a
candidate pair. Two texts of Jaccard similarity J meet with probability 1 - (1 -
J**rows)**bands: with the defaults (40 bands of 2) 0.96 at J = 0.28, 0.999 at J = 0.4.
Candidates are then scored exactly; `benchmarks/duplicates.py` measures what share of
the exact all-pairs answer this finds.

>>> u, v = minhash_pairs(["independent travel training", "travel training model",
...                       "publish the high needs strategy"])
>>> list(zip(u.tolist(), v.tolist()))
[(0, 1)]
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

BANDS, ROWS = 40, 2
SEED = 20240601
_EMPTY = np.uint64(np.iinfo(np.uint64).max)


def shingles(texts: list[str]) -> sparse.csr_matrix:
    """Texts x hashed shingles (character 4-grams within words, and words)."""
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(4, 4), n_features=2**30,
                              alternate_sign=False, norm=None, lowercase=False)
    words = HashingVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b",
                              n_features=2**30, alternate_sign=False, norm=None,
                              lowercase=False)
    both = sparse.hstack([chars.transform(texts), words.transform(texts)], format="csr")
    both.sort_indices()
    return both


def signatures(sets: sparse.csr_matrix, count: int, seed: int = SEED) -> np.ndarray:
    """MinHash signatures (texts x count) by multiply-shift hashing of shingle ids."""
    rng = np.random.default_rng(seed)
    multipliers = rng.integers(1, 2**63, size=count, dtype=np.uint64) | np.uint64(1)
    offsets = rng.integers(0, 2**63, size=count, dtype=np.uint64)
    ids = sets.indices.astype(np.uint64)
    starts = sets.indptr[:-1]
    filled = np.diff(sets.indptr) > 0
    result = np.full((sets.shape[0], count), _EMPTY, dtype=np.uint64)
    if not len(ids):
        return result
    safe_starts = np.minimum(starts, len(ids) - 1)
    with np.errstate(over="ignore"):
        for k in range(count):
            hashed = (ids * multipliers[k] + offsets[k]) >> np.uint64(32)
            result[filled, k] = np.minimum.reduceat(hashed, safe_starts)[filled]
    return result


def text_candidates(index, min_score: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct-text pairs (u <= v, u == v for a text written more than once) that may
    reach `min_score`, with their text similarity: MinHash LSH candidates (and, with an
    embeddings backend, nearest neighbours in meaning) whose similarity reaches the
    model's text floor for pairs not in linked plans. The same text pairs
    sendkg.checks.duplicates_scoring.candidate_pairs expands into item pairs.

    `index`: a sendkg.checks.duplicates_scoring.DuplicateIndex.
    """
    u, v = minhash_pairs(index.texts.topics)
    if index.embedded is not None:  # alike in meaning, unlike in words
        from sendkg.checks.duplicates_embeddings import nearest_pairs

        near_u, near_v = nearest_pairs(index.embedded)
        n = np.int64(len(index.texts))
        codes = np.unique(np.concatenate([u * n + v, near_u * n + near_v]))
        u, v = codes // n, codes % n
    repeated = np.flatnonzero(np.bincount(index.text_of, minlength=len(index.texts)) > 1)
    u, v = np.concatenate([u, repeated]), np.concatenate([v, repeated])
    lexical = index.text_similarity(u, v)
    keep = lexical >= index.model.text_floor(min_score, linked=False)
    return u[keep], v[keep], lexical[keep]


def minhash_pairs(texts: list[str], bands: int = BANDS, rows: int = ROWS,
                  seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (u < v) of texts sharing a bucket in at least one band."""
    found = []
    if len(texts) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    sets = shingles(texts)
    marks = signatures(sets, bands * rows, seed)
    empty = np.diff(sets.indptr) == 0
    for band in range(bands):
        keys = np.ascontiguousarray(marks[:, band * rows:(band + 1) * rows])
        found.append(_bucket_pairs(keys, empty))
    codes = distinct(np.concatenate(found))
    n = np.int64(len(texts))
    return codes // n, codes % n


def _bucket_pairs(keys: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Codes u * n + v (u < v) of texts whose band keys are all equal."""
    n = len(keys)
    with np.errstate(over="ignore"):
        mixed = keys[:, 0].copy()
        for column in range(1, keys.shape[1]):  # one 64-bit key per band
            mixed = mixed * np.uint64(0x9E3779B97F4A7C15) ^ keys[:, column]
    order = np.argsort(mixed, kind="stable")
    order = order[~empty[order]]  # an empty text meets none
    sorted_keys = mixed[order]
    cuts = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    groups = [g for g in np.split(order, cuts) if len(g) > 1]
    codes = [_group_codes(g, n) for g in groups]
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted (sorting beats hashing here)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _group_codes(members: np.ndarray, n: int) -> np.ndarray:
    first, second = np.triu_indices(len(members), 1)
    u, v = members[first], members[second]
    return np.minimum(u, v).astype(np.int64) * n + np.maximum(u, v)
