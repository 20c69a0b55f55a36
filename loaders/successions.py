"""Read a dataset's `successions:` list: which bodies took over from which, when, and
on whose authority (data/FORMAT.md, "Successions").

Each entry is checked here for its own shape (known keys and kind, a real date, ids
written as ids, as many predecessors and successors as the kind allows); whether the
ids name anything in the dataset is checked when the graph is built, where every file
has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sendkg.dates import iso_date
from sendkg.records import SUCCESSION_KINDS, Source, Succession
from sendkg.yaml_lines import LineDict

SUCCESSION_KEYS = {"predecessor", "successor", "kind", "date", "source", "source_uri", "note"}
_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9.-]*$")


def _ids(value) -> tuple[str, ...] | None:
    """An id or a list of ids as a tuple; None when anything else is written."""
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and _ID.match(v) for v in values):
        return None
    return tuple(values)


def _arity_problem(kind: str, before: int, after: int) -> str | None:
    """Why `kind` cannot join `before` predecessors to `after` successors (or None)."""
    if kind == "merged-into" and after != 1:
        return "merged-into names one successor"
    if kind == "split-into" and (before != 1 or after < 2):
        return "split-into names one predecessor and two or more successors"
    if kind in {"replaced", "renamed"} and (before != 1 or after != 1):
        return f"{kind} names one predecessor and one successor"
    return None


def read_succession(item: LineDict, path: Path,
                    fail: Callable[[int | None, str], None]) -> Succession | None:
    """One entry of `successions:` as a Succession, or None after calling
    `fail(line, message)` for each problem (the caller turns those into LoaderErrors)."""
    found: list[str] = []

    def problem(line, message):
        found.append(message)
        fail(line, message)

    for key in sorted(set(item) - SUCCESSION_KEYS):
        problem(item.line_of(key), f"unknown succession key {key!r}; expected "
                                   f"{', '.join(sorted(SUCCESSION_KEYS))}")
    before, after = _ids(item.get("predecessor")), _ids(item.get("successor"))
    if before is None:
        problem(item.line_of("predecessor"), "predecessor must be an id or a list of ids")
    if after is None:
        problem(item.line_of("successor"), "successor must be an id or a list of ids")
    kind = item.get("kind")
    if kind not in SUCCESSION_KINDS:
        problem(item.line_of("kind"), f"unknown succession kind {kind!r}; "
                                      f"known: {', '.join(SUCCESSION_KINDS)}")
    elif before and after and _arity_problem(kind, len(before), len(after)):
        problem(item.line, _arity_problem(kind, len(before), len(after)))
    date = iso_date(item.get("date"))
    if date is None:
        problem(item.line_of("date"), f"date must be a calendar date YYYY-MM-DD, "
                                      f"got {item.get('date')!r}")
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        problem(item.line_of("source"), "every succession names its public source "
                                        "(an Act, statutory guidance or order)")
    for key in ("source_uri", "note"):
        if item.get(key) is not None and not isinstance(item.get(key), str):
            problem(item.line_of(key), f"{key} must be text")
    if found:
        return None
    return Succession(before, after, kind, date, source.strip(), item.get("source_uri"),
                      item.get("note"), origin=Source(str(path), item.line))
