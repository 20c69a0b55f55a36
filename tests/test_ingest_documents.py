"""Whole documents: action plans, governance sentences, records, identity and YAML output."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.graph import load_dataset
from sendkg.ingest.action_plans import ActionPlanContext
from sendkg.loaders.dataset import read_dataset
from sendkg.loaders.rows import read_rows
from sendkg.ingest.governance_text import governance_statements
from sendkg.ingest.pipeline import index_from_registry, ingest_file
from sendkg.ingest.writer import write_outputs
from sendkg.ingest.plan_tables import table_rows

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REGISTRY = FIXTURES / "registry"


def fresh_index():
    return index_from_registry(REGISTRY)


def edges(result, relation):
    return sorted((s, o, tuple(sorted((k, v) for k, v in e.items() if k != "lines")))
                  for (s, p, o), e in result.draft.relations.items() if p == relation)


def test_action_plan_theme_recommendation_and_actions():
    context = ActionPlanContext()
    rows = list(table_rows(read_rows(FIXTURES / "action_plan.txt"), context))
    assert [(r.where.line, r.context["theme"].number, r.context["recommendation"].number,
             r.continuation) for r in rows] == [(9, "1", "1", False), (10, "1", "1", True),
                                                (11, "1", "1", False), (20, "2", "2", False)]
    theme2 = context.themes["2"]
    assert (theme2.title, theme2.lead, theme2.members) == ("Oversight", "Jenny Haworth",
                                                           "Helen Fergusson")
    assert theme2.lines == (13, 14, 15)


def test_action_plan_records():
    result = ingest_file(FIXTURES / "action_plan.txt", fresh_index(), "Example Improvement Plan")
    entities = result.draft.entities
    assert [e.id for e in entities.values() if e.type == "Aim"] == ["aim:eip-theme-1",
                                                                   "aim:eip-theme-2"]
    action = entities["act:eip-ensure-there-is-sufficient-capacity-1"]
    assert (action.lines, action.props["start"], action.props["end"]) == ([9, 10], "2016-05",
                                                                          "2016-09")
    assert edges(result, "responsible")[:3] == [
        ("act:eip-ensure-there-is-sufficient-capacity-1", "post:head-of-childrens-services",
         (("role", "lead"),)),
        ("act:eip-ensure-there-is-sufficient-capacity-2",
         "post:strategic-manager-childrens-services-reform", (("role", "co-lead"),)),
        ("act:eip-ensure-there-is-sufficient-capacity-2",
         "post:strategic-manager-service-quality-and-development", (("role", "co-lead"),))]
    assert ("aim:eip-theme-1", "person:mark-gurney",
            (("note", "theme member"), ("role", "support"))) in edges(result, "responsible")
    assert edges(result, "drivenBy") == [(
        "obj:eip-review-reports-for-leaders-under",
        "leg:care-planning-placement-and-case-review-england-regulations-2010",
        (("note", "named in the objective"),))]


def test_governance_sentences():
    found = [(s.where.line, s.relation, s.subject, s.object, dict(s.props))
             for s in governance_statements(read_rows(FIXTURES / "governance.txt"))]
    assert found == [
        (3, "subGroupOf", "Example Joint Commissioning Group", "Example Children's Partnership",
         {}),
        (5, "reportsTo", "Example Joint Commissioning Group", "Example Children's Partnership",
         {"frequency": "quarterly"}),
        (7, "reportsTo", "Example Children's Partnership", "Health and Wellbeing Board",
         {"reports": "children's outcomes"}),
        (9, "replacedBy", "Youth Forum", "Example Young People's Panel", {}),
        (11, "chairedBy", "Quality Improvement Board",
         "Corporate Director of Children's Services", {"role": "chair"}),
        (19, "memberOf", "Margaret Whellans", "Child Poverty Working Group",
         {"note": "Director of Children's Services", "role": "chair"}),
        (19, "chairedBy", "Child Poverty Working Group", "Margaret Whellans", {"role": "chair"}),
        (20, "memberOf", "Gill O' Neill", "Child Poverty Working Group", {"note": "Public Health"}),
        (21, "memberOf", "Lynn Hall/ Marie Smith", "Child Poverty Working Group",
         {"note": "Housing Solutions"}),
        (27, "reportsTo", "Child Poverty Working Group", "Poverty Action Group",
         {"frequency": "quarterly"}),
        (35, "chairedBy", "Healthy Child Programme Group", "Gill O'Neill",
         {"role": "chair", "uncertain": "true", "note": "read from a diagram label"}),
    ]


def test_plan_reporting_sentence_and_annual_reports():
    result = ingest_file(FIXTURES / "plan_tabs.txt", fresh_index())
    plan = "plan:example-send-joint-commissioning-plan-2020-2021"
    assert edges(result, "reportsTo") == [
        (plan, "board:example-strategy-group", (("frequency", "quarterly"),
                                                ("reports", "overall progress"))),
        (plan, "board:hwb", (("frequency", "annual"), ("reports", "annual report")))]
    assert edges(result, "monitoredBy") == [
        (plan, "board:example-joint-commissioning-partnership",
         (("note", "Individual work-streams"),))]


def test_plan_table_records_officers_organisations_and_dates():
    result = ingest_file(FIXTURES / "plan_tabs.txt", fresh_index())
    first = result.results[0]
    assert (first["type"], first["label"], first["source"]) == (
        "Objective", "Review short break services", {"document": "plan_tabs.txt", "line": 4})
    assert [(o["name"], [r["id"] for r in o["resolved"]], [a["id"] for a in o["organisations"]])
            for o in first["officers"]] == [
        ("Lindsey Dunn", ["person:lindsey-dunn"], ["org:council"]),
        ("Claire Garner-Harris", ["person:claire-garner-harris"], ["org:necs"]),
        ("ND & DDES CCGs", ["org:north-ccg", "org:south-ccg"], [])]
    objective = first["id"]
    owners = [o for s, o, _ in edges(result, "responsible") if s == objective]
    assert owners == ["org:council", "org:necs", "org:north-ccg", "org:south-ccg",
                      "person:claire-garner-harris", "person:lindsey-dunn"]
    assert ("person:lindsey-dunn", "org:council", ()) in edges(result, "memberOf")
    assert ("person:kim-lawther", "post:dco", ()) in edges(result, "holds")
    actions = [a["id"] for a in first["actions"]]
    assert len(actions) == 3 and result.draft.entities[objective].props["start"] == "2017-05"


def test_continuation_row_joins_the_objective_above():
    result = ingest_file(FIXTURES / "plan_tabs.txt", fresh_index())
    second, third = result.results[1], result.results[2]
    assert third["continuation"] and third["id"] == second["id"]
    assert third["officers"][0]["organisations"][0]["label"] == "NHS"


def test_unreadable_date_and_extra_cells_are_warnings_not_errors():
    result = ingest_file(FIXTURES / "plan_tabs.txt", fresh_index())
    assert result.draft.warnings == [
        "plan_tabs.txt:7: could not read a date in 'March 2-21'; kept as text",
        "plan_tabs.txt:13: cells beyond the header ignored: ['stray extra cell']"]
    action = result.draft.entities["act:esjcp-establish-an-equipment-pathway-2"]
    assert action.props == {"timescale": "March 2-21"}


def test_near_matches_go_to_review_and_stay_apart():
    result = ingest_file(FIXTURES / "plan_tabs.txt", fresh_index())
    assert [(r["name"], r["id"], [s["id"] for s in r["similar"]]) for r in result.draft.review] \
        == [("NHS", "org:nhs", ["org:nhs-england", "org:north-ccg", "org:south-ccg",
                                "org:cddft"])]
    index = fresh_index()
    ingest_file(FIXTURES / "plan_tabs.txt", index)
    again = ingest_file(FIXTURES / "plan_pipes.md", index)  # same index: Lindsey is known
    assert "person:lindsey-dunn" in index.known and again.draft.review == []


def test_exact_and_alias_matches_link_to_existing_ids():
    result = ingest_file(FIXTURES / "plan.html", fresh_index())
    assert result.draft.registry_used == {"board:hwb", "leg:nhs-act-2006", "leg:send-cop",
                                          "org:necs", "org:north-ccg", "org:south-ccg"}


@pytest.mark.parametrize("name", ["plan_tabs.txt", "plan_pipes.md", "plan.html", "plan.csv",
                                  "action_plan.txt", "governance.txt"])
def test_output_is_a_self_contained_dataset(tmp_path, name):
    index = fresh_index()
    result = ingest_file(FIXTURES / name, index)
    written = write_outputs([result], tmp_path / "out.yaml", index)
    records, problems = read_dataset(tmp_path)
    assert problems == []
    assert records.documents[0].sources[0].document == name  # the header names the input
    assert [d.id for d in records.documents] == [result.document["id"]]
    kg = load_dataset(tmp_path)
    assert len(kg) > 0
    assert written[0] == tmp_path / "out.yaml"


def test_registry_copy_only_when_the_folder_lacks_it(tmp_path):
    index = fresh_index()
    result = ingest_file(FIXTURES / "plan.html", index)
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "registry.yaml").write_text(
        (REGISTRY / "registry.yaml").read_text())
    written = write_outputs([result], tmp_path / "documents" / "plan.yaml", index)
    assert written == [tmp_path / "documents" / "plan.yaml"]
    assert load_dataset(tmp_path).has_node("org:necs")
