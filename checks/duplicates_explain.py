"""Why two plan items were paired, in plain words an officer can check.

"both re-commission day short breaks; same lead (Lyndsey Dunn); same plan": the words
the two labels share (as the first writes them, matched on stems and the sector's
synonyms), then the evidence from the graph (same lead, same legislation, same board),
then where the two stand (one plan, two plans of one council, two areas).

>>> both_words("Re-commission day short breaks for early help",
...            "Re-commission group day short breaks for adulthood")
're-commission day short breaks'
>>> both_words("Respite for disabled children", "Short breaks review")
'respite'
"""

from __future__ import annotations

import re

from sendkg.checks.duplicates_text import STOP_WORDS, topic

from sendkg.names import normalise

_WORD = re.compile(r"[\w'’-]+")


def both_words(first: str, second: str) -> str:
    """The words of `first` whose meaning `second` shares, in `first`'s order, each once
    ("community and voluntary community sector" gives "community voluntary sector").

    >>> both_words("Community and voluntary community sector grants",
    ...            "Grants to the voluntary and community sector")
    'community voluntary sector grants'
    """
    theirs = set(topic(second).split())
    kept: list[str] = []
    for word in _WORD.findall(first):
        plain = normalise(word)
        if not plain or plain in STOP_WORDS or plain.isdigit() or word.lower() in kept:
            continue
        stems = topic(word).split()
        if stems and all(s in theirs for s in stems):
            kept.append(word.lower())
    return " ".join(kept)


def number_word(n: int) -> str:
    """A count as the findings write it: one to nine in words, 10 and more in figures.

    >>> number_word(3), number_word(4), number_word(12)
    ('three', 'four', '12')
    """
    return _WORDS[n] if 0 < n < len(_WORDS) else str(n)


_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def plain_reason(shared_words: str, shared: dict[str, list[str]], scope: str,
                 areas: tuple[str, ...] = (), plan_link: str | None = None,
                 owner_word: str = "lead") -> str:
    """One line: shared words; shared lead (`owner_word`: "owner" when a side shows
    owners none of whom leads), legislation, board; how the two plans are linked ("one
    plan builds on the other"); where the two stand."""
    parts = [f"both {shared_words}"] if shared_words else []
    for name, word in (("owners", owner_word), ("legislation", "legislation"),
                       ("boards", "board")):
        if shared.get(name):
            parts.append(f"same {word} ({', '.join(shared[name])})")
    if plan_link:
        parts.append(plan_link)
    parts.append(_where(scope, areas))
    return "; ".join(parts)


def areas_reason(shared_words: str, areas: tuple[str, ...], items: int,
                 centre: str = "") -> str:
    """One line for alike work in several areas. Two items: the words both share, then
    the two areas. More: each item is alike to the centre's label, the words every
    member shares with it (none named when no word is in all), then how many items in
    how many areas (the first three named).

    >>> areas_reason("travel training", ("Derby", "Durham"), 2)
    'both travel training; in two areas (Derby and Durham)'
    >>> areas_reason("travel training", ("Bath", "Derby", "Durham", "Leeds"), 6,
    ...              "Independent travel training")
    'each like "Independent travel training"; all share: travel training; six items in four areas (Bath, Derby, Durham and 1 more)'
    """
    if len(areas) > 3:
        named = f"{', '.join(areas[:3])} and {len(areas) - 3} more"
    else:
        named = " and ".join(filter(None, (", ".join(areas[:-1]), areas[-1] if areas else "")))
    if items == 2 and len(areas) == 2:
        return "; ".join([*([f"both {shared_words}"] if shared_words else []),
                          f"in two areas ({named})"])
    like = f'each like "{centre}"' + (f"; all share: {shared_words}" if shared_words else "")
    return f"{like}; {number_word(items)} items in {number_word(len(areas))} areas ({named})"


def _where(scope: str, areas: tuple[str, ...]) -> str:
    if scope == "within plan":
        return "same plan"
    if scope == "across councils":
        return "in two areas" + (f" ({' and '.join(areas)})" if areas else "")
    return "two plans of one council" + (f" ({areas[0]})" if areas else "")
