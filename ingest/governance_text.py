"""Governance sentences: who reports to whom, sub-groups, replacements, chairs, members.

Reads prose such as "The overall progress of the plan will be reported on a quarterly
basis to the local SEND Strategy and Accountability Group", "The Healthy Child Programme
Board (HCPB) is a sub group of the Health and Wellbeing Board", "Chair: Gill Findley"
and membership lists, and yields one `Statement` per relation with the line it stands
on. Only subjects that are bodies (or the plan itself, or "the group" of a terms of
reference) are read: a sentence about anything else is left alone.

>>> from sendkg.loaders.rows import Location, Row
>>> rows = [Row(("The Healthy Child Programme Board (HCPB) is a sub group of the Health "
...              "and Wellbeing Board.",), Location("f", 3), prose=True)]
>>> [(s.relation, s.subject, s.object, s.subject_aliases) for s in governance_statements(rows)]
[('subGroupOf', 'Healthy Child Programme Board', 'Health and Wellbeing Board', ('HCPB',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from sendkg.loaders.rows import Location, Row

BODY = (r"(?:Board|Group|Partnership|Committee|Panel|Forum|Executive|Network|Cabinet|"
        r"Team|Bodies|Body|Council|Commission|Collaborative|Sub-?group|Assembly|Trust)s?")
_BODY_END = re.compile(rf"\b{BODY}(?:\s+(?:for|of|on)\s+[A-Z][\w'’]*"
                       rf"(?:\s+[A-Z][\w'’]*){{0,3}})?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}s?$")
_LEADING = re.compile(r"^(?:\d+\.?\s+)?(?:(?:the|a|an|this|our|its|their)\s+)?(?:(?:Objectives?|"
                      r"Purpose|Role|Membership|Members|Chair|Work|Remit|Aims?)\s+of\s+"
                      r"(?:the\s+)?)?", re.I)
_PLAN_SUBJECT = re.compile(r"\b(?:the|this|our)\s+(?:overall\s+)?(?:plan|strategy)\b|"
                           r"work-?streams|key actions|progress", re.I)
_SELF = re.compile(rf"^(?:the\s+)?(?:chair\s+of\s+the\s+)?(?:{BODY.lower()}|working group)$",
                   re.I)
_REPORT = re.compile(
    r"^(?P<s>.+?)\s+(?:will|shall|is|are|to|must)?\s*(?:be\s+)?(?:being\s+)?"
    r"(?:reported|report|reports|reporting)\b(?P<how>[^.]*?)\s+(?:in)?to\s+(?P<o>.+)$", re.I)
_ACCOUNTABLE = re.compile(r"^(?P<s>.+?)\s+(?:is|are|will be)\s+accountable\s+(?:for\s+"
                          r"(?P<what>.+?)\s+)?to\s+(?P<o>.+)$", re.I)
_MONITORED = re.compile(r"^(?P<s>.+?)\s+(?:will|is|are|to)?\s*(?:be\s+|being\s+)?"
                        r"(?:scheduled\s+to\s+be\s+)?monitored\s+(?P<how>\w+ly\s+)?"
                        r"(?:via|through|by)\s+(?P<o>.+)$", re.I)
_SUBGROUP = re.compile(r"^(?P<s>.+?)\s+(?:has been established as|is|was|are|will be|"
                       r"became|operates as)\s+(?:a|an|the)?\s*sub[- ]?group\s+of\s+(?P<o>.+)$",
                       re.I)
_REPLACED = re.compile(r"^(?P<s>.+?)\s+(?:has|have|had|will)\s+(?:been|be)\s+replaced\s+by\s+"
                       r"(?P<o>.+)$", re.I)
_CHAIRED = re.compile(r"^(?P<s>.+?)[\s,]+(?:is\s+|will\s+be\s+|was\s+)?(?:independently\s+)?"
                      r"chaired\s+by\s+(?P<o>.+?)(?:\s+(?:has|have|and|which|who)\b.*)?$", re.I)
_CHAIR_LABEL = re.compile(r"^(?P<s>.*?)\s*\bChair(?:person)?\s*:\s*(?P<o>.+)$")
_RECEIVING = re.compile(r"\bwith\s+(?P<list>.+?)\s+receiving\s+(?:an?\s+)?(?P<what>[\w\s-]*?"
                        r"report)s?\b", re.I)
_CLAUSE_END = re.compile(r"\s*(?:,\s*with\b|\bwith\s+the\b|\(|\bon an?\s+\w+\s+basis|"
                         r"\bin order\b|\bto\s+(?:ensure|provide|oversee|monitor)\b|[.;:]"
                         r"(?:\s|$)|\bevery\b|\bwhich\b|\bwho\b|\busing\b|\band\s+below\b).*$",
                         re.I)
_LIST_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s+alongside\s+|\s+as well as\s+)")
TITLES = r"(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|Rev)\.?"
_LIST_ITEM = re.compile(r"^\s*(?:[-•*➢]\s|\w\)\s|[ivx]+\.\s)", re.I)
_MEMBERSHIP_HEAD = re.compile(r"^\W*(?:\d+\.?\s*)?Membership\s*:?\s*(?P<rest>.*)$", re.I)


@dataclass(frozen=True)
class Statement:
    """One governance fact as read: subject --relation--> object, with qualifiers."""

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
    >>> body_name("the local area")
    (None, ())
    """
    acronyms = tuple(re.findall(r"\(([A-Z][A-Za-z&]{1,7})\)", text))
    cut = _CLAUSE_END.sub("", re.sub(r"\s*\([A-Z][A-Za-z&]{1,7}\)", "", text)).strip()
    cut = re.sub(r"^(?:[a-z][\w'-]*\s+)+", "", _LEADING.sub("", cut)).strip(" *,-–")
    cut = re.sub(r"\s*\*+\s*", " ", cut).strip()
    if not cut or len(cut.split()) > 12:
        return None, ()
    if _BODY_END.search(cut) or _ACRONYM.match(cut):
        return cut, acronyms
    return None, ()


def _bodies(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Several bodies named in one object phrase ("A Board, B Group and C Partnership")."""
    found, pending = [], ""
    for piece in _LIST_SPLIT.split(_CLAUSE_END.sub("", text)):
        pending += piece
        if _LIST_SPLIT.fullmatch(piece):
            continue
        name, aliases = body_name(pending)
        if name:
            found.append((name, aliases))
            pending = ""
    return found


@dataclass
class _Paragraph:
    """Consecutive prose lines read as one text, remembering each character's line."""

    text: str = ""
    lines: list[tuple[int, Location]] = field(default_factory=list)

    def add(self, row: Row) -> None:
        if self.text:
            self.text += " "
        self.lines.append((len(self.text), row.where))
        self.text += row.text

    def where(self, offset: int) -> Location:
        found = self.lines[0][1]
        for start, location in self.lines:
            if start <= offset:
                found = location
        return found


def _sentences(paragraph: _Paragraph) -> Iterator[tuple[str, int]]:
    start = 0
    for match in re.finditer(r"(?<=[.;!?])\s+(?=[A-Z•\-])|\s+(?=•)", paragraph.text):
        yield paragraph.text[start:match.start()], start
        start = match.end()
    yield paragraph.text[start:], start


@dataclass
class _Reader:
    current_body: tuple[str, Location] | None = None
    in_membership: bool = False
    previous_block: list[Row] = field(default_factory=list)
    block: list[Row] = field(default_factory=list)  # lines since the last blank line
    paragraph: _Paragraph = field(default_factory=_Paragraph)

    def flush(self, end_block: bool = False) -> Iterator[Statement]:
        """Read the paragraph gathered so far; at a blank line, close the block too."""
        if self.paragraph.text:
            for sentence, offset in _sentences(self.paragraph):
                yield from self.read_sentence(sentence, self.paragraph.where(offset))
        self.paragraph = _Paragraph()
        if end_block:
            self.previous_block, self.block = (self.block or self.previous_block), []

    def prose_line(self, row: Row) -> Iterator[Statement]:
        """Headings, membership items, and lines of paragraphs."""
        heading = _heading_body(row)
        if heading:
            self.current_body, self.in_membership = (heading, row.where), False
        membership = _MEMBERSHIP_HEAD.match(row.text)
        self.in_membership = self.in_membership or bool(membership)
        if self.in_membership and re.match(r"^\s*[-•*]|^\s*\w\)", row.text):
            yield from self.membership_item(row)
            return
        if self.paragraph.text and (_LIST_ITEM.match(row.text)
                                    or not _continues(self.paragraph, row)):
            yield from self.flush()
        if re.match(r"^\s*\d+\.\s+[A-Z][\w ]+$", row.text) and not membership:
            self.in_membership = False
        self.block.append(row)
        self.paragraph.add(row)

    def subject(self, phrase: str) -> tuple[str, str, tuple[str, ...], str | None] | None:
        """(kind, name, aliases, note) of a sentence subject, or None if not a body/plan."""
        phrase = phrase.strip(" -–•*")
        if _SELF.match(phrase) and self.current_body:
            note = "the chair reports" if "chair" in phrase.lower() else None
            return "Board", self.current_body[0], (), note
        name, aliases = body_name(phrase)
        if name:
            return "Board", name, aliases, None
        if _PLAN_SUBJECT.search(phrase):
            return "Plan", "", (), phrase
        return None

    def relate(self, relation: str, subject, bodies, where: Location, sentence: str,
               **props) -> Iterator[Statement]:
        kind, name, aliases, note = subject
        if note and not props.get("reports"):
            props.setdefault("note", note)
        if relation == "monitoredBy" and kind == "Board":
            relation, props["note"] = "reportsTo", "monitored by"
        props = tuple((k, v) for k, v in props.items() if v)
        for body, body_aliases in bodies:
            if body != name:
                yield Statement(relation, name, body, where, sentence, kind, "Board", props,
                                aliases, body_aliases)

    def read_sentence(self, text: str, where: Location) -> Iterator[Statement]:
        clean = " ".join(text.replace("**", " ").split())
        yield from self._reporting(clean, where)
        for pattern, relation in ((_SUBGROUP, "subGroupOf"), (_REPLACED, "replacedBy")):
            match = pattern.match(clean)
            subject = match and self.subject(match["s"])
            if subject:
                yield from self.relate(relation, subject, _bodies(match["o"])[:1], where, clean)
        match = _CHAIRED.match(clean)
        subject = match and self.subject(match["s"])
        if subject and subject[0] == "Board":
            yield self._chair(subject[1], subject[2], match["o"], where, clean)

    def _reporting(self, clean: str, where: Location) -> Iterator[Statement]:
        for pattern, relation in ((_REPORT, "reportsTo"), (_ACCOUNTABLE, "reportsTo"),
                                  (_MONITORED, "monitoredBy")):
            match = pattern.match(clean)
            subject = match and self.subject(match["s"])
            if not subject:
                continue
            head = clean[: match.start("o")]
            reports = (match.groupdict().get("what") or
                       (re.sub(r"^(?:the\s+)?(.*?)\s+of\s+the\s+plan$", r"\1",
                               match["s"].strip(), flags=re.I)
                        if subject[0] == "Plan" and "progress" in match["s"].lower() else None))
            frequency = frequency_in(head) or frequency_in(_CLAUSE_END.sub("", match["o"]) +
                                                           " " + match["o"][:60])
            yield from self.relate(relation, subject, _bodies(match["o"]), where, clean,
                                   frequency=frequency, reports=reports)
            receiving = _RECEIVING.search(match["o"])
            if receiving and relation == "reportsTo":
                yield from self.relate(relation, subject, _bodies(receiving["list"]), where,
                                       clean, frequency=frequency_in(receiving["what"]),
                                       reports=receiving["what"].strip())
            return

    def _chair(self, body: str, aliases, chair: str, where: Location, sentence: str,
               uncertain: bool = False) -> Statement:
        chair = re.sub(r"^(?:the|an?)\s+", "", _CLAUSE_END.sub("", chair).strip(" *"))
        props = (("role", "chair"),) + ((("uncertain", "true"),
                                         ("note", "read from a diagram label")) if uncertain
                                        else ())
        return Statement("chairedBy", body, chair, where, sentence, "Board", "Officer", props,
                         aliases)

    def chair_label(self, row: Row, block: list[Row], more: str = "") -> Iterator[Statement]:
        match = _CHAIR_LABEL.match(f"{row.text} {more}".replace("**", " ").strip())
        if not match or re.match(r"^(?:vice|deputy)", match["o"], re.I):
            return
        chair = match["o"].strip(" /")
        if not re.search(r"[A-Za-z]{2}", chair) or re.match(r"^(?:TBA|TBC)\b", chair):
            return
        name, aliases = body_name(match["s"]) if match["s"] else (None, ())
        uncertain = False
        label_block = block or self.previous_block
        if not name and label_block:
            name, aliases = body_name(" ".join(r.text for r in label_block))
            uncertain = True
        if name:
            yield self._chair(name, aliases, chair, row.where, row.text, uncertain)

    def membership_item(self, row: Row) -> Iterator[Statement]:
        if not self.current_body:
            return
        text = re.sub(r"^\s*[-•*]\s*|^\s*\w\)\s*", "", row.text)
        parts = [p.strip() for p in re.split(r"\s*[–—]\s*|\s+-\s*|\s*-\s+|(?<=[a-z])-(?=[A-Z])",
                                             text) if p.strip()]
        role = next((p.lower() for p in parts if re.fullmatch(r"(?:vice[- ])?chair", p, re.I)),
                    None)
        people = [p for p in parts if p.lower() != role]
        if len(people) < 2:
            return
        who, post = people[-1], " - ".join(people[:-1])
        props = (("note", post),) + ((("role", role),) if role else ())
        yield Statement("memberOf", who, self.current_body[0], row.where, row.text,
                        "Officer", "Board", props)
        if role == "chair":
            yield Statement("chairedBy", self.current_body[0], who, row.where, row.text,
                            "Board", "Officer", (("role", "chair"),))


def _heading_body(row: Row) -> str | None:
    text = re.sub(r"^\W*(?:\d+\.?\s*)?", "", row.text).strip(" *")
    text = re.sub(r"\s+Terms of Reference$", "", text, flags=re.I)
    if len(text.split()) > 8 or text.endswith(".") or not row.prose:
        return None
    name, _ = body_name(text)
    return name if name == text else None


def _chair_continues(row: Row, following: Row | None) -> str:
    """A diagram label cut mid-name ("Chair: Gill" / "O'Neill") continues on the next line."""
    value = re.sub(rf"^{TITLES}\s+", "", row.text.split(":", 1)[-1].strip())
    if following is None or not following.prose or following.blank or ":" in following.text:
        return ""
    short = len(value.split()) == 1 or value.endswith("/")
    return following.text if short and len(following.text.split()) <= 2 else ""


def governance_statements(rows: Iterable[Row]) -> Iterator[Statement]:
    """Every governance statement in the prose of `rows`, in order."""
    reader = _Reader()
    rows = [*rows, Row(("",), Location("", 0), prose=True)]
    skip = False
    for position, row in enumerate(rows):
        if skip:
            skip = False
        elif not row.prose or row.blank:
            yield from reader.flush(end_block=True)
        elif _CHAIR_LABEL.match(row.text.replace("**", " ")):
            yield from reader.flush()
            following = rows[position + 1] if position + 1 < len(rows) else None
            more = _chair_continues(row, following)
            yield from reader.chair_label(row, reader.block, more)
            reader.previous_block, reader.block, skip = [], [], bool(more)
        else:
            yield from reader.prose_line(row)


_JOINING_END = re.compile(r"(?:,|\b(?:and|or|the|a|an|of|to|for|in|on|by|with|via|through|"
                          r"from|is|are|be|will|has|have))$", re.I)


def _continues(paragraph: _Paragraph, row: Row) -> bool:
    """Does `row` carry on the sentence of the lines before it (text wrapped by a PDF)?"""
    last = paragraph.text.rstrip()
    return bool(row.text[:1].islower() or _JOINING_END.search(last))
