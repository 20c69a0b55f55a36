"""Lexical similarity of short labels, for `sendkg duplicates`.

Labels are normalised (sendkg.names.normalise) and identical normalised texts
share one row, so a label written 500 times is vectorised and compared once. What is
compared are a label's key terms: no function words, no words that only say which step
of the work an item is ("review", "develop", "publish"), no numbers, no place names;
acronyms of the work are spelt out ("CSE"). Each distinct text becomes one unit vector:
TF-IDF over words (uni- and bigrams) and over character 3-5-grams, each half of the
squared length, so the dot product of two rows is the mean of the word cosine and the
character cosine. rapidfuzz lifts near-verbatim
pairs (a ratio of 90 or more: "re-commission" / "recommission"), and two texts that
carry different numbers ("step 3" / "step 4", "2016/17" / "2017/18") are marked down:
they name different things however alike they read.

>>> texts = TextIndex(["Roll out independent travel training",
...                    "Independent travel training model",
...                    "Publish the high needs strategy"])
>>> [round(float(s), 2) for s in texts.similarity([0, 0], [1, 2])]
[0.77, 0.01]
>>> number_conflict(texts_numbers("Review breaks step 3"), texts_numbers("Review breaks step 4"))
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from sendkg.names import normalise

VERBATIM = 90.0  # rapidfuzz ratio from which two texts read as the same words
NUMBER_PENALTY = 0.4  # texts naming different numbers keep 40% of their similarity
# English function words. (scikit-learn's list also drops "system", "fire", "bill" and
# "found", which name real work in these plans.)
STOP_WORDS = frozenset(["a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "etc", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "per", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "you", "your"])
# Words that say which step of a piece of work an item is, not which work: two plans
# "review" and "commission" the same service; two workstreams "baseline" different ones.
STEP_WORDS = frozenset(["agree", "agreed", "analyse", "analysis", "baseline", "complete", "completed", "consult", "continue", "deliver", "delivered", "design", "develop", "developed", "embed", "ensure", "establish", "evaluate", "evaluated", "existing", "current", "explore", "identify", "identified", "implement", "implemented", "improve", "improved", "improving", "better", "introduce", "introduced", "join", "map", "new", "ongoing", "priority", "produce", "publish", "review", "reviewed", "set", "strengthen", "undertake", "understand", "reduce", "reduced", "reducing", "increase", "increased", "increasing", "tackle", "tackling", "promote", "promoting", "enhance", "enhanced", "encourage", "more", "fewer", "less", "lower", "good", "excellent", "effective", "effectively", "robust", "strong", "appropriately"])
# Acronyms of the work itself (not of bodies: those are aliases in the registry), spelt
# out so that "CSE" in one plan meets "child sexual exploitation" in another.
GLOSSARY = {
    "camhs": "child adolescent mental health services", "cic": "children in care",
    "cse": "child sexual exploitation", "ehc": "education health care",
    "ehcp": "education health care plan", "iro": "independent reviewing officer",
    "jsna": "joint strategic needs assessment", "lac": "looked after children",
    "neet": "not in education employment training", "pfa": "preparing for adulthood",
    "phb": "personal health budget", "plo": "public law outline",
    "slcn": "speech language communication needs", "yos": "youth offending service",
}
_NUMBER = re.compile(r"\d+")


def texts_numbers(text: str) -> frozenset[str]:
    """The numbers written in a text, without leading zeros: '2016/17' -> {'2016', '17'}."""
    return frozenset(n.lstrip("0") or "0" for n in _NUMBER.findall(text))


def number_conflict(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both texts carry numbers and neither set holds the other."""
    return bool(first and second) and not (first <= second or second <= first)


def key_terms(text: str, generic: frozenset[str] = frozenset()) -> list[str]:
    """The words of a text that say what the work is: no stop words, step words,
    numbers, or `generic` words (such as the names of the areas in the graph). Acronyms
    are spelt out and the sector's synonyms (sendkg.synonyms) become their group's
    preferred term, so "respite" and "short breaks" are the same words.

    >>> key_terms("Review the respite offer in County Durham (2017)", {"county", "durham"})
    ['short', 'breaks', 'offer']
    """
    ignored = STOP_WORDS | STEP_WORDS | generic
    words = " ".join(GLOSSARY.get(w, w) for w in normalise(text).split())
    words = with_preferred_terms(words).split()
    return [w for w in words if w not in ignored and not w.isdigit()]


def topic(text: str, generic: frozenset[str] = frozenset()) -> str:
    """The stemmed key terms compared for similarity ("commissioning" -> "commiss").

    >>> topic("Re-commission day short breaks"), topic("Recommissioning of respite")
    ('re commiss day short break', 'recommiss short break')
    """
    stems = _stems(tuple(key_terms(text, generic)))
    return " ".join(s for s in stems if s not in _step_stems())


@lru_cache(maxsize=1)
def _step_stems() -> frozenset[str]:
    """Step words in every inflection: "implementation" says no more than "implement"."""
    return frozenset(_stems(tuple(sorted(STEP_WORDS))))


@lru_cache(maxsize=1)
def _synonym_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    from sendkg.synonyms import synonym_groups

    groups = synonym_groups()
    preferred = {term: group[0] for term, group in groups.items() if term != group[0]}
    if not preferred:
        return None, {}
    terms = sorted(preferred, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, terms)) + r")(?!\w)"), preferred


def with_preferred_terms(text: str) -> str:
    """A normalised text with each synonym replaced by its group's preferred term."""
    pattern, preferred = _synonym_pattern()
    return pattern.sub(lambda m: preferred[m.group(1)], text) if pattern else text


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def _stems(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_stemmer().stemWords(list(words)))


class TextIndex:
    """Distinct normalised texts as unit TF-IDF vectors, with pairwise similarity."""

    def __init__(self, texts: Sequence[str], generic: frozenset[str] = frozenset()):
        self.texts = [normalise(t) for t in texts]
        self.generic = frozenset(generic)
        self.number_sets = sorted({texts_numbers(t) for t in self.texts}, key=sorted)
        where = {numbers: k for k, numbers in enumerate(self.number_sets)}
        self.number_id = np.array([where[texts_numbers(t)] for t in self.texts], dtype=np.int64)
        self.topics = [topic(t, generic) or t for t in self.texts]
        self._fitted = _fitted(self.topics)
        self.vectors = self._transform(self.topics)
        self.rarity = self._rarity(self.topics)

    def __len__(self) -> int:
        return len(self.texts)

    def rarest_shared(self, first, second) -> np.ndarray:
        """For text pairs, how rare the rarest key term (or two-word phrase) both use is:
        its inverse document frequency over the largest in the graph, in [0, 1]; 0 when
        they share none, 1 for identical texts. Marked down like `similarity` when the
        texts carry different numbers. "Short breaks" shared says more than "services"."""
        first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
        if not len(first) or not self.rarity.shape[1]:
            return np.zeros(len(first))
        both = self.rarity[first].minimum(self.rarity[second])
        rare = np.asarray(both.max(axis=1).todense(), dtype=np.float64).ravel()
        rare = np.where(first == second, 1.0, rare)
        return np.where(self._conflicts(first, second), rare * NUMBER_PENALTY, rare)

    def similarity(self, first, second) -> np.ndarray:
        """Lexical similarity in [0, 1] of text pairs (two equal-length index arrays)."""
        first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
        cosine = _rowwise_dot(self.vectors[first], self.vectors[second])
        scores = np.where(first == second, 1.0, cosine)
        near = np.flatnonzero((cosine > 0.3) & (first != second))  # below: never verbatim
        if len(near):
            ratio = process.cpdist([self.texts[u] for u in first[near]],
                                   [self.texts[v] for v in second[near]], scorer=fuzz.ratio,
                                   workers=-1)
            lifted = np.where(ratio >= VERBATIM, ratio / 100.0, 0.0)
            scores[near] = np.maximum(scores[near], lifted)
        return np.where(self._conflicts(first, second), scores * NUMBER_PENALTY, scores)

    def _conflicts(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Whether each pair's texts carry conflicting numbers (one test per kind of pair)."""
        n = np.int64(len(self.number_sets))
        codes = self.number_id[first] * n + self.number_id[second]
        kinds, back = np.unique(codes, return_inverse=True)
        verdict = np.array([number_conflict(self.number_sets[k // n], self.number_sets[k % n])
                            for k in kinds.tolist()], dtype=bool)
        return verdict[back.ravel()] if len(kinds) else np.zeros(0, dtype=bool)

    def residual_similarity(self, first: Sequence[str], second: Sequence[str],
                            context: Sequence[str]) -> np.ndarray:
        """Cosine of each pair's texts once the words of their shared `context` (the
        label of the container both sit in) are taken out: two steps of one workstream
        both name the workstream, which says nothing about the steps. When only one side
        has words left the pair scores 0; when neither has, 1 (nothing tells them apart)."""
        left = [_residual(a, shared, self.generic) for a, shared in zip(first, context)]
        right = [_residual(b, shared, self.generic) for b, shared in zip(second, context)]
        distinct = sorted(set(left) | set(right))
        where = {text: k for k, text in enumerate(distinct)}
        vectors = self._transform(distinct) if distinct else None
        if vectors is None:
            return np.zeros(0)
        a = np.array([where[t] for t in left], dtype=np.int64)
        b = np.array([where[t] for t in right], dtype=np.int64)
        cosine = _rowwise_dot(vectors[a], vectors[b])
        filled = np.array([bool(t) for t in distinct])
        both, either = filled[a] & filled[b], filled[a] | filled[b]
        return np.where(both, cosine, np.where(either, 0.0, 1.0))

    def _rarity(self, topics: list[str]) -> sparse.csr_matrix:
        """Texts x word terms: each term a text uses, weighted by its idf over the largest."""
        words = next((v for v in self._fitted if v.analyzer == "word"), None)
        if words is None:
            return sparse.csr_matrix((len(topics), 0))
        used = words.transform(topics)
        used.data[:] = 1.0
        weights = (words.idf_ / words.idf_.max()).astype(np.float32)
        return sparse.csr_matrix(used.multiply(weights[None, :]), dtype=np.float32)

    def _transform(self, topics: list[str]) -> sparse.csr_matrix:
        parts = [(vectoriser.transform(topics) * np.sqrt(0.5)).astype(np.float32)
                 for vectoriser in self._fitted]
        if not parts:
            return sparse.csr_matrix((len(topics), 0))
        return sparse.hstack(parts, format="csr")


@lru_cache(maxsize=200_000)
def _residual(text: str, context: str, generic: frozenset[str]) -> str:
    """The stemmed key terms of `text` that its `context` does not also use."""
    common = set(topic(context, generic).split())
    return " ".join(w for w in topic(text, generic).split() if w not in common)


def _rowwise_dot(first: sparse.csr_matrix, second: sparse.csr_matrix) -> np.ndarray:
    if not first.shape[0]:
        return np.zeros(0)
    dot = np.asarray(first.multiply(second).sum(axis=1), dtype=np.float64).ravel()
    return np.clip(dot, 0.0, 1.0)


def _fitted(topics: list[str]) -> list[TfidfVectorizer]:
    """The word and character vectorisers fitted on the distinct topic texts."""
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b",
                            sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    fitted = []
    for vectoriser in (words, chars):
        try:
            fitted.append(vectoriser.fit(topics))
        except ValueError:  # no text at all
            pass
    return fitted
