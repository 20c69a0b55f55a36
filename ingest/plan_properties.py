"""Key/value tables about the plan itself: "Accountable officers | A and B" becomes the
plan's responsible parties, "Date approved | 12 March 2018" its `date`, and so on.

The keys are data (data/vocabulary/headers.yaml, `plan_properties`). A row counts when it
stands outside every plan table and holds exactly two filled cells, the first a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml

from sendkg.ingest.plan_tables import strip_markup
from sendkg.loaders.rows import Row


@cache
def property_keys() -> list[tuple[str, re.Pattern]]:
    """(property, whole-cell pattern) in the order tried."""
    path = resources.files("sendkg.data") / "vocabulary" / "headers.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["plan_properties"]
    return [(e["property"], re.compile("(?:" + "|".join(e["patterns"]) + r")\s*:?",
                                       re.IGNORECASE)) for e in entries]


def property_of(key: str) -> str | None:
    """The plan property a key cell names, or None.

    >>> property_of("Accountable Officers:"), property_of("Date approved"), property_of("Aim")
    ('officers', 'date', None)
    """
    text = " ".join(strip_markup(key).split())
    return next((prop for prop, pattern in property_keys() if pattern.fullmatch(text)), None)


def key_value_rows(rows: Iterable[Row], used: set[int]) -> list[tuple[str, str, str, Row]]:
    """(property, key, value, row) for each key/value row outside the lines in `used`."""
    found = []
    for row in rows:
        filled = [c for c in row.cells if c.strip()]
        if row.prose or row.where.line in used or len(filled) != 2:
            continue
        prop = property_of(filled[0])
        if prop:
            found.append((prop, strip_markup(filled[0]).rstrip(" :"), filled[1], row))
    return found


def record_plan_properties(recorder, rows: list[Row], used: set[int]) -> list[dict]:
    """Write each key/value row into the recorder's draft; a result for each."""
    results = []
    plan = recorder.draft.entities.get(recorder.plan_id)
    for prop, key, value, row in key_value_rows(rows, used):
        line = row.where.line
        officers = []
        if prop == "officers":
            officers = recorder.officers([value], line, [recorder.plan_id])
        elif plan is not None:
            text = strip_markup(value)
            plan.add(line, **{prop: f"{key}: {text}" if prop == "note" else text})
        results.append({"id": recorder.plan_id, "type": "Plan", "label": recorder.plan_label,
                        "kind": "plan property", "property": prop, "key": key,
                        "value": strip_markup(value), "officers": officers,
                        "source": row.where.as_dict(),
                        "sources": [row.where.source().as_dict()]})
    return results
