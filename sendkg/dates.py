"""Dates as officers write them in plan cells, read to a month or quarter where possible.

A cell such as "Jan-Mar 17" or "April 17 to March 19" becomes a `When` with `start` and
`end` as `YYYY-MM` (or `YYYY`); "Started" or "TBC" becomes a status; anything else is
kept as text with a warning, never an exception.

>>> parse_when("Jan-Mar 17")
When(text='Jan-Mar 17', start='2017-01', end='2017-03', status=None, warning=None)
>>> parse_when("March 2-21").warning
"could not read a date in 'March 2-21'; kept as text"
>>> split_dates("Jan-Mar 17 Feb-Mar 17 June 17")
['Jan-Mar 17', 'Feb-Mar 17', 'June 17']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                "nov", "dec")
M = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
     r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
Y = r"(?:(?:19|20)\d{2}|'?\d{2})(?![\d-])"
D = r"\d{1,2}(?:st|nd|rd|th)?"
POINT = rf"(?:{D}\s+)?{M}[\s,'-]*{Y}"
FY = r"(?:19|20)\d{2}\s*[/-]\s*(?:(?:19|20)\d{2}|\d{2})(?!\d)"
STATUSES = {"started": "started", "ongoing": "ongoing", "on-going": "ongoing",
            "on going": "ongoing", "tbc": "to be confirmed", "tba": "to be confirmed",
            "complete": "complete", "completed": "complete", "in progress": "in progress",
            "n/a": "not applicable", "annually": "annual", "quarterly": "quarterly",
            "monthly": "monthly"}

# The shapes a date expression can take, tried in this order.
SHAPES = {
    "range": re.compile(rf"(?P<a>{POINT})\s*(?:to|until|till|[-–—])\s*(?P<b>{POINT})", re.I),
    "month_range": re.compile(rf"(?P<m1>{M})\s*(?:[-–—/]|to)\s*(?P<m2>{M})[\s,'-]*(?P<y>{Y})",
                              re.I),
    "quarter": re.compile(rf"(?:q|qtr|quarter)\s*(?P<q>[1-4])[\s,]*(?:(?P<fy>{FY})|"
                          rf"(?P<y>(?:19|20)\d{{2}}))", re.I),
    "financial_year": re.compile(FY, re.I),
    "numeric": re.compile(r"(?:\d{1,2}[/.])?(?P<m>\d{1,2})[/.](?P<y>(?:19|20)\d{2}|\d{2})(?!\d)"),
    "iso": re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-\d{2})?(?:[T ][\d:]+)?(?!\d)"),
    "point": re.compile(POINT, re.I),
    "year": re.compile(r"(?:19|20)\d{2}(?!\d)"),
    "status": re.compile("|".join(sorted(map(re.escape, STATUSES), key=len, reverse=True)),
                         re.I),
    "placeholder": re.compile(r"[-–—]+(?=\s|$)"),
}
_PREFIX = re.compile(r"^(?P<p>from|by|before|end of|start of|w/c|during)\s+", re.I)
_REMARK = re.compile(r"\s*\([^)]*\)\s*")


@dataclass(frozen=True)
class When:
    """A date cell read: the text as written, start/end as YYYY-MM or YYYY, a status."""

    text: str
    start: str | None = None
    end: str | None = None
    status: str | None = None
    warning: str | None = None

    def props(self) -> dict:
        """Node properties in the dataset format (timescale keeps the text)."""
        found = {"timescale": self.text, "start": self.start, "end": self.end,
                 "status": self.status}
        return {key: value for key, value in found.items() if value}


def _year(text: str) -> int:
    digits = text.strip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month(text: str) -> int:
    return _MONTH_NAMES.index(text.strip(".").lower()[:3]) + 1


def _ym(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1900 <= year <= 2099 else None


def _point(text: str) -> str | None:
    """'Sept 16' -> '2016-09'; '28 March 2017' -> '2017-03'."""
    match = re.search(rf"(?P<m>{M})[\s,'-]*(?P<y>{Y})", text, re.I)
    return _ym(_year(match["y"]), _month(match["m"])) if match else None


def _financial_year(text: str) -> tuple[str, str]:
    first, second = re.split(r"\s*[/-]\s*", text.strip())
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    return f"{start}-04", f"{end}-03"


def _interpret(shape: str, match: re.Match) -> tuple[str | None, str | None, str | None]:
    """(start, end, status) for one matched expression."""
    if shape == "range":
        return _point(match["a"]), _point(match["b"]), None
    if shape == "month_range":
        year = _year(match["y"])
        return _ym(year, _month(match["m1"])), _ym(year, _month(match["m2"])), None
    if shape == "quarter":
        return _quarter(int(match["q"]), match["fy"], match["y"])
    if shape == "financial_year":
        return (*_financial_year(match[0]), None)
    if shape in {"numeric", "iso"}:
        month = _ym(_year(match["y"]), int(match["m"]))
        return month, month, None
    if shape == "point":
        return _point(match[0]), _point(match[0]), None
    if shape == "year":
        return match[0], match[0], None
    if shape == "status":
        return None, None, STATUSES[match[0].lower()]
    return None, None, None


def _quarter(number: int, fy: str | None, year: str | None):
    """Quarters of a financial year (Q1 = Apr-Jun) or, with a plain year, of that year."""
    if fy:
        first = int(re.split(r"\s*[/-]\s*", fy)[0])
        months = (3 * number + 1, 3 * number + 3)
        start_year = first if number < 4 else first + 1
        months = months if number < 4 else (1, 3)
        return _ym(start_year, months[0]), _ym(start_year, months[1]), None
    base = int(year)
    return _ym(base, 3 * number - 2), _ym(base, 3 * number), None


def _valid(shape: str, match: re.Match) -> bool:
    start, end, status = _interpret(shape, match)
    if shape in {"status", "placeholder"}:
        return True
    if not start or not end:
        return False
    return start <= end


def _match_at(text: str, position: int) -> tuple[str, re.Match] | None:
    for shape, pattern in SHAPES.items():
        match = pattern.match(text, position)
        if match and match.end() > position and _valid(shape, match):
            end = match.end()
            if end == len(text) or not text[end].isalnum():
                return shape, match
    return None


def split_dates(text: str) -> list[str]:
    """The date expressions in a cell, in order ('-' placeholders kept for alignment).

    Text that is not a sequence of dates comes back whole, as one item.

    >>> split_dates("Started - -")
    ['Started', '-', '-']
    >>> split_dates("Mar 16 Oct 16 Mar 17")
    ['Mar 16', 'Oct 16', 'Mar 17']
    >>> split_dates("sometime soon")
    ['sometime soon']
    """
    cleaned = _REMARK.sub(" ", text).strip()
    found, position = [], 0
    while True:
        while position < len(cleaned) and cleaned[position] in " \t,;\n":
            position += 1
        if position >= len(cleaned):
            break
        prefix = _PREFIX.match(cleaned[position:])
        start = position + (prefix.end() if prefix else 0)
        hit = _match_at(cleaned, start)
        if hit is None:
            return [text.strip()] if text.strip() else []
        found.append(cleaned[position:hit[1].end()].strip())
        position = hit[1].end()
    return found


@lru_cache(maxsize=65_536)  # pure, and When is frozen: a lint run reads one period per action
def parse_when(text: str) -> When:
    """One date expression read to start/end months, a status, or kept with a warning.

    >>> parse_when("April 17 to March 19 (option to extend)").end
    '2019-03'
    >>> parse_when("Quarter 2, 2017")
    When(text='Quarter 2, 2017', start='2017-04', end='2017-06', status=None, warning=None)
    >>> parse_when("2017/18").start
    '2017-04'
    >>> parse_when("From Jan 16")
    When(text='From Jan 16', start='2016-01', end=None, status=None, warning=None)
    >>> parse_when("Started").status
    'started'
    """
    written = " ".join(str(text).split())
    cleaned = _REMARK.sub(" ", written).strip()
    prefix = _PREFIX.match(cleaned)
    body = cleaned[prefix.end():] if prefix else cleaned
    if not body or SHAPES["placeholder"].fullmatch(body):
        return When(written)
    for shape, pattern in SHAPES.items():
        match = pattern.fullmatch(body)
        if match and _valid(shape, match):
            start, end, status = _interpret(shape, match)
            return _with_prefix(When(written, start, end, status), prefix)
    return When(written, warning=f"could not read a date in {written!r}; kept as text")


def _with_prefix(when: When, prefix: re.Match | None) -> When:
    if not prefix:
        return when
    word = prefix["p"].lower()
    if word in {"from", "start of", "w/c"}:
        return When(when.text, when.start, None, when.status)
    if word in {"by", "before", "end of"}:
        return When(when.text, None, when.end, when.status)
    return when


def span(whens: list[When]) -> When | None:
    """The earliest start and latest end of several cells' dates (None if none read).

    >>> span([parse_when("May 2017"), parse_when("July 2017")])
    When(text='May 2017; July 2017', start='2017-05', end='2017-07', status=None, warning=None)
    """
    read = [w for w in whens if w.start or w.end or w.status]
    if not read:
        return None
    starts = [w.start for w in read if w.start]
    ends = [w.end for w in read if w.end]
    statuses = [w.status for w in read if w.status]
    text = "; ".join(w.text for w in whens if w.text and w.text != "-")
    return When(text, min(starts) if starts else None, max(ends) if ends else None,
                statuses[0] if statuses else None)


def read_dates(text: str) -> list[When]:
    """Every date expression of a cell, read (unreadable ones carry a warning).

    >>> [w.start for w in read_dates("Jun 16 Started Sept 16")]
    ['2016-06', None, '2016-09']
    """
    return [parse_when(part) for part in split_dates(text)]


PERIOD_FORMS = "2017-2018, 2017/18, Q1 2017/18 or April 2017 to March 2018"


@lru_cache(maxsize=65_536)
def read_period(text: str) -> When:
    """A `period` (of a plan or item) read: one date expression (`parse_when`), else
    several in a row read as their span, each of them read ("2018/19 – 2020/21": April
    2018 to March 2021). Neither: a When with no start or end, and a warning; the
    dataset loader refuses such a period, so lint never reads one as something else.

    >>> read_period("2018/19 – 2020/21")
    When(text='2018/19 – 2020/21', start='2018-04', end='2021-03', status=None, warning=None)
    >>> read_period("2017-2O18").warning
    "could not read a date in '2017-2O18'; kept as text"
    """
    when = parse_when(text)
    if when.start or when.end:
        return when
    pieces = read_dates(text)
    dated = [p for p in pieces if p.start or p.end]
    if len(pieces) > 1 and dated and all(p.start or p.end or not p.text.strip("-–— ")
                                         for p in pieces):
        whole = span(dated)
        return When(when.text, whole.start, whole.end) if whole else when
    return when


def iso_date(value) -> str | None:
    """A calendar date written YYYY-MM-DD (text, or a date YAML already read) as ISO
    text; None when it is not one (a month, a year, a typo, 2022-02-30).

    >>> iso_date("2022-07-01"), iso_date("2022-02-30"), iso_date("2022-07")
    ('2022-07-01', None, None)
    """
    import datetime as _dt

    if isinstance(value, _dt.datetime):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


_MONTH_WORDS = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_NUMBERS = (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
            re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"))
DATE_FORMS = "2020-12-31, 31/12/2020 or 31 December 2020"


def calendar_date(text: str) -> str:
    """A day as officers write it, as ISO text: 2020-12-31, 31/12/2020 (day first, as
    in England; also with '.' or '-'), 1 April 2020, 1st Apr 2020.

    Raises ValueError saying why for anything else, or a day that does not exist.

    >>> calendar_date("31/12/2020"), calendar_date("1 April 2020"), calendar_date("2020-4-1")
    ('2020-12-31', '2020-04-01', '2020-04-01')
    >>> calendar_date("2020-02-30")
    Traceback (most recent call last):
    ...
    ValueError: February has no day 30
    """
    import calendar
    import datetime as _dt

    written = " ".join(str(text).strip().casefold().split())
    numbers = next((m for pattern in _NUMBERS if (m := pattern.fullmatch(written))), None)
    if numbers:
        year, month, day = (int(numbers[k]) for k in ("y", "m", "d"))
    elif words := _DAY_MONTH_YEAR.fullmatch(written):
        month = next((i + 1 for i, name in enumerate(_MONTH_WORDS)
                      if len(words[2]) >= 3 and name.startswith(words[2])), None)
        if month is None:
            raise ValueError(f"{words[2]!r} is not a month")
        year, day = int(words[3]), int(words[1])
    else:
        raise ValueError(f"not a date; write it as {DATE_FORMS}")
    if not 1 <= month <= 12:
        day_first = " (write the day first: 31/12/2020)" if numbers and day <= 12 else ""
        raise ValueError(f"there is no month {month}{day_first}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        leap = f" {year}" if month == 2 and day == 29 else ""
        raise ValueError(f"{_MONTH_WORDS[month - 1].title()}{leap} has no day {day}")
    return _dt.date(year, month, day).isoformat()
