"""What each plan item is attached to: plans, council, owners, legislation, boards.

`sendkg duplicates` weighs lexical likeness with structure (two areas, linked plans) and
names in its explanation the owners, legislation and boards two items share. Each kind
of attachment is a small padded table per item, so the overlap of millions of candidate
pairs is a few array comparisons. Attachments are inherited the way the questions inherit them: an action
with no owner of its own is owned by the owners of its objective (the nearest container
that names one); monitoring bodies accumulate from every container, and drivers from
the item and the objectives or aims containing it, not from its plan: a plan's own
Acts are context every item of it shares, and two plans that both cite the Children and
Families Act 2014 say nothing about two of their items being the same work.

A plan's council is a set of keys, all places (the local authorities that own it, the
areas it and its local owners cover); keys that one plan names together are one
council, so "County Durham" and "Durham County Council" meet through the plan that
names both. A national body or regulator is never a key: Ofsted owns inspection letters
in every council, and would make them all one.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("plan:p", "Plan"), ("obj:o", "Objective"), ("act:a", "Action"),
...                  ("person:ann", "Person")]:
...     kg.add_node(Node(id, type, id))
>>> kg.add_node(Node("org:la", "Organisation", "org:la", props={"kind": "local authority"}))
>>> for s, p, o in [("plan:p", "hasObjective", "obj:o"), ("obj:o", "hasAction", "act:a"),
...                 ("obj:o", "responsible", "person:ann"), ("plan:p", "ownedBy", "org:la")]:
...     kg.add_edge(Edge(s, p, o))
>>> items = ItemIndex(kg)
>>> [n.id for n in items.items], items.owners["act:a"], items.council_of["plan:p"]
(['act:a', 'obj:o'], {'person:ann': ('obj:o',)}, 'org:la')
>>> items.contains(np.array([0]), np.array([1])).tolist()
[True]
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy import sparse
from sendkg.queries.accountability import REPORT_LINES
from sendkg.queries.containment import containers
from sendkg.queries.drivers import DRIVING

ITEM_TYPES = ("Objective", "Action", "Deliverable")
# Plan-to-plan links (the ontology's plan-link relations that join two plans): a report
# that builds on a plan, a plan read with another, a plan that supersedes one.
PLAN_LINKS = ("buildsOn", "readWith", "supersedes")
WATCHING = REPORT_LINES  # the bodies an item reports to: monitoredBy, reportsTo
WITHIN_PLAN, ACROSS_PLANS, ACROSS_COUNCILS = 0, 1, 2
SCOPE_NAMES = {WITHIN_PLAN: "within plan", ACROSS_PLANS: "across plans",
               ACROSS_COUNCILS: "across councils"}


class ItemIndex:
    """The objectives, actions and deliverables of a graph with their attachments."""

    def __init__(self, kg, types: tuple[str, ...] = ITEM_TYPES):
        self.kg = kg
        self.items = sorted((n for t in types for n in kg.nodes(t)), key=lambda n: n.id)
        self.position = {n.id: k for k, n in enumerate(self.items)}
        found = {n.id: containers(kg, n.id) for n in self.items}
        self.ancestors = {id: [c for c, _ in up] for id, up in found.items()}
        self.parents = {id: tuple(sorted(c.id for c, d in up if d == 1))
                        for id, up in found.items()}
        # A row: the objective, action or deliverable an item sits in. Two items of one
        # row are its steps, never a duplicate of each other.
        self.rows = {id: tuple(p for p in found_parents if kg.node(p).type in types)
                     for id, found_parents in self.parents.items()}
        self.plans = {n.id: tuple(sorted(c.id for c in self.ancestors[n.id] if c.type == "Plan"))
                      for n in self.items}
        # Who answers for each item as `owner` shows it (named_owners: (shown, others)),
        # worked out once: the owners split below and each finding's side read it.
        from sendkg.queries.responsibility import named_owners

        self.answering = {n.id: named_owners(kg, n.id) for n in self.items}
        self.owners = {n.id: _nearest_owners(kg, n.id, self.answering[n.id][0])
                       for n in self.items}
        self.legislation = {n.id: self._collected(n.id, DRIVING, skip=("Plan",))
                            for n in self.items}
        self.boards = {n.id: self._collected(n.id, WATCHING) for n in self.items}
        self.containers = {n.id: tuple(a.id for a in self.ancestors[n.id]) for n in self.items}
        self.linked_plans = _linked_plans(kg, self.plans)
        self.council_of = plan_councils(kg)
        self.councils = {n.id: tuple(sorted({self.council_of[p] for p in self.plans[n.id]
                                             if p in self.council_of})) for n in self.items}
        self.incidence = {name: self._matrix(getattr(self, name)) for name in
                          ("plans", "councils", "owners", "legislation", "boards", "containers",
                           "parents", "rows")}
        self._plan_tables = self._plan_numbers()
        self.matrices = {name: _padded(matrix) for name, matrix in self.incidence.items()}
        self._containment = self._containment_codes()

    def __len__(self) -> int:
        return len(self.items)

    def overlap(self, name: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Whether each pair shares at least one attachment of kind `name`."""
        return _any_shared(self.matrices[name], self.matrices[name], first, second)

    def has(self, name: str) -> np.ndarray:
        """Whether each item has any attachment of kind `name`."""
        return self.matrices[name][:, 0] >= 0

    def shared(self, name: str, first_id: str, second_id: str) -> list[str]:
        """What two items share of kind `name`, leaving out what both inherit from a
        container of both."""
        common = set(self.containers[first_id]) & set(self.containers[second_id])
        first, second = getattr(self, name)[first_id], getattr(self, name)[second_id]
        return sorted(t for t in set(first) & set(second)
                      if set(first[t]) - common and set(second[t]) - common)

    def uncertain_reach(self, item_id: str, board_id: str) -> str:
        """How uncertain the item's link to a board it reports to is: "uncertain: note"
        (sendkg.queries.facts.uncertain_text) when every monitoredBy or reportsTo fact
        by which the item or a container reaches the board is an uncertain reading,
        "" when one is certain (or none reaches it)."""
        from sendkg.queries.facts import uncertain_text

        marks = [uncertain_text(e.props) for carrier in self.boards[item_id].get(board_id, ())
                 for relation in WATCHING for e in self.kg.out_edges(carrier, relation)
                 if e.o == board_id]
        return marks[0] if marks and all(marks) else ""

    def linked(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Whether, for each pair, one item's plan builds on, is read with or supersedes
        the other's (either way round): a plan's work against a report on it."""
        plans, links = self._plan_tables  # links hold both directions: one test is enough
        return _any_shared(links, plans, first, second)

    def linked_item_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair of items whose plans are linked (positions, first < second)."""
        members: dict[str, list[int]] = defaultdict(list)
        for k, node in enumerate(self.items):
            for plan in self.plans[node.id]:
                members[plan].append(k)
        found = set()
        for k, node in enumerate(self.items):
            for plan in self.linked_plans[node.id]:
                found.update((min(k, j), max(k, j)) for j in members.get(plan, ()) if j != k)
        pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]

    def _plan_numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """Each item's plans and linked plans as padded tables of one plan numbering."""
        number: dict[str, int] = {}
        tables = []
        for attached in (self.plans, self.linked_plans):
            width = max([1, *(len(v) for v in attached.values())])
            table = np.full((len(self.items), width), -1, dtype=np.int64)
            for k, node in enumerate(self.items):
                for j, plan in enumerate(attached[node.id]):
                    table[k, j] = number.setdefault(plan, len(number))
            tables.append(table)
        return tables[0], tables[1]

    def scope(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """WITHIN_PLAN, ACROSS_PLANS or ACROSS_COUNCILS for each pair."""
        counted = self.has("councils")
        known = counted[first] & counted[second]
        apart = known & ~self.overlap("councils", first, second)
        scope = np.where(apart, ACROSS_COUNCILS, ACROSS_PLANS)
        return np.where(self.overlap("plans", first, second), WITHIN_PLAN, scope)

    def contains(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Whether one item of each pair contains the other (an action and its objective)."""
        n = len(self.items)
        codes = np.concatenate([first * n + second, second * n + first]).astype(np.int64)
        hit = np.isin(codes, self._containment)
        return hit[:len(first)] | hit[len(first):]

    def _collected(self, node_id: str, relations: tuple[str, ...],
                   skip: tuple[str, ...] = ()) -> dict[str, tuple]:
        """Things reached by `relations` from the item or any container (but containers
        of the `skip` types), each with the ids that carry it."""
        carriers = defaultdict(set)
        for carrier in (node_id, *(c.id for c in self.ancestors[node_id]
                                   if c.type not in skip)):
            for relation in relations:
                for edge in self.kg.out_edges(carrier, relation):
                    carriers[edge.o].add(carrier)
        return {thing: tuple(sorted(found)) for thing, found in sorted(carriers.items())}

    def _matrix(self, attached: dict) -> sparse.csr_matrix:
        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for k, node in enumerate(self.items):
            for thing in attached[node.id]:
                rows.append(k)
                cols.append(vocabulary.setdefault(thing, len(vocabulary)))
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(self.items), len(vocabulary)))

    def _containment_codes(self) -> np.ndarray:
        n = len(self.items)
        codes = [self.position[n_id] * n + self.position[a.id]
                 for n_id, found in self.ancestors.items() for a in found
                 if a.id in self.position]
        return np.unique(np.array(codes, dtype=np.int64))


def _any_shared(left: np.ndarray, right: np.ndarray, first: np.ndarray,
                second: np.ndarray, chunk: int = 500_000) -> np.ndarray:
    """Whether row `first[k]` of `left` and row `second[k]` of `right` (padded tables of
    one numbering, -1 for none) hold a number in common, for each k, by chunks."""
    found = np.zeros(len(first), dtype=bool)
    for start in range(0, len(first), chunk):
        a, b = left[first[start:start + chunk]], right[second[start:start + chunk]]
        same = (a[:, :, None] == b[:, None, :]) & (a[:, :, None] >= 0)
        found[start:start + chunk] = same.any(axis=(1, 2))
    return found


def _padded(matrix: sparse.csr_matrix) -> np.ndarray:
    """Each row's column indices, padded with -1: rows hold a handful of attachments, so
    comparing two small rows directly beats sparse products."""
    widths = np.diff(matrix.indptr)
    table = np.full((matrix.shape[0], max(1, int(widths.max(initial=0)))), -1, dtype=np.int64)
    rows = np.repeat(np.arange(matrix.shape[0]), widths)
    table[rows, np.arange(len(rows)) - np.repeat(matrix.indptr[:-1], widths)] = matrix.indices
    return table


def _linked_plans(kg, plans: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """For each item, the plans its plans are linked to (PLAN_LINKS, either direction)."""
    around: dict[str, set[str]] = defaultdict(set)
    for plan in {p for found in plans.values() for p in found}:
        for edge in kg.out_edges(plan):
            if edge.p in PLAN_LINKS:
                around[plan].add(edge.o)
        for edge in kg.in_edges(plan):
            if edge.p in PLAN_LINKS:
                around[plan].add(edge.s)
    return {item: tuple(sorted({q for p in found for q in around.get(p, ())} - set(found)))
            for item, found in plans.items()}


def _nearest_owners(kg, node_id: str, shown: list) -> dict[str, tuple]:
    """The agents of `shown` (the Owner facts the item shows as answering for it, as
    `sendkg owner` gives them: sendkg.queries.responsibility.named_owners) with the
    carrier they come from; a person counts with the posts they hold, a post with its
    holders."""
    if not shown:
        return {}
    found = {o.node.id for o in shown}
    carrier = shown[0].via.id if shown[0].via else node_id
    return {agent: (carrier,) for agent in sorted(found | _held(kg, found))}


def _held(kg, agents: set[str]) -> set[str]:
    extra = set()
    for agent in agents:
        extra |= {e.o for e in kg.out_edges(agent, "holds")}
        extra |= {e.s for e in kg.in_edges(agent, "holds")}
    return extra


def plan_councils(kg) -> dict[str, str]:
    """Each plan's council: the representative key of its joined council keys
    (council_of_keys over plan_keys). A plan naming no place but owned by a national
    body or regulator (an inspection letter owned by Ofsted and the CQC that covers no
    area) takes the one council of the plans it builds on, is read with or supersedes
    (following chains of such plans); a plan with none, or with plans of several
    councils, has none. Returns {plan id: council key id} for the plans that have one."""
    keys = {plan.id: plan_keys(kg, plan.id) for plan in kg.nodes("Plan")}
    council = council_of_keys(kg, keys.values())
    found = {plan: council[ids[0]] for plan, ids in keys.items() if ids}
    waiting = sorted(p for p, ids in keys.items() if not ids and _owned_nationally(kg, p))
    while waiting:
        settled = {p: c for p in waiting if (c := _linked_council(kg, p, found))}
        if not settled:
            break
        found.update(settled)
        waiting = [p for p in waiting if p not in settled]
    return found


def _owned_nationally(kg, plan_id: str) -> bool:
    """Whether a plan naming no place is owned, and only by organisations (then none
    of them a place: national bodies, regulators). A plan owned by a board naming no
    area, or by nobody, is left with no council."""
    owners = [kg.node(e.o).type for e in kg.out_edges(plan_id, "ownedBy")]
    return bool(owners) and all(t == "Organisation" for t in owners)


def _linked_council(kg, plan_id: str, found: dict[str, str]) -> str | None:
    """The council of the plans `plan_id` builds on, is read with or supersedes, when
    they have exactly one; else None."""
    councils = {found[e.o] for e in kg.out_edges(plan_id) if e.p in PLAN_LINKS and e.o in found}
    return councils.pop() if len(councils) == 1 else None


def council_of_keys(kg, groups) -> dict[str, str]:
    """Council keys named together (by one plan) are one council: key -> its name."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for found in groups:
        for other in found:
            parent[find(other)] = find(found[0])
    members = defaultdict(list)
    for key in list(parent):
        members[find(key)].append(key)
    names = {root: _council_name(kg, found) for root, found in members.items()}
    return {key: names[find(key)] for key in parent}


def plan_keys(kg, plan_id: str) -> list[str]:
    """The places a plan names, sorted: its owning organisations' top organisations
    that are places (a local authority; sendkg.checks.lint_places.is_place), the areas
    it covers and the areas its owners cover, but for owners that are organisations
    other than places. A national body or regulator (Ofsted, the CQC, the DfE, NHS
    England, a CCG) is never a key: it owns papers in many councils, and two councils
    whose inspection letters it owns are not one council."""
    from sendkg.checks.lint_places import is_place

    owners = [kg.node(e.o) for e in kg.out_edges(plan_id, "ownedBy")]
    tops = {o.id: kg.node(_top(kg, o.id)) for o in owners if o.type == "Organisation"}
    keys = {top.id for top in tops.values() if is_place(top)}
    covering = [plan_id, *(o.id for o in owners if o.id not in tops or is_place(tops[o.id]))]
    for subject in covering:
        keys |= {e.o for e in kg.out_edges(subject, "coversArea")}
    return sorted(keys)


def _top(kg, org_id: str) -> str:
    seen = {org_id}
    while True:
        parents = sorted(e.o for e in kg.out_edges(org_id, "subOrganisationOf") if e.o not in seen)
        if not parents:
            return org_id
        org_id = parents[0]
        seen.add(org_id)


def _council_name(kg, keys: list[str]) -> str:
    """The local authority among joined keys, else the first area, else the first key."""
    nodes = sorted((kg.node(k) for k in keys), key=lambda n: n.id)
    for test in (lambda n: n.props.get("kind") == "local authority",
                 lambda n: n.type == "Area", lambda n: True):
        for node in nodes:
            if test(node):
                return node.id
    return keys[0]
