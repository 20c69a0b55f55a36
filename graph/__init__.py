"""The graph: build, identity resolution, validation, stores and exports."""

from __future__ import annotations

from functools import partial
from importlib import resources
from pathlib import Path

from sendkg.graph.build import build_graph, load_dataset
from sendkg.graph.cache import cached_graph
from sendkg.graph.knowledge_graph import KnowledgeGraph, ReviewItem


def bundled_data_dir() -> Path:
    """The dataset shipped with the package (data/bundled)."""
    return Path(str(resources.files("sendkg.data") / "bundled"))


def load_bundled() -> KnowledgeGraph:
    """The bundled graph, built on first use and cached."""
    return load()


def load(data: Path | str | None = None, cache: bool = True) -> KnowledgeGraph:
    """The graph for `--data DIR`, or the bundled one when no folder is given. `cache`:
    the built graph from the cache when no file changed, else built from the cached
    records of the unchanged files and the changed files read anew (False: everything
    read and built anew, nothing stored)."""
    folder = Path(data) if data else bundled_data_dir()
    if not cache:
        return load_dataset(folder)
    return cached_graph(folder, partial(load_dataset, cached_files=True))


def load_many(folders: list[Path]) -> KnowledgeGraph:
    """One graph of several dataset folders (`--data A --data B`): their records merged
    as if they were one folder; raises DatasetError listing every problem of every one."""
    from sendkg.errors import DatasetError
    from sendkg.loaders.dataset import DatasetRecords, read_dataset

    if len(folders) == 1:
        return load(folders[0])
    merged, problems = DatasetRecords(), []
    for folder in folders:
        records, found = read_dataset(Path(folder))
        problems += found
        for name in ("documents", "entities", "relations", "registry", "abbreviations",
                     "files"):
            getattr(merged, name).extend(getattr(records, name))
    if problems:
        raise DatasetError(problems)
    return build_graph(merged, name="+".join(Path(f).name for f in folders))


__all__ = ["KnowledgeGraph", "ReviewItem", "build_graph", "bundled_data_dir",
           "load", "load_bundled", "load_dataset", "load_many"]
