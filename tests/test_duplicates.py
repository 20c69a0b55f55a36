"""`sendkg duplicates` on small hand-built graphs: exact expected findings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sendkg.errors import SendkgError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.checks.duplicates import duplicates
from sendkg.checks.duplicates_candidates import minhash_pairs
from sendkg.checks.duplicates_scoring import (
    DuplicateIndex,
    candidate_pairs,
    exact_pairs,
)
from sendkg.checks.duplicates_text import key_terms, number_conflict, texts_numbers
from sendkg.records import Edge, Node, Source


def graph(nodes, edges) -> KnowledgeGraph:
    """A graph from (id, label) nodes (type from the id prefix) and (s, p, o, props)."""
    types = {"plan": "Plan", "obj": "Objective", "act": "Action", "deliv": "Deliverable",
             "person": "Person", "org": "Organisation", "board": "Board", "leg": "Legislation",
             "aim": "Aim", "area": "Area"}
    kg = KnowledgeGraph()
    for line, (node_id, label) in enumerate(nodes, start=1):
        kind = "local authority" if node_id.endswith("-council") else None
        kg.add_node(Node(node_id, types[node_id.split(":")[0]], label,
                         props={"kind": kind} if kind else {},
                         sources=(Source("paper.txt", line),)))
    for s, p, o, *props in edges:
        kg.add_edge(Edge(s, p, o, props[0] if props else {}, (Source("paper.txt", 99),)))
    return kg


def found(kg, **options):
    return [(f.kind, f.first.node.id, f.second.node.id, f.scope, f.score)
            for f in duplicates(kg, **options)]


TWO_COUNCILS = graph(
    [("plan:a", "Durham SEND plan"), ("plan:b", "Derby strategy"),
     ("org:durham-council", "Durham County Council"), ("org:derby-council", "Derby City Council"),
     ("obj:a-travel", "Independent travel training for young people"),
     ("act:b-travel", "Roll out independent travel training"),
     ("act:b-breaks", "Re-commission overnight short breaks"),
     ("person:ann", "Ann Smith"), ("person:bob", "Bob Jones")],
    [("plan:a", "ownedBy", "org:durham-council"), ("plan:b", "ownedBy", "org:derby-council"),
     ("plan:a", "hasObjective", "obj:a-travel"), ("plan:b", "hasAction", "act:b-travel"),
     ("plan:b", "hasAction", "act:b-breaks"), ("obj:a-travel", "responsible", "person:ann"),
     ("act:b-travel", "responsible", "person:bob")])


def test_travel_training_in_two_councils_is_similar_work_in_two_areas():
    # Never "the same work owned by different people": each council owns its own.
    assert found(TWO_COUNCILS) == [
        ("two-areas", "act:b-travel", "obj:a-travel", "across councils", 0.549)]
    (finding,) = duplicates(TWO_COUNCILS)
    assert finding.message == "similar work in two areas (a chance to share)"
    assert finding.explanation["why"] == (
        "both independent travel training; in two areas (Derby City Council and Durham "
        "County Council)")


def test_each_side_names_its_plan_council_and_owners():
    (finding,) = duplicates(TWO_COUNCILS)
    first = finding.as_dict()["second"]
    assert (first["id"], first["type"], first["label"]) == (
        "obj:a-travel", "Objective", "Independent travel training for young people")
    assert first["plans"] == [{"id": "plan:a", "type": "Plan", "label": "Durham SEND plan"}]
    assert first["council"]["id"] == "org:durham-council"
    assert [o["id"] for o in first["owners"]] == ["person:ann"]
    assert first["sources"] == [{"document": "paper.txt", "line": 5}]
    explanation = finding.as_dict()["explanation"]
    assert explanation["shared_terms"] == ["independent", "travel", "training"]
    assert explanation["shared_owners"] == []
    assert [s["line"] for s in finding.as_dict()["sources"]] == [6, 5]
    top = finding.as_dict()
    assert (top["id"], top["type"], top["label"]) == (
        "act:b-travel", "Action", "Roll out independent travel training")


def test_scope_within_leaves_out_pairs_across_plans():
    assert found(TWO_COUNCILS, scope="within") == []
    assert [f[0] for f in found(TWO_COUNCILS, scope="across")] == ["two-areas"]


def test_min_score_above_the_pair_leaves_it_out():
    assert found(TWO_COUNCILS, min_score=0.56) == []


SHARED_OWNER = graph(
    [("plan:a", "Plan A"), ("plan:b", "Plan B"), ("leg:cfa", "Children and Families Act 2014"),
     ("act:a", "Independent travel training"), ("act:b", "Roll out independent travel training"),
     ("person:ann", "Ann Smith"), ("board:jcp", "Joint Commissioning Partnership")],
    [("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
     ("act:a", "responsible", "person:ann"), ("act:b", "responsible", "person:ann"),
     ("act:a", "drivenBy", "leg:cfa"), ("plan:b", "drivenBy", "leg:cfa"),
     ("plan:a", "monitoredBy", "board:jcp")])


def test_a_shared_owner_and_act_add_their_weights_across_plans():
    index = DuplicateIndex(SHARED_OWNER)
    (score,) = index.scores_of([("act:a", "act:b")])
    lexical = index.texts.similarity([0], [1])[0]
    assert score == pytest.approx(0.8 * lexical + 0.1 + 0.05)
    (finding,) = duplicates(SHARED_OWNER)
    assert finding.kind == "duplicate"
    explanation = finding.explanation
    assert [n["id"] for n in explanation["shared_owners"]] == ["person:ann"]
    assert [n["id"] for n in explanation["shared_legislation"]] == ["leg:cfa"]
    assert explanation["shared_boards"] == []


ONE_PLAN = graph(
    [("plan:p", "Plan"), ("aim:one", "Families"), ("aim:two", "Schools"),
     ("deliv:one", "Think Family approach where families face multiple issues"),
     ("deliv:two", "Think Family approach where families face multiple issues"),
     ("obj:slcn", "Speech, language and communication needs"),
     ("act:slcn-1", "Review policy on speech, language and communication"),
     ("act:slcn-2", "Baseline speech, language and communication demand"),
     ("obj:breaks", "Respite offer"),
     ("act:breaks-3", "Review short breaks step 3"), ("act:breaks-4", "Review short breaks step 4"),
     ("person:ann", "Ann Smith")],
    [("plan:p", "hasAim", "aim:one"), ("plan:p", "hasAim", "aim:two"),
     ("aim:one", "hasDeliverable", "deliv:one"), ("aim:two", "hasDeliverable", "deliv:two"),
     ("plan:p", "hasObjective", "obj:slcn"), ("obj:slcn", "hasAction", "act:slcn-1"),
     ("obj:slcn", "hasAction", "act:slcn-2"), ("plan:p", "hasObjective", "obj:breaks"),
     ("obj:breaks", "hasAction", "act:breaks-3"), ("act:slcn-1", "responsible", "person:ann"),
     ("act:slcn-2", "responsible", "person:ann"), ("plan:p", "hasAction", "act:breaks-4")])


def test_within_one_plan_only_the_repeated_deliverable_is_a_duplicate():
    # Shared owners count for nothing inside one plan; two steps of one row (one
    # objective) are never a pair; an action is never paired with its own objective;
    # "step 3" and "step 4" name different steps. "Respite" is a synonym of "short
    # breaks", so the respite objective meets the short breaks step outside it (below
    # the default threshold).
    assert found(ONE_PLAN) == [("duplicate", "deliv:one", "deliv:two", "within plan", 0.8)]
    assert found(ONE_PLAN, min_score=0.4)[1] == (
        "duplicate", "act:breaks-4", "obj:breaks", "within plan", 0.42)


def test_scores_of_an_item_and_its_container_and_of_siblings():
    index = DuplicateIndex(ONE_PLAN)
    scores = index.scores_of([("obj:slcn", "act:slcn-1"), ("act:slcn-1", "act:slcn-2"),
                              ("act:breaks-3", "act:breaks-4")])
    assert scores[0] is None
    assert scores[1] is None  # two actions of one objective: steps of one row
    assert scores[2] == pytest.approx(0.8 * 0.4)


def test_candidates_find_exactly_what_all_pairs_scoring_finds():
    for kg in (TWO_COUNCILS, SHARED_OWNER, ONE_PLAN):
        index = DuplicateIndex(kg)
        for min_score in (0.1, 0.3, 0.4):
            fast, exact = candidate_pairs(index, min_score), exact_pairs(index, min_score)
            assert fast.first.tolist() == exact.first.tolist()
            assert fast.second.tolist() == exact.second.tolist()
            assert np.allclose(fast.score, exact.score)


def test_candidates_restricted_to_some_items_match_the_exact_answer_for_them():
    index = DuplicateIndex(ONE_PLAN)
    rows = np.array([index.items.position["deliv:two"]])
    fast, exact = candidate_pairs(index, 0.1, rows=rows), exact_pairs(index, 0.1, rows=rows)
    assert fast.codes(len(index.items)).tolist() == exact.codes(len(index.items)).tolist()
    assert rows[0] in set(fast.first.tolist()) | set(fast.second.tolist())


GOVERNANCE = graph(
    [("plan:strategy", "CYP Strategy"), ("aim:send", "SEND"), ("aim:work", "Employment"),
     ("plan:wsoa", "SEND written statement of action"), ("plan:jcp", "SEND JCP"),
     ("obj:jcp-1", "Short breaks"), ("obj:jcp-2", "Travel training"),
     ("board:isg", "Integrated Steering Group for Children"),
     ("board:sqib", "SEND Quality Improvement Board"),
     ("board:jcp", "SEND Joint Commissioning Partnership"),
     ("board:works", "DurhamWorks Strategic Group"), ("plan:durhamworks", "DurhamWorks"),
     ("org:durham-council", "Durham County Council"),
     ("board:derby-jcp", "SEND Joint Commissioning Partnership"), ("plan:derby", "Derby plan"),
     ("org:derby-council", "Derby City Council")],
    [("plan:strategy", "hasAim", "aim:send"), ("plan:strategy", "hasAim", "aim:work"),
     ("plan:strategy", "ownedBy", "org:durham-council"),
     ("plan:jcp", "ownedBy", "org:durham-council"), ("plan:derby", "ownedBy", "org:derby-council"),
     ("aim:send", "monitoredBy", "board:isg", {"reports": "SEND written statement of action"}),
     ("plan:wsoa", "monitoredBy", "board:isg"),
     ("aim:send", "monitoredBy", "board:sqib", {"reports": "SEND written statement of action"}),
     ("plan:wsoa", "monitoredBy", "board:sqib"),
     ("aim:work", "monitoredBy", "board:works",
      {"reports": "progress towards DurhamWorks targets"}),
     ("plan:durhamworks", "monitoredBy", "board:works",
      {"reports": "progress towards DurhamWorks targets"}),
     ("plan:jcp", "hasObjective", "obj:jcp-1"), ("plan:jcp", "hasObjective", "obj:jcp-2"),
     ("obj:jcp-1", "monitoredBy", "board:jcp", {"reports": "work-stream progress"}),
     ("obj:jcp-2", "monitoredBy", "board:jcp", {"reports": "work-stream progress"}),
     ("plan:derby", "monitoredBy", "board:derby-jcp")])


def test_a_body_receiving_the_same_report_twice():
    reports = [(f.body.id, f.first.node.id, f.second.node.id, f.score)
               for f in duplicates(GOVERNANCE) if f.kind == "repeated-report"]
    assert reports == [("board:isg", "aim:send", "plan:wsoa", 1.0),
                       ("board:sqib", "aim:send", "plan:wsoa", 1.0),
                       ("board:works", "aim:work", "plan:durhamworks", 1.0)]


def test_boards_receiving_the_same_two_things_overlap_and_other_councils_do_not():
    boards = [(f.first.node.id, f.second.node.id, f.score, f.explanation["shared_received"])
              for f in duplicates(GOVERNANCE) if f.kind == "overlapping-boards"]
    assert [b[:3] for b in boards] == [("board:isg", "board:sqib", 1.0)]
    assert [n["id"] for n in boards[0][3]] == ["aim:send", "plan:wsoa"]


def test_governance_findings_only_with_scope_all():
    assert {f.kind for f in duplicates(GOVERNANCE, scope="across")} == set()


def test_bad_scope_and_score_are_errors():
    with pytest.raises(SendkgError, match="unknown scope"):
        duplicates(TWO_COUNCILS, scope="everywhere")
    with pytest.raises(SendkgError, match="between 0 and 1"):
        duplicates(TWO_COUNCILS, min_score=1.5)


def test_key_terms_numbers_and_minhash():
    assert key_terms("Reducing CSE in County Durham", frozenset({"county", "durham"})) == [
        "child", "sexual", "exploitation"]
    assert number_conflict(texts_numbers("Budget 2016/17"), texts_numbers("Budget 2017/18"))
    assert not number_conflict(texts_numbers("capital outturn"), texts_numbers("Quarter 4"))
    assert not number_conflict(texts_numbers("2016/17 outturn"), texts_numbers("2016/17 Q4"))
    u, v = minhash_pairs(["travel training", "independent travel training", "neglect"])
    assert list(zip(u.tolist(), v.tolist())) == [(0, 1)]


def test_cli_json_contract(cli, tmp_path):
    result = cli("duplicates", "--json", "--data", "tests/fixtures/small")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["query"] == {"command": "duplicates", "min_score": 0.45, "scope": "all",
                                "between": None, "area": None, "limit": 0}
    assert payload["results"] == []


def test_cli_bad_scope_is_exit_2(cli):
    result = cli("duplicates", "--scope", "sideways", "--data", "tests/fixtures/small")
    assert result.code == 2
    assert "unknown scope 'sideways'" in result.err


def test_copies_of_one_label_are_one_cluster_not_every_pair():
    labels = [(f"deliv:{k}", "Think Family approach") for k in "abc"]
    kg = graph([("plan:p", "Plan"), *[(f"aim:{k}", f"Aim {k}") for k in "abc"], *labels],
               [*[("plan:p", "hasAim", f"aim:{k}") for k in "abc"],
                *[(f"aim:{k}", "hasDeliverable", f"deliv:{k}") for k in "abc"]])
    (cluster,) = duplicates(kg)
    assert cluster.kind == "repeated-item"
    assert [m.node.id for m in cluster.members] == ["deliv:a", "deliv:b", "deliv:c"]
    assert cluster.explanation["why"] == "the same words written 3 times; in one plan"
    assert [m["id"] for m in cluster.as_dict()["members"]] == ["deliv:a", "deliv:b", "deliv:c"]


def test_a_shared_lead_is_said_in_plain_words():
    (finding,) = duplicates(SHARED_OWNER)
    assert finding.explanation["why"] == (
        "both independent travel training; same lead (Ann Smith); same legislation "
        "(Children and Families Act 2014); two plans of one council")


def test_between_two_plans_and_area_select_findings():
    from sendkg.checks.duplicates import selected

    found = duplicates(TWO_COUNCILS)
    assert selected(found, between=("plan:a", "Derby strategy")) == found
    assert selected(found, between=("plan:a", "plan:a")) == []
    assert selected(found, area="derby") == found
    assert selected(found, area="leeds") == []


SIGNALS = graph(
    [("plan:a", "Plan A"), ("plan:b", "Plan B"),
     ("act:a", "Recommissioning of respite for disabled children"),
     ("act:b", "Re-commission short breaks for disabled children"),
     ("act:c", "Publish the admissions booklet")],
    [("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
     ("plan:b", "hasAction", "act:c")])


def test_synonyms_and_stems_meet_the_same_work_in_other_words():
    # "respite" is "short breaks" (data/vocabulary/synonyms.yaml); "recommissioning"
    # and "re-commission" share a stem.
    index = DuplicateIndex(SIGNALS)
    same, other = index.scores_of([("act:a", "act:b"), ("act:a", "act:c")])
    assert same >= 0.45 > other
    (finding,) = duplicates(SIGNALS)
    assert finding.explanation["why"].startswith("both ")
    assert "respite" in finding.explanation["why"]


def test_human_output_fits_80_columns():
    import os
    import subprocess

    from conftest import sendkg_script

    out = subprocess.run([str(sendkg_script()), "duplicates", "--limit", "20"],
                         capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "80"}).stdout
    lines = out.splitlines()
    assert lines[0].split(",")[0].endswith("findings")
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "More not shown (--limit 20" in out
