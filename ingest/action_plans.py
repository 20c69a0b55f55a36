"""Action plans: theme (with lead and members) -> recommendation -> action rows.

An improvement plan such as an Ofsted action plan states its structure in lines between
the tables: "Theme 1: Strengthening ... Lead: Carole Payne Membership: Mark Gurney",
then "Ofsted Recommendation 1: Continue with ...", then a table of actions with lead
officer posts, start and end dates and the expected outcome. `ActionPlanContext` reads
those lines while `plan_tables.table_rows` reads the tables, so every action row knows
its theme and recommendation. Theme blocks repeat on every page; a repeat is one theme.

>>> from sendkg.loaders.rows import Location, Row
>>> context = ActionPlanContext()
>>> context.observe(Row(("Theme 2: Oversight PID Milestones: M1 - set",
...                      "Lead: Jenny Haworth Membership: Helen Fergusson"), Location("f", 5)))
True
>>> context.observe(Row(("Ofsted Recommendation 2: Review existing arrangements.",),
...                     Location("f", 7), prose=True))
True
>>> snap = context.snapshot()
>>> snap["theme"].title, snap["theme"].lead, snap["theme"].members, snap["recommendation"].number
('Oversight', 'Jenny Haworth', 'Helen Fergusson', '2')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sendkg.loaders.rows import Location, Row

_THEME = re.compile(r"^\W*Theme\s+(?P<n>\d+[a-z]?)\s*[:.\-–]\s*(?P<title>.*)$", re.I)
_RECOMMENDATION = re.compile(
    r"^\W*(?:[A-Z][\w']*\s+){0,2}?Recommendation\s+(?P<n>\d+[a-z]?)\s*[:.\-–]\s*(?P<text>.+)$",
    re.I)
_TITLE_END = re.compile(r"\s*(?:\bPID\b|\bMilestones?\s*:|\bLead\s*:|\bMembership\s*:|\t).*$",
                        re.I | re.S)
_LEAD = re.compile(r"\bLead(?:s|\s+officers?)?\s*:\s*(?P<v>.*?)\s*"
                   r"(?=\bMembership\s*:|\bMembers\s*:|$)", re.I)
_MEMBERS = re.compile(r"\bMember(?:ship|s)\s*:\s*(?P<v>.*)$", re.I)
_MILESTONE = re.compile(r"^\W*(?:PID\s+)?(?:Milestones?\b|M\d+\b)", re.I)
_CONTEXT_START = re.compile(r"^\W*(?:Lead|Membership|Members)\s*:", re.I)


@dataclass(frozen=True)
class Theme:
    """A theme of an action plan, its lead(s) and members as written."""

    number: str
    title: str
    lead: str | None
    members: str | None
    where: Location
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """A numbered recommendation (an objective) and the line that states it."""

    number: str
    text: str
    where: Location


def _clean(text: str) -> str:
    return " ".join(text.replace("**", " ").replace("\t", " ").split())


@dataclass
class ActionPlanContext:
    """Tracks the current theme and recommendation while rows go by."""

    theme: Theme | None = None
    recommendation: Recommendation | None = None
    themes: dict[str, Theme] = field(default_factory=dict)

    def _people(self, text: str) -> tuple[str | None, str | None]:
        lead = _LEAD.search(text)
        members = _MEMBERS.search(text)
        return (_clean(lead["v"]).strip(" *") or None if lead else None,
                _clean(members["v"]).strip(" *") or None if members else None)

    def _update_theme(self, text: str, row: Row) -> None:
        lead, members = self._people(text)
        theme = self.theme
        self.theme = replace(theme, lead=theme.lead or lead, members=theme.members or members,
                             lines=tuple(dict.fromkeys((*theme.lines, row.where.line))))
        self.themes[theme.number] = self.theme

    def _start_theme(self, match: re.Match, text: str, row: Row) -> None:
        number = match["n"]
        title = _TITLE_END.sub("", _clean(match["title"])).strip(" *:-")
        lead, members = self._people(text)
        old = self.themes.get(number)
        if old:
            theme = replace(old, title=old.title or title, lead=old.lead or lead,
                            members=old.members or members,
                            lines=tuple(dict.fromkeys((*old.lines, row.where.line))))
        else:
            theme = Theme(number, title, lead, members, row.where, (row.where.line,))
        self.theme = self.themes[number] = theme
        self.recommendation = None

    def observe(self, row: Row) -> bool:
        """Read a theme, recommendation, milestone, lead or membership line; True if it
        was one (the row is then not a table row)."""
        text = _clean(" ".join(row.cells))
        theme = _THEME.match(text)
        if theme:
            self._start_theme(theme, text, row)
            return True
        recommendation = _RECOMMENDATION.match(text)
        if recommendation and len(row.cells) - row.cells.count("") <= 1:
            self.recommendation = Recommendation(recommendation["n"],
                                                 recommendation["text"].strip(), row.where)
            return True
        if self.theme and (_MILESTONE.match(text) or _CONTEXT_START.match(text)):
            self._update_theme(text, row)
            return True
        return False

    def snapshot(self) -> dict:
        return {"theme": self.theme, "recommendation": self.recommendation}
