"""Duplication in governance: one report reaching a body twice, boards doing one job.

- A body that receives the same report twice: two `reportsTo` or `monitoredBy` edges
  into one board whose `reports` say the same thing. A `reportsTo` edge comes from a
  sender (a board, post or report); a `monitoredBy` edge only says the board watches a
  plan, aim or item, so its subject is what a report is *on*, never a sender. Items of
  one plan that each report their own progress are not repeats; nor is one paper
  recorded as two facts (`one_report`): a board and the one who chairs it or answers
  for it (its chair's post, the person holding that post, a report's lead officer);
  two facts read from one sentence (the two edges cite a source line in common); one
  side the plan or aim the other's report is about, or one the author or body of the
  other (`one_paper`: their circles meet, one's `reports` names the other, or one's
  report is cited from a line of the other's own paper). Seed 004's agenda item 7, the
  QIB one-year-on report *on* the Ofsted plan (the plan attached at Appendix 2), is
  one paper, not two.
- Boards with overlapping remits, in one council: alike names (without the words
  every board has), the same senders reporting to both, the same members. Evidence
  combines as 1 - (1 - 0.6 x names)(1 - received)(1 - members), where received and
  members are the cosine similarity of the two boards' sets, shared / sqrt(|A| |B|)
  (counted only when they share at least two).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sendkg.checks.duplicates_structure import (
    council_of_keys,
    plan_councils,
    plan_keys,
)
from sendkg.checks.duplicates_text import TextIndex, number_conflict, texts_numbers
from sendkg.errors import SendkgError
from sendkg.names import normalise
from sendkg.queries.accountability import BOARD_LINES, REPORT_LINES
from sendkg.records import Edge, Node

REPORTING = REPORT_LINES  # the lines that carry a report: reportsTo, monitoredBy
BOARD_WORDS = frozenset("""
    board boards group groups partnership committee panel forum executive team sub
    steering working management council strategic
""".split())
NAME_WEIGHT = 0.6
MIN_SHARED = 2


@dataclass(frozen=True)
class RepeatedReport:
    """A body receiving what reads as one report from two senders."""

    body: Node
    first: Edge
    second: Edge
    score: float

    def why(self, kg) -> str:
        """The finding in plain words, for its JSON `why`: what each edge brings the
        body, a sender's report ("Post A sends '...'") or a report on a monitored plan,
        aim or item ("a report on aim B, '...'"): a `monitoredBy` subject is never
        called a sender.

        Returns, e.g., "Durham CYP OSC receives alike reports: the SEND Board sends
        'SEND progress' and the Inclusion Panel sends 'progress on SEND'"."""
        said = [e.props.get("reports") for e in (self.first, self.second)]
        alike = "the same report" if all(said) and normalise(said[0]) == normalise(
            said[1]) else "alike reports"
        parts = [_brought(kg, e) for e in (self.first, self.second)]
        return f"{self.body.label} receives {alike}: {parts[0]} and {parts[1]}"


def _brought(kg, edge: Edge) -> str:
    """One edge's report in words. Only a board, post, person or organisation sends:
    "X sends 'r'". A plan, aim or other item is what a report is on ("a report on aim
    X, 'r'"), or, for a plan that is itself a report, the paper ("the report X, 'r'"):
    `monitoredBy` says a board watches it, not who writes to the board."""
    from sendkg.queries.containment import ITEM_TYPES

    node, said = kg.node(edge.s), edge.props.get("reports")
    quoted = f", '{said}'" if said else ""
    if node.type not in ITEM_TYPES:
        return f"{node.label} sends '{said}'" if said else f"{node.label} sends a report"
    kind = str(node.props.get("kind") or "")
    if node.type == "Plan" and "report" in normalise(kind).split():
        return f"the {kind} {node.label}{quoted}"
    what = node.type if not kind or normalise(kind) in normalise(node.label) else kind
    return f"a report on {what.lower()} {node.label}{quoted}"


@dataclass(frozen=True)
class BoardOverlap:
    """Two boards whose names, senders or members overlap."""

    first: Node
    second: Node
    score: float
    name_similarity: float
    received: tuple[str, ...]
    members: tuple[str, ...]


# Governance findings compare pairs one by one (about a millisecond each): beyond this
# many pairs a run would take hours and gigabytes, so it is refused with a message.
MAX_GOVERNANCE_PAIRS = 50_000


def _check_pair_count(count: int, what: str) -> None:
    if count > MAX_GOVERNANCE_PAIRS:
        raise SendkgError(
            f"duplicates would compare {count:,} pairs of {what} (more than "
            f"{MAX_GOVERNANCE_PAIRS:,}); this many near-identical bodies is almost surely "
            f"generated data: check it, or run `sendkg duplicates --scope within` or "
            f"`--scope across`, which compare plan items only")


def repeated_reports(kg, min_score: float, place_words=frozenset()) -> list[RepeatedReport]:
    """Pairs of edges into one body that carry the same report, best first.

    Raises SendkgError when there would be more than MAX_GOVERNANCE_PAIRS pairs."""
    by_body = _reports_by_body(kg)
    _check_pair_count(sum(len(e) * (len(e) - 1) // 2 for e in by_body.values()),
                      "reports into one body")
    pairs = [(body, a, b) for body, edges in by_body.items()
             for a, b in combinations(edges, 2)
             if not _own_parts(kg, a.s, b.s) and not one_report(kg, a, b)]
    del by_body
    texts = sorted({t for _, a, b in pairs for t in _report_texts(kg, a, b)})
    index = TextIndex(texts, place_words)
    where = {t: k for k, t in enumerate(index.texts)}
    found = []
    for body, a, b in pairs:
        score = _report_score(kg, index, where, a, b)
        if score >= min_score - 1e-9:
            found.append(RepeatedReport(kg.node(body), a, b, round(score, 3)))
    return sorted(found, key=lambda r: (-r.score, r.body.id, r.first.s, r.second.s))


def _reports_by_body(kg) -> dict[str, list[Edge]]:
    found = defaultdict(list)
    for relation in REPORTING:
        for edge in kg.edges(relation):
            found[edge.o].append(edge)
    return {body: sorted(edges, key=lambda e: (e.s, e.p)) for body, edges in found.items()
            if len({e.s for e in edges}) > 1}


def _own_parts(kg, first: str, second: str) -> bool:
    """Both senders are parts of one plan, or one sender contains the other, or they
    are one sender by two relations."""
    from sendkg.queries.containment import containers

    if first == second:
        return True
    up_first = {n.id for n, _ in containers(kg, first)}
    up_second = {n.id for n, _ in containers(kg, second)}
    shared_plan = any(kg.node(p).type == "Plan" for p in up_first & up_second)
    return shared_plan or first in up_second or second in up_first


def one_report(kg, a: Edge, b: Edge) -> bool:
    """Whether two reporting edges are one report said twice: read from one sentence
    (a cited source line in common), sent by a board and the one who chairs it or
    answers for it (either way round), or one paper (`one_paper`)."""
    if set(a.sources) & set(b.sources):
        return True
    return (_speaks_for(kg, a.s, b.s) or _speaks_for(kg, b.s, a.s)
            or one_paper(kg, a, b))


PAPER_LINKS = ("readWith", "buildsOn")  # a report and the plan it is read with / builds on
AUTHORING = ("responsible", "ownedBy")  # an item --> who leads or owns it
AUTHOR_TYPES = frozenset({"Board", "Post", "Person"})  # not a council: it owns everything


def one_paper(kg, a: Edge, b: Edge) -> bool:
    """Whether the two edges record one paper: the senders' circles meet (`circle`: a
    report and the plan it is read with; a working group and the strategy it owns; a
    post and the report it leads), one side's `reports` names the other or something in
    its circle ("progress of the Child Poverty Working Group" is the group's own
    report), or one side's report is cited from a line of the other's own facts (the
    capital programme's "capital outturn", cited from the outturn report's
    recommendation, 004 l.2046)."""
    first, second = circle(kg, a.s), circle(kg, b.s)
    if first & second:
        return True
    if _names_any(kg, a, second) or _names_any(kg, b, first):
        return True
    return _cited_in_paper_of(kg, a, b.s) or _cited_in_paper_of(kg, b, a.s)


def circle(kg, node_id: str) -> set[str]:
    """What a sender speaks for: itself, what contains it, the items it leads or owns
    (when it is a board, post or person), the boards, posts or people leading or owning
    it; and the plans any of those is read with or builds on (either way).

    Returns a set of node ids. Reads the graph only."""
    from sendkg.queries.containment import containers

    found = {node_id} | {n.id for n, _ in containers(kg, node_id)}
    if kg.node(node_id).type in AUTHOR_TYPES:
        found |= {e.s for r in AUTHORING for e in kg.in_edges(node_id, r)}
    found |= {e.o for r in AUTHORING for e in kg.out_edges(node_id, r)
              if kg.node(e.o).type in AUTHOR_TYPES}
    linked = {other for n in found for r in PAPER_LINKS
              for other in (*(e.o for e in kg.out_edges(n, r)),
                            *(e.s for e in kg.in_edges(n, r)))}
    return found | linked


def _names_any(kg, edge: Edge, ids: set[str]) -> bool:
    """Whether the edge's `reports` names any of `ids` by its label (whole words)."""
    said = f" {normalise(str(edge.props.get('reports') or ''))} "
    return said.strip() != "" and any(
        f" {normalise(kg.node(n).label)} " in said for n in ids if normalise(kg.node(n).label))


def _cited_in_paper_of(kg, edge: Edge, other: str) -> bool:
    """Whether a line the edge cites also backs a fact of `other`'s own (a line of its
    node, or of an edge from it): the report was read from the other's paper."""
    own = {*kg.node(other).sources, *(s for e in kg.out_edges(other) for s in e.sources)}
    return bool(set(edge.sources) & own)


SPEAKING = ("chairedBy", "responsible")  # a board or report --> who speaks for it


def _speaks_for(kg, who: str, other: str) -> bool:
    """`who` chairs `other` (chairedBy, or a memberOf whose role is a chair), is
    responsible for it, or holds a post that does."""
    def direct(agent: str) -> bool:
        if any(e.o == agent for relation in SPEAKING for e in kg.out_edges(other, relation)):
            return True
        return any(e.o == other and "chair" in normalise(str(e.props.get("role") or ""))
                   for e in kg.out_edges(agent, "memberOf"))

    return direct(who) or any(direct(e.o) for e in kg.out_edges(who, "holds"))


def _report_texts(kg, a: Edge, b: Edge) -> list[str]:
    texts = [kg.node(a.s).label, kg.node(b.s).label]
    return texts + [e.props["reports"] for e in (a, b) if e.props.get("reports")]


def _report_score(kg, index, where, a: Edge, b: Edge) -> float:
    """The best of: the two `reports` alike; one `reports` naming the other sender."""
    said_a, said_b = a.props.get("reports"), b.props.get("reports")
    comparisons = []
    if said_a and said_b:
        comparisons.append((said_a, said_b))
    if said_a:
        comparisons.append((said_a, kg.node(b.s).label))
    if said_b:
        comparisons.append((said_b, kg.node(a.s).label))
    if not comparisons:
        return 0.0
    u = [where[normalise(x)] for x, _ in comparisons]
    v = [where[normalise(y)] for _, y in comparisons]
    best = float(index.similarity(u, v).max())
    numbers = [texts_numbers(f"{kg.node(e.s).label} {e.props.get('reports', '')}")
               for e in (a, b)]
    return best * (0.4 if number_conflict(*numbers) else 1.0)


def overlapping_boards(kg, min_score: float, place_words=frozenset()) -> list[BoardOverlap]:
    """Pairs of boards of one council (or of unknown council) whose remits overlap."""
    boards = sorted(kg.nodes("Board"), key=lambda n: n.id)
    councils = board_councils(kg)
    index = TextIndex([b.label for b in boards], place_words | BOARD_WORDS)
    received = {b.id: {e.s for r in REPORTING for e in kg.in_edges(b.id, r)} for b in boards}
    members = {b.id: {e.s for e in kg.in_edges(b.id, "memberOf")} for b in boards}
    found = []
    pairs = _board_pairs(boards, councils)
    alike = index.similarity([i for i, _ in pairs], [j for _, j in pairs]) if pairs else []
    for (i, j), names in zip(pairs, alike):  # names compared in one call, not one per pair
        first, second = boards[i], boards[j]
        names = float(names)
        shared_in = received[first.id] & received[second.id]
        shared_members = members[first.id] & members[second.id]
        score = 1 - ((1 - NAME_WEIGHT * names) * (1 - _share(received, first, second))
                     * (1 - _share(members, first, second)))
        if score >= min_score - 1e-9:
            found.append(BoardOverlap(first, second, round(score, 3), round(names, 3),
                                      tuple(sorted(shared_in)), tuple(sorted(shared_members))))
    return sorted(found, key=lambda o: (-o.score, o.first.id, o.second.id))


def _share(sets: dict, first: Node, second: Node) -> float:
    """Cosine similarity of two boards' sets, when they share at least MIN_SHARED."""
    a, b = sets[first.id], sets[second.id]
    shared = len(a & b)
    return shared / (len(a) * len(b)) ** 0.5 if shared >= MIN_SHARED else 0.0


def _board_pairs(boards: list[Node], councils: dict[str, set[str]]):
    """Pairs of boards that share a council or where either council is unknown."""
    by_council, unknown = defaultdict(list), []
    for k, board in enumerate(boards):
        for council in councils.get(board.id, ()):
            by_council[council].append(k)
        if not councils.get(board.id):
            unknown.append(k)
    _check_pair_count(sum(len(g) * (len(g) - 1) // 2 for g in by_council.values())
                      + len(unknown) * len(boards), "boards")
    pairs = {tuple(sorted(p)) for group in by_council.values() for p in combinations(group, 2)}
    pairs |= {tuple(sorted((u, k))) for u in unknown for k in range(len(boards)) if u != k}
    return sorted(pairs)


def board_councils(kg) -> dict[str, set[str]]:
    """Each board's councils: those of the plans that report to it, that it owns or
    monitors, and of the areas it covers, spread along the reporting lines between
    boards."""
    plan_council = plan_councils(kg)
    key_council = council_of_keys(kg, [plan_keys(kg, p.id) for p in kg.nodes("Plan")])
    direct = defaultdict(set)
    for board in kg.nodes("Board"):
        for edge in (*kg.in_edges(board.id), *kg.out_edges(board.id)):
            other = edge.s if edge.o == board.id else edge.o
            if kg.node(other).type == "Area":
                direct[board.id].add(key_council.get(other, other))
            else:
                direct[board.id] |= _councils_of(kg, other, plan_council)
    return _spread(kg, direct)


def _councils_of(kg, node_id: str, plan_council: dict[str, str]) -> set[str]:
    from sendkg.queries.containment import ITEM_TYPES, plans_of

    if kg.node(node_id).type not in ITEM_TYPES:
        return set()
    return {plan_council[p.id] for p in plans_of(kg, node_id) if p.id in plan_council}


def _spread(kg, direct: dict[str, set[str]]) -> dict[str, set[str]]:
    """Boards joined by reportsTo or subGroupOf share their councils."""
    import networkx as nx

    links = nx.Graph()
    links.add_nodes_from(n.id for n in kg.nodes("Board"))
    for relation in BOARD_LINES:
        links.add_edges_from((e.s, e.o) for e in kg.edges(relation)
                             if kg.node(e.s).type == "Board")
    found = {}
    for component in nx.connected_components(links):
        councils = set().union(*(direct.get(b, set()) for b in component))
        found.update({b: councils for b in component})
    return found
