"""What the web app serves: one loaded graph and the folders its source papers are in.

A `Site` is built once when `sendkg serve` starts and never changes while it runs (the
app is read-only); answers computed for every page alike (lint findings, duplicate
clusters, the action register) are computed on first use and kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from sendkg.graph.citations import short_names


@dataclass
class Site:
    """The graph `kg` (a KnowledgeGraph), `folders`: where source papers may be read
    (the `--sources` folders, then the dataset folders), `data`: the dataset folders
    loaded (empty for the bundled data), `today`: the date plans are judged against."""

    kg: Any
    folders: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    today: date = field(default_factory=date.today)
    _kept: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.short = short_names(self.kg)  # {source file: its document's short name}
        self.documents = {s.document for n in self.kg.nodes() for s in n.sources} | {
            s.document for e in self.kg.edges() for s in e.sources}

    def kept(self, name: str, compute: Callable[[], Any]) -> Any:
        """`compute()` on first use, then the same value (the graph never changes)."""
        with self._lock:
            if name not in self._kept:
                self._kept[name] = compute()
            return self._kept[name]

    def cite(self, source) -> str:
        """A citation as human output prints it: 'SEND JCP 2017-18 l.301' or 'file:301'."""
        short = self.short.get(source.document)
        if short:
            return f"{short} l.{source.line}" if source.line else short
        return str(source)

    def source_path(self, document: str) -> Path | None:
        """The file of a document the loaded graph cites, in one of the site's folders;
        None when no folder holds it. A name the graph does not cite is never looked up,
        so no text from a request reaches the file system."""
        if document not in self.documents or Path(document).name != document:
            return None
        for folder in self.folders:
            path = Path(folder) / document
            if path.is_file() and path.resolve().is_relative_to(Path(folder).resolve()):
                return path
        return None
