"""Forms of one first name ("Becky" and "Rebecca", "Bob" and "Robert"), for identity.

The groups are data (data/vocabulary/nicknames.yaml). Identity lists two people whose
first names are forms of one name for review; it never merges them on this alone.

>>> sorted(full_names("Becky"))
['rebecca']
>>> same_first_name("Becky", "Rebeca")  # a spelling of Rebecca
True
>>> same_first_name("Mark", "Marie")
False
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from sendkg.errors import LoaderError
from sendkg.names import normalise
from sendkg.yaml_lines import read_yaml

SPELLING = 85.0  # "Rebeca" is Rebecca spelt short (92)


def nicknames_path() -> Path:
    return Path(str(resources.files("sendkg.data") / "vocabulary" / "nicknames.yaml"))


@cache
def nickname_table(path: Path | None = None) -> dict[str, frozenset[str]]:
    """Normalised form -> the full names it is a form of (a nickname may be several)."""
    path = path or nicknames_path()
    content = read_yaml(path)
    groups = content.get("nicknames") if isinstance(content, dict) else None
    if not isinstance(groups, list):
        raise LoaderError(path, 1, "expected a `nicknames:` list of groups")
    table: dict[str, set[str]] = {}
    for number, group in enumerate(groups, start=1):
        if not isinstance(group, list) or not all(isinstance(n, str) for n in group):
            raise LoaderError(path, content.line_of("nicknames"),
                              f"group {number} is not a list of names: {group!r}")
        full = normalise(group[0])
        for name in group:
            table.setdefault(normalise(name), set()).add(full)
    return {name: frozenset(fulls) for name, fulls in table.items()}


@cache  # a large graph asks again for each of thousands of people
def full_names(first: str) -> frozenset[str]:
    """The full names `first` is a form of (itself when it is a full name), or, for a
    name not listed, the listed full name it is a spelling of; else nothing."""
    first = normalise(first)
    table = nickname_table()
    if first in table:
        return table[first]
    from rapidfuzz import fuzz

    return frozenset(f for fulls in table.values() for f in fulls
                     if fuzz.ratio(first, f) >= SPELLING)


def same_first_name(a: str, b: str) -> bool:
    """Whether two different first names are forms of one name."""
    return normalise(a) != normalise(b) and bool(full_names(a) & full_names(b))
