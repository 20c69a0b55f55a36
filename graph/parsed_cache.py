"""Each dataset file's parsed records, cached by its content: an edit re-reads one file.

Reading YAML with line tracking is most of a large build (at 150 councils, about 25 s
of it). A file's records depend only on its bytes, its path (errors name it), the
ontology and the code that reads it, so they are kept under the cache directory keyed
by a hash of all of those (sendkg.files.cache_dir()/parsed). The files not in the cache
are read on every core when there are several (each is read whole in one worker
process, so its line numbers and errors are exactly those of a one-process read).
Entries are written atomically: a killed build leaves each entry old, new or absent.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.files import cache_dir, write_atomically
from sendkg.loaders.dataset import DatasetRecords, combine, dataset_files, read_dataset_file

PARALLEL_FROM = 4  # fewer changed files than this are read in this process
Parsed = tuple[DatasetRecords, list[LoaderError]]


@cache
def reader_fingerprint() -> str:
    """A hash of the sendkg version, the ontology and the code that reads a file (the
    loaders and the core package): any change to them makes every cached file stale.
    The graph's own code is not in it: changing how records become a graph re-uses them."""
    import sendkg
    import sendkg.loaders
    from sendkg.ontology import ONTOLOGY_DIR

    code = [Path(sendkg.__file__).parent, Path(sendkg.loaders.__file__).parent, ONTOLOGY_DIR]
    files = sorted(p for folder in code for p in folder.glob("*.py"))
    digest = hashlib.sha256(sendkg.__version__.encode())
    for path in [*files, *sorted(ONTOLOGY_DIR.glob("*.ttl"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def entry_path(path: Path, content: bytes) -> Path:
    """Where the records parsed from `path` holding `content` are kept."""
    digest = hashlib.sha256(reader_fingerprint().encode())
    # the path as written, not resolved: the records' origins (file:line in messages
    # and sources) spell it as given, so two spellings of one folder keep two entries
    digest.update(str(path).encode() + b"\0" + content)
    name = digest.hexdigest()[:32]
    return cache_dir() / "parsed" / name[:2] / f"{name}.pickle"


def load_entry(entry: Path) -> Parsed | None:
    """The (records, problems) kept at `entry`, or None when absent or unreadable."""
    try:
        return pickle.loads(entry.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None


def _read_and_store(path: Path, entry: Path) -> bytes:
    """Read one file and keep its records at `entry`; returns them pickled (a worker
    process pickles them once, both for the cache and for the parent)."""
    data = pickle.dumps(read_dataset_file(path), pickle.HIGHEST_PROTOCOL)
    try:
        write_atomically(entry, data)
    except OSError:
        pass  # a read-only cache only costs the next build this file's reading
    return data


def file_entries(paths: list[Path]) -> dict[Path, Path]:
    """Each file's cache entry (`entry_path`) for the content it holds now."""
    return {path: entry_path(path, path.read_bytes()) for path in paths}


def read_files_cached(entries: dict[Path, Path], workers: int | None = None
                      ) -> dict[Path, Parsed]:
    """Each file's (records, problems), from its cache entry or read anew (and then
    kept); `workers` processes (default: one per core) when PARALLEL_FROM or more files
    must be read."""
    parsed: dict[Path, Parsed] = {}
    for path, entry in entries.items():
        found = load_entry(entry)
        if found is not None:
            parsed[path] = found
    missing = [path for path in entries if path not in parsed]
    for path, data in zip(missing, _read_all(missing, [entries[p] for p in missing], workers)):
        parsed[path] = pickle.loads(data)
    return parsed


def read_dataset_cached(folder: Path, workers: int | None = None) -> Parsed:
    """`read_dataset(folder)` (records and problems, in file order), reading only the
    files whose content is not in the cache; `workers` processes (default: one per
    core) when PARALLEL_FROM or more files must be read."""
    paths = dataset_files(Path(folder))
    parsed = read_files_cached(file_entries(paths), workers)
    return combine([parsed[path] for path in paths])


def _read_all(paths: list[Path], entries: list[Path], workers: int | None) -> list[bytes]:
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return [_read_and_store(path, entry) for path, entry in zip(paths, entries)]
    with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
        return list(pool.map(_read_and_store, paths, entries,
                             chunksize=max(1, len(paths) // 32)))
