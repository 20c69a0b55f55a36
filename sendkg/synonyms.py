"""The sector's synonyms: words officers use for the same thing ("short breaks" and
"respite", "YOS" and "youth offending service").

The groups are data (data/vocabulary/synonyms.yaml, installed as sendkg.data.vocabulary);
search and the duplicate check both read them from here, so they agree on what counts
as the same word. Terms are compared in `sendkg.names.normalise` form.

>>> groups = synonym_groups()
>>> "respite" in groups["short breaks"]
True
>>> preferred("YOT")
'youth offending'
>>> preferred("travel buddy") is None
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.names import normalise
from sendkg.yaml_lines import read_yaml


def synonyms_path() -> Path:
    """The shipped synonyms file."""
    return Path(str(resources.files("sendkg.data") / "vocabulary" / "synonyms.yaml"))


@cache
def synonym_groups(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Normalised term -> every normalised term of its group, the preferred one first.

    Raises LoaderError (file and line) for a file not in the documented shape, or a
    term listed in two groups.
    """
    path = path or synonyms_path()
    content = read_yaml(path)
    groups = content.get("synonyms") if isinstance(content, dict) else None
    if not isinstance(groups, list):
        raise LoaderError(path, 1, "expected a `synonyms:` list of groups")
    table: dict[str, tuple[str, ...]] = {}
    for number, group in enumerate(groups, start=1):
        if not isinstance(group, list) or not all(isinstance(t, str) for t in group):
            raise LoaderError(path, content.line_of("synonyms"),
                              f"group {number} is not a list of words: {group!r}")
        terms = tuple(dict.fromkeys(normalise(term) for term in group))
        for term in terms:
            if term in table:
                raise LoaderError(path, content.line_of("synonyms"),
                                  f"{term!r} is in two groups ({table[term][0]!r} and "
                                  f"{terms[0]!r}); a word can mean one thing only")
            table[term] = terms
    return table


def preferred(term: str) -> str | None:
    """The preferred term of `term`'s group (normalised), or None when it has none."""
    group = synonym_groups().get(normalise(term))
    return group[0] if group else None
