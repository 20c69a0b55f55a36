"""Who is responsible for an item (`owner`), and what a person, post or body owns (`owns`).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("obj:o", "Objective"), ("act:a", "Action"), ("org:la", "Organisation"),
...                  ("person:ann", "Person"), ("post:manager", "Post")]:
...     kg.add_node(Node(id, type, id.split(":")[1]))
>>> kg.add_edge(Edge("obj:o", "hasAction", "act:a"))
>>> kg.add_edge(Edge("obj:o", "responsible", "org:la", {"role": "lead"}))
>>> kg.add_node(Node("plan:p", "Plan", "p")); kg.add_node(Node("board:b", "Board", "b"))
>>> kg.add_edge(Edge("plan:p", "hasObjective", "obj:o"))
>>> kg.add_edge(Edge("plan:p", "ownedBy", "board:b"))
>>> kg.add_edge(Edge("act:a", "responsible", "post:manager", {"role": "lead"}))
>>> kg.add_edge(Edge("person:ann", "holds", "post:manager"))
>>> [(o.node.id, o.inherited, [h.id for h in o.holders]) for o in owners_of(kg, "act:a")]
[('post:manager', False, ['person:ann']), ('org:la', True, []), ('board:b', True, [])]
>>> [(r.item.id, r.relation, r.through.id) for r in responsibilities_of(kg, "person:ann")]
[('act:a', 'responsible', 'post:manager')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.ontology import group
from sendkg.queries.containment import ITEM_TYPES, plans_of
from sendkg.queries.facts import ROLE_ORDER, Fact, facts_along
from sendkg.queries.resolution import AGENTS_FIRST, ITEMS_FIRST, subjects
from sendkg.records import Edge, Node, Source, Succession

OWNING = group("ownership")  # the relations that name an owner
# Both are inherited: an aim of a plan that a board owns is that board's to answer for,
# as an officer reads it, marked as inherited from the plan.
INHERITED_OWNING = OWNING
OWNABLE = (*ITEM_TYPES, "Board", "Post")
AGENT_TYPES = group("agents")
# What an agent does for an item, seen from the agent: item --relation--> agent.
HELD_BY_AGENT = (*OWNING, *group("chairs"), *group("funding"))
JOINED_BY_AGENT = group("membership")  # agent --relation--> body
OWNER_PREFER = ITEMS_FIRST
OWNS_PREFER = ("Person", "Post", "Board", "Organisation", *AGENTS_FIRST)
RELATION_ORDER = {r: i for i, r in enumerate((*HELD_BY_AGENT, *JOINED_BY_AGENT))}


@dataclass(frozen=True)
class Owner(Fact):
    """A person, post, organisation or board responsible for an item."""

    holders: tuple[Node, ...] = ()  # the people who hold this post, when it is a post
    posts: tuple[Node, ...] = ()  # the posts this person holds, when it is a person

    @property
    def role(self) -> str | None:
        return self.edge.props.get("role")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "holders": [n.summary() for n in self.holders],
                "posts": [n.summary() for n in self.posts]}


@dataclass(frozen=True)
class Responsibility:
    """Something an agent is responsible for, owns, chairs, funds, commissions or joins."""

    item: Node
    edge: Edge
    through: Node | None = None  # the post held, when the agent is a person acting in it
    plans: tuple[Node, ...] = ()

    @property
    def relation(self) -> str:
        return self.edge.p

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.edge.sources

    def as_dict(self) -> dict[str, Any]:
        return {**self.item.summary(), "relation": self.relation, **self.edge.props,
                "through": self.through.summary() if self.through else None,
                "plans": [p.summary() for p in self.plans],
                "fact_sources": [s.as_dict() for s in self.sources]}


def owners_of(kg, item_id: str) -> list[Owner]:
    """Who is responsible for an item: its own owners (`responsible`, and `ownedBy` for a
    plan), then the owners of each container, nearest first, marked inherited (`via`
    the container): an action is owned by those responsible for its objective and aim,
    and by those responsible for or owning its plan. Lint's ownership rules call this
    function, so `sendkg lint` and `sendkg owner` cannot disagree.

    Returns Owner facts (node, edge with role and sources, via); [] when nobody is named
    anywhere up the containment."""
    return facts_along(kg, item_id, INHERITED_OWNING, _owner)


# Roles that name who leads an item. Others (support, contact, a partner, a joint
# commissioner, a board that agrees or approves the plan, its author) are owners `owner`
# lists, never its lead; an owner recorded with no role is its lead.
LEAD_ROLES = frozenset({"lead", "co-lead", "owner", "owning service", "chair", "vice-chair"})


def is_lead(owner: Owner) -> bool:
    """Whether an owner fact names a lead: its role is one of LEAD_ROLES, or it has none."""
    return owner.role is None or str(owner.role).casefold() in LEAD_ROLES


def leads_of(kg, item_id: str) -> tuple[list[Owner], list[Owner]]:
    """Who leads an item, as `owner` answers: `owners_of` (inheritance and all), at the
    nearest level that names a lead: the item's own owners, else its nearest container's
    (its objective, aim, then plan: the plan's `ownedBy` when nothing nearer names one).

    Returns (leads, others at that level): Owner facts, each with its role, uncertain
    mark and `via`, a person named beside the post they hold given once, as the post
    with its holder (`once_with_posts`); ([], []) when nobody is named anywhere."""
    levels: dict[str | None, list[Owner]] = {}
    for found in once_with_posts(owners_of(kg, item_id)):
        levels.setdefault(found.via.id if found.via else None, []).append(found)
    for level in levels.values():
        leads = [o for o in level if is_lead(o)]
        if leads:
            return leads, [o for o in level if not is_lead(o)]
    return [], []


def named_owners(kg, item_id: str) -> tuple[list[Owner], list[Owner]]:
    """Who answers for an item as `owner` shows it at the nearest level that names
    anyone: `leads_of` (leads, others) when some level names a lead; else, when no owner
    anywhere is a lead, every owner of the nearest level naming one (the SEND JCP's
    agreeing partners, the working group whose terms of reference an aim is part of),
    as (those owners, []), none of them a lead (`is_lead`). ([], []) when nobody is
    named anywhere. `sendkg duplicates` shows the first list and splits "planned twice"
    from "owned by different people" on it."""
    leads, others = leads_of(kg, item_id)
    if leads:
        return leads, others
    found = once_with_posts(owners_of(kg, item_id))
    nearest = found[0].via.id if found and found[0].via else None
    return [o for o in found if (o.via.id if o.via else None) == nearest], []


# The word `owner` gives an owner of no role, by relation.
OWNER_VERBS = {"chairedBy": "chair", "ownedBy": "owns the plan", "memberOf": "partner",
               "responsible": "responsible", "heldBy": "held by"}


def role_word(owner: Owner) -> str:
    """The word `sendkg owner` puts before an owner: its role ("lead", "agreeing
    partner", "terms of reference of the group"), else its relation's (OWNER_VERBS); a
    body's partner (memberOf) is a "partner" whatever its role in the body."""
    role = owner.role if owner.relation != "memberOf" else None
    return str(role or OWNER_VERBS.get(owner.relation, owner.relation))


def agent_text(kg, node: Node) -> str:
    """An agent as `sendkg owner` writes it: a person with their (first) post and its
    organisation, "Caroline O'Neill (Head of Education, Children and Young People's
    Services)"; a post with its organisation, "Strategic Manager (Durham County
    Council)", or the post alone when its name gives the organisation ("Independent
    Chair, Durham Local Safeguarding Children Board" is not followed by the board
    again); anything else by its label."""
    if node.type == "Person":
        posts = [kg.node(e.o) for e in kg.out_edges(node.id, "holds")][:1]
        detail = [p.label for p in posts] + [o.label for p in posts
                                             for o in _organisations(kg, p.id)]
        return node.label + (f" ({', '.join(detail)})" if detail else "")
    if node.type == "Post":
        orgs = [o.label for o in _organisations(kg, node.id)
                if o.label.casefold() not in node.label.casefold()]
        return node.label + (f" ({', '.join(orgs)})" if orgs else "")
    return node.label


def owner_text(kg, owner: Owner) -> str:
    """An Owner fact as `sendkg owner` writes it, without its uncertain mark: the agent
    (agent_text), then " — held by Name, Name" for a post with holders."""
    held = f" — held by {', '.join(h.label for h in owner.holders)}" if owner.holders else ""
    return agent_text(kg, owner.node) + held


def lead_names(kg, leads: list[Owner]) -> tuple[str, ...]:
    """Leads (Owner facts, `leads_of`) as `sendkg owner` writes them (owner_text):
    "Caroline O'Neill (Head of Education, Children and Young People's Services)",
    "Strategic Manager (Durham County Council) — held by Ann", then the uncertain mark:
    "Derbyshire County Council (uncertain: …)". One string a lead, in the leads' order.
    `duplicates`, the board paper and the register write leads through this."""
    from sendkg.queries.facts import with_uncertain

    return tuple(with_uncertain(owner_text(kg, o), o.edge.props) for o in leads)


def inherited_from(leads: list[Owner]) -> str:
    """Where leads of one level (`leads_of`) come from, as the board paper and the
    register write it: "inherited from the plan", "inherited from Health and SEND needs
    of young people who offend" (the container's label); "" for the item's own."""
    via = leads[0].via if leads else None
    if via is None:
        return ""
    return f"inherited from {'the plan' if via.type == 'Plan' else via.label}"


def owners_in_words(kg, owners: list[Owner], as_at: str | None = None) -> tuple[str, ...]:
    """Owner facts as `sendkg owner` writes them (owner_text, then its uncertain mark:
    "(uncertain: note)"), one text per role word (role_word), joined by "; ": leads as
    "lead: …" whatever their lead role, others as "agreeing partner: …". With `as_at`
    (an ISO date), a body that no longer stood then says so, as `owner` does: "NHS North
    Durham CCG (abolished 31 March 2020; duties now with …)" (sendkg.queries.succession).
    Returns the texts in the owners' order; () for none."""
    from sendkg.queries.facts import with_uncertain
    from sendkg.queries.succession import standings

    gone = standings(kg, [o.node for o in owners], as_at) if as_at else {}
    grouped: dict[str, list[str]] = {}
    for o in owners:
        word = "lead" if is_lead(o) else role_word(o)
        text = with_uncertain(owner_text(kg, o), o.edge.props)
        if o.node.id in gone:
            text += f" ({gone[o.node.id].phrase()})"
        grouped.setdefault(word, []).append(text)
    return tuple(f"{word}: {'; '.join(names)}" for word, names in grouped.items())


def _organisations(kg, post_id: str) -> list[Node]:
    """The organisation a post is in (its first `postIn`), as a list of none or one."""
    return [kg.node(e.o) for e in kg.out_edges(post_id, "postIn")][:1]


def board_owners(kg, board_id: str) -> list[Owner]:
    """Who answers for a body: its chairs and vice-chairs (a person who holds a chairing
    post is given once, as the post's holder), then `owners_of`, then the organisations
    that are its partners. A layer over `owners_of` (owner.rq and owner.cypher mirror
    that core)."""
    chairs = [_owner(kg, e, None) for e in kg.out_edges(board_id, "chairedBy")]
    held = {h.id for c in chairs for h in c.holders}
    chairs = [c for c in chairs if c.node.id not in held]
    chairs.sort(key=lambda c: (str(c.role or "chair").casefold() != "chair", c.node.label))
    partners = [_owner(kg, Edge(board_id, "memberOf", e.s, e.props, e.sources), None)
                for e in kg.in_edges(board_id, "memberOf")
                if kg.node(e.s).type == "Organisation"]
    return chairs + owners_of(kg, board_id) + sorted(partners, key=lambda o: o.node.label)


def post_holders(kg, post_id: str) -> list[Owner]:
    """Who holds a post (as Owner facts over the `holds` edge, seen from the post)."""
    return [Owner(kg.node(e.s), Edge(post_id, "heldBy", e.s, e.props, e.sources))
            for e in sorted(kg.in_edges(post_id, "holds"), key=lambda e: e.s)]


def owners_answer(kg, item_id: str) -> list[Owner]:
    """The owner question's answer: `board_owners` for a body, the holders of a post,
    `owners_of` for anything else; a person named beside the post they hold (same
    role, same level) is given once, as the post's holder."""
    kind = kg.node(item_id).type
    if kind == "Post":
        return post_holders(kg, item_id)
    found = board_owners(kg, item_id) if kind == "Board" else owners_of(kg, item_id)
    return once_with_posts(found)


def once_with_posts(owners: list[Owner]) -> list[Owner]:
    held = {(h.id, o.role, o.via.id if o.via else None) for o in owners for h in o.holders}
    return [o for o in owners
            if (o.node.id, o.role, o.via.id if o.via else None) not in held]


def _owner(kg, edge: Edge, via: Node | None) -> Owner:
    node = kg.node(edge.o)
    holders = posts = ()
    if node.type == "Post":
        holders = tuple(sorted((kg.node(e.s) for e in kg.in_edges(node.id, "holds")),
                               key=lambda n: n.id))
    elif node.type == "Person":
        posts = tuple(sorted((kg.node(e.o) for e in kg.out_edges(node.id, "holds")),
                             key=lambda n: n.id))
    return Owner(node, edge, via, holders, posts)


def responsibilities_of(kg, agent_id: str) -> list[Responsibility]:
    """Everything an agent owns, chairs, funds or is a member of, grouped by plan.

    A person also answers for the posts they hold (marked `through` the post).
    """
    agent = kg.node(agent_id)
    found = _direct(kg, agent_id, None)
    if agent.type == "Person":
        for edge in kg.out_edges(agent_id, "holds"):
            found += _direct(kg, edge.o, kg.node(edge.o))
    return sorted(found, key=owns_order)


def owns_answer(kg, agent_id: str) -> list[Responsibility]:
    """The owns question's answer: `responsibilities_of` with each fact given once. A
    person named on an item both in person and through the post they hold (a chair
    recorded as person and as post) is one fact, (item, relation): the first in
    `owns_order`, which puts the direct reading before the one through a post. So is
    the same role on the same item (chairing the Child Poverty Working Group, recorded
    once as the person's chair and once as the post's `memberOf` with role chair): one
    fact, marked `through` the post, citing both facts' lines."""
    seen: set[tuple[str, str]] = set()
    by_role: dict[tuple[str, str], int] = {}  # (item, role) -> its place in kept
    kept: list[Responsibility] = []
    for r in responsibilities_of(kg, agent_id):
        if (r.item.id, r.relation) in seen:
            continue
        seen.add((r.item.id, r.relation))
        role = _role_of(r)
        place = by_role.get((r.item.id, role)) if role else None
        if place is None:
            by_role[(r.item.id, role)] = len(kept)
            kept.append(r)
        elif (kept[place].through is None) != (r.through is None):  # person and post
            kept[place] = _merged(kept[place], r)
    return kept


def _role_of(r: Responsibility) -> str | None:
    """The role a fact gives its agent ('chair' for a chair without one), casefolded;
    None when it names none (two such facts are not the same role)."""
    role = r.edge.props.get("role") or ("chair" if r.relation == "chairedBy" else None)
    return str(role).casefold() if role else None


def _merged(first: Responsibility, other: Responsibility) -> Responsibility:
    """`first` (the direct reading) marked through `other`'s post, citing both."""
    from dataclasses import replace

    sources = tuple(sorted(set((*first.edge.sources, *other.edge.sources)),
                           key=lambda s: (s.document, s.line or 0)))
    return replace(first, edge=replace(first.edge, sources=sources),
                   through=first.through or other.through)


def _direct(kg, agent_id: str, through: Node | None) -> list[Responsibility]:
    found = [Responsibility(kg.node(e.s), e, through, tuple(plans_of(kg, e.s)))
             for e in kg.in_edges(agent_id) if e.p in HELD_BY_AGENT]
    found += [Responsibility(kg.node(e.o), e, through, ())
              for e in kg.out_edges(agent_id) if e.p in JOINED_BY_AGENT]
    return found


def owns_order(r: Responsibility) -> tuple:
    plans = tuple(p.label.casefold() for p in r.plans) or ("\uffff",)
    role = ROLE_ORDER.get(str(r.edge.props.get("role", "")).casefold(), 3)
    return (plans, RELATION_ORDER[r.relation], role, r.item.label.casefold(), r.item.id,
            r.through.id if r.through else "")


@dataclass(frozen=True)
class Inherited:
    """What a body holds through a succession: a predecessor whose duties passed to it,
    the successions from that predecessor to it (earliest first), and the predecessor's
    own responsibilities (`owns_answer`)."""

    predecessor: Node
    steps: tuple[Succession, ...]
    responsibilities: tuple[Responsibility, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"predecessor": self.predecessor.summary(),
                "path": [s.as_dict() for s in self.steps],
                "owns": [r.as_dict() for r in self.responsibilities]}


def inherited_owns(kg, agent_id: str, as_at: str) -> list[Inherited]:
    """Every body whose duties had passed to `agent_id` by `as_at` (ISO date), through
    any number of successions (the dataset's `successions:`, sendkg.queries.succession):
    NHS North Durham CCG merged into NHS County Durham CCG in 2020, which NHS North East
    and North Cumbria ICB replaced in 2022. Nearest predecessor first; each with what it
    owned, chaired, funded or joined. [] when the agent took over no one's duties."""
    from sendkg.queries.succession import took_over

    found: list[Inherited] = []
    frontier: list[tuple[str, tuple[Succession, ...]]] = [(agent_id, ())]
    seen = {agent_id}
    while frontier:
        successor, path = frontier.pop(0)
        for step in took_over(kg, successor):
            if step.date and step.date > as_at:
                continue
            for old in step.predecessors:
                if old in seen:
                    continue
                seen.add(old)
                steps = (step, *path)
                node = kg.entity(old)
                done = owns_answer(kg, old) if kg.has_node(old) else []
                found.append(Inherited(node, steps, tuple(done)))
                frontier.append((old, steps))
    return found


def owners_of_text(kg, text: str, all: bool = False,
                   type: str | None = None) -> list[tuple[Node, list[Owner]]]:
    """`owners_of` for the entity `text` names (each close one with `all`)."""
    return [(node, owners_of(kg, node.id))
            for node in subjects(kg, text, OWNABLE, OWNER_PREFER, all, type)]


def responsibilities_of_text(kg, text: str, all: bool = False, type: str | None = None
                             ) -> list[tuple[Node, list[Responsibility]]]:
    """`responsibilities_of` for the person, post or body `text` names."""
    return [(node, owns_answer(kg, node.id))
            for node in subjects(kg, text, AGENT_TYPES, OWNS_PREFER, all, type)]
