"""How far to trust a duplicate score: bands measured on officers' labelled pairs.

A score says how alike two items are, not how often such a pair is the same work. What
an officer needs is the second: of the pairs scoring like this one, how many were the
same work when someone read both papers? data/duplicates_confidence.yaml holds that,
written by `python scripts/calibrate_duplicates.py --confidence`: the edge of the
"likely" band is chosen on the development halves of the labelled sets (the lowest
threshold from the default up at which at least 7 in 10 called pairs were duplicates)
and each band's count is then measured on the held-out test halves, which nothing was
fitted or chosen on. Three bands:

    likely    score at or above `likely_from`
    possible  from the default threshold (0.5) up to `likely_from`
    weak      below the default (shown only with a lower --min-score)

Only scored findings have a band (the same work twice, different owners, similar work
in two areas); findings made by a rule (the same words written twice, a report received
twice, boards with overlapping remits) have none, and neither do scores mixed with an
embedding backend, which the labelled pairs did not measure.

>>> bands = Confidence(likely_from=0.6, counts={"likely": (14, 17), "possible": (19, 30),
...                                            "weak": (11, 52)})
>>> bands.band(0.62), bands.band(0.55), bands.band(0.31)
('likely', 'possible', 'weak')
>>> bands.in_words("likely")
'14 of 17 were the same work'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.errors import LoaderError
from sendkg.yaml_lines import read_yaml

BANDS = ("likely", "possible", "weak")
SCORED_KINDS = frozenset({"duplicate", "different-owners", "similar-areas"})


@dataclass(frozen=True)
class Confidence:
    """The bands of a duplicate score and what each held when measured.

    `likely_from`: the least score (0-1) called "likely"; `counts`: for each band of
    BANDS, (duplicates, labelled pairs in the band) on the held-out test halves.
    """

    likely_from: float
    counts: dict[str, tuple[int, int]]

    def band(self, score: float) -> str:
        """'likely', 'possible' or 'weak' for a score in [0, 1]."""
        if score >= self.likely_from - 1e-9:
            return "likely"
        return "possible" if score >= DEFAULT_MIN_SCORE - 1e-9 else "weak"

    def in_words(self, band: str) -> str:
        """'14 of 17 were the same work': the band's measured count, in words."""
        real, checked = self.counts[band]
        return f"{real} of {checked} were the same work"

    def note(self, shown: set[str | None]) -> str:
        """One sentence on how far to trust the bands in `shown` (others are left out).

        >>> bands = Confidence(0.6, {"likely": (14, 17), "possible": (19, 30)})
        >>> bands.note({"likely", "possible"}).split(": ", 1)[1]
        'likely (0.60 or more): 14 of 17 were the same work; possible (0.50 to 0.59): 19 of 30.'
        """
        ranges = {"likely": f"{self.likely_from:.2f} or more",
                  "possible": f"{DEFAULT_MIN_SCORE:.2f} to {self.likely_from - 0.01:.2f}",
                  "weak": f"below {DEFAULT_MIN_SCORE:.2f}"}
        used = [band for band in BANDS if band in shown]
        counts = [self.in_words(band) if k == 0 else "{} of {}".format(*self.counts[band])
                  for k, band in enumerate(used)]
        return ("How far to trust a score, from held-out pairs labelled by reading both "
                "papers: " + "; ".join(f"{band} ({ranges[band]}): {n}"
                                       for band, n in zip(used, counts)) + ".")

    def as_dict(self) -> dict:
        """The bands for JSON: {likely_from, bands: {band: {duplicates, pairs}}}."""
        return {"likely_from": self.likely_from,
                "bands": {b: {"duplicates": real, "pairs": checked}
                          for b, (real, checked) in self.counts.items()}}


def confidence_path() -> Path:
    """The shipped bands file."""
    return Path(str(resources.files("sendkg.data") / "duplicates_confidence.yaml"))


@cache
def load_confidence(path: Path | None = None) -> Confidence:
    """The bands in `path` (default: the shipped file).

    Raises LoaderError (file and line) when `likely_from` is not a score from the
    default threshold to 1, or a band's counts are not two whole numbers, duplicates
    no more than pairs.
    """
    path = path or confidence_path()
    content = read_yaml(path)
    if not isinstance(content, dict) or not isinstance(content.get("bands"), dict):
        raise LoaderError(path, 1, "expected `likely_from:` and a `bands:` mapping")
    likely_from = content.get("likely_from")
    if (isinstance(likely_from, bool) or not isinstance(likely_from, (int, float))
            or not DEFAULT_MIN_SCORE <= likely_from <= 1.0):
        raise LoaderError(path, content.line_of("likely_from"),
                          f"likely_from must be a score from {DEFAULT_MIN_SCORE} to 1, "
                          f"got {likely_from!r}")
    bands = content["bands"]
    counts = {}
    for band in BANDS:
        counts[band] = _counts(path, bands.line_of(band) if band in bands else
                               content.line_of("bands"), band, bands.get(band))
    return Confidence(float(likely_from), counts)


def _counts(path: Path, line: int, band: str, value) -> tuple[int, int]:
    """(duplicates, pairs) of one band's `{duplicates: N, pairs: M}`."""
    if not isinstance(value, dict):
        raise LoaderError(path, line, f"band {band!r} needs {{duplicates: N, pairs: M}}")
    real, checked = value.get("duplicates"), value.get("pairs")
    whole = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for v in (real, checked))
    if not whole or real > checked:
        raise LoaderError(path, line, f"band {band!r}: duplicates and pairs must be whole "
                                      f"numbers, duplicates no more than pairs")
    return real, checked
