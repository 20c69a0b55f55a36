"""Legislation and guidance names split out of a cell and normalised against the registry.

A cell may hold several names ("NHS Act 2006/Health and Social Care Act 2012", or
"Children and Families Act 2014 Autism Act 2009" with no separator at all). Each name is
matched to the legislation registry by label or alias, then, for guidance (not Acts),
by its name without the year: the SEND Code of Practice is one code whether a paper
says 2014 or 2015. An Act of another year is another Act and is never matched that way.

>>> split_legislation("NHS Act 2006/Health and Social Care Act 2012")
['NHS Act 2006', 'Health and Social Care Act 2012']
>>> split_legislation("Children and Families Act 2014 Autism Act 2009 SEND Code of Practice 2015")
['Children and Families Act 2014', 'Autism Act 2009', 'SEND Code of Practice 2015']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendkg.ingest.markup import TAG
from sendkg.ingest.name_index import Known, NameIndex
from sendkg.names import normalise

YEAR = r"(?:\(?(?:19|20)\d{2}\)?)"
_SEPARATORS = re.compile(r"\s*(?:;|,|/(?!\d)|\n|•|\band\s+the\b(?=\s+[A-Z]))\s*")
ACT_WORDS = re.compile(r"\bAct\b", re.I)
KIND_WORDS = [
    (re.compile(r"\bAct\b", re.I), "Act"),
    (re.compile(r"\b(?:Regulations|Order|Rules)\b", re.I), "statutory instrument"),
    (re.compile(r"\b(?:Code of Practice|Guidance|Working Together|Statutory)\b", re.I),
     "statutory guidance"),
    (re.compile(r"\bFramework\b", re.I), "framework"),
]


@dataclass(frozen=True)
class LegislationName:
    """A name as written, and what it resolved to."""

    written: str
    known: Known | None = None
    how: str = "new"  # "exact", "alias", "without year", "new"
    near: tuple[tuple[str, float], ...] = ()

    @property
    def id(self) -> str | None:
        return self.known.id if self.known else None


def _split_after_years(text: str) -> list[str]:
    """Cut where a year ends one name and a capital letter starts the next."""
    parts = re.split(r"(?<=(?:19|20)\d{2})\)?\s+(?=[A-Z])", text)
    rebuilt = []
    for part in parts:
        if rebuilt and re.match(r"^\)", part):
            rebuilt[-1] += part
        else:
            rebuilt.append(part)
    return rebuilt


def split_legislation(text: str) -> list[str]:
    """The separate names in a legislation/drivers cell (markup already removed).

    >>> split_legislation("Children and Families Act 2014, SEND Code of Practice 2015,")
    ['Children and Families Act 2014', 'SEND Code of Practice 2015']
    >>> split_legislation("Working Together to Safeguard Children (2015)")
    ['Working Together to Safeguard Children (2015)']
    """
    text = " ".join(TAG.sub("\n", str(text)).replace("\n", " ; ").split())
    names = []
    for piece in _SEPARATORS.split(text):
        for name in _split_after_years(piece):
            name = name.strip(" .,;:-–•")
            if re.search(r"[A-Za-z]{2}", name):
                names.append(name)
    return names


def kind_of(name: str) -> str:
    """The legislation kind a name suggests ('national policy' when nothing does).

    >>> kind_of("Care Act 2014"), kind_of("SEND Code of Practice"), kind_of("Local offer")
    ('Act', 'statutory guidance', 'national policy')
    """
    for pattern, kind in KIND_WORDS:
        if pattern.search(name):
            return kind
    return "national policy"


def _without_year(name: str) -> str:
    return normalise(re.sub(rf"^the\s+|\s*{YEAR}\s*$", "", name.strip(), flags=re.I))


def _by_stem(name: str, index: NameIndex) -> Known | None:
    """Guidance matched by its name without the year: never an Act, and only guidance
    whose registry label names no year (one code across its revisions; a dated edition
    such as Working Together 2015 is not Working Together 2018)."""
    if ACT_WORDS.search(name):
        return None
    stem = _without_year(name)
    hits = {k.id: k for k in index.known.values() if k.type == "Legislation"
            and dict(k.props).get("kind") != "Act"
            and not re.search(rf"{YEAR}\s*$", k.label)
            and any(_without_year(n) == stem for n in k.names)}
    return next(iter(hits.values())) if len(hits) == 1 else None


def resolve_legislation(name: str, index: NameIndex) -> LegislationName:
    """Link one name to the registry: exact label, alias, or guidance without its year.

    >>> from sendkg.records import Node
    >>> index = NameIndex([Node("leg:nhs-act-2006", "Legislation", "National Health Service "
    ...     "Act 2006", ("NHS Act 2006",), {"kind": "Act"}), Node("leg:cop", "Legislation",
    ...     "SEND Code of Practice", ("SEND Code of Practice 2015",),
    ...     {"kind": "statutory guidance"})])
    >>> resolve_legislation("The NHS Act 2006", index).how
    'alias'
    >>> resolve_legislation("Send Code of Practice 2014", index).id
    'leg:cop'
    >>> resolve_legislation("NHS Act 2012", index).id is None
    True
    """
    for candidate in (name, re.sub(r"^the\s+", "", name, flags=re.I)):
        hits = index.exact(candidate, ["Legislation"])
        if len(hits) == 1:
            how = "exact" if normalise(hits[0].label) == normalise(candidate) else "alias"
            return LegislationName(name, hits[0], how)
    stem = _by_stem(name, index)
    if stem is not None:
        return LegislationName(name, stem, "without year")
    near = tuple((k.id, score) for k, score in index.near(name, ["Legislation"]))
    return LegislationName(name, None, "new", near)


_NAMED_IN_PROSE = re.compile(
    r"(?<![\w])((?:[A-Z][\w'’-]*,?\s+(?:(?:and|of|for|the|to|in|on|with)\s+)*)+"
    r"(?:\((?:England|Wales|Scotland)\)\s+)?(?:Act|Regulations|Order|Code of Practice)"
    r"\s+\(?(?:19|20)\d{2}\)?)")


def legislation_mentioned(text: str, index: NameIndex) -> list[LegislationName]:
    """Acts, regulations and known guidance named inside prose (an objective's text).

    >>> legislation_mentioned("review reports prepared under 'The Care Planning, Placement "
    ...     "and Case Review (England) Regulations 2010' to make sure", NameIndex())[0].written
    'Care Planning, Placement and Case Review (England) Regulations 2010'
    """
    names = [re.sub(r"^(?:The|A)\s+", "", m.group(1)) for m in _NAMED_IN_PROSE.finditer(text)]
    names += [m.text for m in index.mentions(text, ["Legislation"])]
    found: dict[str, LegislationName] = {}
    for name in names:
        resolved = resolve_legislation(name, index)
        found.setdefault(resolved.id or normalise(name), resolved)
    return list(found.values())


def legislation_in(text: str, index: NameIndex) -> list[LegislationName]:
    """Every name of a cell, split and resolved, without repeats."""
    found: dict[str, LegislationName] = {}
    for name in split_legislation(text):
        resolved = resolve_legislation(name, index)
        found.setdefault(resolved.id or normalise(name), resolved)
    return list(found.values())
