"""The cited line of a source paper, in context: what `sendkg source DOC:LINE` prints.

A citation names a source file and a line ("002_81098658c4b2e719.txt:310"), or, as
human output prints it, the document's short name and a line ("SEND JCP 2017-18 l.310");
the document may also be named by its Document id or title words. The file itself is read
from a folder the officer gives (the bundled data holds facts, not the papers).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> text = "Title\\nObjective\\tLead\\nTravel training\\tMark Smith\\n"
>>> _ = (folder / "plan.txt").write_text(text)
>>> [(n, cells, cited) for n, cells, cited in cited_lines(folder / "plan.txt", 3, context=1)]
[(2, ['Objective', 'Lead'], False), (3, ['Travel training', 'Mark Smith'], True)]
"""

from __future__ import annotations

import re
from pathlib import Path

from sendkg.errors import SendkgError


class SourceNotFound(SendkgError):
    """The cited document or line is not available."""


def parse_citation(text: str) -> tuple[str, int]:
    """'file.txt:310' -> ('file.txt', 310); a human citation's form 'SHORT NAME l.310'
    (the first line when it gives several) -> ('SHORT NAME', 310).

    >>> parse_citation("SEND JCP 2017-18 l.301, 328")
    ('SEND JCP 2017-18', 301)
    """
    match = re.fullmatch(r"\s*(.+?):(\d+)\s*", text) or \
        re.fullmatch(r"\s*(.+?)\s+l\.\s*(\d+)(?:\s*,\s*\d+)*\s*", text)
    if not match:
        raise SourceNotFound(f"expected DOCUMENT:LINE, e.g. 002_81098658c4b2e719.txt:310; "
                             f"got {text!r}")
    return match.group(1), int(match.group(2))


def source_file(kg, document: str, folders: list[Path]) -> Path:
    """The file a citation's document names: a file name, a document's short name
    (data/FORMAT.md), a Document id or a title."""
    names = [document]
    if kg is not None:
        from sendkg.graph.citations import short_names

        names += [file for file, short in short_names(kg).items()
                  if short.casefold() == document.strip().casefold()]
    if kg is not None and kg.has_node(document):
        names = [s.document for s in kg.node(document).sources] or names
    elif kg is not None:
        from sendkg.queries.find import find_entities

        docs = [m for m in find_entities(kg, document, limit=3, type="Document")
                if m.score >= 55]
        names += [s.document for m in docs[:1] for s in m.node.sources]
    missing = [str(f) for f in folders if not Path(f).is_dir()]
    if missing:
        raise SourceNotFound(f"no such folder: {', '.join(missing)} (--sources names the "
                             f"folder holding the source papers)")
    for folder in folders:
        for name in names:
            if (Path(folder) / name).is_file():
                return Path(folder) / name
    where = ", ".join(str(f) for f in folders) or "no folder given (use --sources DIR)"
    raise SourceNotFound(f"no source file for {document!r} in {where}")


def cited_lines(path: Path, line: int, context: int = 2) -> list[tuple[int, list[str], bool]]:
    """(line number, cells, is the cited line) around `line`; a table row's cells are its
    tab-separated parts with markup fragments removed."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not 1 <= line <= len(lines):
        raise SourceNotFound(f"{path.name} has {len(lines)} lines; no line {line}")
    start, end = max(1, line - context), min(len(lines), line + context)
    return [(n, _cells(lines[n - 1]), n == line) for n in range(start, end + 1)]


def _cells(text: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in text.split("\t")]
