"""The learned combination behind a duplicate score (data/duplicates_model.yaml).

A pair's score is a logistic regression over six features:

    text    = (1 - rare_share) x lexical + rare_share x rarest shared term
    score   = 1 / (1 + exp(-(intercept + text_weight x text
                             + across_councils x [the two items are in two areas]
                             + linked_plans x [one item's plan builds on, is read with
                                               or supersedes the other's]
                             + service_overlap x text x overlap
                             + service_clash x [both name a service, none in common])))

`lexical` is the word and character TF-IDF similarity of the two labels and `rarest
shared term` the inverse document frequency of the rarest key term (or two-word phrase)
both labels use, over the largest one in the graph (sendkg.checks.duplicates_text).
`overlap` is the share of the services the two labels name that both name, and the
clash flag says each names a service but none in common (the object of the work:
sendkg.checks.duplicates_services). The overlap counts only as far as the words are
alike (it multiplies `text`), so two steps of one workstream, which name its service
but little else in common, gain little from it. A model file without the two service
weights reads them as 0: the score is then the text, areas and linked plans alone.
The weights were fitted by `python scripts/calibrate_duplicates.py --fit` on the
development halves of the labelled sets only; the file says on how many pairs. Owners,
legislation and boards in common are said in the explanation of a finding but carry no
weight: on the labelled pairs they did not tell duplicates apart (fitted weights below
zero), since items of one council share them whether or not they are the same work.

>>> model = ScoreModel(intercept=-2.0, text_weight=4.0, rare_share=0.5,
...                    across_councils=0.5, linked_plans=0.5)
>>> round(float(model.probability(0.5, False, False)), 3)
0.5
>>> round(model.text_floor(0.5), 3)  # the least text similarity that can reach 0.5
0.25
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from sendkg.errors import LoaderError
from sendkg.yaml_lines import read_yaml

OPTIONAL = ("service_overlap", "service_clash")  # older model files have neither


@dataclass(frozen=True)
class ScoreModel:
    """Weights of the duplicate score (logit scale; see the module docstring)."""

    intercept: float
    text_weight: float
    rare_share: float
    across_councils: float
    linked_plans: float
    service_overlap: float = 0.0
    service_clash: float = 0.0

    def probability(self, text, across, linked, overlap=0.0, clash=0.0) -> np.ndarray:
        """Score in [0, 1] for arrays (or scalars) of text similarity, two-areas and
        linked-plans flags, service overlap (0 to 1) and service clash flags."""
        text = np.asarray(text, dtype=float)
        logit = (self.intercept + self.text_weight * text
                 + self.across_councils * np.asarray(across, dtype=float)
                 + self.linked_plans * np.asarray(linked, dtype=float)
                 + self.service_overlap * text * np.asarray(overlap, dtype=float)
                 + self.service_clash * np.asarray(clash, dtype=float))
        return 1.0 / (1.0 + np.exp(-logit))

    def text_floor(self, min_score: float, linked: bool = True) -> float:
        """The least text similarity with which a pair can still reach `min_score`
        (every other term at its most helpful; without `linked`, for pairs whose plans
        are not linked)."""
        if min_score <= 0.0:
            return -math.inf
        if min_score >= 1.0:
            return math.inf
        best = (max(self.across_councils, 0.0) + max(self.service_clash, 0.0)
                + (max(self.linked_plans, 0.0) if linked else 0.0))
        logit = math.log(min_score / (1.0 - min_score))
        slope = self.text_weight + max(self.service_overlap, 0.0)  # overlap at most 1
        return (logit - self.intercept - best) / slope - 1e-9

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}


def model_path() -> Path:
    """The shipped model file."""
    return Path(str(resources.files("sendkg.data") / "duplicates_model.yaml"))


@cache
def load_model(path: Path | None = None) -> ScoreModel:
    """The weights in `path` (default: the shipped file).

    Raises LoaderError (file and line) when a weight is missing or not a number, or the
    text weight is not above zero (the score must grow with the text similarity).
    """
    path = path or model_path()
    content = read_yaml(path)
    weights = content.get("weights") if isinstance(content, dict) else None
    if not isinstance(weights, dict):
        raise LoaderError(path, 1, "expected a `weights:` mapping")
    values = {}
    for name in (f.name for f in fields(ScoreModel)):
        if name in OPTIONAL and name not in weights:
            continue
        value = weights.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise LoaderError(path, content.line_of("weights"),
                              f"weight {name!r} must be a number, got {value!r}")
        values[name] = float(value)
    if values["text_weight"] <= 0 or not 0.0 <= values["rare_share"] <= 1.0:
        raise LoaderError(path, content.line_of("weights"),
                          "text_weight must be above 0 and rare_share between 0 and 1")
    return ScoreModel(**values)


def fitted(text: np.ndarray, across: np.ndarray, linked: np.ndarray, labels: np.ndarray,
           rare_share: float, strength: float = 1.0, overlap: np.ndarray | None = None,
           clash: np.ndarray | None = None) -> ScoreModel:
    """A ScoreModel fitted by logistic regression (scikit-learn, L2 with C = `strength`,
    classes balanced) on labelled pairs' features: `labels` 1 for a duplicate. Without
    `overlap` and `clash` (arrays like `text`) the service weights stay 0."""
    from sklearn.linear_model import LogisticRegression

    columns = [text, across, linked]
    if overlap is not None and clash is not None:
        columns += [np.asarray(text, dtype=float) * overlap, clash]
    found = LogisticRegression(C=strength, class_weight="balanced", max_iter=1000)
    found.fit(np.column_stack(columns).astype(float), labels)
    weights = found.coef_[0].tolist() + [0.0, 0.0]
    return ScoreModel(float(found.intercept_[0]), weights[0], rare_share, weights[1],
                      weights[2], weights[3], weights[4])
