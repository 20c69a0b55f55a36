"""The typed records that flow from loaders into the graph.

Loaders yield these; only the graph merges them. Every record carries where it came
from, so every answer can cite a document and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Source(NamedTuple):
    """One place in one document: the seed file name and 1-based line (or table row).

    A named tuple, not a dataclass: a large graph holds over half a million of them,
    and a tuple takes a third of the memory and unpickles without Python code.

    >>> str(Source("002_plan.txt", 301))
    '002_plan.txt:301'
    >>> sorted([Source("b.txt", 2), Source("a.txt", 9)])[0].document
    'a.txt'
    """

    document: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.document}:{self.line}" if self.line else self.document

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "line": self.line}

    def __reduce__(self):
        # unpickled by tuple.__new__ itself: no Python call for each of a graph's sources
        return tuple.__new__, (Source, tuple(self))


@dataclass(frozen=True)
class Node:
    """An entity: its id, ontology type, label, aliases, properties and sources."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    # Where the record was written (a YAML file and line), for error messages.
    origin: Source | None = field(default=None, compare=False, repr=False)

    def summary(self) -> dict[str, Any]:
        """The JSON shape every result object starts from."""
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Edge:
    """A relation `s --p--> o` with its qualifiers (role, frequency, ...) and sources."""

    s: str
    p: str
    o: str
    props: dict[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    origin: Source | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "s": self.s,
            "p": self.p,
            "o": self.o,
            **self.props,
            "sources": [s.as_dict() for s in self.sources],
        }


class _OriginKeptApart:
    """`origin` of a Node or Edge, when the record's own attributes lack it.

    A record loaded from the graph cache (sendkg.graph.cache) holds, instead of its
    own Source, its graph's shared table of origins (attribute `_origins`, an object
    with `origin_of(record) -> Source | None`), read from its file on first use. At 150
    councils the 282,000 origins are 90 MB and a quarter of the loading time, and a
    question never reads them. A record made by the build keeps its own `origin`
    (an instance attribute, found before this class attribute).

    >>> Node("board:a", "Board", "Board A").origin is None
    True
    """

    def __get__(self, record, owner=None):
        if record is None:
            return None  # on the class: the field's default
        table = record.__dict__.get("_origins")
        return table.origin_of(record) if table is not None else None


@dataclass(frozen=True)
class Abbreviation:
    """A written form that stands for several entities ("ND & DDES CCGs")."""

    text: str
    means: tuple[str, ...]
    origin: Source | None = field(default=None, compare=False, repr=False)


SUCCESSION_KINDS = ("replaced", "merged-into", "split-into", "renamed")


@dataclass(frozen=True)
class Succession:
    """One change of body: `predecessors` hand their duties to `successors` from `date`.

    `kind` is one of SUCCESSION_KINDS: replaced (one body by another), merged-into
    (several into one), split-into (one into several), renamed (same body, new name).
    `date` is the ISO date (YYYY-MM-DD) the successors take over; the predecessors
    ended the day before. `source` names the public source of the change (an Act, a
    statutory guidance, an order) and `source_uri` its address when known. Read from a
    dataset's `successions:` list (data/FORMAT.md) or a document's `replacedBy` facts.

    >>> s = Succession(("org:a-ccg", "org:b-ccg"), ("org:icb",), "merged-into",
    ...                "2022-07-01", "Health and Care Act 2022")
    >>> s.as_dict()["successors"], s.as_dict()["date"]
    (['org:icb'], '2022-07-01')
    """

    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    kind: str
    date: str
    source: str
    source_uri: str | None = None
    note: str | None = None
    origin: Source | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"predecessors": list(self.predecessors), "successors": list(self.successors),
                "kind": self.kind, "date": self.date, "source": self.source,
                "source_uri": self.source_uri, "note": self.note,
                "recorded_at": str(self.origin) if self.origin else None}


Node.origin = Edge.origin = _OriginKeptApart()  # after @dataclass, which read the default
