"""Files written whole or not at all: a temporary file beside the target, then a rename.

Every package that writes (the graph cache, exports, renderings, ingest drafts) uses this,
so an interrupted command never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """Where sendkg keeps what it can rebuild (graph, search indexes, parsed files, the
    ontology's tables): $SENDKG_CACHE_DIR, else $XDG_CACHE_HOME/sendkg or ~/.cache/sendkg."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sendkg"
    return Path(os.environ.get("SENDKG_CACHE_DIR", default))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
