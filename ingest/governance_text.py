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

from sendkg.dates import read_dates
from sendkg.ingest.markup import strip_tags
from sendkg.loaders.rows import Location, Row

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
_SELF = re.compile(rf"^(?:the\s+)?(?:chair\s+of\s+the\s+)?(?:{BODY.lower()}|working group)$",
                   re.I)
_REPORT = re.compile(
    r"^(?P<s>.+?)\s+(?:will|shall|is|are|to|must)?\s*(?:be\s+)?(?:being\s+)?"
    r"(?:reported|report|reports|reporting)\b(?P<how>[^.]*?)\s+(?:in)?to\s+(?P<o>.+)$", re.I)
_ACCOUNTABLE = re.compile(r"^(?P<s>.+?)\s+(?:is|are|was|were|will be|remains?|"
                          r"(?:is|are)\s+(?:directly|jointly|ultimately))\s+accountable\s+(?:for\s+"
                          r"(?P<what>.+?)\s+)?to\s+(?P<o>.+)$", re.I)
_MONITORED = re.compile(r"^(?P<s>.+?)\s+(?:will|is|are|to)?\s*(?:be\s+|being\s+)?"
                        r"(?:scheduled\s+to\s+be\s+)?(?:\w+ly\s+)?monitored\s+(?P<how>\w+ly\s+)?"
                        r"(?:via|through|by)\s+(?P<o>.+)$", re.I)
_SUBGROUP = re.compile(r"^(?P<s>.+?)\s+(?:(?:has been established as|is|was|are|will be|"
                       r"became|operates as)\s+(?:a|an|the|one of the)?\s*(?:\w+\s+)?"
                       r"(?:sub[- ]?groups?|sub[- ]?committees?|sub[- ]?boards?|working groups?|"
                       r"task[- ]and[- ]finish groups?)\s+(?:of|to|under|within)|"
                       r"sits?\s+(?:under|within|beneath|below))\s+(?P<o>.+)$", re.I)
_SUBGROUP_NOUN = re.compile(r"\b(?P<s>(?:[A-Z][\w&'’]*\s+){0,6}(?:Sub-?[Cc]ommittee|Sub-?[Gg]roup|"
                            r"Subgroup|Sub-?[Bb]oard))\s+of\s+(?:the\s+)?(?P<o>[A-Z].+)$")
_HAS_SUBGROUPS = re.compile(r"^(?P<s>.+?)\s+(?:has|have|is supported by|oversees)\s+(?:the\s+"
                            r"following|\w+)\s+(?:sub[- ]?groups|sub[- ]?committees|working "
                            r"groups|task and finish groups)\s*(?::|include|are)?\s*(?P<o>.*)$",
                            re.I)
_REPLACES = re.compile(r"^(?P<s>.+?)\s+(?:has\s+|have\s+|will\s+|which\s+)?(?:replaced|"
                       r"replaces|replace|superseded|supersedes)\s+(?!by\b)(?P<o>.+)$", re.I)
_OVERSEEN = re.compile(r"^(?P<s>.+?)\s+(?:is|are|was|were|will be|will continue to be|"
                       r"(?:has|have|had) been)\s+"
                       r"(?:\w+ly\s+)?(?:overseen|held to account|scrutinised|governed|"
                       r"approved(?:\s+and\s+endorsed)?|endorsed|signed off)\s+by\s*:?\s*(?P<o>.*)$",
                       re.I)
_OVERSIGHT = re.compile(r"^(?:Strategic\s+)?(?:Oversight|Scrutiny|Assurance|Governance)(?:\s+of\s+"
                        r"(?P<s>.+?))?\s+(?:is|will be)\s+provided\s+by\s+(?P<o>.+)$", re.I)
_RESTS = re.compile(r"^(?:Ultimate|Overall|Final)?\s*accountability(?:\s+for\s+(?P<what>.+?))?"
                    r"\s+(?:rests|lies|sits)\s+with\s+(?P<o>.+)$", re.I)
_UPDATES = re.compile(r"^(?P<s>.+?)\s+(?:will\s+|to\s+)?(?:provides?|providing|gives?|submits?|"
                      r"presents?|sends?)\s+(?P<how>(?:[\w-]+\s+){0,3}?)(?:updates?|reports?|"
                      r"assurance)\s+(?:on\s+.+?\s+)?to\s+(?P<o>.+)$", re.I)
_INFORMED = re.compile(r"^(?P<s>.+?)\s+(?:will\s+)?(?:keeps?|keeping)\s+(?P<o>.+?)\s+(?:informed|"
                       r"updated|sighted)\b", re.I)
_ESCALATED = re.compile(r"^(?:(?P<s>.+?)\s+(?:will\s+)?escalates?\s+(?:[\w\s]+?\s+)?to|(?:Any\s+)?"
                        r"(?:issues|risks|concerns|matters)(?:\s+\w+)*?\s+(?:are\s+|will be\s+|"
                        r"to be\s+)?escalated\s+to)\s+(?P<o>.+)$", re.I)
_RECEIVES = re.compile(r"^(?P<o>.+?)\s+(?:will\s+)?receives?\s+(?P<how>(?:[\w-]+\s+){0,2}?)"
                       r"(?:updates|reports?)\b(?:\s+(?:on|from)\s+(?P<what>.+))?$", re.I)
_SCRUTINY_FROM = re.compile(r"^(?P<s>.+?)\s+(?:is|are|will be)\s+monitored\b.*?\bwith\s+(?:scrutiny|"
                            r"challenge|oversight)(?:\s+and\s+\w+)?\s+from\s*:?\s*(?P<o>.*)$",
                            re.I)
_MEMBERS = re.compile(r"^(?P<s>.+?)\s+(?:includes|include|comprises|comprise|is made up of|are made "
                      r"up of|consists of|is an?\s+(?:equal\s+)?partnership\s+(?:of|between)|"
                      r"brings together|membership (?:includes|comprises))\s+(?:representatives?\s+"
                      r"(?:from|of)\s+)?(?:the\s+following(?:\s+[\w\s]+?)?\s*:)?\s*(?P<o>.*)$",
                      re.I)
_JOINTLY = re.compile(r"^(?P<s>.+?)\s+(?:are|will be|were)\s+jointly\s+(?:responsible|accountable)"
                      r"\s+for\s+(?P<what>.+)$", re.I)
_CO_CHAIRED = re.compile(r"^(?P<s>.+?)[\s,]+(?:is\s+|will\s+be\s+|was\s+|are\s+)?(?:jointly\s+)?"
                         r"co-?chaired\s+by\s+(?P<o>.+)$", re.I)
_INDEPENDENT = re.compile(r"^(?P<s>.+?)\s+(?:is\s+an?\s+independently\s+chaired\b|(?:is|are|"
                          r"will be)\s+(?:led|chaired)\s+by\s+an?\s+independent\s+chair\b)",
                          re.I)
_ATTENDEE_CHAIR = re.compile(r"^(?P<who>[A-Z][^,()]+?)\s*(?:\((?P<role1>(?:Vice[- ]|Co[- ])?"
                             r"Chair(?:person)?)\)\s*(?:,.*)?|,\s*(?P<role2>(?:Vice[- ]|Co[- ])?"
                             r"Chair(?:person)?)\s+of\s+(?:the\s+)?(?P<body>[^,]+?)(?:\s*\([A-Z]+\))?"
                             r"(?:,.*)?|,.*,\s*(?P<role3>(?:Vice[- ]|Co[- ])?Chair(?:person)?)(?:\s+of\s+(?:the\s+)?"
                             r"(?:board|group|meeting|partnership|committee))?)$", re.I)
_VICE_LABEL = re.compile(r"^\W*(?P<role>Vice|Deputy)[- ]?Chair(?:person)?\s*:\s*(?P<o>.+)$", re.I)
_LEGISLATION = re.compile(r"(?:(?:[A-Z][\w’'()-]*|and|of|for|the)\s+){0,8}?Act\s+(?:19|20)\d{2}|"
                          r"(?:(?:SEND|SEN)\s+)?Code of Practice(?:\s*\(?(?:19|20)\d{2}\)?)?|"
                          r"Working Together to Safeguard Children(?:\s+20\d{2})?")
# Words that tie a body or plan to a law, not a passing mention ("a disability under the
# Equality Act 2010" drives nothing).
_LEGISLATION_CUE = re.compile(r"\b(?:in line with|(?:as\s+)?set out in|in accordance with|"
                              r"established under|dut(?:y|ies)\s+(?:\w+\s+){0,4}?(?:in|under)|"
                              r"requires? (?:each|the|all|local|us)|compl(?:y|ies|iance) with|"
                              r"underpinned by|driven by|(?:as\s+)?required by|under section|"
                              r"in response to)\b", re.I)
_REFERENCE = re.compile(rf"^(?:(?:the|this|that|our)\s+(?:new\s+|said\s+|above\s+)?"
                        rf"(?P<word>{BODY.lower()}|working group|sub-?committee)|(?P<pronoun>it|we|"
                        rf"this|they|which))$", re.I)
_HEAD = re.compile(r"^(?P<h>.+?)\s+(?:is|are|was|were|will|would|has|have|had|shall|must|meets?|"
                   r"oversees?|provides?|works?|sets?|brings?|includes?|holds?|receives?|"
                   r"continues?|now)\b", re.I)
_MENTION = re.compile(rf"(?:\b[A-Z][\w&'’-]*|\([A-Z]+\))(?:\s+(?:[A-Z0-9][\w&'’()-]*|and|of|for|"
                      rf"on|&|-))*\s+{BODY}\b(?:\s+\([A-Z][A-Za-z&]{{1,7}}\))?")
_REPLACED = re.compile(r"^(?P<s>.+?)\s+(?:has|have|had|will)\s+(?:been|be)\s+replaced\s+by\s+"
                       r"(?P<o>.+)$", re.I)
_CHAIRED = re.compile(r"^(?P<s>.+?)[\s,]+(?:is\s+|will\s+be\s+|was\s+)?(?:independently\s+)?"
                      r"chaired\s+by\s+(?P<o>.+?)(?:\s+(?:has|have|and|which|who)\b.*)?$", re.I)
_CHAIR_LABEL = re.compile(r"^(?P<s>.*?)\s*\bChair(?:person)?\s*:\s*(?P<o>.+)$")
_RECEIVING = re.compile(r"\bwith\s+(?P<list>.+?)\s+receiving\s+(?:an?\s+)?(?P<what>[\w\s-]*?"
                        r"report)s?\b", re.I)
_CLAUSE_END = re.compile(r"\s*(?:,\s*with\b|\bwith\s+the\b|\(|\bon an?\s+\w+\s+basis|"
                         r"\bfor\s+(?:the\s+)?(?:delivery|scrutiny|oversight|assurance|approval|"
                         r"information|decision|challenge)\b|\bon\s+\d|\bthat\b|"
                         r"\bin order\b|\bto\s+(?:ensure|provide|oversee|monitor)\b|[.;:]"
                         r"(?:\s|$)|\bevery\b|\bwhich\b|\bwho\b|\busing\b|\band\s+below\b).*$",
                         re.I)
_LIST_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s+alongside\s+|\s+as well as\s+)")
TITLES = r"(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|Rev)\.?"
_LIST_ITEM = re.compile(r"^\s*(?:[-•*➢]\s|\w\)\s|[ivx]+\.\s)", re.I)
_MEMBERSHIP_HEAD = re.compile(r"^\W*(?:\d+\.?\s*)?Membership\s*:?\s*(?P<rest>.*)$", re.I)
_ESTABLISHED = re.compile(r"^(?P<s>.+?)\s+(?:was|were|has been|had been)\s+(?:first\s+|"
                          r"originally\s+|formally\s+|initially\s+)?(?:established|set up|"
                          r"formed|created|launched|constituted|founded)\s+(?:in|on|during|"
                          r"from)\s+(?P<when>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Za-z]+\s+)?"
                          r"(?:19|20)\d{2})\b", re.I)
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
_WHICH = re.compile(r"^(?P<a>.+?),?\s+which\s+(?:in turn\s+|then\s+|also\s+|itself\s+)?"
                    r"(?P<b>(?:reports?|is accountable|is a sub|is overseen|feeds?|sits?)\b.+)$",
                    re.I)
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


@dataclass
class _Reader:
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

    def read_sentence(self, text: str, where: Location) -> Iterator[Statement]:
        clean = " ".join(text.replace("**", " ").split())
        which = _WHICH.match(clean)  # "A reports to B, which in turn reports to C"
        if which:
            yield from self.read_sentence(which["a"] + ".", where)
            named = mentioned_bodies(which["a"])
            if named:
                yield from self.read_sentence(f"{named[-1]} {which['b']}", where)
                return
        yield from self._reporting(clean, where)
        yield from self._structure(clean, where)
        yield from self._established(clean, where)
        yield from self._chairs(clean, where)
        yield from self._members(clean, where)
        yield from self._legislation(clean, where)
        yield from self._jointly(clean, where)

    def _jointly(self, clean: str, where: Location) -> Iterator[Statement]:
        """"A and B are jointly responsible for the strategy" -> the plan has two co-leads;
        for anything other than the plan or a body named there, nothing is read."""
        match = _JOINTLY.match(clean)
        if not match:
            return
        what = self.subject(match["what"], where) if not _PLAN_SUBJECT.search(
            match["what"]) else ("Plan", "", (), None)
        if not what:
            return
        for party, aliases in _bodies(match["s"]):
            kind = "Organisation" if ORGANISATION.match(party) else "Board"
            yield Statement("responsible", what[1], party, where, clean, what[0], kind,
                            (("role", "co-lead"),), what[2], aliases)

    def _structure(self, clean: str, where: Location) -> Iterator[Statement]:
        done = False
        for pattern, relation in ((_SUBGROUP, "subGroupOf"), (_REPLACED, "replacedBy")):
            match = pattern.match(clean)
            subject = match and self.subject(match["s"], where)
            if subject:
                done = True
                yield from self.relate(relation, subject, _bodies(match["o"])[:1], where, clean)
        match = not done and _REPLACES.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] == "Board":
            for old, old_aliases in _bodies(match["o"])[:1]:
                yield Statement("replacedBy", old, subject[1], where, clean, "Board", "Board",
                                (), old_aliases, subject[2])
        match = _HAS_SUBGROUPS.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] == "Board":
            items = _member_list(match["o"])
            if items:
                yield from self.listed("subGroupOf", subject, "in", items, where, clean)
            elif clean.rstrip().endswith(":") or not match["o"].strip():
                self.pending = ("subGroupOf", subject, "in")
        for match in ([] if done else _SUBGROUP_NOUN.finditer(clean)):
            child, _ = body_name(match["s"])
            parents = _bodies(match["o"])[:1]
            if child and parents and parents[0][0] != child:
                yield Statement("subGroupOf", child, parents[0][0], where, clean, "Board",
                                "Board", (), (), parents[0][1])

    def _established(self, clean: str, where: Location) -> Iterator[Statement]:
        """"The Group was established in 2021" / "was set up in March 2019": the body's
        `established` property (a value, not a relation), as an ISO year or month."""
        match = _ESTABLISHED.match(clean)
        subject = match and self.subject(match["s"], where)
        if not subject or subject[0] != "Board":
            return
        whens = [w for w in read_dates(match["when"]) if w.start]
        value = whens[0].start if whens else re.search(r"(?:19|20)\d{2}", match["when"])[0]
        yield Statement("established", subject[1], value, where, clean, "Board", VALUE,
                        (("written", match["when"]),), subject[2])

    def _chairs(self, clean: str, where: Location) -> Iterator[Statement]:
        match = _INDEPENDENT.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] == "Board":
            yield Statement("chairedBy", subject[1], "Independent Chair", where, clean,
                            "Board", "Post", (("role", "chair"),), subject[2])
            return
        match = _CO_CHAIRED.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] == "Board":
            chairs = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", _CLAUSE_END.sub("", match["o"]))
            for chair in filter(None, chairs):
                yield self._chair(subject[1], subject[2], chair, where, clean, role="co-chair")
            return
        match = _CHAIRED.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] == "Board":
            yield self._chair(subject[1], subject[2], match["o"], where, clean)

    def _members(self, clean: str, where: Location) -> Iterator[Statement]:
        match = _MEMBERS.match(clean)
        subject = match and self.subject(match["s"], where)
        if not subject or subject[0] != "Board":
            return
        items = _member_list(match["o"])
        if items:
            yield from self.listed("memberOf", subject, "in", items, where, clean)
        elif clean.rstrip().endswith(":"):
            self.pending = ("memberOf", subject, "in")

    def _legislation(self, clean: str, where: Location) -> Iterator[Statement]:
        if not _LEGISLATION_CUE.search(clean):
            return
        names = [re.sub(r"^(?:(?:the|and|of|for|in|with)\s+)+", "", m.group(0)).strip()
                 for m in _LEGISLATION.finditer(clean)]
        here = mentioned_bodies(clean[:_LEGISLATION.search(clean).start()] if names else "")
        kind, name, aliases, _ = (("Board", here[0], (), None) if here
                                  else self.default_subject())
        for law in dict.fromkeys(n for n in names if n):
            yield Statement("drivenBy", name, law, where, clean, kind, "Legislation", (),
                            aliases)

    def _reporting(self, clean: str, where: Location) -> Iterator[Statement]:
        for pattern, relation in ((_REPORT, "reportsTo"), (_ACCOUNTABLE, "reportsTo"),
                                  (_MONITORED, "monitoredBy")):
            match = pattern.match(clean)
            subject = match and self.subject(match["s"], where)
            if not subject:
                continue
            yield from self._report(relation, subject, match, clean, where)
            return
        yield from self._reporting_other(clean, where)

    def _report(self, relation, subject, match, clean, where) -> Iterator[Statement]:
        head = clean[: match.start("o")]
        reports = (match.groupdict().get("what") or
                   (re.sub(r"^(?:the\s+)?(.*?)\s+of\s+the\s+plan$", r"\1",
                           match["s"].strip(), flags=re.I)
                    if subject[0] == "Plan" and "progress" in match["s"].lower() else None))
        objects = re.sub(r"^(?:both|either|each of|all of)\s+", "", match["o"].strip(), flags=re.I)
        frequency = frequency_in(head) or frequency_in(_CLAUSE_END.sub("", objects) + " " +
                                                       objects[:60])
        yield from self.relate(relation, subject, _bodies(objects), where, clean,
                               frequency=frequency, reports=reports)
        receiving = _RECEIVING.search(objects)
        if receiving and relation == "reportsTo":
            yield from self.relate(relation, subject, _bodies(receiving["list"]), where,
                                   clean, frequency=frequency_in(receiving["what"]),
                                   reports=receiving["what"].strip())

    def _reporting_other(self, clean: str, where: Location) -> Iterator[Statement]:
        """Oversight, updates, escalation, approval and the like: all `reportsTo`."""
        for pattern in (_OVERSEEN, _UPDATES, _INFORMED, _ESCALATED, _SCRUTINY_FROM):
            match = pattern.match(clean)
            if not match:
                continue
            subject = (self.subject(match["s"], where) if match.groupdict().get("s")
                       else self.default_subject())
            if not subject:
                return
            bodies = _bodies(re.sub(r"^(?:both|each of)\s+", "", match["o"], flags=re.I))
            if not bodies and (clean.endswith(":") or not match["o"].strip()):
                self.pending = ("reportsTo", subject, "out")
                return
            yield from self.relate("reportsTo", subject, bodies, where, clean,
                                   frequency=frequency_in(clean))
            return
        for pattern in (_OVERSIGHT, _RESTS):
            match = pattern.match(clean)
            if match:
                subject = ((match.groupdict().get("s") and self.subject(match["s"], where))
                           or self.default_subject())
                yield from self.relate("reportsTo", subject, _bodies(match["o"]), where, clean)
                return
        match = _RECEIVES.match(clean)
        if match:
            receiver = _bodies(match["o"])
            source = match["what"] and re.match(r"^(?:the\s+)?([A-Z].*)$", match["what"])
            subject = ((source and self.subject(source[1], where)) or
                       ("Plan", "", (), None))
            yield from self.relate("reportsTo", subject, receiver[:1], where, clean,
                                   frequency=frequency_in(match["how"] or ""))

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

    def _chair(self, body: str, aliases, chair: str, where: Location, sentence: str,
               uncertain: bool = False, role: str = "chair") -> Statement:
        chair = re.sub(r"^(?:the|an?)\s+", "", _CLAUSE_END.sub("", chair).strip(" *"))
        props = (("role", role),) + ((("uncertain", "true"),
                                      ("note", "read from a diagram label")) if uncertain
                                     else ())
        return Statement("chairedBy", body, chair, where, sentence, "Board", "Officer", props,
                         aliases)

    def chair_label(self, row: Row, block: list[Row], more: str = "") -> Iterator[Statement]:
        vice = _VICE_LABEL.match(row.text.replace("**", " ").strip())
        if vice and self.current_body:
            role = f"{vice['role'].lower()}-chair"
            yield self._chair(self.current_body[0], (), vice["o"], row.where, row.text,
                              role="vice-chair" if role == "deputy-chair" else role)
            return
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
        if not name and self.current_body and label_block and \
                label_block[-1].where == self.current_body[1]:  # "Chair:" under a heading
            name, uncertain = self.current_body[0], False
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


def _chair_continues(row: Row, following: Row | None) -> str:
    """A diagram label cut mid-name ("Chair: Gill" / "O'Neill") continues on the next line."""
    value = re.sub(rf"^{TITLES}\s+", "", row.text.split(":", 1)[-1].strip())
    if following is None or not following.prose or following.blank or ":" in following.text:
        return ""
    short = len(value.split()) == 1 or value.endswith("/")
    return following.text if short and len(following.text.split()) <= 2 else ""


SHAPES = (("reporting sentences (reports to, is accountable to, is overseen by, provides "
           "updates to ...)"), "sub group and replacement sentences",
          "when a body was established or set up",
          "chairs (Chair: ..., chaired by, co-chaired by, (Chair) in attendance lists)",
          "membership lists", "legislation named in prose")


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
