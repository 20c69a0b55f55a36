"""Responsible-officer cells split into people, posts and organisations.

Officers write "Paul Shadforth/ Mark Smith L/A", "Sarah Burns and Gill Findley ND & DDES
CCGs", "Kim Lawther DCO" or "ICB with support from all partners". Organisations and posts
are found through the registry's names, aliases and abbreviations (a `NameIndex`); what
is left is read as people's names. An organisation written after names belongs to the
names joined to it by "/", "and" or "&"; one written after no name is itself responsible.

>>> from sendkg.records import Node
>>> index = NameIndex([Node("org:la", "Organisation", "Example Council", ("L/A",)),
...                    Node("post:dco", "Post", "Designated Clinical Officer", ("DCO",))])
>>> [(o.name, [a.name for a in o.affiliations]) for o in
...  split_officers("Paul Shadforth/ Mark Smith L/A Kim Lawther DCO", index)]
[('Paul Shadforth', ['L/A']), ('Mark Smith', ['L/A']), ('Kim Lawther', ['DCO'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sendkg.ingest.markup import strip_tags
from sendkg.ingest.name_index import Mention, NameIndex
from sendkg.names import PERSONAL_TITLES

LINKABLE = ("Organisation", "Post", "Board")
TITLES = PERSONAL_TITLES
NAME_WORD = r"(?:[A-Z](?:[^\W\d_]|['’-])+)"
_PERSON = re.compile(rf"^(?:{TITLES}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}$")
_PAIRS = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD}){{3}}(?:(?:\s+{NAME_WORD}){{2}})?$")
_TITLE = re.compile(rf"^{TITLES}\s+")
POST_WORDS = re.compile(
    r"\b(?:Head of|Director|Manager|Officer|Lead|Commissioner|Co-?ordinator|Chief|"
    r"Executive|Consultant|Nurse|Advis[eo]r|Principal|Chair|Clinician|Paediatrician|"
    r"Psychologist|Practitioner|Leader|Designated|Specialist|Administrator|Analyst)\b")
POST_START = re.compile(
    r"\b(?:Head of|(?:Corporate|Assistant|Deputy|Executive|Strategic|Operational)?\s*"
    r"Director\b|(?:Strategic|Service|Team|Operations|Commissioning|Senior|Programme|"
    r"Project|Quality)\s+Manager\b|Chief\s+\w+)")
BOARD_WORDS = re.compile(r"\b(?:Board|Group|Committee|Panel|Partnership|Forum|Executive|"
                         r"Network|Steering Group|Sub-?group)s?\b")
ORG_WORDS = re.compile(
    r"\b(?:Council|CCGs?|ICB|ICS|NHS|NHSFT|FT|Trust|Foundation|Services?|Public Health|"
    r"Police|Constabulary|Authority|Commissioning|Unit|Team|Department|Agency|Academy|"
    r"Schools?|College|University|Hospital|Practice|Office|Partners)\b")
UNIT_WORDS = re.compile(r"\b(?:Public Health|Services|Team|Unit|Department|Directorate)$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z&/]{1,6}s?$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]?\.?$|^[A-Z]\.[A-Z]$")
_SUPPORT = re.compile(r"\s*\bwith(?: the)? support (?:from|of)\s+(?P<who>.*)$", re.I)
_CONNECTOR = re.compile(r"\s*(?:/|\band\b|&|\+)\s*")
_EVERYONE = re.compile(r"^(?:all\s+)?(?:the\s+)?(?:partners|agencies|services|members)\b", re.I)


@dataclass(frozen=True)
class OrgRef:
    """An organisation, post or board as written, with the ids it is known by."""

    name: str
    kind: str
    ids: tuple[str, ...] = ()
    part_of: OrgRef | None = None  # "Public Health L/A": the unit's organisation


@dataclass(frozen=True)
class Officer:
    """One responsible party of a cell: a person, post, organisation or board.

    `affiliations` are the organisations (or, for a person, posts) written with them;
    `ids` are filled when the party itself is a registry entry.
    """

    name: str
    kind: str
    ids: tuple[str, ...] = ()
    affiliations: tuple[OrgRef, ...] = ()
    role: str = "lead"
    note: str | None = None


@dataclass
class _Segment:
    """A piece of the cell: a known name, a parenthesised remark, or free text."""

    text: str
    known: Mention | None = None
    bracketed: bool = False
    joined_before: bool = False  # "/", "and" or "&" stood before it


@dataclass
class _Reader:
    index: NameIndex
    officers: list[Officer] = field(default_factory=list)
    group: list[int] = field(default_factory=list)  # officers a following org belongs to
    group_closed: bool = True
    open_unit: OrgRef | None = None

    def add_person_like(self, officer: Officer, joined: bool) -> None:
        self.open_unit = None
        if not joined or self.group_closed:
            self.group = []
        self.group.append(len(self.officers))
        self.officers.append(officer)
        self.group_closed = False

    def affiliate(self, ref: OrgRef) -> None:
        if self.open_unit is not None:
            self._unit_within(ref)
        elif self.group and not self.group_closed:
            for position in self.group:
                officer = self.officers[position]
                if officer.kind == "Person" or ref.kind != "Post":
                    self.officers[position] = replace(
                        officer, affiliations=officer.affiliations + (ref,))
            self.group_closed = ref.kind != "Post"
            self.open_unit = ref if self._is_unit(ref) else None
        else:
            self.officers.append(Officer(ref.name, ref.kind, ref.ids))
            self.group, self.group_closed = [], True

    def last_is_person(self) -> bool:
        return bool(self.group) and not self.group_closed and \
            self.officers[self.group[-1]].kind == "Person"

    def _is_unit(self, ref: OrgRef) -> bool:
        kinds = {dict(self.index.known[i].props).get("kind") for i in ref.ids
                 if i in self.index.known}
        return ref.kind == "Organisation" and ("unit" in kinds or not ref.ids
                                               and bool(UNIT_WORDS.search(ref.name)))

    def _unit_within(self, ref: OrgRef) -> None:
        """'Public Health L/A': the organisation a unit belongs to."""
        unit, self.open_unit = self.open_unit, None
        for position in self.group:
            officer = self.officers[position]
            self.officers[position] = replace(officer, affiliations=tuple(
                replace(a, part_of=ref) if a == unit else a for a in officer.affiliations))

    def note_last(self, note: str) -> None:
        targets = self.group or ([len(self.officers) - 1] if self.officers else [])
        for position in targets:
            officer = self.officers[position]
            joined = f"{officer.note}; {note}" if officer.note else note
            self.officers[position] = replace(officer, note=joined)


_POST_LEAD_IN = re.compile(rf"{POST_WORDS.pattern}(?:\s+(?:of|for))?(?:\s+the)?\s*,?\s*$")
WHOLE_ORGANISATION_KINDS = {"local authority", "CCG", "ICB", "NHS England", "NHS trust",
                            "commissioning support unit", "police and crime commissioner",
                            "regulator", "government department", "government agency"}


def _inside_post(text: str, mention: Mention, index: NameIndex) -> bool:
    """True when a known name is part of a post title: "Head of Children's Services",
    "Strategic Manager, Children's Services Reform" (but not "Manager, Durham County
    Council", a post and the organisation it is in)."""
    before = re.split(r"[/;]", text[: mention.start])[-1]
    lead_in = _POST_LEAD_IN.search(before)
    if not lead_in:
        return False
    if re.search(r"\b(?:of|for)(?:\s+the)?\s*$", before) or lead_in.group(0).startswith("Head"):
        return True
    kinds = {dict(index.known[i].props).get("kind") for i in mention.ids if i in index.known}
    continues = re.match(r"\s*[A-Za-z]", text[mention.end:]) is not None
    return continues or not kinds & WHOLE_ORGANISATION_KINDS


def _segments(text: str, index: NameIndex) -> list[_Segment]:
    """Cut the cell at known names and parenthesised remarks, keeping free text between."""
    cuts = [(m.start, m.end, m) for m in index.mentions(text, LINKABLE)
            if not _inside_post(text, m, index)]
    for match in re.finditer(r"\(([^()]*)\)", text):
        if not any(s <= match.start() < e for s, e, _ in cuts):
            cuts.append((match.start(), match.end(), None))
    cuts.sort(key=lambda cut: cut[0])
    segments, position = [], 0
    for start, end, mention in cuts:
        if start < position:
            continue
        segments += _free(text[position:start])
        inner = text[start:end]
        bracketed = inner.startswith("(") and mention is None
        joined = bool(re.search(r"(?:/|\band|&)\s*$", text[position:start]))
        segments.append(_Segment(inner.strip("() ") if bracketed else inner, mention,
                                 bracketed, joined))
        position = end
    return segments + _free(text[position:])


def _free(text: str) -> list[_Segment]:
    """Free text cut at "/", ";" and "+" (names joined by "and"/"&" are cut later, since
    "and" also stands inside post and organisation names)."""
    parts, joined = [], bool(re.match(r"\s*(?:/|\band\b|&|\+)", text))
    for piece in re.split(r"(\s*[/;+]\s*)", text):
        if re.fullmatch(r"\s*[/;+]\s*", piece):
            joined = piece.strip() != ";"
            continue
        piece = re.sub(r"^(?:and|&)\s+|\s+(?:and|&)$", "", piece.strip(" ,.-–:"))
        if piece:
            parts.append(_Segment(piece, joined_before=joined))
            joined = False
    return parts


def _people(text: str) -> list[str]:
    """Names in a run of capitalised words: four words without a joiner are two people."""
    words = text.split()
    title = words[0] if words and _TITLE.match(words[0] + " ") else None
    if title or len(words) not in {4, 6}:
        return [text]
    return [" ".join(words[i:i + 2]) for i in range(0, len(words), 2)]


def _split_person_org(text: str) -> tuple[str | None, str]:
    """'Suzanne Lamb Durham and Harrogate NHSFT' -> ('Suzanne Lamb', 'Durham and ...')."""
    match = re.match(rf"^((?:{TITLES}\s+)?{NAME_WORD}\s+{NAME_WORD})[\s,]+(.+)$", text)
    if match and not ORG_WORDS.search(match[1]) and not POST_WORDS.search(match[1]):
        return match[1], match[2]
    return None, text


def _posts(text: str) -> list[str]:
    starts = [m.start() for m in POST_START.finditer(text) if m.start() > 0]
    bounds = [0, *starts, len(text)]
    return [text[a:b].strip(" ,") for a, b in zip(bounds, bounds[1:]) if text[a:b].strip(" ,")]


def _kind_of_text(text: str) -> str | None:
    """Person, Post, Organisation or Board for free text, or None if unrecognisable."""
    if BOARD_WORDS.search(text) and not POST_WORDS.search(text):
        return "Board"
    if POST_WORDS.search(text):
        return "Post"
    if ORG_WORDS.search(text) or _ABBREVIATION.match(text) and text.upper() == text:
        return "Organisation"
    if _PERSON.match(text) or _PAIRS.match(text):
        return "Person"
    return None


def _splits_into_parties(text: str) -> bool:
    """'LA and ICB' is two parties; 'Durham and Harrogate NHSFT' is one trust."""
    pieces = re.split(r"\s+(?:and|&)\s+", text)
    return len(pieces) > 1 and all(
        _ABBREVIATION.match(p) and p.upper() == p or _PERSON.match(p) or _PAIRS.match(p)
        for p in pieces) and not all(" " not in p and p.upper() != p for p in pieces)


def _read_free(reader: _Reader, segment: _Segment) -> None:
    text, joined = segment.text, segment.joined_before
    if _EVERYONE.match(text):
        reader.note_last(f"with {text}")
        return
    known = reader.index.exact(text, LINKABLE)
    if len(known) == 1 and known[0].type != "Post":
        reader.affiliate(OrgRef(text, known[0].type, (known[0].id,)))
        return
    person, rest = _split_person_org(text)
    rest_kind = _kind_of_text(rest) if person else None
    if rest_kind in {"Organisation", "Board", "Post"}:
        reader.add_person_like(Officer(person, "Person"), joined)
        reader.affiliate(OrgRef(rest, rest_kind))
        return
    kind = _kind_of_text(text)
    if kind == "Organisation" and _splits_into_parties(text):
        kind = None
    if kind == "Post":
        for number, post in enumerate(_posts(text)):
            reader.add_person_like(Officer(post, "Post"), joined or number > 0)
    elif kind in {"Organisation", "Board"}:
        reader.affiliate(OrgRef(text, kind))
    elif re.search(r"\s(?:and|&)\s", text):
        for number, piece in enumerate(re.split(r"\s+(?:and|&)\s+", text)):
            _read_free(reader, _Segment(piece, joined_before=joined or number > 0))
    elif kind == "Person":
        for number, name in enumerate(_people(text)):
            reader.add_person_like(Officer(name, "Person"), joined and number == 0)
    else:
        reader.note_last(f"unread: {text!r}")


def _read_segment(reader: _Reader, segment: _Segment) -> None:
    if segment.known is not None:
        kinds = {reader.index.known[i].type for i in segment.known.ids if i in reader.index.known}
        kind = "Organisation" if not kinds or "Organisation" in kinds else kinds.pop()
        if kind == "Post" and (segment.joined_before or not reader.last_is_person()):
            reader.add_person_like(Officer(segment.text, "Post", segment.known.ids),
                                   segment.joined_before)
        else:
            reader.affiliate(OrgRef(segment.text, kind, segment.known.ids))
    elif segment.bracketed and _INITIALS.match(segment.text):
        reader.note_last(f"officer initials {segment.text}")
    elif segment.bracketed:
        known = reader.index.expand(segment.text) or tuple(
            k.id for k in reader.index.exact(segment.text, LINKABLE))
        kind = _kind_of_text(segment.text)
        reader.affiliate(OrgRef(segment.text, kind if kind in LINKABLE else "Organisation",
                                known))
    else:
        _read_free(reader, segment)


def split_officers(text: str, index: NameIndex, role: str = "lead") -> list[Officer]:
    """The responsible parties named in one officer cell (or fragment of one).

    >>> from sendkg.records import Node
    >>> index = NameIndex([Node("org:icb", "Organisation", "Example ICB", ("ICB",))])
    >>> [(o.name, o.kind, o.ids, o.role, o.note) for o in
    ...  split_officers("ICB with support from all partners", index)]
    [('ICB', 'Organisation', ('org:icb',), 'lead', 'with support from all partners')]
    >>> [(o.name, o.kind, o.note) for o in split_officers("CYC (S.D)", index)]
    [('CYC', 'Organisation', 'officer initials S.D')]
    """
    text = " ".join(strip_tags(text).split())
    text = re.sub(r"\b([A-Z]['’])\s+(?=[A-Z])", r"\1", text)  # "Gill O' Neill"
    support = _SUPPORT.search(text)
    main = text[: support.start()] if support else text
    reader = _Reader(index)
    for segment in _segments(main, index):
        _read_segment(reader, segment)
    officers = [replace(o, role=role) for o in reader.officers]
    if support:
        helpers = split_officers(support["who"], index, role="support")
        everyone = [h for h in helpers if h.note and not h.name]
        if not helpers or everyone or _EVERYONE.match(support["who"]):
            officers = [_noted(o, f"with support from {support['who']}") for o in officers]
        else:
            officers += helpers
    return officers


def _noted(officer: Officer, note: str) -> Officer:
    return replace(officer, note=f"{officer.note}; {note}" if officer.note else note)
