"""`sendkg duplicates` on the bundled data of the seed documents: expected findings,
the labelled pairs, and candidates against exact all-pairs scoring."""

from __future__ import annotations

import importlib.util
import json
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from sendkg.checks.duplicates import duplicates
from sendkg.checks.duplicates_model import load_model
from sendkg.checks.duplicates_scoring import (
    DEFAULT_MIN_SCORE,
    DuplicateIndex,
    candidate_pairs,
    exact_pairs,
)

ROOT = Path(__file__).resolve().parent.parent
THINK_FAMILY = ["deliv:cyps-1-ef-e", "deliv:cyps-2-ef-d", "deliv:cyps-3-ef-b", "deliv:cyps-4-ef-e"]


@pytest.fixture(scope="module")
def findings(bundled_kg):
    return duplicates(bundled_kg)


def _calibration():
    spec = importlib.util.spec_from_file_location(
        "calibrate_duplicates", ROOT / "scripts" / "calibrate_duplicates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _keys(findings, kind):
    return {(f.first.node.id, f.second.node.id): f for f in findings if f.kind == kind}


def test_the_think_family_deliverable_repeated_under_four_aims_is_one_cluster(findings):
    (cluster,) = [f for f in findings if f.kind == "repeated-item"]
    assert [m.node.id for m in cluster.members] == THINK_FAMILY
    same_words = round(float(load_model().probability(1.0, False, False)), 3)
    assert (cluster.score, cluster.scope) == (same_words, "within plan")
    pairs = {(f.first.node.id, f.second.node.id) for f in findings if f.kind != "repeated-item"}
    assert not pairs & set(combinations(THINK_FAMILY, 2))


def test_the_only_findings_within_plans_at_0_75(bundled_kg):
    found = [(f.kind, f.first.node.id, f.second.node.id, f.score)
             for f in duplicates(bundled_kg, 0.75, "within")]
    # The Think Family cluster, then three pieces of work each written twice in one plan:
    # care planning standards and the family outcomes framework (an Ofsted plan's action
    # and its milestone), and the CSE priority carried into the LSCB's next priorities.
    # The Ofsted plan's two pairs have no lead in common (a Strategic Manager leads the
    # action, the Head of Education the milestone): owned by different people in one
    # plan (notes/s5/tryout6.md #9); the LSCB leads both its priorities.
    pairs = [tuple(THINK_FAMILY[:2]),
             ("act:oip-r5-care-planning-standards", "deliv:oip-t3-m2"),
             ("obj:lscb-2016-17-reducing-cse", "obj:lscb-2017-20-cse"),
             ("act:oip-r5-family-outcomes-framework", "deliv:oip-t3-m5")]
    scores = [round(s, 3) for s in DuplicateIndex(bundled_kg).scores_of(pairs)]
    kinds = ["repeated-item", "different-owners", "duplicate", "different-owners"]
    found.sort(key=lambda f: pairs.index(f[1:3]))
    assert found == [(k, *p, s) for k, p, s in zip(kinds, pairs, scores)]


def test_travel_training_in_derby_and_durham_is_similar_work_in_two_areas(findings):
    # One cluster for the travel-training work of both councils, never "different owners".
    assert not [f for f in findings if f.kind == "different-owners"
                and f.scope == "across councils"]
    (cluster,) = [f for f in findings if f.kind == "similar-areas" and any(
        s.node.id == "act:dby-independent-travel-training" for s in f.sides)]
    sides = {s.node.id: s for s in cluster.sides}
    assert cluster.scope == "across councils"
    assert sides["act:dby-independent-travel-training"].council.id == "org:derby-city-council"
    for durham in ("act:jcp-travel-training-2", "obj:jcp-travel-training"):
        assert sides[durham].council.id == "org:durham-county-council"
        assert [p.id for p in sides[durham].plans] == ["plan:durham-send-jcp-2017-18"]
    assert cluster.message == "similar work in two areas (a chance to share)"
    assert {"travel", "training"} <= set(cluster.explanation["shared_terms"])
    assert cluster.explanation["areas"] == ["Derby City Council", "Durham County Council"]


def test_steps_of_one_workstream_and_an_item_and_its_container_are_not_pairs(
        bundled_kg, findings):
    from sendkg.queries.containment import containers

    pairs = {(f.first.node.id, f.second.node.id) for f in findings
             if f.kind in ("duplicate", "different-owners")}
    assert ("act:jcp-high-needs-1", "act:jcp-high-needs-6") not in pairs
    assert ("act:jcp-travel-training-2", "act:jcp-travel-training-5") not in pairs
    for first, second in pairs:
        assert first not in {n.id for n, _ in containers(bundled_kg, second)}
        assert second not in {n.id for n, _ in containers(bundled_kg, first)}


def test_bodies_receiving_the_same_report_twice(findings):
    found = {(f.body.id, f.first.node.id, f.second.node.id): f.score
             for f in findings if f.kind == "repeated-report"}
    # Seed 004's agenda lists each paper to the scrutiny committee once; the five pairs
    # tryout5 #4 found are one paper each (see test_duplicates_tryout.py): none remains.
    assert not [key for key in found if key[0] == "board:cyp-overview-and-scrutiny-committee"]
    # An aim and the plan delivering it, named in one sentence (001 l.1483, 1487, 1488),
    # are one fact, not one report sent twice (tryout #4).
    assert not [key for key in found if key[1] in ("aim:cyps-3", "aim:cyps-4")]
    assert not any(body == "board:send-joint-commissioning-partnership"
                   for body, _, _ in found)  # thirteen work-streams, each its own progress


def test_boards_with_overlapping_remits(findings):
    found = _keys(findings, "overlapping-boards")
    both = found[("board:integrated-steering-group-for-children",
                  "board:send-quality-improvement-board")]
    assert [n["id"] for n in both.explanation["shared_received"]] == [
        "aim:cyps-4", "plan:durham-send-written-statement-of-action"]
    assert ("board:quality-improvement-board", "board:send-quality-improvement-board") in found
    assert not any("derby" in a or "derby" in b for a, b in found)


@pytest.mark.parametrize("min_score", [DEFAULT_MIN_SCORE, 0.6, 0.7])
def test_candidates_find_what_exact_scoring_finds(bundled_kg, min_score):
    # MinHash LSH may miss a pair; the same scoring means it never adds one.
    index = DuplicateIndex(bundled_kg)
    fast, exact = candidate_pairs(index, min_score), exact_pairs(index, min_score)
    fast_codes = set(fast.codes(len(index.items)).tolist())
    exact_codes = set(exact.codes(len(index.items)).tolist())
    assert fast_codes <= exact_codes
    assert len(fast_codes) >= 0.95 * len(exact_codes)


def test_labelled_pairs_name_items_of_the_bundled_graph(bundled_kg):
    calibration = _calibration()
    for pair in calibration.labelled_pairs():
        for key in ("first", "second"):
            assert bundled_kg.node(pair[key]).type in ("Objective", "Action", "Deliverable")
        assert isinstance(pair["duplicate"], bool) and pair["why"]


@pytest.fixture(scope="module")
def scored_halves():
    """{half: [(labelled pair, score)]} of every labelled set, as the calibration scores."""
    calibration = _calibration()
    found = {"dev": [], "test": []}
    for path in calibration.SETS:
        kg = calibration.graph_for(None, calibration.extra_data(path))
        for half, results in found.items():
            results += calibration.scored(kg, calibration.labelled_pairs(path, half=half))
    return found


def test_precision_and_recall_on_the_held_out_half(scored_halves):
    # A regression guard, not a target (the target, 0.8 / 0.8, is not met). Pooled test
    # halves of the labelled sets (each labelled before any scoring of it): the weights
    # fitted on two sets' dev halves gave 0.636 / 0.714 on three (first run on the
    # third); refitted on three dev halves, 0.702 / 0.673. The fourth set (two fresh
    # councils) at first sight: 0.769 / 0.455 on its test half, 0.717 / 0.606 pooled;
    # refitted on the four dev halves, 0.705 / 0.606 at the default 0.5.
    result = _calibration().precision_recall(scored_halves["test"], DEFAULT_MIN_SCORE)
    assert result["pairs"] == 229 and result["duplicates"] == 71
    assert result["precision"] >= 0.68
    assert result["recall"] >= 0.58


def test_the_shipped_bands_are_what_the_labelled_pairs_measure(scored_halves):
    # data/duplicates_confidence.yaml must follow the weights and labels it describes:
    # the "likely" edge chosen on the dev halves, each band counted on the test halves.
    from sendkg.checks.duplicates_confidence import load_confidence

    calibration = _calibration()
    shipped = load_confidence()
    assert shipped.likely_from == calibration.likely_edge(scored_halves["dev"])
    assert shipped.counts == calibration.band_counts(scored_halves["test"],
                                                     shipped.likely_from)
    likely, possible = shipped.counts["likely"], shipped.counts["possible"]
    assert likely[0] / likely[1] > possible[0] / possible[1]  # "likely" is the surer band


def test_the_labelled_sets_are_split_in_two_halves():
    calibration = _calibration()
    for path, halves in zip(calibration.SETS, ([82, 91], [34, 34], [35, 36], [64, 68]),
                            strict=True):
        assert [len(calibration.labelled_pairs(path, h)) for h in ("dev", "test")] == halves
    assert len(calibration.labelled_pairs(calibration.SETS[1])) == 68


@pytest.mark.parametrize("which", [1, 2, 3])
def test_the_other_councils_halves_follow_the_hash_of_the_pair(which):
    import hashlib

    calibration = _calibration()
    for pair in calibration.labelled_pairs(calibration.SETS[which]):
        digest = hashlib.sha1(f"{pair['first']}|{pair['second']}".encode()).hexdigest()
        assert pair["half"] == ("test" if int(digest[-1], 16) % 2 else "dev")


@pytest.mark.parametrize("which, councils", [
    (2, {"Southend-on-Sea", "Buckinghamshire"}),
    (3, {"Central Bedfordshire", "Warwickshire"}),
])
def test_more_councils_pairs_name_items_of_their_dataset_and_carry_assessments(which, councils):
    calibration = _calibration()
    path = calibration.SETS[which]
    kg = calibration.graph_for(None, calibration.extra_data(path))
    pairs = calibration.labelled_pairs(path)
    for pair in pairs:
        for key in ("first", "second"):
            assert kg.node(pair[key]).type in ("Objective", "Action", "Deliverable")
        assert isinstance(pair["duplicate"], bool) and pair["why"]
    areas = {kg.node(e.o).label for p in kg.nodes("Plan") for e in kg.out_edges(p.id, "coversArea")}
    assert councils <= areas
    # Public papers, carried without personal names: no Person in the set's own files.
    for file in sorted(calibration.extra_data(path).glob("*.yaml")):
        entities = yaml.safe_load(file.read_text(encoding="utf-8")).get("entities") or []
        assert not [e["id"] for e in entities if e.get("type") == "Person"], file.name
    # The second kind: one paper's work against another paper's assessment of the
    # same service, with the rule for it written in the file's header.
    assessments = {"finding", "area of weakness", "review theme"}
    assessed = [p for p in pairs if any(kg.node(i).props.get("kind") in assessments
                                        for i in (p["first"], p["second"]))]
    assert len(assessed) >= 20  # both kinds of answer: the same work, and not
    assert 5 <= sum(p["duplicate"] for p in assessed) < len(assessed)
    assert all(p["duplicate"] for p in pairs if p["why"].startswith("assessment vs plan"))
    assert "ASSESSMENT of that same service" in path.read_text(encoding="utf-8")


def test_other_councils_pairs_name_items_of_their_dataset():
    calibration = _calibration()
    path = calibration.SETS[1]
    kg = calibration.graph_for(None, calibration.extra_data(path))
    for pair in calibration.labelled_pairs(path):
        for key in ("first", "second"):
            assert kg.node(pair[key]).type in ("Objective", "Action", "Deliverable")
        assert isinstance(pair["duplicate"], bool) and pair["why"]
    areas = {kg.node(a).label for p in kg.nodes("Plan") for a in
             [e.o for e in kg.out_edges(p.id, "coversArea")]}
    assert {"Lancashire", "West Sussex", "Leicester, Leicestershire and Rutland"} <= areas


def test_cli_on_bundled_data(cli):
    result = cli("duplicates", "--json", "--min-score", "0.75", "--scope", "within")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert len(payload["results"]) == 4  # the Think Family cluster and three pairs
    for row in payload["results"]:
        for side in ("first", "second"):
            assert {"id", "type", "label", "plans", "sources"} <= set(row[side])
        assert {"id", "type", "label", "kind", "score", "scope", "why", "explanation",
                "sources"} <= set(row)
    human = cli("duplicates", "--min-score", "0.75")
    assert human.code == 0
    assert "Think Family approach" in human.out and "deliv:cyps-1-ef-e" in human.out


def test_calibration_with_a_bad_weights_file_is_exit_2_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "weights.yaml"
    bad.write_text("weights: {intercept: x}\n")
    with pytest.raises(SystemExit) as stop:
        _calibration().main(["--model", str(bad)])
    assert stop.value.code == 2
    assert "weights.yaml:1" in capsys.readouterr().err


def test_each_signal_ranks_the_dev_pairs_better_than_chance():
    # calibrate_duplicates.py --signals: the area under the ROC curve of each signal alone.
    calibration = _calibration()
    table = dict(calibration.signal_table(calibration.SETS, None, "dev"))
    assert list(table) == ["score", "text mix", "TF-IDF likeness", "rarest shared term",
                           "services both name"]
    assert all(0.65 < auc <= 1.0 for auc in table.values()), table
    assert table["score"] >= table["TF-IDF likeness"]  # the fitted mix adds to the words


def test_the_same_work_with_no_lead_in_common_is_owned_by_different_people(findings):
    # The split between "planned twice" and "owned by different people" follows who
    # each side shows (as `sendkg owner` gives them): its leads, or when no level names
    # a lead the nearest level's owners (the SEND JCP's agreeing partners), never a
    # wider list of names; in one plan as in two (notes/s5/tryout6.md #8, #9).
    from sendkg.queries.responsibility import is_lead

    def shown(side):  # a post stands with its holders, a person with their posts
        owners = [o for o in side.owners if is_lead(o)] or list(side.owners)
        return {n.id for o in owners for n in (o.node, *o.holders, *o.posts)}

    checked, scopes, partners = 0, set(), 0
    for f in findings:
        if f.kind not in ("duplicate", "different-owners"):
            continue
        first, second = (shown(side) for side in f.sides)
        apart = bool(first and second and not first & second)
        assert (f.kind == "different-owners") == apart, (f.first.node.id, f.second.node.id)
        for side in f.sides:  # what the split used is what the side prints
            assert bool(shown(side)) == bool(side.owned_by), side.node.id
        partners += any(not any(is_lead(o) for o in s.owners) and s.owners for s in f.sides)
        scopes.add((f.kind, f.scope))
        checked += 1
    assert checked > 100
    assert {("different-owners", "within plan"), ("duplicate", "within plan"),
            ("different-owners", "across plans")} <= scopes
    assert partners >= 5  # sides showing owners of no lead role are among them


def test_an_owner_abolished_by_today_says_so_as_owner_does(findings, bundled_kg):
    # A side led by the Durham LSCB (abolished 2019) must not read as a current lead.
    from datetime import date

    from sendkg.queries.succession import standings

    shown = [(side, text) for f in findings for side in f.sides for text in side.owned_by]
    assert shown
    gone = standings(bundled_kg, [o.node for side, _ in shown for o in side.owners],
                     date.today().isoformat())
    lscb = gone["board:durham-lscb"].phrase() if "board:durham-lscb" in gone else None
    assert lscb and lscb.startswith("abolished 28 September 2019")
    for side, text in shown:
        for owner in side.owners:
            if owner.node.id in gone and owner.node.label in text:
                assert f"{owner.node.label} ({gone[owner.node.id].phrase()})" in text, text
