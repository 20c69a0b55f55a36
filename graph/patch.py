"""An edit to a few dataset files patched into the last full graph, not a full build.

At 150 councils a full build merges 115,000 entities and 168,000 relations again and
rewrites a 46 MB graph cache (about 7-10 s), when an officer has changed one line.
Each full build made for the cache leaves a *base*: the graph's cache file, the cache
entry of each dataset file's parsed records (sendkg.graph.parsed_cache) and the ids
and relations that more than one record states. When files change, their old records
(from their entries at the base) are taken out of the base graph and their new records
put in: only the ids they touch (old and new) are merged again, and only their pairs
in the review list are looked for again (sendkg.graph.identity.near_duplicates_after). The patched graph is kept in the cache as its patch (a few kilobytes per
changed file), which unpickles as the base graph with the patch applied.

A change is patched only when a full build is known to give the same nodes, edges,
sources, review list, abbreviations and successions; otherwise (and whenever in doubt)
the graph is built in full and becomes the new base:
- the code that builds graphs, the ontology or the vocabulary changed (`code_fingerprint`);
- more than MAX_CHANGED_FILES files differ from the base, or a changed file has
  problems (the full build reports them all, in order);
- a changed file has (or had) registry entries, abbreviations or successions;
- an id or relation the changed files state (old or new) is stated by another file or
  the registry, or twice among them, or a node changes type (identity merges across
  files are the full build's);
- a relation would lose an end or join types the ontology does not allow, or an id a
  succession names would go.
A registry entry that documents relate but never declare takes its sources from the
relations naming it, in the order a full build meets them (file order, then line).
Entities added by a patch are placed after the others (a full build places them with
their file): contents are equal, iteration order may differ for those entities.
"""

from __future__ import annotations

import weakref

import hashlib
import pickle
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from sendkg.errors import DatasetError
from sendkg.files import cache_dir
from sendkg.graph.identity import near_duplicates, near_duplicates_after
from sendkg.graph.knowledge_graph import KnowledgeGraph, ReviewItem
from sendkg.loaders.dataset import DatasetRecords, combine, dataset_files
from sendkg.ontology import RELATIONS
from sendkg.records import Edge, Node, Source

MAX_CHANGED_FILES = 12  # more files changed since the base: a full build, a new base
_UNREADABLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError,
               IndexError, TypeError, ValueError)
EdgeKey = tuple[str, str, str]


@cache
def code_fingerprint() -> str:
    """A hash of the reader's fingerprint, the graph package's code and the vocabulary
    files identity and search read: a change to any of them needs a full build."""
    from sendkg.graph.parsed_cache import reader_fingerprint
    from sendkg.nicknames import nicknames_path
    from sendkg.synonyms import synonyms_path

    digest = hashlib.sha256(reader_fingerprint().encode())
    for path in [*sorted(Path(__file__).parent.glob("*.py")), nicknames_path(),
                 synonyms_path()]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


@dataclass
class Base:
    """What a full build leaves for patching: `graph` the cache file of the full graph,
    `entries` each dataset file (str path) -> its parsed-records cache entry, the ids
    and relations stated more than once, and how many review items came from merging
    (the rest are near-duplicates, made again after a patch)."""

    folder: str
    code: str
    graph: str
    entries: dict[str, str]
    shared_nodes: frozenset[str]
    shared_edges: frozenset[EdgeKey]
    merge_review: int


def base_path(folder: Path) -> Path:
    """Where the base of `folder` (as written, and as resolved) is kept."""
    key = f"{folder}\0{folder.resolve()}".encode()
    return cache_dir() / "patch" / f"{hashlib.sha256(key).hexdigest()[:32]}.pickle"


def _read_base(folder: Path) -> Base | None:
    try:
        base = pickle.loads(base_path(folder).read_bytes())
    except _UNREADABLE:
        return None
    if not isinstance(base, Base) or base.folder != str(folder) or \
            base.code != code_fingerprint():
        return None
    return base


# A patched graph (by id) -> its patch, until the graph cache stores it (`stored_form`).
# Keyed by id() with a weak reference to the graph itself: a patched graph that dies
# unstored frees its id for another graph, which must not take its patch.
_PENDING: dict[int, tuple[weakref.ref, GraphPatch]] = {}


def stored_form(kg: KnowledgeGraph):
    """What the graph cache keeps for `kg`: its patch when it was patched from a base
    (which unpickles as the patched graph), else the graph itself."""
    held, patch = _PENDING.pop(id(kg), (None, None))
    return patch if held is not None and held() is kg else kg


class GraphPatch:
    """The steps that turn the base graph at `base` into a patched graph, and its new
    review list. Pickled, it is a few kilobytes; unpickled, it is the patched graph
    (OSError when the base file is gone, which the graph cache treats as a miss)."""

    def __init__(self, base: str, steps: list[tuple], review: list[ReviewItem]):
        self.base, self.steps, self.review = base, steps, review

    def __reduce__(self):
        return _patched_base, (self.base, self.steps, self.review)


def _patched_base(base: str, steps: list[tuple], review: list[ReviewItem]):
    from sendkg.graph.cache import load_cached

    kg = load_cached(Path(base))  # the base's records read their origins from its file
    apply_steps(kg, steps)
    kg.review = review
    return kg


def apply_steps(kg: KnowledgeGraph, steps: list[tuple]) -> None:
    """Apply a patch's steps, in order: ("-edge", (s, p, o)), ("-node", id),
    ("node", Node) and ("edge", Edge). A node or edge already there is replaced where
    it stands, keeping the graph's order."""
    for kind, item in steps:
        if kind == "-edge":
            kg.graph.remove_edge(item[0], item[2], key=item[1])
        elif kind == "-node":
            kg.remove_node(item)
        elif kind == "node":
            kg.add_node(item)
        else:
            kg.add_edge(item)
    kg.derived.clear()


def load_incremental(folder: Path) -> KnowledgeGraph:
    """The graph of `folder`: the base patched with the changed files when that gives
    what a full build gives (see the module's doc), else a full build from the cached
    records of unchanged files, which becomes the new base. Raises DatasetError with
    every problem, as a full build does."""
    from sendkg.graph.parsed_cache import file_entries

    paths = dataset_files(folder)
    entries = file_entries(paths)
    base = _read_base(folder)
    if base is not None:
        kg = _patched(folder, base, paths, entries)
        if kg is not None:
            return kg
    return _full_build(folder, paths, entries)


def _full_build(folder: Path, paths: list[Path], entries: dict[Path, Path]
                ) -> KnowledgeGraph:
    from sendkg.graph.build import merged_graph
    from sendkg.graph.cache import graph_path
    from sendkg.graph.parsed_cache import read_files_cached

    parsed = read_files_cached(entries)
    records, problems = combine([parsed[path] for path in paths])
    if problems:
        raise DatasetError(problems)
    kg, merger = merged_graph(records, name=folder.name)
    base = Base(str(folder), code_fingerprint(), str(graph_path(folder)),
                {str(p): str(e) for p, e in entries.items()},
                frozenset(merger.shared_nodes), frozenset(merger.shared_edges),
                len(merger.review))
    from sendkg.graph.cache import store_pickle

    store_pickle(base_path(folder), base)  # unwritten: the next edit builds in full
    return kg


def _patched(folder: Path, base: Base, paths: list[Path], entries: dict[Path, Path]
             ) -> KnowledgeGraph | None:
    """The patched graph, or None when the change must be built in full."""
    from sendkg.graph.cache import load_cached
    from sendkg.graph.parsed_cache import load_entry, read_files_cached

    now = {str(p): str(e) for p, e in entries.items()}
    changed = sorted(p for p in now.keys() | base.entries.keys()
                     if now.get(p) != base.entries.get(p))
    if not changed or len(changed) > MAX_CHANGED_FILES:
        return None
    old = [load_entry(Path(base.entries[p])) for p in changed if p in base.entries]
    new = read_files_cached({Path(p): entries[Path(p)] for p in changed if p in now})
    if any(part is None or part[1] for part in old) or any(
            problems for _, problems in new.values()):
        return None  # an old entry is gone, or the full build must report problems
    old_records = combine(old)[0]
    new_records = combine(list(new.values()))[0]
    if any(r.registry or r.abbreviations or r.successions
           for r in (old_records, new_records)):
        return None
    try:
        kg = load_cached(Path(base.graph))
    except _UNREADABLE:
        return None
    if not isinstance(kg, KnowledgeGraph):
        return None
    steps = _Patch(kg, base, set(changed), [str(p) for p in paths]).steps(
        old_records, new_records)
    if steps is None:
        return None
    merged, before = kg.review[:base.merge_review], kg.review[base.merge_review:]
    touched = {item if kind == "-node" else item.id for kind, item in steps
               if kind in ("node", "-node")}
    old_people = [kg.node(i) for i in touched
                  if kg.has_node(i) and kg.node(i).type == "Person"]
    apply_steps(kg, steps)
    after = near_duplicates_after(kg, before, touched, old_people)
    kg.review = merged + (near_duplicates(kg) if after is None else after)
    _PENDING[id(kg)] = (weakref.ref(kg), GraphPatch(base.graph, steps, kg.review))
    return kg


class _Patch:
    """The steps replacing the changed files' old records by their new ones in `kg`."""

    def __init__(self, kg: KnowledgeGraph, base: Base, changed: set[str], files: list[str]):
        self.kg, self.base, self.changed = kg, base, changed
        self.file_order = {path: i for i, path in enumerate(files)}

    def steps(self, old: DatasetRecords, new: DatasetRecords) -> list[tuple] | None:
        old_nodes = _by_id(old.documents + old.entities)
        new_nodes = _by_id(new.documents + new.entities)
        old_edges, new_edges = _by_key(old.relations), _by_key(new.relations)
        if None in (old_nodes, new_nodes, old_edges, new_edges) or \
                not self.local(old_nodes, new_nodes, old_edges, new_edges):
            return None
        gone = old_nodes.keys() - new_nodes.keys()
        if not self.ends_kept(gone, old_edges, new_edges, new_nodes):
            return None
        adopted = self.adopted(old_edges, new_edges)
        if adopted is None:
            return None
        steps: list[tuple] = [("-edge", key) for key in old_edges if key not in new_edges]
        steps += [("-node", node_id) for node_id in old_nodes if node_id in gone]
        steps += [("node", node) for node in new_nodes.values()]
        steps += adopted  # registry entries before the relations that may name them
        return steps + [("edge", edge) for edge in new_edges.values()]

    def local(self, old_nodes, new_nodes, old_edges, new_edges) -> bool:
        """Whether every id and relation the changed files state (before and after) is
        stated by them alone, and no node changes type."""
        for node_id in old_nodes.keys() | new_nodes.keys():
            if node_id in self.base.shared_nodes or node_id in self.kg.registry:
                return False
            if node_id in new_nodes and not self.own(self.kg.graph.nodes.get(node_id)):
                return False
            if node_id in old_nodes and node_id in new_nodes and \
                    old_nodes[node_id].type != new_nodes[node_id].type:
                return False
        for key in old_edges.keys() | new_edges.keys():
            if key in self.base.shared_edges:
                return False
            if key in new_edges:
                data = self.kg.graph.get_edge_data(key[0], key[2], key=key[1])
                if not self.own(data):
                    return False
        return True

    def own(self, data: dict | None) -> bool:
        """Whether a node's or edge's networkx data (None: not in the graph) is absent
        or its record was written in one of the changed files."""
        if data is None:
            return True
        origin = data["record"].origin
        return origin is not None and origin.document in self.changed

    def ends_kept(self, gone: set[str], old_edges, new_edges, new_nodes) -> bool:
        """Whether every relation after the patch joins two known ids of allowed types,
        and no id a succession names goes."""
        for node_id in gone:
            edges = [*self.kg.out_edges(node_id), *self.kg.in_edges(node_id)]
            if any((e.s, e.p, e.o) not in old_edges for e in edges):
                return False  # another file relates it: the full build reports that
        named = {i for s in self.kg.successions for i in (*s.predecessors, *s.successors)}
        if gone & named:
            return False

        def type_of(node_id: str) -> str | None:
            if node_id in new_nodes:
                return new_nodes[node_id].type
            if node_id in gone:
                return None
            entity = self.kg.graph.nodes.get(node_id) or {}
            record = entity.get("record") or self.kg.registry.get(node_id)
            return record.type if record else None

        for edge in new_edges.values():
            ends = type_of(edge.s), type_of(edge.o)
            if None in ends or not RELATIONS[edge.p].allows(*ends):
                return False
        return True

    def adopted(self, old_edges, new_edges) -> list[tuple] | None:
        """Steps for the registry entries the changed relations name: each takes the
        sources of every relation naming it, in the full build's order (file, then
        line), or those of the successions naming it, or leaves the graph."""
        touched = {end for key in old_edges.keys() | new_edges.keys() for end in (key[0], key[2])
                   if end in self.kg.registry and end not in self.base.shared_nodes}
        if not touched:
            return []
        result = []
        old_trails, new_trails = _trails(old_edges, touched), _trails(new_edges, touched)
        for node_id in sorted(touched):
            if self.kg.has_node(node_id) and old_trails[node_id] == new_trails[node_id]:
                continue  # named by the same sources in the same order: unchanged
            mentions = {(e.s, e.p, e.o): e for e in (*self.kg.out_edges(node_id),
                                                     *self.kg.in_edges(node_id))}
            for key in old_edges:
                mentions.pop(key, None)
            mentions.update({k: e for k, e in new_edges.items() if node_id in (k[0], k[2])})
            order = [self.position(edge) for edge in mentions.values()]
            if None in order or len(set(order)) != len(order):
                return None  # two relations on one line: the order is the file's
            ranked = [edge for _, edge in sorted(zip(order, mentions.values()))]
            sources = [s for edge in ranked for s in edge.sources]
            step = self.registry_step(node_id, sources)
            if step is not None:
                result.append(step)
        return result

    def position(self, edge: Edge) -> tuple[int, int] | None:
        origin = edge.origin
        if origin is None or origin.document not in self.file_order:
            return None
        return self.file_order[origin.document], origin.line or 0

    def registry_step(self, node_id: str, sources: list[Source]) -> tuple | None:
        entry = self.kg.registry[node_id]
        if sources:
            return "node", Node(entry.id, entry.type, entry.label, entry.aliases,
                                dict(entry.props), tuple(dict.fromkeys(sources)),
                                entry.origin)
        cited = [Source(s.source_uri or s.source) for s in self.kg.successions
                 if node_id in (*s.predecessors, *s.successors)]
        if cited:
            return "node", replace(entry, sources=tuple(dict.fromkeys(cited)))
        return ("-node", node_id) if self.kg.has_node(node_id) else None


def _trails(edges: dict[EdgeKey, Edge], node_ids: set[str]) -> dict[str, list]:
    """For each of `node_ids`, the file and sources of each relation naming it, in the
    files' order: what a registry entry's sources are made of (its YAML lines moving
    changes nothing)."""
    trails = {node_id: [] for node_id in node_ids}
    for (s, _, o), edge in edges.items():
        for end in {s, o} & node_ids:
            trails[end].append((edge.origin and edge.origin.document, edge.sources))
    return trails


def _by_id(nodes: list[Node]) -> dict[str, Node] | None:
    """Nodes by id, or None when an id is declared twice (across the changed files)."""
    found = {node.id: node for node in nodes}
    return found if len(found) == len(nodes) else None


def _by_key(edges: list[Edge]) -> dict[EdgeKey, Edge] | None:
    found = {(edge.s, edge.p, edge.o): edge for edge in edges}
    return found if len(found) == len(edges) else None
