"""Build the bundled (or any) dataset on demand and keep the result on disk.

The cache key covers the package version, the ontology and every dataset file, so an
edited YAML file or a new release is never answered from a stale graph. Beside the
graph the cache keeps its search indexes (the name and text indexes behind `find` and
every question), written by the first search and read by the next process, so a
question never rebuilds them. The graph is stored compacted (sendkg.graph.compact:
equal values shared, the records' origins in a file of their own, read on demand), and
so is the list of the subjects of each rare relation. Files are written atomically (a killed process leaves
the old file or the new one) and read with the garbage collector paused: its passes
over millions of new objects would otherwise cost more than the reading itself.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from contextlib import contextmanager
from pathlib import Path

import sendkg
from sendkg.files import cache_dir, write_atomically
from sendkg.graph.compact import compact, origins_apart, origins_of
from sendkg.loaders.dataset import dataset_files
from sendkg.ontology import ONTOLOGY_DIR

STORED_VIEWS = ("name index", "text index", "neo4j digests",  # derived views kept on disk
                "relation subjects", "short names")
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
        if name in STORED_VIEWS:
            store_pickle(self.path(name), view)


def store_pickle(path: Path, value) -> bool:
    """Pickle `value` to `path` atomically; False, with nothing written, when the cache
    folder refuses it (a read-only cache only costs the next run a rebuild)."""
    try:
        write_atomically(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False
    return True


def graph_path(folder: Path) -> Path:
    """Where the graph of `folder`'s current files is kept."""
    return cache_dir() / f"{folder.name}-{dataset_fingerprint(folder)}.pickle"


def cached_graph(folder: Path, build):
    """The graph for `folder` from the cache, or `build(folder)` stored for next time;
    either way its search indexes are read from (or, once built, kept in) the cache.
    The graph is stored compacted (sendkg.graph.compact): its records' origins in a
    file of their own beside it, read when one is asked for; a graph patched from an
    earlier build (sendkg.graph.patch) is stored as its patch, which loads as the
    patched graph. A missing or damaged file of either is made again without a word."""
    path = graph_path(folder)
    apart = origins_path(path)
    try:
        kg = load_cached(path)
    except _UNREADABLE:
        kg = _build_and_store(folder, build, path, apart)
    else:
        origins = origins_of(kg)
        if origins is not None and origins.path == apart:
            origins.remake = lambda: _build_and_store(folder, build, path, apart,
                                                      origins_only=True)
    kg.derived.store = ViewStore(path)
    return kg


def origins_path(path: Path) -> Path:
    """Where the origins of the graph stored at `path` are kept."""
    return path.with_suffix(".origins.pickle")


def _build_and_store(folder: Path, build, path: Path, apart: Path, origins_only=False):
    """`build(folder)`, compacted and written to `path` with its origins at `apart`
    (`origins_only`: only the origins written; their tables returned). A graph the
    build patched from an earlier one is written as its patch (its base keeps the
    origins)."""
    from sendkg.graph.patch import stored_form

    with collector_paused(freeze=True):
        kg = build(folder)
        stored = stored_form(kg)
        if stored is not kg and not origins_only:
            store_pickle(path, stored)
            return kg
        origins = compact(kg)
    try:
        tables = pickle.dumps(origins.tables(), pickle.HIGHEST_PROTOCOL)
        write_atomically(apart, tables)
        if origins_only:
            return origins.tables()
        origins.stored_size = len(tables)
        with origins_apart():
            data = pickle.dumps(kg, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(path, data)  # after its origins: never a graph without them
    except OSError:
        pass  # a read-only home only costs the next run a rebuild
    return origins.tables() if origins_only else kg


def load_cached(path: Path):
    """The graph stored at `path` by `cached_graph` (or the patched graph its patch
    makes), its origins to be read from their own file; OSError when that file is
    missing or not the size it was written with, or an unpickling error."""
    kg = load_pickle(path)
    origins = origins_of(kg)
    if origins is not None and origins.path is None:  # a patch's base set its own
        apart = origins_path(path)
        if apart.stat().st_size != origins.stored_size:
            raise OSError(f"{apart}: not the origins written with {path.name}")
        origins.path = apart
    return kg
