"""How far to trust a duplicate score: the bands, their file, and how findings carry them
(sendkg.checks.duplicates_confidence)."""

from __future__ import annotations

import json

import pytest

from sendkg.checks.duplicates import duplicates
from sendkg.checks.duplicates_confidence import SCORED_KINDS, Confidence, load_confidence
from sendkg.errors import LoaderError

BANDS = Confidence(0.6, {"likely": (14, 17), "possible": (19, 30), "weak": (11, 52)})


def test_a_score_falls_in_one_band_with_the_edges_inclusive():
    assert [BANDS.band(s) for s in (1.0, 0.6, 0.5999, 0.5, 0.4999, 0.0)] == [
        "likely", "likely", "possible", "possible", "weak", "weak"]


def test_the_note_names_only_the_bands_shown():
    note = BANDS.note({"possible", None})
    assert "possible (0.50 to 0.59): 19 of 30 were the same work." in note
    assert "likely" not in note and "weak" not in note


@pytest.mark.parametrize("text, line, words", [
    ("likely_from: 0.3\nbands: {}\n", 1, "likely_from must be a score from 0.5 to 1"),
    ("likely_from: 0.6\nbands:\n  likely: {duplicates: 5, pairs: 4}\n", 3,
     "duplicates no more than pairs"),
    ("likely_from: 0.6\nbands:\n  likely: {duplicates: 1, pairs: 4}\n"
     "  possible: {duplicates: 1, pairs: 4}\n", 2, "band 'weak' needs"),
    ("likely_from: 0.6\n", 1, "expected `likely_from:` and a `bands:` mapping"),
])
def test_a_wrong_bands_file_names_its_line(tmp_path, text, line, words):
    path = tmp_path / "bands.yaml"
    path.write_text(text)
    with pytest.raises(LoaderError) as error:
        load_confidence(path)
    assert error.value.line == line and words in str(error.value)


def test_scored_findings_carry_their_band_and_rule_findings_none(bundled_kg):
    bands = load_confidence()
    found = duplicates(bundled_kg, 0.3)
    assert {f.confidence for f in found} == {"likely", "possible", "weak", None}
    for f in found:
        expected = bands.band(f.score) if f.kind in SCORED_KINDS else None
        assert f.confidence == expected, (f.kind, f.score)
        assert f.as_dict()["confidence"] == json.loads(f.as_json())["confidence"] == expected


def test_scores_mixed_with_embeddings_have_no_band(tmp_path):
    from sendkg.checks.duplicates_embeddings import load_embeddings
    from test_duplicates import MEANINGS, _vectors

    path = _vectors(tmp_path, "5 3\nholiday 1 0 0\nleisure 0.95 0.05 0\nclubs 0.9 0 0.1\n"
                              "activities 0.9 0.1 0\nadmissions 0 0 1\n")
    (found,) = duplicates(MEANINGS, embeddings=load_embeddings(path))
    assert found.kind == "duplicate" and found.confidence is None


def test_the_screen_says_each_band_and_how_far_it_held(cli):
    result = cli("duplicates", "--limit", "12", "--min-score", "0.45")
    assert result.code == 0, result.err
    bands = load_confidence()
    assert "likely · " in result.out and "possible · " in result.out
    flat = " ".join(result.out.split())
    assert (f"likely ({bands.likely_from:.2f} or more): {bands.in_words('likely')}"
            in flat)
