"""Governance vocabulary: what counts as a body, how a body is named, how often.

Shared by the sentence forms, the membership lists and the reader of
`sendkg.ingest.governance_text`: the `Statement` they all yield, the body and organisation
words, `body_name` (a body's name and acronym in a phrase), `frequency_in` ("quarterly")
and the lists of bodies named in a phrase or sentence. Kept apart so each of those
modules reads names the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from sendkg.loaders.rows import Location
from sendkg.names import PERSONAL_TITLES

BODY = (r"(?:Board|Group|Partnership|Committee|Panel|Forum|Executive|Network|Cabinet|"
        r"Team|Bodies|Body|Council|Commission|Collaborative|Sub-?group|Assembly|Trust)s?")
# Organisations named without a body word: "NHS England", "Department for Education",
# "the Integrated Care System", "Public Health", "Police and Crime Commissioner".
ORGANISATION = re.compile(r"^(?:NHS\s+[A-Z][\w&' ]*|Department\s+(?:for|of)\s+[A-Z][\w ]*|"
                          r"(?:[A-Z][\w&' ]*\s)?(?:Integrated Care (?:System|Board)|ICB|CCG|"
                          r"Public Health|Healthwatch[\w ]*|Authority|Commissioner|Ofsted|"
                          r"Council|Trust|Service|Services)|Public Health|Healthwatch[\w ]*|"
                          r"Ofsted)$")
_BODY_END = re.compile(rf"\b{BODY}(?:\s+(?:for|of|on)\s+[A-Z][\w'’]*"
                       rf"(?:\s+[A-Z][\w'’]*){{0,3}})?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}s?$")
_LEADING = re.compile(r"^(?:\d+\.?\s+)?(?:(?:the|a|an|this|our|its|their)\s+)?(?:(?:Objectives?|"
                      r"Purpose|Role|Membership|Members|Chair|Work|Remit|Aims?)\s+of\s+"
                      r"(?:the\s+)?)?", re.I)
_PLAN_SUBJECT = re.compile(r"\b(?:the|this|our)\s+(?:overall\s+)?(?:plan|strategy)\b|"
                           r"\bstrategy\b|\bgovernance arrangements\b|"
                           r"work-?streams|key actions|progress", re.I)
_MENTION = re.compile(rf"(?:\b[A-Z][\w&'’-]*|\([A-Z]+\))(?:\s+(?:[A-Z0-9][\w&'’()-]*|and|of|for|"
                      rf"on|&|-))*\s+{BODY}\b(?:\s+\([A-Z][A-Za-z&]{{1,7}}\))?")
_CLAUSE_END = re.compile(r"\s*(?:,\s*with\b|\bwith\s+the\b|\(|\bon an?\s+\w+\s+basis|"
                         r"\bfor\s+(?:the\s+)?(?:delivery|scrutiny|oversight|assurance|approval|"
                         r"information|decision|challenge)\b|\bon\s+\d|\bthat\b|"
                         r"\bin order\b|\bto\s+(?:ensure|provide|oversee|monitor)\b|[.;:]"
                         r"(?:\s|$)|\bevery\b|\bwhich\b|\bwho\b|\busing\b|\band\s+below\b).*$",
                         re.I)
_LIST_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s+alongside\s+|\s+as well as\s+)")
TITLES = PERSONAL_TITLES


VALUE = "value"  # the object_kind of a statement that sets a property of its subject


@dataclass(frozen=True)
class Statement:
    """One governance fact as read: subject --relation--> object, with qualifiers; or,
    when `object_kind` is VALUE, a property of the subject ("established") and its value
    (the props keep the text as written)."""

    relation: str
    subject: str
    object: str
    where: Location
    sentence: str
    subject_kind: str = "Board"  # "Plan", "Board", "Person" ...
    object_kind: str = "Board"
    props: tuple[tuple[str, str], ...] = ()
    subject_aliases: tuple[str, ...] = ()
    object_aliases: tuple[str, ...] = ()


@cache
def frequency_vocabulary() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, normalised name) from data/vocabulary/frequencies.yaml, in file order."""
    path = Path(str(resources.files("sendkg.data") / "vocabulary" / "frequencies.yaml"))
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["frequencies"]
    return tuple((re.compile(r"(?<![\w-])(?:" + "|".join(entry[1:]) + r")(?![\w-])", re.I),
                  entry[0]) for entry in entries)


def frequency_written(text: str) -> tuple[str, str] | None:
    """(normalised, as written) for the first frequency in `text`.

    >>> frequency_written("reports every 6 weeks to the Board")
    ('every six weeks', 'every 6 weeks')
    """
    for pattern, name in frequency_vocabulary():
        match = pattern.search(text)
        if match:
            return name, match.group(0)
    return None


def frequency_in(text: str) -> str | None:
    """'on a quarterly basis' -> 'quarterly'.

    >>> frequency_in("receiving an annual report"), frequency_in("meets bi-monthly")
    ('annual', 'bi-monthly')
    >>> frequency_in("reports termly"), frequency_in("at each meeting")
    ('termly', 'at each meeting')
    """
    found = frequency_written(text)
    return found[0] if found else None


def body_name(text: str) -> tuple[str | None, tuple[str, ...]]:
    """A body's name in a phrase (articles and trailing clauses cut) and any acronym.

    >>> body_name("the local SEND Strategy and Accountability Group, with the Board")
    ('SEND Strategy and Accountability Group', ())
    >>> body_name("A Quality Improvement Board (QIB)")
    ('Quality Improvement Board', ('QIB',))
    >>> body_name("the local area"), body_name("both NHS England")
    ((None, ()), ('NHS England', ()))
    """
    inner = _INNER_ACRONYM.search(text)
    words = inner["long"].split() if inner else []
    for start in range(len(words)):
        long = " ".join(words[start:])
        if _initials(long) == inner["short"].lower():
            before = text[:inner.start()] + " ".join(words[:start])
            name, aliases = body_name(f"{before} {inner['short']} {inner['rest']}".strip())
            full = body_name(f"{before} {long} {inner['rest']}".strip())[0]
            return name, aliases + ((full,) if name and full else ())
    # "(LCC)" inside "Lancashire County Council (LCC) Cabinet" names the council, not the
    # Cabinet: only an acronym after the whole name is the body's.
    acronyms = tuple(re.findall(r"\(([A-Z][A-Za-z&]{1,7})\)(?!\s+[A-Z])", text))
    cut = _CLAUSE_END.sub("", re.sub(r"\s*\([A-Z][A-Za-z&]{1,7}\)", "", text)).strip()
    cut = _ADJECTIVES.sub("", _LEADING.sub("", cut)).strip(" *,-–")
    cut = re.sub(r"\s*\*+\s*", " ", cut).strip()
    if not cut or len(cut.split()) > 12 or _VERB.search(cut):
        return None, ()
    if _BODY_END.search(cut) or _ACRONYM.match(cut) or ORGANISATION.match(cut):
        return cut, acronyms
    return None, ()


# Lower-case words before a name ("local", "new", "multi-agency"), but never a clause
# ("... had been approved by the Cabinet" names no subject).
_ADJECTIVES = re.compile(r"^(?:(?!(?:by|been|be|is|are|was|were|had|has|have|will|would|to|"
                         r"and|that|with|from|of)\b)[a-z][\w'-]*\s+){1,4}(?=[A-Z])")
_VERB = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|been|reports?|reporting|"
                   r"accountable|chaired|meets?|oversees?|provides?)\b", re.I)
_INNER_ACRONYM = re.compile(r"(?P<long>(?:[A-Z][\w'’/-]*\s+(?:(?:and|or|of|&)\s+)?){2,8})"
                            r"\((?P<short>[A-Z][A-Za-z&]{1,7})\)\s+(?P<rest>[A-Z].*)$")


def _initials(words: str) -> str:
    """'Special Educational Needs and Disabilities' -> 'send' (small words left out)."""
    return "".join(w[0] for w in re.split(r"[\s/-]+", words.lower())
                   if w and w not in {"and", "or", "of", "&"})


def _bodies(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Several bodies named in one object phrase ("A Board, B Group and C Partnership")."""
    found, pending = [], ""
    text = re.sub(r"\s*\([A-Z][A-Za-z&]{1,7}\)(?=\s+[A-Z])", "", text)  # "(LCC) Cabinet"
    for piece in _LIST_SPLIT.split(_CLAUSE_END.sub("", text)):
        if _LIST_SPLIT.fullmatch(piece):
            pending += piece if pending else ""
            continue
        pending += piece
        name, aliases = body_name(pending)
        if name:
            found.append((name, aliases))
            pending = ""
        elif not re.search(r"[A-Z]", pending):  # "the local community": nobody named
            pending = ""
    return found


def mentioned_bodies(text: str) -> list[str]:
    """Bodies named in a sentence, in order (a lone "Board" is no name).

    >>> mentioned_bodies("We were required to create a SEND Improvement Board (SIB).")
    ['SEND Improvement Board']
    """
    found = []
    for match in _MENTION.finditer(text):
        name, _ = body_name(re.sub(r"^(?:The|A|An|This|Our|Its|Their|Both)\s+", "",
                                   match.group(0)))
        if name and (len(name.split()) > 1 or _ACRONYM.match(name)):
            found.append(name)
    return found


Subject = tuple[str, str, tuple[str, ...], "str | None"]  # kind, name, aliases, note
