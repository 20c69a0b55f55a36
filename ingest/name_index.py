"""The names a loader can link to: registry entries, abbreviations and a graph's entities.

Exact and alias matches (after `normalise`) link; near matches (rapidfuzz) are only
reported, for a person to review. Abbreviations that stand for several entities
("ND & DDES CCGs") expand to all of them.

>>> from sendkg.records import Abbreviation, Node
>>> index = NameIndex([Node("org:la", "Organisation", "Example Council", ("L/A",))],
...                   [Abbreviation("L/A & CCG", ("org:la", "org:ccg"))])
>>> [k.id for k in index.exact("example council")]
['org:la']
>>> index.expand("L/A & CCG")
('org:la', 'org:ccg')
>>> [(m.start, m.end, m.ids) for m in index.mentions("Mark Smith L/A", {"Organisation"})]
[(11, 14, ('org:la',))]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from sendkg.names import normalise
from sendkg.records import Abbreviation, Node

NEAR = {"Person": 88.0}
NEAR_DEFAULT = 90.0


@dataclass(frozen=True)
class Known:
    """An entity that can be linked to, and where it is known from."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    origin: str  # "registry", "graph" or "document"
    props: tuple[tuple[str, object], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """A known name found inside a longer text."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...]


def compact(text: str) -> str:
    """Lower case without spaces and dots: 'NECs', 'NECS' and 'N.E.C.S' meet.

    >>> compact("N.E.C.S"), compact("L/A")
    ('necs', 'l/a')
    """
    return re.sub(r"[\s.]", "", text.casefold())


def _is_abbreviation(name: str) -> bool:
    return len(name) <= 8 and " " not in name.strip() and any(c.isupper() for c in name)


# A single plain word ("Children") is too common to find inside a longer text.
_PLAIN_WORD = re.compile(r"^[A-Z][a-z'’]+$")


def _name_pattern(name: str) -> str:
    """Multi-word names match in any case; abbreviations only as written."""
    body = re.escape(name)
    body = f"(?i:{body})" if " " in name else body
    return rf"(?<![\w&]){body}(?![\w])"


# Words that name a kind of body, not a place: a name made only of these ("Health and
# Wellbeing Board", "SEND Partnership Board", "Cabinet", "PCC") exists in every council.
GENERIC_WORDS = frozenset("""
send sen ap local area strategic partnership board boards health and wellbeing cabinet police
crime commissioner pcc hwb hwbb children childrens young people peoples families family
committee scrutiny overview executive improvement group sub subgroup committee operational
operations joint commissioning integrated care safeguarding the of for education skills
quality panel forum parent carer carers steering delivery programme transformation inclusion
full council governing body system icb ccg public independent chair vice co disabilities
special educational needs disability alternative provision accountability strategy core
adult adults social services service partners multi agency leadership team
""".split())


def is_generic(name: str) -> bool:
    """A name every council has ("Health & Wellbeing Board"), which needs an area.

    >>> is_generic("Health & Wellbeing Board"), is_generic("PCC"), is_generic("Devon Cabinet")
    (True, True, False)
    """
    words = normalise(name).split()
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def in_area(label: str, area: str) -> bool:
    """Does a label carry the area ("County Durham Health and Wellbeing Board", "Durham")?

    >>> in_area("County Durham Health and Wellbeing Board", "Durham")
    True
    """
    place = [w for w in normalise(area).split() if w not in {"county", "city", "borough"}]
    return bool(place) and " ".join(place) in normalise(label)


class NameIndex:
    """Lookup of names by exact/alias match, expansion of abbreviations, near matches."""

    def __init__(self, registry: Iterable[Node] = (), abbreviations: Iterable[Abbreviation] = (),
                 graph_nodes: Iterable[Node] = ()):
        self.known: dict[str, Known] = {}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_compact: dict[str, set[str]] = defaultdict(set)
        self.abbreviations: dict[str, tuple[str, ...]] = {}
        self._patterns: dict[frozenset, re.Pattern | None] = {}
        self._abbreviation_texts: list[str] = []
        for node in registry:
            self.add(node, "registry")
        for node in graph_nodes:
            self.add(node, "graph")
        for abbreviation in abbreviations:
            self.abbreviations[normalise(abbreviation.text)] = tuple(abbreviation.means)
            self._abbreviation_texts.append(abbreviation.text)

    @classmethod
    def from_graph(cls, kg) -> NameIndex:
        """Registry, abbreviations and every node of a built KnowledgeGraph."""
        return cls(kg.registry.values(), kg.abbreviations, kg.nodes())

    def add(self, node: Node, origin: str = "document") -> Known:
        """Make `node` linkable (a graph node adds aliases to a registry entry)."""
        old = self.known.get(node.id)
        aliases = tuple(dict.fromkeys((*(old.aliases if old else ()), *node.aliases,
                                       *([node.label] if old and node.label != old.label
                                         else []))))
        known = Known(node.id, node.type, old.label if old else node.label, aliases,
                      old.origin if old else origin,
                      old.props if old else tuple(sorted(node.props.items())))
        self.known[node.id] = known
        for name in known.names:
            self.by_name[normalise(name)].add(node.id)
            if _is_abbreviation(name):
                self.by_compact[compact(name)].add(node.id)
        self._patterns.clear()
        return known

    def has_id(self, node_id: str) -> bool:
        return node_id in self.known

    def exact(self, name: str, types: Iterable[str] | None = None) -> list[Known]:
        """Entities whose label or alias is `name` (normalised), optionally of `types`."""
        ids = set(self.by_name.get(normalise(name), ()))
        if not ids and _is_abbreviation(name.strip("() ")):
            ids = set(self.by_compact.get(compact(name), ()))
        wanted = set(types) if types else None
        found = [self.known[i] for i in sorted(ids)]
        return [k for k in found if wanted is None or k.type in wanted]

    def expand(self, name: str) -> tuple[str, ...] | None:
        """The ids an abbreviation for several entities stands for, or None."""
        return self.abbreviations.get(normalise(name))

    def near(self, name: str, types: Iterable[str]) -> list[tuple[Known, float]]:
        """Entities of `types` whose names look like `name` without matching it."""
        wanted = set(types)
        keys, owners = [], []
        for known in self.known.values():
            if known.type in wanted:
                for alias in known.names:
                    keys.append(normalise(alias))
                    owners.append(known)
        key = normalise(name)
        cutoff = min(NEAR.get(t, NEAR_DEFAULT) for t in wanted) if wanted else NEAR_DEFAULT
        best: dict[str, tuple[Known, float]] = {}
        for _, score, i in process.extract(key, keys, scorer=fuzz.ratio, limit=20,
                                           score_cutoff=cutoff):
            if score < 100 and (owners[i].id not in best or score > best[owners[i].id][1]):
                best[owners[i].id] = (owners[i], round(score, 1))
        return sorted(best.values(), key=lambda pair: (-pair[1], pair[0].id))

    def _pattern(self, types: frozenset) -> re.Pattern | None:
        if types not in self._patterns:
            names = set(self._abbreviation_texts)
            for known in self.known.values():
                if known.type in types:
                    names.update(known.names)
            names = sorted((n for n in names if len(n) >= 2 and not _PLAIN_WORD.match(n)),
                           key=len, reverse=True)
            self._patterns[types] = re.compile(
                "|".join(_name_pattern(n) for n in names)
            ) if names else None
        return self._patterns[types]

    def mentions(self, text: str, types: Iterable[str]) -> list[Mention]:
        """Known names of `types` (and multi-entity abbreviations) inside `text`, longest
        first, not overlapping. Single plain words are left out: look those up whole."""
        pattern = self._pattern(frozenset(types))
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            written = match.group(0)
            ids = self.expand(written) or tuple(
                k.id for k in self.exact(written, types))
            if ids:
                found.append(Mention(match.start(), match.end(), written, ids))
        return found
