"""`sendkg duplicates` on small hand-built graphs: exact expected findings."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sendkg.checks.duplicates import duplicates
from sendkg.checks.duplicates_candidates import minhash_pairs
from sendkg.checks.duplicates_defaults import DEFAULT_MIN_SCORE
from sendkg.checks.duplicates_model import load_model
from sendkg.checks.duplicates_scoring import (
    DuplicateIndex,
    candidate_pairs,
    exact_pairs,
)
from sendkg.checks.duplicates_text import key_terms, number_conflict, texts_numbers
from sendkg.graph.knowledge_graph import KnowledgeGraph

from sendkg.errors import SendkgError
from sendkg.records import Edge, Node, Source


def graph(nodes, edges) -> KnowledgeGraph:
    """A graph from (id, label) nodes (type from the id prefix) and (s, p, o, props);
    each fact stands at its own line (100, 101, ...): facts of one line are one sentence,
    which checks/duplicates_governance.py does not count as two reports."""
    types = {"plan": "Plan", "obj": "Objective", "act": "Action", "deliv": "Deliverable",
             "person": "Person", "org": "Organisation", "board": "Board", "leg": "Legislation",
             "aim": "Aim", "area": "Area", "post": "Post"}
    kg = KnowledgeGraph()
    for line, (node_id, label) in enumerate(nodes, start=1):
        kind = "local authority" if node_id.endswith("-council") else None
        kg.add_node(Node(node_id, types[node_id.split(":")[0]], label,
                         props={"kind": kind} if kind else {},
                         sources=(Source("paper.txt", line),)))
    for line, (s, p, o, *props) in enumerate(edges, start=100):
        kg.add_edge(Edge(s, p, o, props[0] if props else {}, (Source("paper.txt", line),)))
    return kg


def found(kg, **options):
    return [(f.kind, f.first.node.id, f.second.node.id, f.scope, f.score)
            for f in duplicates(kg, **options)]


def expected(kg, first: str, second: str, across: bool = False, linked: bool = False,
             text: float | None = None) -> float:
    """The score the documented formula gives a pair (sendkg.checks.duplicates_model):
    the shipped weights over the pair's text similarity, structural flags and the
    services the two labels name."""
    index = DuplicateIndex(kg)
    a, b = index.positions([(first, second)])
    if text is None:  # as the scoring reads it: siblings without their parent's words
        raw = index.text_similarity(index.text_of[a], index.text_of[b])
        text = float(index.features(a, b, raw)[2][0])
    overlap, clash = (float(x[0]) for x in index.service_features(a, b))
    return round(float(load_model().probability(text, across, linked, overlap, clash)), 3)


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
        ("similar-areas", "obj:a-travel", "act:b-travel", "across councils",
         expected(TWO_COUNCILS, "act:b-travel", "obj:a-travel", across=True))]
    (finding,) = duplicates(TWO_COUNCILS)
    assert finding.message == "similar work in two areas (a chance to share)"
    assert finding.explanation["why"] == (
        "both independent travel training; in two areas (Derby City Council and Durham "
        "County Council)")


def test_each_side_names_its_plan_council_and_owners():
    (finding,) = duplicates(TWO_COUNCILS)
    first = finding.as_dict()["first"]  # the cluster's centre comes first
    assert (first["id"], first["type"], first["label"]) == (
        "obj:a-travel", "Objective", "Independent travel training for young people")
    assert first["plans"] == [{"id": "plan:a", "type": "Plan", "label": "Durham SEND plan"}]
    assert first["council"]["id"] == "org:durham-council"
    assert [o["id"] for o in first["owners"]] == ["person:ann"]
    assert first["sources"] == [{"document": "paper.txt", "line": 5}]
    explanation = finding.as_dict()["explanation"]
    assert explanation["shared_terms"] == ["independent", "travel", "training"]
    assert explanation["shared_owners"] == []
    assert [s["line"] for s in finding.as_dict()["sources"]] == [5, 6]
    top = finding.as_dict()
    assert (top["id"], top["type"], top["label"]) == (
        "obj:a-travel", "Objective", "Independent travel training for young people")


def test_scope_within_leaves_out_pairs_across_plans():
    assert found(TWO_COUNCILS, scope="within") == []
    assert [f[0] for f in found(TWO_COUNCILS, scope="across")] == ["similar-areas"]


def test_min_score_above_the_pair_leaves_it_out():
    score = expected(TWO_COUNCILS, "act:b-travel", "obj:a-travel", across=True)
    assert found(TWO_COUNCILS, min_score=score + 0.01) == []


SHARED_OWNER = graph(
    [("plan:a", "Plan A"), ("plan:b", "Plan B"), ("leg:cfa", "Children and Families Act 2014"),
     ("act:a", "Independent travel training"), ("act:b", "Roll out independent travel training"),
     ("person:ann", "Ann Smith"), ("board:jcp", "Joint Commissioning Partnership")],
    [("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
     ("act:a", "responsible", "person:ann"), ("act:b", "responsible", "person:ann"),
     ("act:a", "drivenBy", "leg:cfa"), ("act:b", "drivenBy", "leg:cfa"),
     ("plan:a", "monitoredBy", "board:jcp")])


def test_a_shared_owner_and_act_are_said_but_carry_no_weight():
    # On the labelled pairs a shared owner, Act or board did not tell duplicates apart
    # (items of one council share them anyway): named in the explanation, not scored.
    index = DuplicateIndex(SHARED_OWNER)
    (score,) = index.scores_of([("act:a", "act:b")])
    assert round(score, 3) == expected(SHARED_OWNER, "act:a", "act:b")
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
    # breaks", so the respite objective meets the short breaks step outside it.
    same = expected(ONE_PLAN, "deliv:one", "deliv:two", text=1.0)
    respite = expected(ONE_PLAN, "act:breaks-4", "obj:breaks")
    steps = expected(ONE_PLAN, "act:breaks-3", "act:breaks-4")
    assert same > respite >= DEFAULT_MIN_SCORE > steps
    assert found(ONE_PLAN) == [
        ("duplicate", "deliv:one", "deliv:two", "within plan", same),
        ("duplicate", "act:breaks-4", "obj:breaks", "within plan", respite)]


def test_scores_of_an_item_and_its_container_and_of_siblings():
    index = DuplicateIndex(ONE_PLAN)
    scores = index.scores_of([("obj:slcn", "act:slcn-1"), ("act:slcn-1", "act:slcn-2"),
                              ("act:breaks-3", "act:breaks-4")])
    assert scores[0] is None
    assert scores[1] is None  # two actions of one objective: steps of one row
    # the same words but for "step 3" / "step 4": the text keeps 40% of its likeness
    a, b = index.positions([("act:breaks-3", "act:breaks-4")])
    assert index.text_similarity(index.text_of[a], index.text_of[b])[0] <= 0.4
    assert round(scores[2], 3) == expected(ONE_PLAN, "act:breaks-3", "act:breaks-4")


def test_candidates_find_exactly_what_all_pairs_scoring_finds():
    model = load_model()
    for kg in (TWO_COUNCILS, SHARED_OWNER, ONE_PLAN):
        index = DuplicateIndex(kg)
        # thresholds that need a text similarity of at least 0.3, 0.5 and 0.7
        for floor in (0.3, 0.5, 0.7):
            min_score = float(model.probability(floor, True, True))
            fast, exact = candidate_pairs(index, min_score), exact_pairs(index, min_score)
            assert fast.first.tolist() == exact.first.tolist()
            assert fast.second.tolist() == exact.second.tolist()
            assert np.allclose(fast.score, exact.score)


def test_candidates_restricted_to_some_items_match_the_exact_answer_for_them():
    index = DuplicateIndex(ONE_PLAN)
    rows = np.array([index.items.position["deliv:two"]])
    low = float(load_model().probability(0.3, True, True))
    fast, exact = candidate_pairs(index, low, rows=rows), exact_pairs(index, low, rows=rows)
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
     ("org:derby-council", "Derby City Council"),
     ("board:send-partnership", "SEND Partnership Board"), ("post:head-of-send", "Head of SEND"),
     ("board:autism", "Autism Strategy Group"), ("plan:autism", "Autism strategy")],
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
     ("plan:derby", "monitoredBy", "board:derby-jcp"),
     ("board:send-partnership", "reportsTo", "board:jcp", {"reports": "SEND sufficiency"}),
     ("post:head-of-send", "reportsTo", "board:jcp", {"reports": "SEND sufficiency"}),
     # a group and the strategy it owns: one paper, however alike their reports
     ("plan:autism", "ownedBy", "board:autism"),
     ("board:autism", "reportsTo", "board:jcp", {"reports": "autism strategy progress"}),
     ("plan:autism", "monitoredBy", "board:jcp", {"reports": "autism strategy progress"})])


def test_a_body_receiving_the_same_report_twice():
    reports = [(f.body.id, f.first.node.id, f.second.node.id, f.score, f.explanation["why"])
               for f in duplicates(GOVERNANCE) if f.kind == "repeated-report"]
    # Two senders that nothing joins, each sending "SEND sufficiency": a repeat. The aim
    # whose report *is* the written statement of action, the aim whose report names
    # DurhamWorks, and a group with the strategy it owns are one paper each (tryout5 #4).
    assert reports == [("board:jcp", "board:send-partnership", "post:head-of-send", 1.0,
                        "SEND Joint Commissioning Partnership receives the same report: "
                        "SEND Partnership Board sends 'SEND sufficiency' and Head of SEND "
                        "sends 'SEND sufficiency'")]


def test_a_monitored_plan_or_aim_is_never_called_a_sender():
    from sendkg.checks.duplicates_governance import RepeatedReport

    into = [e for e in GOVERNANCE.in_edges("board:works")]
    found = RepeatedReport(GOVERNANCE.node("board:works"), *sorted(into, key=lambda e: e.s),
                           1.0)
    assert found.why(GOVERNANCE) == (
        "DurhamWorks Strategic Group receives the same report: a report on aim Employment, "
        "'progress towards DurhamWorks targets' and a report on plan DurhamWorks, "
        "'progress towards DurhamWorks targets'")


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
    assert payload["query"] == {"command": "duplicates", "min_score": DEFAULT_MIN_SCORE,
                                "scope": "all",
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
    assert cluster.explanation["why"] == "the same words written three times; in one plan"
    assert [m["id"] for m in cluster.as_dict()["members"]] == ["deliv:a", "deliv:b", "deliv:c"]


def test_a_shared_lead_is_said_in_plain_words():
    (finding,) = duplicates(SHARED_OWNER)
    assert finding.explanation["why"] == (
        "both independent travel training; same lead (Ann Smith); same legislation "
        "(Children and Families Act 2014); two plans of one council")


def test_between_two_plans_and_area_select_findings():
    from sendkg.checks.duplicates import selected

    found = duplicates(TWO_COUNCILS)
    a, b = frozenset({"plan:a"}), frozenset({"plan:b"})
    assert selected(TWO_COUNCILS, found, between=(a, b)) == found
    assert selected(TWO_COUNCILS, found, between=(a, a)) == []
    assert selected(TWO_COUNCILS, found, area="derby") == found
    assert selected(TWO_COUNCILS, found, area="leeds") == []
    assert duplicates(TWO_COUNCILS, between=("plan:a", "Derby strategy")) == found


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
    assert same >= DEFAULT_MIN_SCORE > other
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


# ---------------------------------------------------------------- each signal of the score

def _same_words(councils: tuple[str, str], link: str | None = None) -> KnowledgeGraph:
    """Two plans holding one alike item each, owned by the `councils` given (one council
    twice, or two), the second plan linked to the first by `link` when given."""
    nodes = [("plan:a", "Plan A"), ("plan:b", "Plan B"),
             ("org:durham-council", "Durham County Council"),
             ("org:derby-council", "Derby City Council"),
             ("obj:a", "Commission specialist school places"),
             ("act:b", "Specialist school places added")]
    edges = [("plan:a", "hasObjective", "obj:a"), ("plan:b", "hasAction", "act:b"),
             ("plan:a", "ownedBy", f"org:{councils[0]}-council"),
             ("plan:b", "ownedBy", f"org:{councils[1]}-council")]
    return graph(nodes, edges + ([("plan:b", link, "plan:a")] if link else []))


def test_two_areas_add_the_fitted_weight_to_the_same_words():
    one, two = _same_words(("durham", "durham")), _same_words(("durham", "derby"))
    (alone,) = DuplicateIndex(one).scores_of([("obj:a", "act:b")])
    (apart,) = DuplicateIndex(two).scores_of([("obj:a", "act:b")])
    assert round(apart, 3) == expected(two, "obj:a", "act:b", across=True)
    assert (apart > alone) == (load_model().across_councils > 0)


def test_a_report_that_builds_on_a_plan_is_linked_to_its_work():
    # One plan's work against another paper's report on that same work (the issue's
    # second missed kind): the report `buildsOn` the plan.
    plain = _same_words(("durham", "durham"))
    linked = _same_words(("durham", "durham"), link="buildsOn")
    index = DuplicateIndex(linked)
    a, b = index.positions([("obj:a", "act:b")])
    assert index.items.linked(a, b).tolist() == [True]
    assert DuplicateIndex(plain).items.linked(a, b).tolist() == [False]
    (score,) = index.scores_of([("obj:a", "act:b")])
    assert round(score, 3) == expected(linked, "obj:a", "act:b", linked=True)
    assert score > DuplicateIndex(plain).scores_of([("obj:a", "act:b")])[0]
    (finding,) = duplicates(linked)
    # Both plans are owned by the council, and nothing nearer names a lead: the council
    # leads both items, as `sendkg owner` says.
    assert finding.explanation["why"] == (
        "both specialist school places; same lead (Durham County Council); one plan "
        "builds on the other; two plans of one council (Durham County Council)")


def test_the_rarest_shared_term_says_more_than_a_common_one():
    from sendkg.checks.duplicates_text import TextIndex

    texts = TextIndex(["short breaks services", "short breaks offer",
                       "services review", "services plan", "services budget"])
    rare, common, none = texts.rarest_shared([0, 2, 1], [1, 3, 4])
    assert rare > common > 0 == none
    assert texts.rarest_shared([0], [0]).tolist() == [1.0]


@pytest.mark.parametrize("name, content, message", [
    ("model.yaml", "weights: {intercept: -1, text_weight: high}\n", "model.yaml.*text_weight"),
    ("services.yaml", "services:\n  short breaks: respite\n",
     "services.yaml.*short breaks.*list of phrases")])
def test_a_bad_model_or_services_file_names_the_file(tmp_path, name, content, message):
    from sendkg.checks.duplicates_model import load_model
    from sendkg.checks.duplicates_services import load_services

    from sendkg.errors import LoaderError

    bad = tmp_path / name
    bad.write_text(content)
    with pytest.raises(LoaderError, match=message):
        (load_model if name == "model.yaml" else load_services)(bad)


def test_the_fitted_weights_grow_with_the_text_similarity():
    from sendkg.checks.duplicates_model import fitted

    text = np.array([0.9, 0.8, 0.7, 0.85, 0.2, 0.1, 0.3, 0.15])
    flags = np.zeros(8, dtype=bool)
    model = fitted(text, flags, flags, np.array([1, 1, 1, 1, 0, 0, 0, 0]), rare_share=0.0)
    assert model.text_weight > 0
    assert model.probability(0.9, False, False) > 0.5 > model.probability(0.1, False, False)


# ---------------------------------------------------------------- services named

SERVICES = graph(
    [("plan:a", "Children's health strategy"), ("plan:b", "Health improvement plan"),
     ("org:durham-council", "Durham County Council"),
     ("obj:a-maternity", "Access to good quality maternity care"),
     ("obj:b-paediatric", "Access to good quality paediatric care"),
     ("obj:b-maternity", "Good quality maternity care for every family")],
    [("plan:a", "ownedBy", "org:durham-council"), ("plan:b", "ownedBy", "org:durham-council"),
     ("plan:a", "hasObjective", "obj:a-maternity"), ("plan:b", "hasObjective", "obj:b-paediatric"),
     ("plan:b", "hasObjective", "obj:b-maternity")])


def _model_without_services(tmp_path):
    from sendkg.checks.duplicates_model import ScoreModel

    shipped = load_model().as_dict()
    weights = {k: v for k, v in shipped.items() if k not in ("service_overlap", "service_clash")}
    path = tmp_path / "model.yaml"
    path.write_text("weights: {" + ", ".join(f"{k}: {v}" for k, v in weights.items()) + "}\n")
    model = load_model(path)
    assert model == ScoreModel(**weights)  # a file without them reads them as 0
    return model


def test_labels_naming_different_services_are_different_work(tmp_path):
    # "maternity care" / "paediatric care": every word alike but the service.
    index = DuplicateIndex(SERVICES)
    a, b = index.positions([("obj:a-maternity", "obj:b-paediatric")])
    overlap, clash = index.service_features(a, b)
    assert (overlap.tolist(), clash.tolist()) == ([0.0], [True])
    pairs = [("obj:a-maternity", "obj:b-paediatric"), ("obj:a-maternity", "obj:b-maternity")]
    with_clash = DuplicateIndex(SERVICES).scores_of(pairs)
    without = DuplicateIndex(SERVICES, model=_model_without_services(tmp_path)).scores_of(pairs)
    assert load_model().service_clash < 0
    assert with_clash[0] < without[0] and with_clash[0] < DEFAULT_MIN_SCORE <= without[0]
    assert with_clash[1] == without[1]  # the same service: no clash, nothing changes
    assert found(SERVICES) == [
        ("duplicate", "obj:a-maternity", "obj:b-maternity", "across plans",
         expected(SERVICES, "obj:a-maternity", "obj:b-maternity"))]


def test_a_model_without_service_weights_never_reads_the_services(tmp_path):
    index = DuplicateIndex(SERVICES, model=_model_without_services(tmp_path))
    assert index.services is None
    overlap, clash = index.service_features(*index.positions([("obj:a-maternity",
                                                               "obj:b-paediatric")]))
    assert (overlap.tolist(), clash.tolist()) == ([0.0], [False])


def test_the_service_clash_never_lowers_the_text_floor():
    # The candidate search prunes by the text floor; a weight that only lowers scores
    # must leave it where the text, areas and linked plans put it.
    from dataclasses import replace

    model = load_model()
    plain = replace(model, service_clash=0.0)
    assert model.text_floor(DEFAULT_MIN_SCORE) == plain.text_floor(DEFAULT_MIN_SCORE)
    boosted = replace(model, service_overlap=1.0)
    assert boosted.text_floor(DEFAULT_MIN_SCORE) < model.text_floor(DEFAULT_MIN_SCORE)


# ---------------------------------------------------------------- optional embeddings

MEANINGS = graph(
    [("plan:a", "Plan A"), ("plan:b", "Plan B"),
     ("act:a", "Holiday clubs for disabled children"),
     ("act:b", "Inclusive leisure activities"), ("act:c", "Publish the admissions booklet")],
    [("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
     ("plan:b", "hasAction", "act:c")])


def _vectors(tmp_path, text: str):
    path = tmp_path / "vectors.txt"
    path.write_text(text)
    return path


def test_embeddings_meet_work_in_other_words(tmp_path):
    # A tiny word2vec text file made here: "holiday" and "leisure" point the same way.
    from sendkg.checks.duplicates_embeddings import load_embeddings

    path = _vectors(tmp_path, "5 3\nholiday 1 0 0\nleisure 0.95 0.05 0\nclubs 0.9 0 0.1\n"
                              "activities 0.9 0.1 0\nadmissions 0 0 1\n")
    plain = DuplicateIndex(MEANINGS)
    meant = DuplicateIndex(MEANINGS, embeddings=load_embeddings(path))
    pair = [("act:a", "act:b")]
    assert meant.scores_of(pair)[0] > plain.scores_of(pair)[0]
    assert [f.first.node.id for f in duplicates(MEANINGS)] == []
    found = duplicates(MEANINGS, embeddings=load_embeddings(path))
    assert [(f.first.node.id, f.second.node.id) for f in found] == [("act:a", "act:b")]


def test_embeddings_cli_and_bad_files(cli, tmp_path):
    good = _vectors(tmp_path, "holiday 1 0\nleisure 1 0\n")
    result = cli("duplicates", "--json", "--data", "tests/fixtures/small",
                 "--embeddings", str(good))
    assert result.code == 0, result.err
    assert json.loads(result.out)["query"]["embeddings"] == str(good)
    bad = _vectors(tmp_path, "holiday 1 0\nleisure 1 0 0\n")
    result = cli("duplicates", "--data", "tests/fixtures/small", "--embeddings", str(bad))
    assert result.code == 2 and "vectors.txt" in result.err and ":2" in result.err
    assert "Traceback" not in result.err
    result = cli("duplicates", "--data", "tests/fixtures/small",
                 "--embeddings", str(tmp_path / "missing.txt"))
    assert result.code == 2 and "embeddings not found" in result.err


def test_a_model_folder_needs_sentence_transformers(cli, tmp_path):
    import importlib.util

    result = cli("duplicates", "--data", "tests/fixtures/small", "--embeddings", str(tmp_path))
    if importlib.util.find_spec("sentence_transformers") is None:
        assert result.code == 2 and "sentence-transformers" in result.err
        assert "word-vector text file" in result.err
    else:  # installed: an empty folder is no model, and says so without a traceback
        assert result.code != 0 and "Traceback" not in result.err
