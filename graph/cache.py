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


def graph_path(folder: Path) -> Path:
    """Where the graph of `folder`'s current files is kept."""
    return cache_dir() / f"{folder.name}-{dataset_fingerprint(folder)}.pickle"


def cached_graph(folder: Path, build):
    """The graph for `folder` from the cache, or `build(folder)` stored for next time;
    either way its search indexes are read from (or, once built, kept in) the cache."""
    from sendkg.graph.patch import stored_form  # a patched graph is kept as its patch

    path = graph_path(folder)
    try:
        kg = load_pickle(path)
    except _UNREADABLE:
        with collector_paused(freeze=True):
            kg = build(folder)
        try:
            write_atomically(path, pickle.dumps(stored_form(kg),
                                             protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home only costs the next run a rebuild
    kg.derived.store = ViewStore(path)
    return kg
