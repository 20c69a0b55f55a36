"""Scored item pairs narrowed before any finding is built: clusters of copies, the pairs
between two plans or in one area, and the best N.

At 150 councils the candidate search finds millions of pairs; building a finding for
each would take longer than finding them. Everything here works on the arrays of
ScoredPairs, so only what will be shown becomes a finding.

A label written CLUSTER_FROM times or more (the same normalised text) is one cluster:
its copies' pairs are left out of the pairs and the cluster is reported once.

>>> import numpy as np
>>> text_of = np.array([7, 7, 7, 5])
>>> first, second = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3])
>>> mask, clusters = copy_clusters(text_of, first, second)
>>> mask.tolist(), clusters
([True, True, True, False], {7: [0, 1, 2]})
"""

from __future__ import annotations

import numpy as np

from sendkg.names import normalise

CLUSTER_FROM = 3  # copies of one label from which they are one cluster, not pairs


def copy_clusters(text_of: np.ndarray, first: np.ndarray, second: np.ndarray):
    """(pairs that join two copies of a clustered label, {text: item positions})."""
    same = text_of[first] == text_of[second]
    texts = np.concatenate([text_of[first[same]], text_of[second[same]]])
    items = np.concatenate([first[same], second[same]])
    if not len(items):
        return np.zeros(len(first), dtype=bool), {}
    pairs = np.unique(np.stack([texts, items], axis=1), axis=0)
    found, counts = np.unique(pairs[:, 0], return_counts=True)
    big = found[counts >= CLUSTER_FROM]
    clusters = {int(t): sorted(int(i) for i in pairs[pairs[:, 0] == t, 1]) for t in big}
    return same & np.isin(text_of[first], big), clusters


def plan_mask(items, text: str) -> np.ndarray:
    """Per item position: whether one of its plans is `text` (an id, or part of a name)."""
    wanted = normalise(text)
    kg = items.kg
    hits = {p for plans in items.plans.values() for p in plans
            if p == text or wanted in normalise(kg.node(p).label)}
    return np.array([bool(set(items.plans[n.id]) & hits) for n in items.items], dtype=bool)


def area_mask(items, text: str) -> np.ndarray:
    """Per item position: whether its council's name contains `text`."""
    wanted = normalise(text)
    kg = items.kg
    return np.array([any(wanted in normalise(kg.node(c).label) for c in items.councils[n.id]
                         if kg.has_node(c)) for n in items.items], dtype=bool)


def narrowed(items, first: np.ndarray, second: np.ndarray,
             between: tuple[str, str] | None, area: str | None) -> np.ndarray:
    """Which pairs have one side in each plan of `between` and a side in `area`."""
    keep = np.ones(len(first), dtype=bool)
    if between:
        a, b = (plan_mask(items, t) for t in between)
        keep &= (a[first] & b[second]) | (b[first] & a[second])
    if area:
        inside = area_mask(items, area)
        keep &= inside[first] | inside[second]
    return keep
