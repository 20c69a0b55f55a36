"""Build the bundled (or any) dataset on demand and keep the result on disk.

The cache key covers the package version, the ontology and every dataset file, so an
edited YAML file or a new release is never answered from a stale graph.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import sendkg
from sendkg.files import write_atomically
from sendkg.loaders.dataset import dataset_files
from sendkg.ontology import ONTOLOGY_DIR


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sendkg"
    return Path(os.environ.get("SENDKG_CACHE_DIR", default))


def _builder_files() -> list[Path]:
    """The code that turns YAML into a graph: a change to it must rebuild the graph."""
    import sendkg.loaders

    code = [ONTOLOGY_DIR, Path(__file__).parent, Path(sendkg.loaders.__file__).parent,
            Path(sendkg.__file__).parent]
    from sendkg.nicknames import nicknames_path

    return sorted(p for folder in code for p in folder.glob("*.py")) + sorted(
        ONTOLOGY_DIR.glob("*.ttl")) + [nicknames_path()]  # identity reads the nicknames


def dataset_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(sendkg.__version__.encode())
    for path in [*_builder_files(), *dataset_files(folder)]:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def cached_graph(folder: Path, build):
    """The graph for `folder` from the cache, or `build(folder)` stored for next time."""
    path = cache_dir() / f"{folder.name}-{dataset_fingerprint(folder)}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass
    kg = build(folder)
    try:
        write_atomically(path, pickle.dumps(kg, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home only costs the next run a rebuild
    return kg
