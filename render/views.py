"""The subgraph each diagram shows, chosen from the knowledge graph.

A view is a small, format-free description of a drawing: nodes (with the extra lines
their boxes carry and the rows of their tooltips) and directed edges, plus the way the
hierarchy runs ("up": arrows point to the body above, as in "reports to"; "down":
arrows point to what a node contains or drives). Renderers draw views and never touch
the graph.

- governance: bodies, and the posts and organisations reporting to them (reportsTo,
  subGroupOf), chairs on the boxes, frequency on the arrows, reports received in the
  tooltips;
- plan: plan → aims → objectives → deliverables → actions, owners on the boxes;
- accountability: one item's owners and its full reporting chain (needs --focus);
- legislation: Acts and guidance, and what each drives.

`--focus TEXT` keeps the neighbourhood of the entities TEXT names (all of them when
several tie): up their chain to the top, and down `--depth` levels (governance: 1 by
default; plan and legislation: all, so a plan's own objectives and actions, what an
Act drives). An entity that is not itself in the view (an area, a person) is reached
through its neighbours that are. The frame of boards with no reporting line is drawn
only in the unfocused overview. Without a focus, `--depth` keeps that many levels
below the top.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id in ("board:a", "board:b", "board:c"):
...     kg.add_node(Node(id, "Board", id.upper()))
>>> kg.add_node(Node("person:ann", "Person", "Ann"))
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:a", {"frequency": "quarterly"}))
>>> kg.add_edge(Edge("board:c", "subGroupOf", "board:b"))
>>> kg.add_edge(Edge("board:a", "chairedBy", "person:ann"))
>>> view = build_view(kg, "governance")
>>> [(n.id, n.notes) for n in view.nodes]
[('board:a', ('Chair: Ann',)), ('board:b', ()), ('board:c', ())]
>>> [(e.s, e.o, e.label) for e in view.edges]
[('board:b', 'board:a', 'quarterly'), ('board:c', 'board:b', '')]
>>> [n.id for n in build_view(kg, "governance", depth=1).nodes]
['board:a', 'board:b']
>>> [n.id for n in build_view(kg, "governance", focus="BOARD:B").nodes]
['board:a', 'board:b', 'board:c']
>>> [n.id for n in build_view(kg, "governance", focus="BOARD:B", depth=0).nodes]
['board:a', 'board:b']
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from sendkg import registry
from sendkg.errors import EntityNotFound, SendkgError
from sendkg.names import normalise
from sendkg.queries.accountability import REPORT_LINES
from sendkg.queries.boards import _areas as board_areas
from sendkg.queries.find import resolve
from sendkg.records import Edge, Node
from sendkg.render.style import NOTE_LINES, NOTE_WIDTH, sources_line, wrap_label

UNLINKED = {"governance": "No reporting line recorded"}
GOVERNANCE_TYPES = ("Board", "Post", "Organisation")
PLAN_STRUCTURE = ("hasAim", "hasObjective", "hasDeliverable", "hasAction")
NODE_DETAILS = ("kind", "number", "period", "timescale", "start", "end", "status",
                "description", "legislationUri", "email", "date", "amount", "established",
                "note")
EDGE_DETAILS = ("frequency", "reports", "role", "section", "period", "amount",
                "mechanism", "date", "note")


class RenderError(SendkgError):
    """A diagram that cannot be drawn as asked (too large, empty, no tool to draw it)."""


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    label: str
    notes: tuple[str, ...] = ()  # extra lines on the box: chairs, owners
    details: tuple[tuple[str, str], ...] = ()  # tooltip rows: (name, value)
    focus: bool = False
    sources: tuple[str, ...] = ()  # every citation ("file:line"), in the entity's order


@dataclass(frozen=True)
class ViewEdge:
    s: str  # the arrow runs from s to o
    o: str
    relation: str
    label: str = ""
    details: tuple[tuple[str, str], ...] = ()
    uncertain: bool = False


@dataclass(frozen=True)
class View:
    name: str
    title: str
    direction: str  # "up" or "down": which way the arrows of the hierarchy point
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    focus: tuple[Node, ...] = ()
    unlinked: str = "Not linked to the rest of this view"  # caption for edgeless nodes
    warnings: tuple[str, ...] = ()  # said when the drawing is written (too wide to read)
    page: tuple[str, bool] | None = None  # ("a4" or "a3", landscape) to fit, or None
    files: tuple[str, ...] = ()  # the files it was written to, once drawn

    def types(self) -> list[str]:
        """The node types present, in a stable order."""
        return sorted({n.type for n in self.nodes})


# ---------------------------------------------------------------- candidate edges

def _view_edge(edge: Edge, s: str, o: str, label_key: str | None = None) -> ViewEdge:
    label = str(edge.props.get(label_key, "")) if label_key else ""
    details = [("relation", edge.p)]
    details += [(k, str(edge.props[k])) for k in EDGE_DETAILS if edge.props.get(k)]
    if edge.props.get("uncertain"):
        details.append(("reading", "uncertain"))
    details.append(("sources", sources_line(edge.sources)))
    return ViewEdge(s, o, edge.p, label, tuple(details), bool(edge.props.get("uncertain")))


@dataclass(frozen=True)
class Candidates:
    """What a view may show, before --focus and --depth narrow it."""

    edges: list[ViewEdge]  # drawn
    connectors: list[ViewEdge] = field(default_factory=list)  # followed by --focus only
    loose: frozenset[str] = frozenset()  # drawn even when no edge reaches them


def governance_candidates(kg) -> Candidates:
    """Reporting lines between bodies, and the posts and organisations reporting to them.

    Every body is drawn, with or without a recorded reporting line. The reports that
    plans and their items send to a body are listed in its tooltip, not drawn (drawn,
    they bury the structure; the accountability view follows them), but --focus
    follows them, so a plan or an area finds the bodies its plans report to.
    """
    edges = [_view_edge(e, e.s, e.o, "frequency") for e in kg.edges("reportsTo")
             if kg.node(e.s).type in GOVERNANCE_TYPES]
    edges += [_view_edge(e, e.s, e.o) for e in kg.edges("subGroupOf")]
    connectors = [_view_edge(e, e.s, e.o) for p in REPORT_LINES
                  for e in kg.edges(p) if kg.node(e.s).type not in GOVERNANCE_TYPES]
    return Candidates(edges, connectors, frozenset(n.id for n in kg.nodes("Board")))


def plan_candidates(kg) -> Candidates:
    return Candidates([_view_edge(e, e.s, e.o) for p in PLAN_STRUCTURE for e in kg.edges(p)])


def legislation_candidates(kg) -> Candidates:
    edges = [_view_edge(e, e.o, e.s, "section") for e in kg.edges("drivenBy")]
    return Candidates(edges + [_view_edge(e, e.s, e.o, "date") for e in kg.edges("replacedBy")
                               if kg.node(e.s).type == "Legislation"])


# ---------------------------------------------------------------- selection

def focus_nodes(kg, text: str | None) -> list[Node]:
    """The entities `text` names (all that tie), or [] without a focus."""
    if not text:
        return []
    found = resolve(kg, text)
    if not found:
        raise EntityNotFound(f"nothing matches {text!r}")
    return found


def _ends(edges: Iterable[ViewEdge]) -> set[str]:
    return {e.s for e in edges} | {e.o for e in edges}


def _anchors(kg, focus: list[Node], drawable: set[str],
             connected: dict[str, set[str]]) -> set[str]:
    """Focus nodes that are drawn; for one that is not (a person, an area, a plan in the
    governance view), the drawn nodes next to it, directly or through a connector."""
    anchors = set()
    for node in focus:
        if node.id in drawable:
            anchors.add(node.id)
            continue
        around = {e.s for e in kg.in_edges(node.id)} | {e.o for e in kg.out_edges(node.id)}
        for near in around | {node.id}:
            anchors |= ({near} | connected.get(near, set())) & drawable
    return anchors


def _links(edges: Iterable[ViewEdge]) -> dict[str, set[str]]:
    links = defaultdict(set)
    for e in edges:
        links[e.s].add(e.o)
        links[e.o].add(e.s)
    return links


def _within(seeds: Iterable[str], links: dict[str, set[str]], depth: int | None) -> set[str]:
    """Nodes reachable from `seeds` in at most `depth` steps (any number when None)."""
    kept, frontier, step = set(seeds), set(seeds), 0
    while frontier and (depth is None or step < depth):
        frontier = {n for f in frontier for n in links.get(f, ())} - kept
        kept |= frontier
        step += 1
    return kept


def _hierarchy(found: Candidates, direction: str) -> tuple[dict, dict]:
    """(above, below): from each node to the nodes one level above it, and below it."""
    above, below = defaultdict(set), defaultdict(set)
    for e in found.edges:
        upper, lower = (e.o, e.s) if direction == "up" else (e.s, e.o)
        below[upper].add(lower)
        above[lower].add(upper)
    return above, below


def _around_focus(kg, found: Candidates, focus: list[Node], depth: int | None,
                  view: str, direction: str) -> set[str]:
    """The focus's neighbourhood: up its chain to the top, and down `depth` levels
    (every level when None)."""
    drawable = _ends(found.edges) | found.loose
    seeds = _anchors(kg, focus, drawable, _links(found.connectors))
    if not seeds:
        names = "; ".join(f"{n.label} ({n.type})" for n in focus)
        raise RenderError(f"{names}: nothing of it is in the {view} view")
    above, below = _hierarchy(found, direction)
    return _within(seeds, above, None) | _within(seeds, below, depth)


def _from_top(found: Candidates, direction: str, depth: int) -> set[str]:
    _, below = _hierarchy(found, direction)
    drawable = _ends(found.edges) | found.loose
    tops = drawable - {lower for lowers in below.values() for lower in lowers}
    return _within(tops or drawable, below, depth)  # all in loops: no top to count from


def select(kg, found: Candidates, direction: str, focus: list[Node], depth: int | None,
           view: str) -> tuple[set[str], list[ViewEdge]]:
    """The node ids and drawn edges that the focus and depth keep. Nodes no edge
    reaches (the frame of unconnected boards) only in the unfocused overview."""
    drawable = _ends(found.edges) | (set() if focus else found.loose)
    if focus:
        kept = _around_focus(kg, found, focus, depth, view, direction) & (
            drawable | found.loose)
    elif depth is not None:
        kept = _from_top(found, direction, depth) & drawable
    else:
        kept = drawable
    return kept, [e for e in found.edges if e.s in kept and e.o in kept]


# ---------------------------------------------------------------- decoration

def _agent_name(kg, edge: Edge, brief: bool) -> str:
    """Who an edge names; a post with the people holding it (brief: just the people)."""
    node = kg.node(edge.o)
    name = node.label
    if node.type == "Post":
        holders = ", ".join(kg.node(h.s).label for h in kg.in_edges(node.id, "holds"))
        name = (holders or name) if brief else name + (f" ({holders})" if holders else "")
    return name + (" (?)" if edge.props.get("uncertain") else "")


BRIEF_NAMES = 2  # names on a box before "+N"


def _named(kg, edge: Edge) -> bool:
    """Whether an edge names people: a person, or a post someone holds."""
    node = kg.node(edge.o)
    return node.type == "Person" or (node.type == "Post" and
                                      any(kg.in_edges(node.id, "holds")))


def brief_names(names: list[str], role: str = "") -> str:
    """At most BRIEF_NAMES names, fewer when they would not fit on the box's note lines,
    then "+N" for the rest.

    >>> brief_names(["Ann", "Bob", "Council", "NHS"])
    'Ann, Bob +2'
    >>> brief_names(["Derby City Council", "Southern Derbyshire Clinical Commissioning Group"],
    ...             "Co-lead")
    'Derby City Council +1'
    >>> brief_names(["Durham County Council Children's Services", "Adult Services"],
    ...             "Agreeing service of Durham County Council")
    'Durham County Council… +1'
    """
    def fits(text: str) -> bool:
        return len(textwrap.wrap(f"{role}: {text}", NOTE_WIDTH)) <= NOTE_LINES

    for shown in range(min(BRIEF_NAMES, len(names)), 0, -1):
        more = f" +{len(names) - shown}" if len(names) > shown else ""
        text = ", ".join(names[:shown]) + more
        if fits(text):
            return text
    width = len(names[0])  # one name too long for the box: shortened, keeping "+N"
    while width > 8 and not fits(textwrap.shorten(names[0], width, placeholder="…") + more):
        width -= 2
    return textwrap.shorten(names[0], width, placeholder="…") + more


def _by_role(kg, edges: list[Edge], default: str) -> list[tuple[str, str, str]]:
    """(role, brief names, full names) per role, in the order roles first appear. The
    brief names put named people first and stop after two with "+N".

    >>> from sendkg.graph.knowledge_graph import KnowledgeGraph
    >>> kg = KnowledgeGraph()
    >>> for id, type in [("person:ann", "Person"), ("post:director", "Post"),
    ...                  ("org:council", "Organisation"), ("person:bob", "Person")]:
    ...     kg.add_node(Node(id, type, id.split(":")[1].capitalize()))
    >>> kg.add_edge(Edge("person:ann", "holds", "post:director"))
    >>> _by_role(kg, [Edge("board:b", "chairedBy", "post:director"),
    ...               Edge("board:b", "chairedBy", "person:ann")], "chair")
    [('Chair', 'Ann', 'Director (Ann), Ann')]
    >>> _by_role(kg, [Edge("a:1", "responsible", "org:council"),
    ...               Edge("a:1", "responsible", "person:bob"),
    ...               Edge("a:1", "responsible", "post:director")], "lead")[0][1]
    'Bob, Ann +1'
    """
    roles: dict[str, list[Edge]] = {}
    for edge in edges:
        roles.setdefault(str(edge.props.get("role") or default), []).append(edge)
    rows = []
    for role, group in roles.items():
        people_first = sorted(group, key=lambda e: not _named(kg, e))
        names = list(dict.fromkeys(_agent_name(kg, e, True) for e in people_first))
        label = role[:1].upper() + role[1:]
        rows.append((label, brief_names(names, label),
                     ", ".join(_agent_name(kg, e, False) for e in group)))
    return rows


def annotations(kg, node: Node, view: str) -> list[tuple[str, str, str]]:
    """(role, brief, full) lines a box carries: chairs of bodies, posts a person holds,
    and in the plan view the owners of each item. Boxes show the brief names (the
    people in a post rather than the post), tooltips the full ones."""
    rows = _by_role(kg, list(kg.out_edges(node.id, "chairedBy")), "chair")
    posts = ", ".join(sorted(kg.node(e.o).label for e in kg.out_edges(node.id, "holds")))
    rows += [("Holds", posts, posts)] if posts else []
    if view == "plan":
        rows += _by_role(kg, list(kg.out_edges(node.id, "responsible")), "responsible")
        rows += _by_role(kg, list(kg.out_edges(node.id, "ownedBy")), "owner")
    return rows


def _note_lines(rows: list[tuple[str, str, str]]) -> tuple[str, ...]:
    lines = []
    for role, brief, _ in rows:
        lines += wrap_label(f"{role}: {brief}", NOTE_WIDTH, NOTE_LINES)
    return tuple(lines)


def received(kg, node: Node) -> list[tuple[str, str]]:
    """('receives', 'Plan A (quarterly); …') for the reports a body receives from items."""
    found = [e for e in kg.in_edges(node.id) if e.p in REPORT_LINES
             and kg.node(e.s).type not in GOVERNANCE_TYPES]
    names = [kg.node(e.s).label + (f" ({e.props['frequency']})" if e.props.get("frequency")
                                   else "") for e in found]
    return [("receives", "; ".join(sorted(names)))] if names else []


def node_details(kg, node: Node, rows: list[tuple]) -> tuple[tuple[str, str], ...]:
    """Tooltip rows: type, id, aliases, properties, (role, full names) rows, sources."""
    details = [("type", node.type), ("id", node.id)]
    if node.aliases:
        details.append(("also called", "; ".join(node.aliases)))
    details += [(k, str(node.props[k])) for k in NODE_DETAILS if node.props.get(k)]
    if node.props.get("uncertain"):
        details.append(("reading", "uncertain"))
    details += [(row[0].casefold(), row[-1]) for row in rows]
    details.append(("sources", sources_line(node.sources) or "none recorded"))
    return tuple(details)


def view_node(kg, node_id: str, view: str, focus_ids: set[str]) -> ViewNode:
    node = kg.node(node_id)
    rows = annotations(kg, node, view)
    extra = received(kg, node) if view == "governance" and node.type == "Board" else []
    return ViewNode(node.id, node.type, node.label, _note_lines(rows),
                    node_details(kg, node, rows + extra), node.id in focus_ids,
                    tuple(str(s) for s in node.sources))


RELATION_RANK = {"reportsTo": 0, "monitoredBy": 1, "subGroupOf": 2}


def merge_parallel(edges: list[ViewEdge]) -> list[ViewEdge]:
    """One arrow per pair of nodes: a body that both reports to and is a sub group of
    another gets one arrow (reportsTo first), the other facts joining its tooltip.

    >>> a = ViewEdge("board:a", "board:b", "subGroupOf", "", (("relation", "subGroupOf"),))
    >>> b = ViewEdge("board:a", "board:b", "reportsTo", "annual", (("relation", "reportsTo"),))
    >>> merge_parallel([a, b])
    [ViewEdge(s='board:a', o='board:b', relation='reportsTo', label='annual', \
details=(('relation', 'reportsTo'), ('also', 'subGroupOf')), uncertain=False)]
    """
    pairs: dict[tuple[str, str], list[ViewEdge]] = {}
    for edge in sorted(edges, key=lambda e: (RELATION_RANK.get(e.relation, 9), e.relation)):
        pairs.setdefault((edge.s, edge.o), []).append(edge)
    merged = []
    for first, *rest in pairs.values():
        also = tuple(("also", "; ".join([e.relation] + [f"{k}: {v}" for k, v in e.details[1:]]))
                     for e in rest)
        label = next((e.label for e in (first, *rest) if e.label), "")
        merged.append(ViewEdge(first.s, first.o, first.relation, label, first.details + also,
                               all(e.uncertain for e in (first, *rest))))
    return merged


def _title(name: str, focus: list[Node], depth: int | None) -> str:
    title = name.capitalize()
    if focus:
        names = [n.label for n in focus[:3]]
        more = f" and {len(focus) - 3} more" if len(focus) > 3 else ""
        title += " around " + "; ".join(names) + more
    return title + (f" (depth {depth})" if depth is not None else "")


def hierarchy_view(kg, name: str, candidates_of: Callable, direction: str,
                   focus_text: str | None, depth: int | None,
                   focus_depth: int | None = None) -> View:
    """The view; with a focus, `depth` (else `focus_depth`) levels below it are kept."""
    focus = focus_nodes(kg, focus_text)
    below = depth if depth is not None or not focus else focus_depth
    kept, edges = select(kg, candidates_of(kg), direction, focus, below, name)
    ids = {n.id for n in focus}
    nodes = tuple(view_node(kg, n, name, ids) for n in sorted(kept))
    edges = tuple(sorted(merge_parallel(edges), key=lambda e: (e.s, e.o, e.relation)))
    return View(name, _title(name, focus, depth), direction, nodes, edges, tuple(focus),
                UNLINKED.get(name, View.unlinked))


def build_view(kg, name: str = "governance", focus: str | None = None,
               depth: int | None = None, orphans: bool = True, area: str | None = None) -> View:
    """The view called `name` (a "view" of sendkg.registry), narrowed to `focus` and
    `depth` when given, and to one `area`; without `orphans`, no node that no link
    reaches (the frame of unconnected boards)."""
    if name not in registry.names("view"):
        raise RenderError(f"unknown view {name!r}: choose one of {registry.choices('view')}")
    if depth is not None and depth < 0:
        raise RenderError("--depth must be 0 or more")
    built = registry.load("view", name)(kg, focus, depth)
    if area:
        built = in_area(kg, built, area)
    return built if orphans else without_orphans(built)


def find_area(kg, text: str) -> Node:
    """The Area `text` names (by id, or a name it is part of)."""
    wanted = normalise(text)
    areas = list(kg.nodes("Area"))
    found = [a for a in areas if a.id == text or wanted == normalise(a.label)] or [
        a for a in areas if wanted and wanted in normalise(a.label)]
    if len(found) != 1:
        known = ", ".join(sorted(a.label for a in areas)) or "none recorded"
        raise RenderError(f"--area {text!r} names {'no' if not found else 'more than one'} "
                          f"area; the areas are: {known}")
    return found[0]


def areas_of(kg, node: Node, seen: frozenset[str] = frozenset()) -> set[str]:
    """The ids of the areas `node` belongs to: those it covers, a board's from its source
    papers, a plan item's from its plan; empty for what belongs to no area (an Act, a
    person)."""
    stated = {e.o for e in kg.out_edges(node.id, "coversArea")}
    if stated:
        return stated
    if node.type == "Board":
        return {a.id for a in board_areas(kg, node)}
    containers = [e.s for p in PLAN_STRUCTURE for e in kg.in_edges(node.id, p)]
    return {a for c in containers if c not in seen
            for a in areas_of(kg, kg.node(c), seen | {node.id})}


def in_area(kg, view: View, text: str) -> View:
    """`view` limited to one area: what belongs to it, and what belongs to no area (an
    Act, a person, a post) when linked to something kept."""
    area = find_area(kg, text)
    belongs = {n.id: areas_of(kg, kg.node(n.id)) for n in view.nodes}
    kept = {n for n, areas in belongs.items() if area.id in areas}
    kept |= {x for e in view.edges for a, x in ((e.s, e.o), (e.o, e.s))
             if a in kept and not belongs[x]}
    if not kept:
        raise RenderError(f"nothing of the {view.name} view is in {area.label}")
    return replace(view, title=f"{view.title}, {area.label}",
                   nodes=tuple(n for n in view.nodes if n.id in kept),
                   edges=tuple(e for e in view.edges if e.s in kept and e.o in kept))


def without_orphans(view: View) -> View:
    """`view` without the nodes no edge reaches (a focus node stays)."""
    linked = {e.s for e in view.edges} | {e.o for e in view.edges}
    nodes = tuple(n for n in view.nodes if n.id in linked or n.focus)
    return replace(view, nodes=nodes)


def governance_view(kg, focus: str | None, depth: int | None) -> View:
    """Boards, posts and organisations, arrows pointing up the reporting lines."""
    return hierarchy_view(kg, "governance", governance_candidates, "up", focus, depth, 1)


def plan_view(kg, focus: str | None, depth: int | None) -> View:
    """Plans down to their aims, objectives, deliverables and actions."""
    return hierarchy_view(kg, "plan", plan_candidates, "down", focus, depth)


def legislation_view(kg, focus: str | None, depth: int | None) -> View:
    """Acts and guidance down to what they drive, and what replaced them."""
    return hierarchy_view(kg, "legislation", legislation_candidates, "down", focus, depth)
