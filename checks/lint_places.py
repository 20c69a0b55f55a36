"""Where a lint finding belongs: the plan an officer would open, and the council or area.

Findings are shown grouped by plan and filtered by plan or area. A plan item belongs
to the plan containing it (the first, when several do); a plan to itself. Boards,
posts, people and legislation belong to no plan: they are grouped by kind, and their
area is that of the plans stated in the same source documents (a board named in a
Durham paper is a Durham board).

Areas are places: a plan's council counts only when it is a local authority or an
Area (`is_place`). A plan owned by a national body (the Children's Commissioner's
Takeover Challenge, cited in a Durham paper) has no council of its own; it takes the
areas of the plans its source documents describe, as boards do. A body known only
from the registry's successions (no council paper describes it) takes the areas of
the bodies it succeeded (the Durham Safeguarding Children Partnership is the Durham
LSCB's successor).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node, Source
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("plan:p", "Plan", "Plan P", sources=(Source("p.txt", 1),)))
>>> kg.add_node(Node("act:a", "Action", "A"))
>>> kg.add_node(Node("area:d", "Area", "Durham"))
>>> kg.add_node(Node("board:b", "Board", "B", sources=(Source("p.txt", 9),)))
>>> kg.add_edge(Edge("plan:p", "hasAction", "act:a"))
>>> kg.add_edge(Edge("plan:p", "coversArea", "area:d"))
>>> places = places_of(kg, ["act:a", "board:b"])
>>> places["act:a"].heading, places["act:a"].areas
('Plan P (plan:p)', ('Durham',))
>>> places["board:b"].heading, places["board:b"].areas, places["board:b"].council
('Boards and governance', ('Durham',), 'Durham')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sendkg.checks.duplicates_structure import plan_councils
from sendkg.queries.containment import ITEM_TYPES, plans_of

from sendkg.names import normalise

KIND_HEADINGS = {"Board": "Boards and governance", "Post": "Posts and people",
                 "Person": "Posts and people", "Organisation": "Organisations",
                 "Legislation": "Legislation"}
OTHER = "Other entities"


@dataclass(frozen=True)
class Place:
    """A finding's plan (id and label, or None) and the councils or areas it is in."""

    plan_id: str | None
    plan_label: str | None
    kind_heading: str
    areas: tuple[str, ...] = ()
    council: str | None = None  # the local authority among `areas` (names joined by "; ")

    @property
    def heading(self) -> str:
        return f"{self.plan_label} ({self.plan_id})" if self.plan_id else self.kind_heading

    def matches_plan(self, text: str) -> bool:
        wanted = normalise(text)
        return bool(self.plan_id) and (text == self.plan_id
                                       or wanted in normalise(self.plan_label or ""))

    def matches_area(self, text: str) -> bool:
        wanted = normalise(text)
        return any(wanted in normalise(area) for area in self.areas)


def places_of(kg, subject_ids: Iterable[str]) -> dict[str, Place]:
    """Each subject id's Place (ids nothing declares get the 'other' heading). The
    tables of plans' and documents' areas are built once per graph (kg.derived): a page
    asking for one entity's place does not walk every plan again."""
    areas = kg.derived.get("plan areas", lambda: _plan_areas(kg))
    by_document = kg.derived.get("areas by document",
                                 lambda: _areas_by_document(kg, areas))
    councils = kg.derived.get("council names", lambda: frozenset(
        n.label for n in kg.nodes("Organisation") if is_place(n)))
    places = {}
    for subject_id in dict.fromkeys(subject_ids):
        if not kg.has_node(subject_id):
            places[subject_id] = Place(None, None, OTHER)
            continue
        node = kg.node(subject_id)
        plans = [node] if node.type == "Plan" else (
            plans_of(kg, node.id) if node.type in ITEM_TYPES else [])
        if plans:
            found = sorted({a for plan in plans for a in areas.get(plan.id, ())})
            places[subject_id] = Place(plans[0].id, plans[0].label, "", tuple(found),
                                       _council(found, councils))
        else:
            found = sorted({a for s in node.sources for a in by_document.get(s.document, ())}
                           or _predecessors_areas(kg, node.id, by_document))
            places[subject_id] = Place(None, None, KIND_HEADINGS.get(node.type, OTHER),
                                       tuple(found), _council(found, councils))
    return places


def _council(areas: list[str], councils: frozenset[str]) -> str | None:
    """The local authorities among a finding's areas ("; "-joined), else its first area
    (an Area no council is named for), else None."""
    found = [a for a in areas if a in councils]
    return "; ".join(found) if found else (areas[0] if areas else None)


def is_place(node) -> bool:
    """Whether a council key names a place: an Area, or an organisation of kind "local
    authority". A national office, regulator or NHS body owning a plan is not one."""
    return node.type == "Area" or node.props.get("kind") == "local authority"


def _plan_areas(kg) -> dict[str, set[str]]:
    """Plan id -> its council's name (when a place) and the areas it covers; a plan
    with neither takes the areas of the other plans of its source documents."""
    found: dict[str, set[str]] = defaultdict(set)
    for plan_id, council in plan_councils(kg).items():
        if kg.has_node(council) and is_place(kg.node(council)):
            found[plan_id].add(kg.node(council).label)
    for plan in kg.nodes("Plan"):
        for edge in kg.out_edges(plan.id, "coversArea"):
            found[plan.id].add(kg.node(edge.o).label)
    by_document = _areas_by_document(kg, found)
    for plan in kg.nodes("Plan"):
        if not found.get(plan.id):
            found[plan.id] = {a for s in plan.sources for a in by_document.get(s.document, ())}
    return found


def _areas_by_document(kg, areas: dict[str, set[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for plan in kg.nodes("Plan"):
        for source in plan.sources:
            found[source.document] |= areas.get(plan.id, set())
    return found


def _predecessors_areas(kg, node_id: str, by_document, seen=frozenset()) -> set[str]:
    """The areas of the bodies `node_id` succeeded (kg.successions), through chains."""
    found: set[str] = set()
    for succession in kg.successions:
        if node_id in succession.successors:
            for old in set(succession.predecessors) - seen:
                if kg.has_node(old):
                    found |= {a for s in kg.node(old).sources
                              for a in by_document.get(s.document, ())}
                    found |= _predecessors_areas(kg, old, by_document, seen | {node_id})
    return found
