"""Files written whole or not at all: a temporary file beside the target, then a rename.

Every package that writes (the graph cache, exports, renderings, ingest drafts) uses this,
so an interrupted command never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sendkg.errors import LoaderError, OutputError


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
    """Write to a temporary file beside `path`, then rename: never half a file.

    Raises OutputError (naming `path`) when it cannot be written: `path` is a folder, a
    parent is a file, no permission, the disk is full.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "it is a folder; give a file name")
    try:
        _write(path, data)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from error


def _write(path: Path, data: bytes) -> None:
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


def read_text(path: Path) -> str:
    """The UTF-8 text of a file a user gave (a query, a config).

    Raises LoaderError naming the file and the line of the first byte that is not UTF-8
    (a file saved as Windows-1252, say), or the system's reason it cannot be read.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoaderError(path, None, f"cannot read: {error.strerror or error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise LoaderError(path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); "
                                      f"save the file as UTF-8") from error
