"""The graph's text index: the words of every label, alias and description, weighted.

A derived view (kept in `kg.derived`, dropped when the graph changes, never pickled)
behind the search of `sendkg find` and the questions (sendkg.queries.find). Each name is
cut into terms: English word stems (Snowball), the sector's synonym groups as one
concept term ("respite" and "short breaks" both give `=short breaks`), and the initials
of each run of three or more words (`~ssag` for "SEND Strategy and Accountability
Group"). Each term carries its inverse document frequency over the graph's entities, so
a rare word weighs more than one most entities share.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:breaks", "Objective", "Re-commission short break services"))
>>> kg.add_node(Node("board:ssag", "Board", "SEND Strategy and Accountability Group"))
>>> index = text_index(kg)
>>> [t.term for t in index.entries["obj:breaks"][0].terms if t.kind != "initials"]
['re', 'commiss', 'short', 'break', 'servic', '=short breaks']
>>> "~ssag" in index.entries["board:ssag"][0].terms_set
True
>>> words("short brakes", index)
['short', 'break']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache, cached_property

from sendkg.names import normalise

STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or our the their to who "
    "will with".split())
DESCRIPTION_WEIGHT = 0.9  # words only in a description count for a little less than a name's


@dataclass(frozen=True)
class Term:
    term: str
    kind: str  # word | synonym | initials


@dataclass
class Field:
    """One name (label or alias) or the description of an entity, cut into terms."""

    name: str
    kind: str  # label | alias | description
    terms: tuple[Term, ...]
    terms_set: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        self.terms_set = frozenset(t.term for t in self.terms)

    @property
    def weight(self) -> float:
        return DESCRIPTION_WEIGHT if self.kind == "description" else 1.0


@dataclass
class TextIndex:
    entries: dict[str, list[Field]]
    idf: dict[str, float]
    words: frozenset[str]  # stems seen in the graph, for correcting typos
    postings: dict[str, set[str]]  # term -> ids of the entities that have it

    def weight(self, term: str) -> float:
        """The term's idf; a term no entity has weighs as much as the rarest."""
        found = self.idf.get(term)
        return self.max_idf if found is None else found

    @cached_property  # once per index: it was a scan of every term at every weighing
    def max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)


def text_index(kg) -> TextIndex:
    """The graph's text index, built once until the graph changes."""
    return kg.derived.get("text index", lambda: _build(kg))


def _build(kg) -> TextIndex:
    abbreviations = _abbreviations(kg)
    entries = {node.id: _fields(node, abbreviations) for node in kg.nodes()}
    postings: dict[str, set[str]] = {}
    for node_id, fields in entries.items():
        for f in fields:
            for term in f.terms_set:
                postings.setdefault(term, set()).add(node_id)
    total = max(len(entries), 1)
    idf = {t: math.log(1 + (total - len(ids) + 0.5) / (len(ids) + 0.5))
           for t, ids in postings.items()}
    stems = frozenset(t for t in postings if not t.startswith(("=", "~")))
    return TextIndex(entries, idf, stems, postings)


def _fields(node, abbreviations=None) -> list[Field]:
    names = [(node.label, "label")] + [(a, "alias") for a in node.aliases if a != node.label]
    fields = [Field(name, kind, tuple(name_terms(name, abbreviations))) for name, kind in names]
    description = node.props.get("description")
    if isinstance(description, str) and description.strip():
        fields.append(Field(description, "description",
                            tuple(name_terms(description, abbreviations))))
    return fields


def name_terms(text: str, abbreviations=None) -> list[Term]:
    """The terms of a name: stems, synonym concepts, initials of word runs, and the
    registry's abbreviation of any entity's full name written in it."""
    tokens = normalise(text).split()
    stems = [stem(t) for t in tokens]
    found = [Term(s, "word") for t, s in zip(tokens, stems) if t not in STOPWORDS]
    found += [Term(c, "synonym") for c in concepts(stems)]
    found += [Term(i, "initials") for i in initials(tokens)]
    found += [Term(a, "abbreviation") for a in _abbreviated(stems, abbreviations or {})]
    return list(dict.fromkeys(found))


def _abbreviations(kg) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """first stem -> (full name as stems, abbreviation) for every entity with an alias
    written as an abbreviation ("NE12", "CDYOS"): the entity's other names of 2+ words."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for node in kg.nodes():
        names = (node.label, *node.aliases)
        short = [normalise(n) for n in names if _is_abbreviation(n)]
        for name in names:
            phrase = tuple(stem(t) for t in normalise(name).split())
            if len(phrase) >= 2:
                for abbreviation in short:
                    table.setdefault(phrase[0], []).append((phrase, abbreviation))
    return table


def _is_abbreviation(name: str) -> bool:
    return " " not in name.strip() and 2 <= len(name) <= 8 and \
        sum(c.isupper() or c.isdigit() for c in name) >= 2


def _abbreviated(stems: list[str], table) -> list[str]:
    found = []
    for i, s in enumerate(stems):
        for phrase, abbreviation in table.get(s, ()):
            if tuple(stems[i:i + len(phrase)]) == phrase:
                found.append(abbreviation)
    return found


def initials(tokens: list[str]) -> list[str]:
    """'~' + the first letters of every run of 3 to 6 content words."""
    content = [t for t in tokens if t not in STOPWORDS and t[0].isalpha()]
    return [f"~{''.join(w[0] for w in content[i:j])}"
            for i in range(len(content)) for j in range(i + 3, min(i + 6, len(content)) + 1)]


def concepts(stems: list[str]) -> list[str]:
    """'=' + the preferred term of each synonym group a phrase of `stems` belongs to."""
    return list(dict.fromkeys(c for _, _, c in _phrases_in(stems)))


def concept_spans(stems: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, concept) for each synonym phrase in `stems`, longest first, no overlap."""
    taken: set[int] = set()
    spans = []
    for start, end, concept in sorted(_phrases_in(stems), key=lambda p: (p[0] - p[1], p[0])):
        if not taken & set(range(start, end)):
            spans.append((start, end, concept))
            taken |= set(range(start, end))
    return sorted(spans)


def _phrases_in(stems: list[str]) -> list[tuple[int, int, str]]:
    table = synonym_phrases()
    return [(i, i + len(phrase), f"={preferred}")
            for i, s in enumerate(stems) for phrase, preferred in table.get(s, ())
            if tuple(stems[i:i + len(phrase)]) == phrase]


@cache
def synonym_phrases() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """first stem -> every synonym term starting with it, as a tuple of stems, with its
    group's preferred term; longest first."""
    from sendkg.synonyms import synonym_groups

    phrases = {tuple(stem(w) for w in term.split()): group[0]
               for term, group in synonym_groups().items()}
    table: dict[str, list] = {}
    for phrase, preferred in sorted(phrases.items(), key=lambda p: (-len(p[0]), p[0])):
        table.setdefault(phrase[0], []).append((phrase, preferred))
    return {first: tuple(entries) for first, entries in table.items()}


def words(text: str, index: TextIndex) -> list[str]:
    """The stems of `text`, each unknown one corrected to the nearest stem in the graph
    (a typo: "brakes" → "break"), stop words kept for phrase matching."""
    return [_corrected(stem(t), t, index) for t in normalise(text).split()]


def _corrected(s: str, token: str, index: TextIndex) -> str:
    if s in index.words or token in STOPWORDS or len(s) < 4 or not s.isalpha() \
            or f"~{token}" in index.idf:
        return s
    from rapidfuzz import fuzz, process

    best = process.extractOne(s, index.words, scorer=fuzz.ratio, score_cutoff=80)
    return best[0] if best else s


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")
