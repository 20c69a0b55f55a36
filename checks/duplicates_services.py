"""Which services a label names, for `sendkg duplicates`: the object of the work.

Two labels on one topic can still be different work: "access to maternity care" and
"access to paediatric care" share every word but the one that says which service.
data/duplicates_services.yaml lists the services SEND and children's services plans
name (short breaks, speech and language, the Local Offer, ...) with the phrases that
name them. Each distinct text gets a bit mask of the services it names; for a pair of
texts the score then reads

- `overlap`: the share of the services either names that both name (Jaccard, 0 to 1),
- `clash`: both name a service and none in common (1 or 0).

Phrases are matched on whole words after the same normalising the text similarity uses
(acronyms spelt out, the sector's synonym groups, stems; function words ignored).

>>> masks = service_masks(["Re-commission respite for disabled children",
...                        "Review the short breaks offer", "Access to maternity care",
...                        "Access to paediatric care", "Publish the annual report"])
>>> overlap, clash = service_overlap(masks, [0, 2, 0], [1, 3, 4])
>>> overlap.tolist(), clash.tolist()
([1.0, 0.0, 0.0], [False, True, False])
>>> sorted(services_named("Speech and language therapy for autistic pupils"))
['autism and neurodevelopment', 'speech, language and communication', 'therapies']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from sendkg.errors import LoaderError
from sendkg.names import normalise
from sendkg.yaml_lines import read_yaml

MAX_SERVICES = 63  # one bit each in an int64 mask


def services_path() -> Path:
    """The shipped list of services (data/duplicates_services.yaml)."""
    return Path(str(resources.files("sendkg.data") / "duplicates_services.yaml"))


@cache
def load_services(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Service name -> the phrases that name it, from `path` (default: the shipped file).

    Raises LoaderError (file and line) when `services:` is not a mapping of names to
    lists of phrases, or names more than 63 services.
    """
    path = path or services_path()
    content = read_yaml(path)
    found = content.get("services") if isinstance(content, dict) else None
    if not isinstance(found, dict) or len(found) > MAX_SERVICES:
        raise LoaderError(path, 1, f"expected `services:`, a mapping of at most "
                                   f"{MAX_SERVICES} service names to lists of phrases")
    for name, phrases in found.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise LoaderError(path, content.line_of("services"),
                              f"service {name!r} needs a list of phrases")
    return {str(name): tuple(phrases) for name, phrases in found.items()}


def _key(text: str) -> str:
    """The words compared, space-padded: normalised, acronyms spelt out, synonyms
    made their group's preferred term, function words dropped, stemmed."""
    from sendkg.checks.duplicates_text import GLOSSARY, STOP_WORDS, _stems, with_preferred_terms

    words = " ".join(GLOSSARY.get(w, w) for w in normalise(text).split())
    kept = [w for w in with_preferred_terms(words).split() if w not in STOP_WORDS]
    return " " + " ".join(_stems(tuple(kept))) + " "


@cache
def _matcher(path: Path | None = None) -> tuple[re.Pattern | None, dict[str, int]]:
    """One pattern finding every phrase (overlapping), and each phrase's service bits."""
    bits: dict[str, int] = {}
    for k, phrases in enumerate(load_services(path).values()):
        for phrase in phrases:
            key = _key(phrase).strip()
            if key:
                bits[key] = bits.get(key, 0) | (1 << k)
    if not bits:
        return None, {}
    ordered = sorted(bits, key=len, reverse=True)
    return re.compile(r"(?= (" + "|".join(map(re.escape, ordered)) + r") )"), bits


def service_mask(text: str, path: Path | None = None) -> int:
    """The bit mask of the services `text` names (bit k: the k-th service of the file)."""
    pattern, bits = _matcher(path)
    if pattern is None:
        return 0
    mask = 0
    for found in pattern.finditer(_key(text)):
        mask |= bits[found.group(1)]
    return mask


def services_named(text: str, path: Path | None = None) -> list[str]:
    """The names of the services `text` names, in the file's order."""
    mask = service_mask(text, path)
    return [name for k, name in enumerate(load_services(path)) if mask >> k & 1]


def service_masks(texts: Sequence[str], path: Path | None = None) -> np.ndarray:
    """The service bit mask of each text (int64 array)."""
    return np.array([service_mask(t, path) for t in texts], dtype=np.int64)


def service_overlap(masks: np.ndarray, first, second) -> tuple[np.ndarray, np.ndarray]:
    """For text pairs (index arrays into `masks`): (overlap in [0, 1], clash flags)."""
    a = masks[np.asarray(first, dtype=np.int64)]
    b = masks[np.asarray(second, dtype=np.int64)]
    both, either = np.bitwise_count(a & b), np.bitwise_count(a | b)
    overlap = np.where(either > 0, both / np.maximum(either, 1), 0.0).astype(float)
    clash = (a != 0) & (b != 0) & (both == 0)
    return overlap, clash
