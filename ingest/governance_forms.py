"""Governance sentence forms: reporting lines, structure, chairs, members, laws.

One pattern per way councils write a governance fact ("X reports quarterly to Y",
"X is a sub group of Y", "X has replaced Y", "X is chaired by ...", "Chair: ...",
"X was established in 2019", "in line with the Children and Families Act 2014") and
`SentenceForms`, the reader's methods that turn a matching sentence into statements. The
reader in `sendkg.ingest.governance_text` mixes it in and supplies the subject
resolution (`subject`, `relate`) those methods lean on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sendkg.ingest.governance_members import _member_list
from sendkg.ingest.governance_words import (
    _CLAUSE_END,
    _PLAN_SUBJECT,
    ORGANISATION,
    TITLES,
    VALUE,
    Statement,
    _bodies,
    body_name,
    frequency_in,
    mentioned_bodies,
)
from sendkg.loaders.rows import Location, Row

from sendkg.dates import read_dates

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
_REPLACED = re.compile(r"^(?P<s>.+?)\s+(?:has|have|had|will)\s+(?:been|be)\s+replaced\s+by\s+"
                       r"(?P<o>.+)$", re.I)
# The same shape as a dataset's successions (data/FORMAT.md): old --replacedBy--> new,
# its kind when the sentence says merged or renamed, and its date when it gives one.
_MERGED = re.compile(r"^(?P<s>.+?)\s+(?:(?:has|have|had|will)\s+(?:been\s+|be\s+)?|was\s+|were\s+)?"
                     r"merged\s+into\s+(?P<o>.+)$", re.I)
_RENAMED = re.compile(r"^(?P<s>.+?)\s+(?:(?:has|have|had|will)\s+(?:been|be)|was|were|is)\s+"
                      r"renamed\s+(?:as\s+|to\s+)?(?P<o>.+)$", re.I)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_ON_DATE = re.compile(r"[\s,]+(?:with\s+effect\s+)?(?:from|on|since|as\s+of|in)\s+(?P<when>"
                      r"(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<m>" + "|".join(_MONTHS) +
                      r")\s+(?P<y>(?:19|20)\d{2})|(?P<iso>\d{4}-\d{2}-\d{2}))\s*\.?\s*$", re.I)
_CHAIRED = re.compile(r"^(?P<s>.+?)[\s,]+(?:is\s+|will\s+be\s+|was\s+)?(?:independently\s+)?"
                      r"chaired\s+by\s+(?P<o>.+?)(?:\s+(?:has|have|and|which|who)\b.*)?$", re.I)
_CHAIR_LABEL = re.compile(r"^(?P<s>.*?)\s*\bChair(?:person)?\s*:\s*(?P<o>.+)$")
_RECEIVING = re.compile(r"\bwith\s+(?P<list>.+?)\s+receiving\s+(?:an?\s+)?(?P<what>[\w\s-]*?"
                        r"report)s?\b", re.I)
_ESTABLISHED = re.compile(r"^(?P<s>.+?)\s+(?:was|were|has been|had been)\s+(?:first\s+|"
                          r"originally\s+|formally\s+|initially\s+)?(?:established|set up|"
                          r"formed|created|launched|constituted|founded)\s+(?:in|on|during|"
                          r"from)\s+(?P<when>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Za-z]+\s+)?"
                          r"(?:19|20)\d{2})\b", re.I)
_WHICH = re.compile(r"^(?P<a>.+?),?\s+which\s+(?:in turn\s+|then\s+|also\s+|itself\s+)?"
                    r"(?P<b>(?:reports?|is accountable|is a sub|is overseen|feeds?|sits?)\b.+)$",
                    re.I)


def _chair_continues(row: Row, following: Row | None) -> str:
    """A diagram label cut mid-name ("Chair: Gill" / "O'Neill") continues on the next line."""
    value = re.sub(rf"^{TITLES}\s+", "", row.text.split(":", 1)[-1].strip())
    if following is None or not following.prose or following.blank or ":" in following.text:
        return ""
    short = len(value.split()) == 1 or value.endswith("/")
    return following.text if short and len(following.text.split()) <= 2 else ""


def _kind_of(name: str) -> str:
    return "Organisation" if ORGANISATION.match(name) else "Board"


def _iso_date(match: re.Match) -> str:
    """'1 July 2022' -> '2022-07-01'; a month alone stays as written ('April 2020')."""
    if match["iso"]:
        return match["iso"]
    if not match["d"]:
        return match["when"]
    month = _MONTHS.index(match["m"].lower()) + 1
    return f"{match['y']}-{month:02d}-{int(match['d']):02d}"


class SentenceForms:
    """The reader's methods for one sentence, and for "Chair: ..." labels."""
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

    def _succession(self, clean: str, where: Location) -> Iterator[Statement]:
        """"X has been replaced by / merged into / renamed Y [from 1 July 2022]" and "Y
        replaces X": X --replacedBy--> Y with its kind and date (ISO when a whole date)."""
        dated = _ON_DATE.search(clean)
        text = clean[:dated.start()] if dated else clean
        props = (("date", _iso_date(dated)),) if dated else ()
        for pattern, kind in ((_REPLACED, None), (_MERGED, "merged-into"),
                              (_RENAMED, "renamed")):
            match = pattern.match(text)
            subject = match and self.subject(match["s"], where)
            if subject:
                extra = (("kind", kind),) if kind else ()
                for new, new_aliases in _bodies(match["o"])[:1]:
                    if new != subject[1]:
                        yield Statement("replacedBy", subject[1], new, where, clean,
                                        subject[0], _kind_of(new), props + extra,
                                        subject[2], new_aliases)
                return
        match = _REPLACES.match(text)
        subject = match and self.subject(match["s"], where)
        if subject and subject[0] in ("Board", "Organisation"):
            for old, old_aliases in _bodies(match["o"])[:1]:
                yield Statement("replacedBy", old, subject[1], where, clean, _kind_of(old),
                                subject[0], props, old_aliases, subject[2])

    def _structure(self, clean: str, where: Location) -> Iterator[Statement]:
        done = False
        match = _SUBGROUP.match(clean)
        subject = match and self.subject(match["s"], where)
        if subject:
            done = True
            yield from self.relate("subGroupOf", subject, _bodies(match["o"])[:1], where, clean)
        succession = [] if done else list(self._succession(clean, where))
        done = done or bool(succession)
        yield from succession
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
