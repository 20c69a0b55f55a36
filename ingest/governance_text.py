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

from sendkg.ingest.governance_forms import (
    _CHAIR_LABEL,
    _VICE_LABEL,
    SentenceForms,
    _chair_continues,
)
from sendkg.ingest.governance_members import _ATTENDEE_CHAIR, MemberLists, member_name
from sendkg.ingest.governance_words import (
    _PLAN_SUBJECT,
    BODY,
    ORGANISATION,
    VALUE,
    Statement,
    Subject,
    body_name,
    frequency_in,
    frequency_written,
    mentioned_bodies,
)
from sendkg.loaders.rows import Location, Row

# Importers read these from here (the public entry); the code lives in the modules above.
__all__ = ["ORGANISATION", "SHAPES", "VALUE", "Statement", "body_name", "frequency_in",
           "frequency_written", "governance_statements", "member_name", "mentioned_bodies"]

_SELF = re.compile(rf"^(?:the\s+)?(?:chair\s+of\s+the\s+)?(?:{BODY.lower()}|working group)$",
                   re.I)
_REFERENCE = re.compile(rf"^(?:(?:the|this|that|our)\s+(?:new\s+|said\s+|above\s+)?"
                        rf"(?P<word>{BODY.lower()}|working group|sub-?committee)|(?P<pronoun>it|we|"
                        rf"this|they|which))$", re.I)
_HEAD = re.compile(r"^(?P<h>.+?)\s+(?:is|are|was|were|will|would|has|have|had|shall|must|meets?|"
                   r"oversees?|provides?|works?|sets?|brings?|includes?|holds?|receives?|"
                   r"continues?|now)\b", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-•*➢]\s|\w\)\s|[ivx]+\.\s)", re.I)
_MEMBERSHIP_HEAD = re.compile(r"^\W*(?:\d+\.?\s*)?Membership\s*:?\s*(?P<rest>.*)$", re.I)


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
class _Reader(SentenceForms, MemberLists):
    current_body: tuple[str, Location] | None = None
    in_membership: bool = False
    previous_block: list[Row] = field(default_factory=list)
    block: list[Row] = field(default_factory=list)  # lines since the last blank line
    paragraph: _Paragraph = field(default_factory=_Paragraph)
    mentioned: list[str] = field(default_factory=list)  # bodies named in this paragraph
    pending: tuple[str, Subject, str] | None = None  # a list intro: relation, subject, dir
    warnings: list[str] = field(default_factory=list)

    def flush(self, end_block: bool = False) -> Iterator[Statement]:
        """Read the paragraph gathered so far; at a blank line, close the block too."""
        if self.paragraph.text:
            for sentence, offset in _sentences(self.paragraph):
                where = self.paragraph.where(offset)
                yield from self.read_sentence(sentence, where)
                self.mentioned += mentioned_bodies(sentence)
        self.paragraph = _Paragraph()
        if end_block:
            self.previous_block, self.block = (self.block or self.previous_block), []
            self.mentioned = []

    def prose_line(self, row: Row) -> Iterator[Statement]:
        """Headings, membership items, and lines of paragraphs."""
        heading = _heading_body(row)
        if heading:
            self.current_body, self.in_membership = (heading, row.where), False
            self.pending, self.mentioned = None, []
        membership = _MEMBERSHIP_HEAD.match(row.text)
        self.in_membership = self.in_membership or bool(membership)
        item = re.match(r"^\s*[-•*➢]|^\s*\w\)", row.text)
        if item:
            yield from self.flush()
            yield from self.list_item(row)
            return
        if self.pending and not heading:
            self.pending = None
        if self.paragraph.text and (_LIST_ITEM.match(row.text)
                                    or not _continues(self.paragraph, row)):
            yield from self.flush()
        if re.match(r"^\s*\d+\.\s+[A-Z][\w ]+$", row.text) and not membership:
            self.in_membership = False
        if membership and self.current_body and not membership["rest"]:
            kind = "Board"
            self.pending = ("memberOf", (kind, self.current_body[0], (), None), "in")
        self.block.append(row)
        self.paragraph.add(row)

    def list_item(self, row: Row) -> Iterator[Statement]:
        """A bullet: a member, a body of an announced list, or an attendee who chairs."""
        attendee = _ATTENDEE_CHAIR.match(re.sub(r"^\s*(?:[-•*➢]|\w\))\s*", "", row.text))
        if attendee and not self.pending:
            yield from self.attendee_chair(attendee, row)
            return
        if self.in_membership and self.current_body:
            found = list(self.membership_item(row))
            if found:
                yield from found
                return
        if self.pending:
            relation, subject, direction = self.pending
            named = member_name(row.text)
            if named:
                yield from self.listed(relation, subject, direction, [named], row.where, row.text)
            return
        self.block.append(row)
        self.paragraph.add(row)
        yield from self.flush()

    def resolve(self, phrase: str) -> Subject | None | bool:
        """A reference ("the Board", "it") -> the body named earlier, or the heading's.
        False when the phrase is not a reference; None (and a warning) when unresolved."""
        match = _REFERENCE.match(phrase)
        if not match:
            return False
        word = (match["word"] or "").lower().replace("-", "")
        for name in reversed(self.mentioned):
            if not word or word in name.lower().replace("-", ""):
                return "Board", name, (), None
        if self.current_body and (not word or word in self.current_body[0].lower()
                                  or word in ("board", "group", "body")):
            return "Board", self.current_body[0], (), None
        return None

    def subject(self, phrase: str, where: Location | None = None) -> Subject | None:
        """(kind, name, aliases, note) of a sentence subject, or None if not a body/plan."""
        phrase = re.sub(r"^.*?\b(?:note|noted|explained|agreed|confirmed|reported|stated)\s+that\s+",
                        "", phrase.strip(" -–•*"), flags=re.I)
        phrase = re.sub(r"^(?:and|but|so|also|which)\s+", "", phrase.strip(" ,"), flags=re.I)
        phrase = re.sub(r"\s+(?:now|also|then|in turn)$", "", phrase, flags=re.I)
        if _SELF.match(phrase) and "chair" in phrase.lower() and self.current_body:
            return "Board", self.current_body[0], (), "the chair reports"
        for candidate in dict.fromkeys((phrase, (_HEAD.match(phrase) or {"h": phrase})["h"])):
            resolved = self.resolve(candidate)
            if resolved is None:
                self.warnings.append(f"{where or ''}: could not tell which body "
                                     f"{candidate!r} means; nothing recorded".lstrip(": "))
                return None
            if resolved:
                return resolved
            name, aliases = body_name(candidate)
            if name and not re.match(rf"^{BODY}$", name):
                return "Board", name, aliases, None
        if _PLAN_SUBJECT.search(phrase):
            return "Plan", "", (), phrase
        return None

    def default_subject(self) -> Subject:
        """The body a paragraph is about (named earlier, or the heading), else the plan."""
        if self.mentioned:
            return "Board", self.mentioned[-1], (), None
        if self.current_body:
            return "Board", self.current_body[0], (), None
        return "Plan", "", (), None

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


_HEADING_NOISE = re.compile(r"\s+(?:Terms of Reference|minutes|meeting|update)\b.*$|"
                            r"^(?:Update|Report|Minutes)\s+(?:from|of)\s+(?:the\s+)?", re.I)


def _heading_body(row: Row) -> str | None:
    if re.match(r"^\s*(?:[-•*➢]\s|\w\)\s)", row.text) or "," in row.text:
        return None
    text = re.sub(r"^\W*(?:\d+\.?\s*)?", "", row.text).strip(" *")
    text = _HEADING_NOISE.sub("", _HEADING_NOISE.sub("", text)).strip(" -–")
    text = re.sub(r"^(?:The|A|An|Our)\s+", "", text)
    if len(text.split()) > 8 or text.endswith(".") or not row.prose:
        return None
    name, _ = body_name(text)
    return name if name == text and not ORGANISATION.match(name) else None


SHAPES = (("reporting sentences (reports to, is accountable to, is overseen by, provides "
           "updates to ...)"), "sub group and replacement sentences",
          "when a body was established or set up",
          "chairs (Chair: ..., chaired by, co-chaired by, (Chair) in attendance lists)",
          "membership lists", "legislation named in prose")


def governance_statements(rows: Iterable[Row], warnings: list[str] | None = None
                          ) -> Iterator[Statement]:
    """Every governance statement in the prose of `rows`, in order; references that
    cannot be resolved are added to `warnings` (when given) instead of being guessed."""
    reader = _Reader()
    rows = [*rows, Row(("",), Location("", 0), prose=True)]
    skip, table = False, []
    for position, row in enumerate(rows):
        if table and (row.prose or row.blank):
            yield from reader.member_table(table)
            table = []
        if skip:
            skip = False
        elif not row.prose and not row.blank:
            if not table:
                yield from reader.flush(end_block=True)
            table.append(row)
        elif row.blank:
            yield from reader.flush(end_block=True)
        elif _CHAIR_LABEL.match(row.text.replace("**", " ")) or \
                _VICE_LABEL.match(row.text.replace("**", " ")):
            yield from reader.flush()
            following = rows[position + 1] if position + 1 < len(rows) else None
            more = _chair_continues(row, following)
            yield from reader.chair_label(row, reader.block, more)
            reader.previous_block, reader.block, skip = [], [], bool(more)
        else:
            yield from reader.prose_line(row)
    if warnings is not None:
        warnings.extend(dict.fromkeys(reader.warnings))


_JOINING_END = re.compile(r"(?:,|\b(?:and|or|the|a|an|of|to|for|in|on|by|with|via|through|"
                          r"from|is|are|be|will|has|have))$", re.I)


def _continues(paragraph: _Paragraph, row: Row) -> bool:
    """Does `row` carry on the sentence of the lines before it (text wrapped by a PDF)?"""
    last = paragraph.text.rstrip()
    return bool(row.text[:1].islower() or _JOINING_END.search(last))
