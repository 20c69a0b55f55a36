"""Governance lists and membership: who sits on a body, as a list or as a table.

Membership lists ("Membership:" then bullets, "X comprises A, B and C"), member tables
(Name | Role | "Ch."), attendees marked "(Chair)", and the items of an announced list of
sub groups. `MemberLists` holds the reader's methods for them; the reader in
`sendkg.ingest.governance_text` mixes it in and keeps the state (current body, pending
list) they use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sendkg.ingest.governance_words import (
    _ACRONYM,
    _BODY_END,
    ORGANISATION,
    Statement,
    Subject,
    body_name,
)
from sendkg.ingest.markup import strip_tags
from sendkg.loaders.rows import Location, Row

_ATTENDEE_CHAIR = re.compile(r"^(?P<who>[A-Z][^,()]+?)\s*(?:\((?P<role1>(?:Vice[- ]|Co[- ])?"
                             r"Chair(?:person)?)\)\s*(?:,.*)?|,\s*(?P<role2>(?:Vice[- ]|Co[- ])?"
                             r"Chair(?:person)?)\s+of\s+(?:the\s+)?(?P<body>[^,]+?)(?:\s*\([A-Z]+\))?"
                             r"(?:,.*)?|,.*,\s*(?P<role3>(?:Vice[- ]|Co[- ])?Chair(?:person)?)(?:\s+of\s+(?:the\s+)?"
                             r"(?:board|group|meeting|partnership|committee))?)$", re.I)
# Member tables: "Name | Role | Ch.", or the chair marked inside a cell.
_CHAIR_MARK = re.compile(r"^\W*(?P<vice>vice[- ]?|deputy[- ]?)?(?:ch\.?|chair(?:person|man|woman)?)"
                         r"\W*$", re.I)
_CHAIR_IN_CELL = re.compile(r"\s*\(\s*(?P<v1>vice[- ]?|deputy[- ]?)?(?:ch\.?|chair(?:person)?)"
                            r"\s*\)|\s*[,–—-]\s*(?P<v2>vice[- ]?|deputy[- ]?)?(?:ch\.|chair"
                            r"(?:person)?)\s*$|^\s*(?P<v3>vice[- ]?|deputy[- ]?)?(?:ch\.|chair"
                            r"(?:person)?)\s*[,:–—-]\s*", re.I)
_TICK = re.compile(r"^\W*(?:✓|✔|☑|x|y|yes|\*|ch\.?)\W*$", re.I)
_NAME_HEADER = re.compile(r"^\W*(?:names?|members?|membership|attendees?|present|"
                          r"representatives?)\b", re.I)
_ROLE_HEADER = re.compile(r"^\W*(?:roles?|organi[sz]ations?|representing|positions?|job titles?|"
                          r"titles?|posts?|agency|agencies|services?|designation)\b", re.I)


_TRAILING_MEMBER = re.compile(r"\s+(?:advisors?|advisers?|representatives?|colleagues|leads?|"
                              r"members?)$", re.I)
_SMALL = {"and", "of", "for", "the", "in", "on", "to", "&", "with"}


def member_name(text: str) -> tuple[str, str] | None:
    """(kind, name) of one item of a membership list, or None if it names nobody.

    >>> member_name("NHS Devon (with overall responsibility for health services)")
    ('Organisation', 'NHS Devon')
    >>> member_name("POWAR the children and young people's participation group")
    ('Organisation', 'POWAR')
    >>> member_name("education providers"), member_name("Designated Clinical Officers for SEND")
    (None, ('Officer', 'Designated Clinical Officers for SEND'))
    """
    text = re.sub(r"^\s*(?:[-•*➢]|\w\)|\d+\.)\s*", "", text).strip()
    text = re.sub(r"^(?:and|or)\s+", "", text)
    text = re.split(r"\s*\(|\s+[–—-]\s+|\s*;|,|\s+including\b|\s+with\b|\s+who\b|\s+which\b",
                    text)[0]
    text = _TRAILING_MEMBER.sub("", re.sub(r"^(?:the|a|an)\s+", "", text.strip(" .:"), flags=re.I))
    leading = re.match(r"^([A-Z][A-Z&]{1,7})\s+the\s+[a-z]", text)
    if leading:
        text = leading[1]
    words = text.split()
    if not words or len(words) > 9:
        return None
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words):
        return None
    if ORGANISATION.match(text) or _ACRONYM.match(text) or re.fullmatch(r"[A-Z]+(?:\s+[A-Z]+)+", text):
        return "Organisation", text
    if _BODY_END.search(text):
        return "Board", text
    return "Officer", text


def _member_list(text: str) -> list[tuple[str, str]]:
    """The organisations and bodies of an inline list ("A Council, providers, B Forum,
    and C"); in running text a capitalised phrase alone ("Social Care") is no member."""
    found = []
    for piece in re.split(r"\s*,\s*(?:and\s+)?|\s*;\s*", text.strip(" .:")):
        named = member_name(piece)
        if named is None and re.search(r"\s+and\s+", piece):
            parts = [member_name(p) for p in re.split(r"\s+and\s+", piece)]
            found += parts if all(parts) else []
        elif named:
            found.append(named)
    return [(kind, name) for kind, name in found if kind != "Officer"]


def _trimmed(cells: list[str]) -> list[str]:
    """A table row's cells without the empty ones at its end."""
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _row_chair(cells: list[str], marks: list[int]) -> str | None:
    """"chair" or "vice-chair" when a row of a member table marks its member so: "Ch." (or
    "Chair", "(Chair)") in a cell of its own or inside the name or role, or a tick in a
    column headed "Ch."; else None.

    >>> _row_chair(["Ann Example", "Director of Children's Services", "Ch."], [])
    'chair'
    >>> _row_chair(["Bob Sample (Vice-chair)", "Head of SEND"], [])
    'vice-chair'
    >>> _row_chair(["Cy Test", "Chief Executive"], []), _row_chair(["Di", "x"], [1])
    (None, 'chair')
    """
    for position, cell in enumerate(cells):
        if position in marks:
            match = _TICK.match(cell) or _CHAIR_MARK.match(cell)
            vice = re.match(r"^\W*(?:vice|deputy)", cell, re.I)
        else:
            match = _CHAIR_MARK.match(cell) or _CHAIR_IN_CELL.search(cell)
            vice = match and any(match.groupdict().get(g) for g in ("vice", "v1", "v2", "v3"))
        if match and cell.strip():
            return "vice-chair" if vice else "chair"
    return None


class MemberLists:
    """The reader's methods for membership lists, member tables and attendee chairs."""
    def listed(self, relation: str, subject: Subject, direction: str,
               items: list[tuple[str, str]], where: Location, text: str) -> Iterator[Statement]:
        """Statements for the items of a list: members in, sub groups in, or bodies out."""
        kind, name, aliases, _ = subject
        for item_kind, item in items:
            if item == name:
                continue
            if direction == "in":  # the item is the subject: "X memberOf body"
                yield Statement(relation, item, name, where, text, item_kind, kind,
                                (), (), aliases)
            else:
                yield Statement(relation, name, item, where, text, kind, item_kind, (), aliases)

    def attendee_chair(self, match: re.Match, row: Row) -> Iterator[Statement]:
        role = (match["role1"] or match["role2"] or match["role3"]).lower().replace(" ", "-")
        role = "chair" if role == "chairperson" else role
        body = match["body"] and (body_name(match["body"])[0] or
                                  (member_name(match["body"]) or (None, None))[1])
        if not match["body"] and self.current_body:
            body = self.current_body[0]
        if body:
            yield Statement("chairedBy", body, match["who"].strip(), row.where, row.text,
                            "Board", "Officer", (("role", role),))

    def member_table(self, rows: list[Row]) -> Iterator[Statement]:
        """A two- or three-column member table (Name | Role or Organisation | "Ch.") under
        a body's heading or after "Membership:": each member is `memberOf` the body and
        the member marked "Ch." / "(Chair)" / "Chair" (in its own column or inside a
        cell) chairs it. Any other table is left alone."""
        pending = self.pending if self.pending and self.pending[0] == "memberOf" else None
        self.pending = None
        body = pending[1][1] if pending else self.current_body and self.current_body[0]
        table = [[" ".join(strip_tags(cell).split()) for cell in row.cells] for row in rows]
        width = max(len(_trimmed(cells)) for cells in table)
        if not body or not 2 <= width <= 3:
            return
        header = table[0]
        named = [i for i, cell in enumerate(header) if _NAME_HEADER.match(cell)]
        roles = [i for i, cell in enumerate(header) if _ROLE_HEADER.match(cell)]
        marks = [i for i, cell in enumerate(header) if _CHAIR_MARK.match(cell)]
        has_header = bool(named or roles)
        data = list(zip(rows, table))[1:] if has_header else list(zip(rows, table))
        marked = any(_row_chair(cells, marks[:1] if has_header else []) for _, cells in data)
        if not (named or self.in_membership or pending or marked):
            return
        name_col = named[0] if named else 0
        role_col = next((i for i in roles if i != name_col), None)
        if role_col is None:
            role_col = next((i for i in range(width) if i != name_col and i not in marks
                             and not all(_CHAIR_MARK.match(c[i]) or not c[i].strip()
                                         for _, c in data if i < len(c))), None)
        for row, cells in data:
            yield from self._member_row(row, cells, body, name_col, role_col,
                                        marks[:1] if has_header else [])

    def _member_row(self, row: Row, cells: list[str], body: str, name_col: int,
                    role_col: int | None, marks: list[int]) -> Iterator[Statement]:
        role = _row_chair(cells, marks)
        name = _CHAIR_IN_CELL.sub(" ", cells[name_col] if name_col < len(cells) else "")
        post = cells[role_col] if role_col is not None and role_col < len(cells) else ""
        post = _CHAIR_IN_CELL.sub(" ", post).strip(" ,;")
        named = member_name(" ".join(name.split()))
        if not named or _CHAIR_MARK.match(named[1]):
            return
        kind, who = named
        if kind == "Officer" and len(who.split()) < 2:  # "Priority", "Lead": a header word
            return
        text = " | ".join(c for c in cells if c)
        props = ((("note", post),) if post else ()) + ((("role", role),) if role else ())
        yield Statement("memberOf", who, body, row.where, text, kind, "Board", props)
        if role and kind != "Board":
            yield Statement("chairedBy", body, who, row.where, text, "Board", kind,
                            (("role", role),))

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
            named = member_name(text)
            if named:
                yield Statement("memberOf", named[1], self.current_body[0], row.where,
                                row.text, named[0], "Board")
            return
        who, post = people[-1], " - ".join(people[:-1])
        props = (("note", post),) + ((("role", role),) if role else ())
        yield Statement("memberOf", who, self.current_body[0], row.where, row.text,
                        "Officer", "Board", props)
        if role == "chair":
            yield Statement("chairedBy", self.current_body[0], who, row.where, row.text,
                            "Board", "Officer", (("role", "chair"),))
