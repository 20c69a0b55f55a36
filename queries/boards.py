"""The board directory officers ask for: who chairs what, how often it reports, where.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type, label in [("board:hwb", "Board", "Health and Wellbeing Board"),
...                         ("board:cfp", "Board", "Children and Families Partnership"),
...                         ("person:ann", "Person", "Ann"), ("area:d", "Area", "Durham")]:
...     kg.add_node(Node(id, type, label))
>>> kg.add_edge(Edge("board:hwb", "chairedBy", "person:ann", {"role": "chair"}))
>>> kg.add_edge(Edge("board:cfp", "subGroupOf", "board:hwb"))
>>> kg.add_edge(Edge("board:hwb", "coversArea", "area:d"))
>>> [(b.board.id, [c.node.id for c in b.chairs], [s.id for s in b.sub_groups])
...  for b in board_directory(kg, area="durham")]
[('board:hwb', ['person:ann'], ['board:cfp'])]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.names import normalise
from sendkg.queries.accountability import BOARD_LINES, Chair, chairs_of
from sendkg.records import Edge, Node


@dataclass(frozen=True)
class BoardEntry:
    board: Node
    chairs: tuple[Chair, ...]
    members: tuple[tuple[Node, Edge], ...]
    reports_to: tuple[tuple[Node, Edge], ...]
    sub_groups: tuple[Node, ...]
    areas: tuple[Node, ...]

    def as_dict(self) -> dict[str, Any]:
        return {**self.board.summary(), "chairs": [c.as_dict() for c in self.chairs],
                "members": [{**n.summary(), **e.props} for n, e in self.members],
                "reports_to": [{**n.summary(), "relation": e.p, **e.props}
                               for n, e in self.reports_to],
                "sub_groups": [n.summary() for n in self.sub_groups],
                "areas": [n.summary() for n in self.areas]}


def board_directory(kg, area: str | None = None) -> list[BoardEntry]:
    """Every board (those covering `area`, matched by name, when given), by name."""
    entries = [_entry(kg, node) for node in kg.nodes() if node.type == "Board"]
    if area:
        wanted = normalise(area)
        entries = [e for e in entries
                   if any(wanted in normalise(a.label) or wanted == a.id for a in e.areas)]
    return sorted(entries, key=lambda e: (e.board.label.casefold(), e.board.id))


def _entry(kg, board: Node) -> BoardEntry:
    chairs = chairs_of(kg, board.id)
    held = {h.id for c in chairs for h in c.holders}
    members = tuple((kg.node(e.s), e) for e in kg.in_edges(board.id, "memberOf"))
    up = tuple((kg.node(e.o), e) for e in kg.out_edges(board.id) if e.p in BOARD_LINES)
    subs = tuple(sorted((kg.node(e.s) for e in kg.in_edges(board.id, "subGroupOf")),
                        key=lambda n: n.label.casefold()))
    return BoardEntry(board, tuple(c for c in chairs if c.node.id not in held), members, up,
                      subs, tuple(_areas(kg, board)))


def _areas(kg, board: Node) -> list[Node]:
    """The areas a board covers: stated, else those of the plans in its source papers."""
    stated = [kg.node(e.o) for e in kg.out_edges(board.id, "coversArea")]
    if stated:
        return stated
    files = {s.document for s in board.sources}
    by_file = kg.derived.get("areas by source file", lambda: _areas_by_file(kg))
    found = {a.id: a for f in files for a in by_file.get(f, ())}
    return sorted(found.values(), key=lambda a: a.id)


def _areas_by_file(kg) -> dict[str, list[Node]]:
    table: dict[str, dict[str, Node]] = {}
    for node in kg.nodes():
        if node.type in ("Plan", "Board", "Organisation"):
            for e in kg.out_edges(node.id, "coversArea"):
                for s in node.sources:
                    table.setdefault(s.document, {})[e.o] = kg.node(e.o)
    return {f: list(v.values()) for f, v in table.items()}
