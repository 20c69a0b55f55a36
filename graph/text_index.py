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
>>> [t.term for t in index.fields_of("obj:breaks")[0].terms if t.kind != "initials"]
['re', 'commiss', 'short', 'break', 'servic', '=short breaks']
>>> "~ssag" in index.fields_of("board:ssag")[0].terms_set
True
>>> words("short brakes", index)
['short', 'break']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from sendkg.names import normalise

STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or our the their to who "
    "will with".split())
DESCRIPTION_WEIGHT = 0.9  # words only in a description count for a little less than a name's


@dataclass(frozen=True)
class Term:
    term: str
    kind: str  # word | synonym | initials


@dataclass(eq=False)
class Field:
    """One name (label or alias) or the description of an entity, cut into terms.

    Entities that share a name share one Field (the index of a large graph holds each
    distinct name once, in memory and in the on-disk cache); `own_weight`, the summed idf
    of its word terms, is set when the index is built.
    """

    name: str
    kind: str  # label | alias | description
    terms: tuple[Term, ...]
    terms_set: frozenset[str] = field(default_factory=frozenset)
    own_weight: float = 0.0

    def __post_init__(self):
        self.terms_set = frozenset(t.term for t in self.terms)

    @property
    def weight(self) -> float:
        return DESCRIPTION_WEIGHT if self.kind == "description" else 1.0


@dataclass
class TextIndex:
    """Entities with the same names and description share one profile (its fields):
    a large graph repeats names across councils, and a profile is scored once.

    profiles[p]: the fields of profile p; members[p]: its entities' ids, sorted;
    profile_of: entity id -> p; postings: term -> the profiles having it; idf: term ->
    inverse document frequency over entities; words: the stems, commonest first."""

    profiles: list[tuple[Field, ...]]
    members: list[tuple[str, ...]]
    profile_of: dict[str, int]
    idf: dict[str, float]
    words: tuple[str, ...]  # stems seen in the graph, commonest first, for correcting typos
    postings: dict[str, tuple[int, ...]]
    max_idf: float = 1.0  # the rarest term's idf: what a term no entity has weighs

    def weight(self, term: str) -> float:
        """The term's idf; a term no entity has weighs as much as the rarest."""
        found = self.idf.get(term)
        return self.max_idf if found is None else found

    def fields_of(self, node_id: str) -> tuple[Field, ...]:
        """The entity's label, aliases and description as Fields (KeyError if unknown)."""
        return self.profiles[self.profile_of[node_id]]


def text_index(kg) -> TextIndex:
    """The graph's text index, built once until the graph changes (and kept in the
    graph cache beside the graph, sendkg.graph.cache)."""
    return kg.derived.get("text index", lambda: _build(kg))


def _build(kg) -> TextIndex:
    abbreviations = _abbreviations(kg)
    shared: dict[tuple[str, str], Field] = {}  # one Field per distinct (name, kind)
    one: dict = {}  # one object per distinct Term and term set: a large graph repeats them

    def field_of(name: str, kind: str) -> Field:
        key = (name, kind)
        if key not in shared:
            terms = tuple(one.setdefault(t, t) for t in name_terms(name, abbreviations))
            made = shared[key] = Field(name, kind, terms)
            made.terms_set = one.setdefault(made.terms_set, made.terms_set)
        return shared[key]

    by_fields: dict[tuple[Field, ...], list[str]] = {}
    for node in kg.nodes():
        by_fields.setdefault(_fields(node, field_of), []).append(node.id)
    profiles = list(by_fields)
    members = [tuple(sorted(ids)) for ids in by_fields.values()]
    profile_of = {node_id: p for p, ids in enumerate(members) for node_id in ids}
    postings: dict[str, set[int]] = {}
    for p, fields in enumerate(profiles):
        for term in frozenset().union(*(f.terms_set for f in fields)):
            postings.setdefault(term, set()).add(p)
    total = max(len(profile_of), 1)
    idf = {}
    for term, ps in postings.items():
        count = sum(len(members[p]) for p in ps)  # entities, not profiles
        idf[term] = math.log(1 + (total - count + 0.5) / (count + 0.5))
    max_idf = max(idf.values(), default=1.0)
    for f in shared.values():
        f.own_weight = sum(idf.get(t.term, max_idf) for t in f.terms if t.kind == "word")
    # commonest first: a typo as close to two stems is read as the commoner one, the
    # same in every process (a set's order changes with the hash seed)
    stems = tuple(sorted((t for t in postings if not t.startswith(("=", "~"))),
                         key=lambda t: (idf[t], t)))
    return TextIndex(profiles, members, profile_of, idf, stems,
                     {t: tuple(sorted(ps)) for t, ps in postings.items()}, max_idf)


def _fields(node, field_of) -> tuple[Field, ...]:
    names = [(node.label, "label")] + [(a, "alias") for a in node.aliases if a != node.label]
    fields = [field_of(name, kind) for name, kind in names]
    description = node.props.get("description")
    if isinstance(description, str) and description.strip():
        fields.append(field_of(description, "description"))
    return tuple(fields)


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
        if not short:  # most entities have none: skip stemming their names
            continue
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
    if s in index.idf or token in STOPWORDS or len(s) < 4 or not s.isalpha() \
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
