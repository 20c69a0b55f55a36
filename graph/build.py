"""Build a KnowledgeGraph from dataset records: merge, resolve identity, check ends.

This is the one place where records from different files become one node or edge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import cache
from pathlib import Path

from sendkg.errors import DatasetError, LoaderError
from sendkg.graph.identity import near_duplicates
from sendkg.graph.knowledge_graph import KnowledgeGraph, ReviewItem
from sendkg.loaders.dataset import DatasetRecords, read_dataset, read_dataset_file
from sendkg.ontology import RELATIONS
from sendkg.records import Edge, Node, Source


def _problem(record, message: str) -> LoaderError:
    origin = record.origin
    return LoaderError(origin.document if origin else "?", origin.line if origin else None,
                       message)


class _Merger:
    def __init__(self, records: DatasetRecords):
        self.records = records
        self.problems: list[LoaderError] = []
        self.review: list[ReviewItem] = []
        self.registry: dict[str, Node] = {}
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}
        # ids and relations stated by more than one record (a registry entry counts):
        # what an edit to one file cannot patch alone (sendkg.graph.patch)
        self.shared_nodes: set[str] = set()
        self.shared_edges: set[tuple[str, str, str]] = set()
        self.undeclared: set[str] = set()  # ids relations name that no file declares

    def index_registry(self) -> None:
        for entry in self.records.registry:
            if entry.id in self.registry:
                self.problems.append(_problem(entry, f"duplicate registry id {entry.id!r}"))
            self.registry[entry.id] = entry

    def merge_node(self, node: Node) -> None:
        base = self.nodes.get(node.id) or self.registry.get(node.id)
        if base is None:
            self.nodes[node.id] = node
            return
        self.shared_nodes.add(node.id)
        if base.type != node.type:
            self.problems.append(_problem(
                node, f"{node.id!r} is declared as {node.type} here but as {base.type} "
                      f"elsewhere"))
            return
        self.nodes[node.id] = self.combined(base, node)

    def combined(self, base: Node, node: Node) -> Node:
        names = [base.label, *base.aliases, node.label, *node.aliases]
        aliases = tuple(dict.fromkeys(
            n for n in names if n.casefold() != base.label.casefold()))
        props = dict(base.props)
        for key, value in node.props.items():
            if key in props and props[key] != value and key not in {"note"}:
                self.review.append(ReviewItem(
                    node.id, node.id, 0.0,
                    f"property {key}: {props[key]!r} kept, {value!r} at {node.origin}"))
            props.setdefault(key, value)
        sources = tuple(dict.fromkeys(base.sources + node.sources))
        return Node(base.id, base.type, base.label, aliases, props, sources, base.origin)

    def type_of(self, node_id: str) -> str | None:
        node = self.nodes.get(node_id) or self.registry.get(node_id)
        return node.type if node else None

    def check_edge(self, edge: Edge) -> bool:
        ends = [(edge.s, self.type_of(edge.s)), (edge.o, self.type_of(edge.o))]
        missing = [end for end, type_name in ends if type_name is None]
        if missing:
            bundled = (" (the bundled registry does)"
                       if set(missing) <= bundled_registry().keys() else "")
            self.problems.append(_problem(
                edge, f"{edge.p} refers to {', '.join(map(repr, missing))}, "
                      f"which no file declares{bundled}"))
            self.undeclared.update(missing)
            return False
        relation = RELATIONS[edge.p]
        if not relation.allows(ends[0][1], ends[1][1]):
            self.problems.append(_problem(
                edge, f"{edge.p} cannot go from a {ends[0][1]} ({edge.s}) to a "
                      f"{ends[1][1]} ({edge.o}); it joins {'/'.join(relation.domain)} "
                      f"to {'/'.join(relation.range)}"))
            return False
        return True

    def merge_edge(self, edge: Edge) -> None:
        if not self.check_edge(edge):
            return
        key = (edge.s, edge.p, edge.o)
        old = self.edges.get(key)
        if old is None:
            self.edges[key] = edge
            return
        self.shared_edges.add(key)
        props = {**edge.props, **old.props}
        sources = tuple(dict.fromkeys(old.sources + edge.sources))
        self.edges[key] = Edge(old.s, old.p, old.o, props, sources, old.origin)

    def adopt_registry_nodes(self) -> None:
        """Registry entries that documents relate but never declare take edge sources."""
        mentions: dict[str, list] = defaultdict(list)
        declared = self.nodes
        for edge in self.edges.values():  # (the declared ends' mentions are not needed)
            if edge.s not in declared:
                mentions[edge.s].extend(edge.sources)
            if edge.o not in declared:
                mentions[edge.o].extend(edge.sources)
        for node_id, sources in mentions.items():
            if node_id not in self.nodes:
                entry = self.registry[node_id]
                self.nodes[node_id] = Node(entry.id, entry.type, entry.label, entry.aliases,
                                           dict(entry.props), tuple(dict.fromkeys(sources)),
                                           entry.origin)

    def adopt_successors(self) -> None:
        """Registry bodies that only successions name (an ICB no document names) become
        nodes too, so an officer told "duties now with X" can look X up by its name,
        alias or id, and links to X resolve. No document names them, so their sources
        are the public sources of the successions naming them (the Act or the body's
        own page, `source_uri` when known): what they hold comes only through a
        succession (sendkg.queries.succession)."""
        cited: dict[str, list[Source]] = defaultdict(list)
        for succession in self.records.successions:
            for node_id in (*succession.predecessors, *succession.successors):
                cited[node_id].append(Source(succession.source_uri or succession.source))
        for node_id, sources in cited.items():
            entry = self.registry.get(node_id)
            if node_id not in self.nodes and entry is not None:
                self.nodes[node_id] = replace(entry, sources=tuple(dict.fromkeys(sources)))

    def run(self) -> None:
        self.index_registry()
        for node in self.records.documents + self.records.entities:
            self.merge_node(node)
        for edge in self.records.relations:
            self.merge_edge(edge)
        self.adopt_registry_nodes()
        self.adopt_successors()
        for abbreviation in self.records.abbreviations:
            unknown = [m for m in abbreviation.means if m not in self.registry]
            if unknown:
                self.problems.append(_problem(
                    abbreviation, f"abbreviation means unknown ids {unknown}"))


def succession_problems(merger: _Merger) -> list[LoaderError]:
    """Successions naming an id no file declares, a body succeeding itself, or a
    predecessor of two successions that take effect on the same day."""
    problems, taken = [], {}
    for succession in merger.records.successions:
        ids = (*succession.predecessors, *succession.successors)
        unknown = [i for i in ids if merger.type_of(i) is None]
        if unknown:
            problems.append(_problem(succession, f"succession names {', '.join(unknown)}, "
                                                 f"which no file declares"))
        if set(succession.predecessors) & set(succession.successors):
            problems.append(_problem(succession, "a body cannot succeed itself"))
        for old in succession.predecessors:
            first = taken.setdefault((old, succession.date), succession)
            if first is not succession:
                problems.append(_problem(succession, f"{old} already has a succession on "
                                                     f"{succession.date} ({first.origin})"))
    return problems


@cache
def bundled_registry() -> dict[str, Path]:
    """{id: the file of the bundled registry (data/bundled/registry) declaring it}: the
    national bodies (Ofsted, CQC, DfE, NHS England), CCGs and posts that recur across
    documents. Read once, when a build meets an id no file declares."""
    from sendkg.graph import bundled_data_dir

    files: dict[str, Path] = {}
    for path in sorted((bundled_data_dir() / "registry").glob("*.yaml")):
        files.update((node.id, path) for node in read_dataset_file(path)[0].registry)
    return files


def bundled_registry_hint(undeclared: set[str]) -> list[LoaderError]:
    """One line per bundled registry file declaring ids a --data folder names without
    declaring them (a folder of one council's papers naming Ofsted), saying how to fix
    it: copy that file in, or declare them; [] when no such id is named."""
    known = bundled_registry()
    by_file: dict[Path, list[str]] = {}
    for node_id in sorted(undeclared & known.keys()):
        by_file.setdefault(known[node_id], []).append(node_id)
    hints = []
    for path, ids in by_file.items():
        names = ", ".join(ids[:-1]) + " and " + ids[-1] if len(ids) > 1 else ids[0]
        hints.append(LoaderError(path, None, (
            f"declares {names}, which your files name but do not declare: copy this "
            f"file into your --data folder (or declare them in a registry file of your "
            f"own, data/FORMAT.md)")))
    return hints


def build_graph(records: DatasetRecords, name: str = "graph") -> KnowledgeGraph:
    """Merge records into one graph; raise DatasetError listing every problem."""
    return merged_graph(records, name)[0]


def merged_graph(records: DatasetRecords, name: str = "graph"
                 ) -> tuple[KnowledgeGraph, _Merger]:
    """`build_graph`, with the merger that made it (its shared ids and review items,
    which sendkg.graph.patch keeps to patch the graph after an edit)."""
    merger = _Merger(records)
    merger.run()
    merger.problems += succession_problems(merger)
    merger.problems += bundled_registry_hint(merger.undeclared)
    if merger.problems:
        raise DatasetError(merger.problems)
    kg = KnowledgeGraph(abbreviations=list(records.abbreviations),
                        registry=merger.registry, name=name,
                        successions=list(records.successions))
    # networkx's bulk adds, in the merger's order (as add_node/add_edge one by one,
    # whose checks the merger has made): a third of the time at 150 councils
    kg.graph.add_nodes_from((node.id, {"record": node}) for node in merger.nodes.values())
    kg.graph.add_edges_from((edge.s, edge.o, edge.p, {"record": edge})
                            for edge in merger.edges.values())
    kg.derived.clear()
    kg.review = merger.review + near_duplicates(kg)
    return kg, merger


def load_dataset(folder: Path | str, cached_files: bool = False) -> KnowledgeGraph:
    """Read and build the dataset in `folder`, or raise with every problem found.
    `cached_files`: as a command builds it for the graph cache: the last cached graph
    patched when only a few files changed (sendkg.graph.patch), else each unchanged
    file's records from the cache (sendkg.graph.parsed_cache) and the others read on
    every core."""
    from sendkg.graph.cache import collector_paused

    with collector_paused():
        if cached_files:
            from sendkg.graph.patch import load_incremental

            return load_incremental(Path(folder))
        records, problems = read_dataset(Path(folder))
        if problems:
            raise DatasetError(problems)
        return build_graph(records, name=Path(folder).name)
