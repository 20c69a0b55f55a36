"""The graph as the cache stores it: equal values shared, origins kept apart.

A built graph holds a separate object for every value of every record, each read from
its own YAML line: at 150 councils, 114,792 type strings for 8 types, 237,395 property
strings for 104 values, and a `Source` with its line number for the origin of each of
282,359 records. Unpickling creates (and the process later frees) every one of them.
`compact` shares equal values and moves the origins into one `Origins` table per
graph, which the cache writes to a file of its own and reads only when an origin is
asked for (an error message; no question reads one). At 150 councils the graph's file
goes from 46 to 28 MB, and loading it takes about 0.6 of the time and memory.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from sendkg.records import Edge, Source

_BY_FILE = False  # True while the cache pickles a graph: its Origins are written apart


class Origins:
    """Where each record of one graph was written (a dataset file and line): node id ->
    Source and (subject, relation, object) -> Source, for the records `compact` moved
    them from.

    Loaded from the cache, the tables are read from `path` on first use. The cache
    checks at loading that the file is there with the size it was written with
    (`stored_size`, bytes); a file damaged otherwise is made again by `remake`
    (a function giving the tables from a fresh build), or else gives no origins.
    """

    def __init__(self, path: Path | None = None, nodes: dict | None = None,
                 edges: dict | None = None, stored_size: int | None = None):
        self.path = path
        self.stored_size = stored_size
        self.remake = None
        self._tables = (nodes, edges) if nodes is not None else None

    def tables(self) -> tuple[dict, dict]:
        """(node id -> Source, (s, p, o) -> Source), read from the file if need be."""
        if self._tables is None:
            from sendkg.graph.cache import load_pickle  # the cache imports this module

            try:
                self._tables = load_pickle(self.path)
            except Exception:  # damaged in place: the same size, other bytes
                self._tables = self.remake() if self.remake else ({}, {})
        return self._tables

    def origin_of(self, record) -> Source | None:
        nodes, edges = self.tables()
        if type(record) is Edge:
            return edges.get((record.s, record.p, record.o))
        return nodes.get(record.id)

    def __reduce__(self):
        if _BY_FILE:  # the cache writes the tables to their own file
            return Origins, (None, None, None, self.stored_size)
        return Origins, (None, *self.tables())


@contextmanager
def origins_apart():
    """Pickle graphs with their Origins as a reference to the file the cache writes
    (Origins.path is set again when the graph is loaded)."""
    global _BY_FILE
    _BY_FILE = True
    try:
        yield
    finally:
        _BY_FILE = False


def origins_of(kg) -> Origins | None:
    """The Origins table of `kg`'s records (None when its records hold their own)."""
    for data in kg._node.values():  # not kg.graph: that would import networkx
        if "record" in data:
            return data["record"].__dict__.get("_origins")
    return None


def _sharing_props(share: bool):
    """A function giving, for a record's properties, an equal dict whose strings are
    interned, and (`share`) one dict for all equal ones."""
    seen: dict = {}
    intern = sys.intern

    def shared(props: dict) -> dict:
        props = {intern(k): intern(v) if type(v) is str else v for k, v in props.items()}
        if not share:
            return props
        try:
            return seen.setdefault(tuple(props.items()), props)
        except TypeError:  # a list or dict value: kept as it is
            return props
    return shared


def compact(kg, share_props: bool = True) -> Origins:
    """Share equal values among `kg`'s records and move their origins into one Origins
    table, in place; returns the table. Records keep their values (`record.origin`
    reads the table) and the graph its order.

    Shared: node ids (in the records and as networkx's keys), types, labels, relation
    names, property names and string values, equal tuples of sources, and
    (`share_props`) equal property dicts. Sharing property dicts is safe because a
    graph's records are never edited in place: the build and every reader copy
    `props` before changing one. A record already compacted (a graph loaded from the
    cache, then changed) gives its origin from its old table to the new one.
    """
    graph, intern, props, sources = kg.graph, sys.intern, _sharing_props(share_props), {}
    origins = Origins(None, {}, {})
    node_origins, edge_origins = origins.tables()
    for data in graph._node.values():
        record = data.get("record")
        if record is None:  # a node networkx made for an edge: nothing to compact
            continue
        fields = record.__dict__  # a frozen dataclass: equal values, same record
        node_id = fields["id"] = intern(fields["id"])
        fields["type"], fields["label"] = intern(fields["type"]), intern(fields["label"])
        fields["props"] = props(fields["props"])
        fields["sources"] = sources.setdefault(fields["sources"], fields["sources"])
        node_origins[node_id] = record.origin
        fields.pop("origin", None)
        fields["_origins"] = origins
    for adjacency in (graph._succ, graph._pred):
        for node_id, neighbours in adjacency.items():
            adjacency[node_id] = {intern(other): by_key for other, by_key in neighbours.items()}
    for neighbours in graph._succ.values():
        for by_key in neighbours.values():  # one dict per pair, shared with _pred
            for key, data in list(by_key.items()):
                del by_key[key]
                by_key[intern(key)] = data  # the same order: each key moves to the end
                record = data.get("record")
                if record is None:  # an edge networkx was given without a record
                    continue
                fields = record.__dict__
                fields["s"], fields["o"] = intern(fields["s"]), intern(fields["o"])
                fields["p"] = intern(fields["p"])
                fields["props"] = props(fields["props"])
                fields["sources"] = sources.setdefault(fields["sources"], fields["sources"])
                edge_origins[fields["s"], fields["p"], fields["o"]] = record.origin
                fields.pop("origin", None)
                fields["_origins"] = origins
    for mapping in (graph._node, graph._succ, graph._pred):
        items = [(intern(k), v) for k, v in mapping.items()]
        mapping.clear()
        mapping.update(items)
    return origins
