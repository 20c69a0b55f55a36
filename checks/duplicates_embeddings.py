"""An optional embedding backend for `sendkg duplicates --embeddings PATH`.

PATH is a local file of word vectors in the GloVe or word2vec text format (one word and
its numbers a line, word2vec's "COUNT DIMENSIONS" header line allowed), or a local
sentence-transformers model folder when that library is installed. Nothing is ever
downloaded: a folder is loaded with `local_files_only`, and the default run needs no
vectors at all.

A label's vector is the mean of the vectors of its key terms (the same words the text
similarity compares: sendkg.checks.duplicates_text.key_terms), or the model's sentence
vector; two labels' embedding similarity is the cosine of their vectors, 0 when either
has no known word. `sendkg duplicates` then uses the mean of the text similarity and
this cosine, and adds each text's nearest neighbours by cosine to the candidates (words
unlike but meaning alike). The score's weights were fitted without embeddings: measure
with `python scripts/calibrate_duplicates.py --embeddings PATH` before trusting a
threshold.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "v.txt").write_text("holiday 1 0\\nleisure 0.9 0.1\\nbudget 0 1\\n")
>>> vectors = load_embeddings(folder / "v.txt")
>>> texts = vectors.embed(["holiday clubs", "leisure", "the budget"])
>>> [round(float(x), 2) for x in (texts[0] @ texts[1], texts[0] @ texts[2])]
[0.99, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sendkg.errors import LoaderError, SendkgError

NEIGHBOURS = 10  # nearest texts by cosine added to the candidates of each text


class WordVectors:
    """Word vectors read from a text file: `embed` averages a label's key terms.

    After `embed`, `coverage` is (distinct key terms found in the file, distinct key
    terms of the texts): a file that knows few of the labels' words says little, and
    the command says how little.
    """

    def __init__(self, words: dict[str, int], matrix: np.ndarray):
        self.words, self.matrix = words, matrix
        self.coverage: tuple[int, int] | None = None

    def embed(self, texts: Sequence[str], generic=frozenset()) -> np.ndarray:
        """Unit vectors (texts x dimensions) of the texts' key terms (leaving out the
        `generic` words, such as place names); a text with no known word is all zeros."""
        from sendkg.checks.duplicates_text import key_terms

        found = np.zeros((len(texts), self.matrix.shape[1]), dtype=np.float32)
        seen: set[str] = set()
        for k, text in enumerate(texts):
            terms = key_terms(text, frozenset(generic))
            seen.update(terms)
            rows = [self.words[w] for w in terms if w in self.words]
            if rows:
                found[k] = self.matrix[rows].mean(axis=0)
        self.coverage = (sum(1 for w in seen if w in self.words), len(seen))
        return _unit(found)


class SentenceModel:
    """A local sentence-transformers model folder (only when the library is installed)."""

    coverage = None  # a model reads every word

    def __init__(self, folder: Path):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise SendkgError(
                f"{folder} is a folder, read as a sentence-transformers model, but that "
                "library is not installed; give a word-vector text file instead") from error
        self.model = SentenceTransformer(str(folder), local_files_only=True)

    def embed(self, texts: Sequence[str], generic=frozenset()) -> np.ndarray:
        """Unit sentence vectors (texts x dimensions) from the model."""
        return _unit(np.asarray(self.model.encode(list(texts)), dtype=np.float32))


def load_embeddings(path: Path | str) -> WordVectors | SentenceModel:
    """The backend `path` names: a word-vector text file, or a model folder.

    Raises SendkgError when the path does not exist, LoaderError (file and line) for a
    line that is not a word and numbers of the file's one dimension.
    """
    path = Path(path)
    if path.is_dir():
        return SentenceModel(path)
    if not path.is_file():
        raise SendkgError(f"embeddings not found: {path}")
    words: dict[str, int] = {}
    rows: list[np.ndarray] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            parts = line.rstrip("\n").split(" ")
            if number == 1 and len(parts) == 2 and all(p.isdigit() for p in parts):
                continue  # word2vec's header: how many words, how many dimensions
            if not line.strip():
                continue
            try:
                values = np.array(parts[1:], dtype=np.float32)
            except ValueError:
                raise LoaderError(path, number, "expected a word and its numbers") from None
            if not len(values) or (rows and len(values) != len(rows[0])):
                raise LoaderError(path, number, f"expected {len(rows[0]) if rows else 'some'} "
                                  f"numbers after the word, got {len(values)}")
            words.setdefault(parts[0].casefold(), len(rows))
            rows.append(values)
    if not rows:
        raise LoaderError(path, 1, "no word vectors in the file")
    return WordVectors(words, np.vstack(rows))


def coverage_note(backend, path) -> str | None:
    """One line on how many of the labels' words a word-vector file knows, with a warning
    when it knows fewer than half; None for a model (it reads every word) or before any
    text was embedded."""
    if getattr(backend, "coverage", None) is None:
        return None
    known, distinct = backend.coverage
    note = (f"embeddings: {known:,} of the labels' {distinct:,} distinct key words are in "
            f"{path}")
    if known * 2 < distinct:
        note += ("; fewer than half, so most labels are compared on their words alone "
                 "(labels with no word in the file always are)")
    return note


def nearest_pairs(vectors: np.ndarray, k: int = NEIGHBOURS,
                  block: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Each text's `k` nearest other texts by cosine, as (u, v) pairs with u < v."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    k = min(k, n - 1)
    firsts, seconds = [], []
    for start in range(0, n, block):
        cosine = vectors[start:start + block] @ vectors.T
        rows = np.arange(start, min(start + block, n))
        cosine[rows - start, rows] = -np.inf
        best = np.argpartition(-cosine, k - 1, axis=1)[:, :k]
        firsts.append(np.repeat(rows, k))
        seconds.append(best.ravel())
    u, v = np.concatenate(firsts), np.concatenate(seconds)
    codes = np.unique(np.minimum(u, v) * np.int64(n) + np.maximum(u, v))
    return codes // n, codes % n


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
