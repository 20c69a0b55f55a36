"""The dataset a document ingest writes: entities, relations and the review list.

`DatasetDraft` gives every name an id. A name the registry or the reference graph knows
(label or alias, after `normalise`) links to that entity; a new name gets a new id; a
new name that merely looks like a known one (rapidfuzz) stays new and goes on the review
list. Nothing is merged on resemblance alone.

>>> from sendkg.ingest.name_index import NameIndex, in_area, is_generic
>>> from sendkg.records import Node
>>> draft = DatasetDraft(NameIndex([Node("person:lyndsey-dunn", "Person", "Lyndsey Dunn")]),
...                      "plan.txt", "ex")
>>> draft.named("Person", "Lindsey Dunn", 4).id
'person:lindsey-dunn'
>>> [(r["name"], r["similar"][0]["id"]) for r in draft.review]
[('Lindsey Dunn', 'person:lyndsey-dunn')]
>>> draft.named("Person", "Dr Lyndsey Dunn", 5).id
'person:lyndsey-dunn'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sendkg.ingest.markup import strip_tags
from sendkg.ingest.name_index import NameIndex, in_area, is_generic
from sendkg.loaders.dataset import ID_PREFIX
from sendkg.names import PERSONAL_TITLES, normalise
from sendkg.ontology import RELATIONS
from sendkg.records import Node

TITLE = re.compile(rf"^{PERSONAL_TITLES}\s+")
ABBREVIATION = re.compile(r"^[A-Z][A-Z&/.]{1,5}s?$")
SCOPED = {"Board", "Organisation", "Post"}  # types whose generic names need an area
STOPWORDS = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "with", "by", "at", "or",
             "re", "its", "their", "all", "from", "that", "this", "as", "into", "within"}


def slug(text: str, words: int | None = None) -> str:
    """Lower-case words joined by '-' (apostrophes dropped), optionally the first few.

    >>> slug("Gill O'Neil"), slug("Review and re-commission Short Break Services", 4)
    ('gill-oneil', 'review-and-re-commission')
    """
    parts = normalise(text).split()
    return "-".join(parts[:words] if words else parts) or "item"


def short_label(text: str, limit: int = 12) -> str:
    """A name for a plan item: the first clause, at most `limit` words, with "…" when
    words of the clause were cut (the whole text stays in the item's description).

    >>> short_label("Develop options to support independent travel training for young "
    ...             "people and young adults with disabilities.", limit=10)
    'Develop options to support independent travel training for young people…'
    >>> short_label("Map existing processes: first, the pathway")
    'Map existing processes'
    """
    text = " ".join(strip_tags(text).split())
    clause = re.split(r"(?<=[a-z)])[.:;](?:\s|$)", text)[0].strip()
    words = clause.split()
    cut = len(words) > limit
    if cut:
        words = words[:limit]
        while len(words) > 3 and words[-1].lower().strip(",") in STOPWORDS:
            words.pop()
    label = " ".join(words).strip(" ,;:-")
    return (label + "…" if cut and label else label) or text[:80]


@dataclass
class Draft:
    """An entity being written: label, aliases, lines and properties."""

    id: str
    type: str
    label: str
    lines: list[int] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    props: dict = field(default_factory=dict)

    def add(self, line: int | None, alias: str | None = None, **props) -> None:
        if line and line not in self.lines:
            self.lines.append(line)
        if alias and normalise(alias) != normalise(self.label) and alias not in self.aliases:
            self.aliases.append(alias)
        for key, value in props.items():
            if value not in (None, "") and key not in self.props:
                self.props[key] = value

    def as_yaml(self) -> dict:
        entry = {"id": self.id, "type": self.type, "label": self.label}
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        lines = sorted(self.lines)
        entry.update({"line": lines[0]} if len(lines) == 1 else {"lines": lines})
        entry.update({key: value for key, value in self.props.items()})
        return entry


@dataclass(frozen=True)
class Resolved:
    """What a name became: its id, type, and how it was matched."""

    id: str
    type: str
    label: str
    how: str  # "registry", "graph", "document", "new"


class DatasetDraft:
    """Entities, relations, warnings and the review list of one ingested document."""

    def __init__(self, index: NameIndex, file: str, prefix: str, area: str | None = None):
        self.index, self.file, self.prefix, self.area = index, file, prefix, area
        self.entities: dict[str, Draft] = {}
        self.relations: dict[tuple[str, str, str], dict] = {}
        self.registry_used: set[str] = set()
        self.review: list[dict] = []
        self.warnings: list[str] = []
        self._reviewed: set[tuple[str, str]] = set()

    def fresh_id(self, prefix: str, text: str) -> str:
        """An id no registry entry, graph node or entity of this draft uses yet."""
        base = f"{prefix}:{text}"
        candidate, number = base, 1
        while candidate in self.entities or self.index.has_id(candidate):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def new_local(self, type_name: str, key: str, label: str, line: int | None,
                  **props) -> Draft:
        """A new plan item of this document (objective, action ...) with a fresh id."""
        node_id = self.fresh_id(ID_PREFIX[type_name], f"{self.prefix}-{key}")
        draft = self.entities[node_id] = Draft(node_id, type_name, label)
        draft.add(line, **props)
        return draft

    def link_id(self, node_id: str, written: str, line: int | None, **props) -> Resolved:
        """Link to an entity known by id (a registry entry, graph node or new entity)."""
        if node_id in self.entities:
            draft = self.entities[node_id]
            draft.add(line, alias=written)
            return Resolved(node_id, draft.type, draft.label, "document")
        return self._link(self.index.known[node_id], written, line, props)

    def _declare(self, known_id: str, type_name: str, label: str, written: str,
                 line: int | None, props: dict) -> Draft:
        draft = self.entities.get(known_id)
        if draft is None:
            draft = self.entities[known_id] = Draft(known_id, type_name, label)
        draft.add(line, alias=written, **props)
        return draft

    def named(self, type_name: str, written: str, line: int | None, types=None,
              **props) -> Resolved:
        """The entity a name stands for: linked when known, new otherwise."""
        written = " ".join(written.split()).strip(" ,;")
        if type_name in SCOPED and is_generic(written):
            return self._scoped(type_name, written, line, types, props)
        plain = TITLE.sub("", written) if type_name == "Person" else written
        for candidate in dict.fromkeys((written, plain)):
            hits = self.index.exact(candidate, types or [type_name])
            if len(hits) == 1:
                return self._link(hits[0], written, line, props)
            if len(hits) > 1:
                self.warnings.append(f"{self.file}:{line}: {written!r} names "
                                     f"{len(hits)} entities; linked to none")
                break
        return self._create(type_name, plain, written, line, props)

    def _scoped(self, type_name: str, written: str, line: int | None, types,
                props: dict) -> Resolved:
        """A generic name links only to its own area's body; another area's body of the
        same name is never a target. Without an area it links only to an entity whose own
        label is that bare name (an area-less one); else it stays new, for review."""
        if not self.area:
            hits = self.index.exact(written, types or [type_name])
            bare = [k for k in hits if normalise(k.label) == normalise(written)]
            if len(bare) == 1:
                return self._link(bare[0], written, line, props)
            near = [(k, 100.0) for k in hits if k.origin != "document"]
            resolved = self._create(type_name, written, written, line, props)
            self.review_item(written, resolved.id, near, line, "a name every council has, in "
                             "a document with no area (give --area); kept apart from these")
            return resolved
        label = f"{self.area} {written}"
        hits = [k for k in self.index.exact(label, types or [type_name])]
        hits = hits or [k for k in self.index.exact(written, types or [type_name])
                        if in_area(k.label, self.area)]
        if len(hits) == 1:
            return self._link(hits[0], written, line, props)
        return self._create(type_name, label, written, line, props)

    def _link(self, known, written: str, line: int | None, props: dict) -> Resolved:
        if known.origin == "registry" and known.id not in self.entities:
            self.registry_used.add(known.id)
            return Resolved(known.id, known.type, known.label, "registry")
        self._declare(known.id, known.type, known.label, written, line, props)
        return Resolved(known.id, known.type, known.label, known.origin)

    def _create(self, type_name: str, label: str, written: str, line: int | None,
                props: dict) -> Resolved:
        near = self.index.near(label, [type_name])
        node_id = self.fresh_id(ID_PREFIX[type_name], slug(label))
        draft = self._declare(node_id, type_name, label, written, line, props)
        self.index.add(Node(node_id, type_name, label, tuple(draft.aliases)), "document")
        if near:
            self.review_item(written, node_id, near, line)
        elif ABBREVIATION.match(label):
            self.review_item(written, node_id, self.expansions(label, type_name), line,
                             "an abbreviation the registry does not know; it may stand for "
                             "one of these")
        return Resolved(node_id, type_name, label, "new")

    def expansions(self, abbreviation: str, type_name: str, limit: int = 5):
        """Known entities whose names contain an unknown abbreviation as a word."""
        word = re.compile(rf"\b{re.escape(abbreviation)}\b", re.I)
        hits = [k for k in self.index.known.values() if k.type == type_name
                and k.origin != "document" and any(word.search(n) for n in k.names)]
        return [(k, None) for k in sorted(hits, key=lambda k: (len(k.label), k.id))[:limit]]

    def review_item(self, written: str, node_id: str, near, line: int | None,
                    reason: str = "looks like a known entity; kept apart for a person to "
                                  "decide") -> None:
        similar = [{"id": known.id, "label": known.label, "score": score,
                    "from": known.origin} for known, score in near
                   if (node_id, known.id) not in self._reviewed]
        if not similar:
            return
        self._reviewed.update((node_id, s["id"]) for s in similar)
        self.review.append({"name": written, "id": node_id, "similar": similar,
                            "source": {"document": self.file, "line": line}, "reason": reason})

    def type_of(self, node_id: str) -> str | None:
        if node_id in self.entities:
            return self.entities[node_id].type
        known = self.index.known.get(node_id)
        return known.type if known else None

    def relate(self, s: str, p: str, o: str, line: int | None, **props) -> bool:
        """Add `s --p--> o` if the ontology allows it (False, with a warning, if not)."""
        relation = RELATIONS[p]
        ends = (self.type_of(s), self.type_of(o))
        if s == o or not relation.allows(*ends):
            self.warnings.append(f"{self.file}:{line}: not recorded: {p} from a {ends[0]} "
                                 f"({s}) to a {ends[1]} ({o})")
            return False
        entry = self.relations.setdefault((s, p, o), {"lines": []})
        if line and line not in entry["lines"]:
            entry["lines"].append(line)
        for key, value in props.items():
            if value not in (None, "") and key in relation.qualifiers:
                entry.setdefault(key, value)
        return True

    def relations_yaml(self) -> list[dict]:
        rows = []
        for (s, p, o), entry in self.relations.items():
            lines = sorted(entry["lines"])
            row = {"s": s, "p": p, "o": o, "line": lines[0]}
            row.update({k: v for k, v in entry.items() if k != "lines"})
            rows.append(row)
        return rows

    def entities_yaml(self) -> list[dict]:
        seen, rows = set(), []
        for draft in self.entities.values():
            if id(draft) not in seen and draft.lines:
                seen.add(id(draft))
                rows.append(draft.as_yaml())
        return rows
