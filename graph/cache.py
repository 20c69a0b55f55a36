"""Build the bundled (or any) dataset on demand and keep the result on disk.

The cache key covers the package version, the ontology and every dataset file, so an
edited YAML file or a new release is never answered from a stale graph. Beside the
graph the cache keeps its search indexes (the name and text indexes behind `find` and
every question), written by the first search and read by the next process, so a
question never rebuilds them. Files are written atomically (a killed process leaves
the old file or the new one) and read with the garbage collector paused: its passes
over millions of new objects would otherwise cost more than the reading itself.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
from contextlib import contextmanager
from pathlib import Path

import sendkg
from sendkg.files import cache_dir, write_atomically
from sendkg.loaders.dataset import dataset_files
from sendkg.ontology import ONTOLOGY_DIR

STORED_VIEWS = ("name index", "text index", "neo4j digests")  # derived views kept on disk
_UNREADABLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError,
               IndexError, TypeError, ValueError)


def _builder_files() -> list[Path]:
    """The code that turns YAML into a graph: a change to it must rebuild the graph."""
    import sendkg.loaders

    code = [ONTOLOGY_DIR, Path(__file__).parent, Path(sendkg.loaders.__file__).parent,
            Path(sendkg.__file__).parent]
    from sendkg.nicknames import nicknames_path
    from sendkg.synonyms import synonyms_path

    return sorted(p for folder in code for p in folder.glob("*.py")) + sorted(
        ONTOLOGY_DIR.glob("*.ttl")) + [nicknames_path(),  # identity reads the nicknames
                                       synonyms_path()]  # the text index, the synonyms


def _digest(paths: list[Path], digest=None):
    digest = digest or hashlib.sha256(sendkg.__version__.encode())
    for path in paths:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest


def dataset_fingerprint(folder: Path) -> str:
    """A hash of the version, the code that builds a graph, and every dataset file."""
    return _digest([*_builder_files(), *dataset_files(folder)]).hexdigest()[:24]


@contextmanager
def collector_paused(freeze: bool = False):
    """Run the block with the garbage collector off: making a large graph creates
    millions of objects and no garbage cycles, and the collector's passes over them
    cost more than the work (2.7-3.4x for loading the graph cache). `freeze`: the
    objects made stay out of every later pass (for what lives as long as the command)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def load_pickle(path: Path):
    """Unpickle `path` with the garbage collector paused, the result frozen out of
    later passes (what is loaded lives as long as the command). Raises OSError or an
    unpickling error for a missing or damaged file."""
    with open(path, "rb") as stream, collector_paused(freeze=True):
        return pickle.load(stream)  # streamed: the file's bytes are never all in memory


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


def compact(kg, share_props: bool = True) -> None:
    """Make equal values in `kg`'s records one object each, in place, before pickling.

    Each record is read from its own YAML line, so a built graph holds a string
    object per record for each id, type, label, relation and property (114,792 type
    strings for 8 types at 150 councils), and a tuple of sources per record. A pickle
    stores, and its reader re-creates, every one. Interned, they are stored once:
    node ids (in the records and as networkx's keys), types, labels, relation names,
    property names and string values, equal tuples of sources, and (`share_props`)
    equal property dicts. The graph keeps its values and order. At 150 councils the
    file goes from 46 to 32 MB and loads in about 70% of the time and memory.
    Sharing property dicts is safe because a graph's records are never edited in
    place: the build and every reader copy `props` before changing one.
    """
    graph, intern, props, sources = kg.graph, sys.intern, _sharing_props(share_props), {}
    for node_id, data in graph._node.items():
        fields = data["record"].__dict__  # a frozen dataclass: equal values, same record
        fields["id"], fields["type"] = intern(node_id), intern(fields["type"])
        fields["label"] = intern(fields["label"])
        fields["props"] = props(fields["props"])
        fields["sources"] = sources.setdefault(fields["sources"], fields["sources"])
    for adjacency in (graph._succ, graph._pred):
        for node_id, neighbours in adjacency.items():
            adjacency[node_id] = {intern(other): by_key for other, by_key in neighbours.items()}
    for neighbours in graph._succ.values():
        for by_key in neighbours.values():  # one dict per pair, shared with _pred
            for key, data in list(by_key.items()):
                fields = data["record"].__dict__
                fields["s"], fields["o"] = intern(fields["s"]), intern(fields["o"])
                fields["p"] = intern(fields["p"])
                fields["props"] = props(fields["props"])
                fields["sources"] = sources.setdefault(fields["sources"], fields["sources"])
                del by_key[key]
                by_key[intern(key)] = data  # the same order: each key moves to the end
    for mapping in (graph._node, graph._succ, graph._pred):
        items = [(intern(k), v) for k, v in mapping.items()]
        mapping.clear()
        mapping.update(items)


class ViewStore:
    """The search indexes of one cached graph, one file each beside the graph's file."""

    def __init__(self, graph_path: Path):
        self.graph_path = graph_path

    def path(self, name: str) -> Path:
        return self.graph_path.with_suffix(f".{name.replace(' ', '-')}.pickle")

    def load(self, name: str):
        """The stored view, or None when it is not stored (or not one kept)."""
        if name not in STORED_VIEWS:
            return None
        try:
            return load_pickle(self.path(name))
        except _UNREADABLE:
            return None

    def save(self, name: str, view) -> None:
        if name not in STORED_VIEWS:
            return
        try:
            write_atomically(self.path(name), pickle.dumps(view, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only cache only costs the next run a rebuild


def cached_graph(folder: Path, build):
    """The graph for `folder` from the cache, or `build(folder)` stored for next time;
    either way its search indexes are read from (or, once built, kept in) the cache."""
    path = cache_dir() / f"{folder.name}-{dataset_fingerprint(folder)}.pickle"
    try:
        kg = load_pickle(path)
    except _UNREADABLE:
        with collector_paused(freeze=True):
            kg = build(folder)
            compact(kg)
        try:
            write_atomically(path, pickle.dumps(kg, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home only costs the next run a rebuild
    kg.derived.store = ViewStore(path)
    return kg
