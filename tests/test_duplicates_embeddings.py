"""The optional word-vector backend of `sendkg duplicates --embeddings`: a file that knows
few of the labels' words is said to, and labels it does not know keep their text score."""

from __future__ import annotations

import json

from sendkg.checks.duplicates import duplicates
from sendkg.checks.duplicates_embeddings import load_embeddings
from sendkg.checks.duplicates_scoring import DuplicateIndex


def _tiny(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("travel 0.1 0.2 0.3\ntraining 0.2 0.1 0.3\n")
    return path


def test_labels_the_vectors_do_not_know_keep_their_text_score(bundled_kg, tmp_path):
    # Before: every pair with a label of no known word had its score halved (cosine 0
    # averaged in), so 110 bundled duplicates became 7 with a two-word file.
    pair = [("act:oip-r5-care-planning-standards", "deliv:oip-t3-m2")]
    plain = DuplicateIndex(bundled_kg).scores_of(pair)[0]
    mixed = DuplicateIndex(bundled_kg, embeddings=load_embeddings(_tiny(tmp_path)))
    assert mixed.scores_of(pair)[0] == plain
    found = {(f.first.node.id, f.second.node.id)
             for f in duplicates(bundled_kg, embeddings=load_embeddings(_tiny(tmp_path)))}
    assert pair[0] in found


def test_the_command_says_how_many_words_the_file_knows(cli, tmp_path):
    result = cli("duplicates", "--embeddings", str(_tiny(tmp_path)), "--limit", "2")
    assert result.code == 0, result.err
    assert "embeddings: 2 of the labels'" in result.err and "fewer than half" in result.err
    result = cli("duplicates", "--json", "--embeddings", str(_tiny(tmp_path)))
    coverage = json.loads(result.out)["query"]["embeddings_coverage"]
    assert coverage["known_words"] == 2 and coverage["distinct_words"] > 500
