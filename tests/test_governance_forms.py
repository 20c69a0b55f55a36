"""The governance recogniser, one test per way officers write governance (made-up text).

Each test asserts the exact statements read: relation, subject, object, qualifiers and the
line they stand on. Area-scoped identity, the chain after ingest -> build, and the warning
for a file where nothing is recognised are tested end to end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sendkg.ingest.governance_text import frequency_in, frequency_written, governance_statements
from sendkg.loaders.rows import Location, Row

ROOT = Path(__file__).resolve().parent.parent
FORMS = Path(__file__).parent / "fixtures" / "governance_forms"
REFERENCE = Path(__file__).parent / "fixtures" / "ingest" / "registry"


def read(*lines: str, warnings: list | None = None) -> list[tuple]:
    rows = [Row((line,), Location("t.md", number), prose=True)
            for number, line in enumerate(lines, start=1)]
    return [(s.where.line, s.relation, s.subject or "(plan)", s.object, dict(s.props))
            for s in governance_statements(rows, warnings)]


# -- reporting ------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "frequency"), [
    ("The Inclusion Group reports termly to the Partnership Board.", "termly"),
    ("The Inclusion Group reports every six weeks to the Partnership Board.", "every six weeks"),
    ("The Inclusion Group reports at each meeting to the Partnership Board.", "at each meeting"),
    ("The Inclusion Group reports bi-annually to the Partnership Board.", "six-monthly"),
    ("The Inclusion Group reports into the Partnership Board.", None),
])
def test_reports_with_frequency(sentence, frequency):
    props = {"frequency": frequency} if frequency else {}
    assert read(sentence) == [(1, "reportsTo", "Inclusion Group", "Partnership Board", props)]


def test_accountable_for_workstreams_and_reports_to():
    assert read("The Delivery Group is accountable for the five workstreams and reports to "
                "the SEND Board.") == [
        (1, "reportsTo", "Delivery Group", "SEND Board", {})]


def test_participle_in_a_long_sentence():
    assert read("The Autism Steering Group meets monthly, directing the work and reporting "
                "back to the SEND Board.") == [
        (1, "reportsTo", "Autism Steering Group", "SEND Board", {"frequency": "monthly"})]


def test_progress_is_reported_to_cabinet():
    assert read("Progress is reported to Cabinet.") == [
        (1, "reportsTo", "(plan)", "Cabinet", {"reports": "Progress"})]


@pytest.mark.parametrize("sentence", [
    "The Inclusion Group provides quarterly updates to the SEND Board.",
    "The Inclusion Group keeps the SEND Board informed of progress.",
    "The Inclusion Group is overseen by the SEND Board.",
    "The Inclusion Group is held to account by the SEND Board.",
])
def test_other_reporting_verbs(sentence):
    found = read(sentence)
    assert [(f[1], f[2], f[3]) for f in found] == [("reportsTo", "Inclusion Group", "SEND Board")]


def test_oversight_and_ultimate_accountability_rest_with_the_heading_body():
    assert read("# Inclusion Group", "", "Oversight is provided by the SEND Board.", "",
                "Ultimate accountability rests with the Health and Wellbeing Board.") == [
        (3, "reportsTo", "Inclusion Group", "SEND Board", {}),
        (5, "reportsTo", "Inclusion Group", "Health and Wellbeing Board", {})]


def test_monitored_with_scrutiny_from_a_list():
    assert read("The SEND Strategy is monitored termly, with scrutiny and challenge from:",
                "- the Children's Overview and Scrutiny Committee",
                "- the Health and Wellbeing Board") == [
        (2, "reportsTo", "(plan)", "Children's Overview and Scrutiny Committee", {}),
        (3, "reportsTo", "(plan)", "Health and Wellbeing Board", {})]


def test_approved_and_endorsed_by_a_list():
    assert [f[1:4] for f in read("The SEND Strategy was approved and endorsed by:",
                                  "- Cabinet", "- the ICB Board")] == [
        ("reportsTo", "(plan)", "Cabinet"), ("reportsTo", "(plan)", "ICB Board")]


def test_coordination_gives_one_edge_per_body():
    assert [f[3] for f in read("The SEND Board reports to the Health and Wellbeing Board, "
                               "the Schools Forum and the Cabinet.")] == [
        "Health and Wellbeing Board", "Schools Forum", "Cabinet"]


def test_a_councils_cabinet_is_a_board_not_the_council():
    [statement] = governance_statements([Row((
        "The SEND Board reports to the Lancashire County Council (LCC) Cabinet.",),
        Location("t.md", 1), prose=True)])
    assert (statement.object, statement.object_aliases) == (
        "Lancashire County Council Cabinet", ())


def test_councils_and_nhs_bodies_are_organisations_cabinets_are_boards(tmp_path):
    from sendkg.ingest.pipeline import index_from_registry, ingest_file

    document = tmp_path / "t.md"
    document.write_text("The SEND Board reports to Anytown Borough Council Cabinet and the "
                        "Integrated Care Board.\n", encoding="utf-8")
    result = ingest_file(document, index_from_registry(REFERENCE))
    types = {d.label: d.type for d in result.draft.entities.values()}
    assert types["Anytown Borough Council Cabinet"] == "Board"
    assert types["Anytown Integrated Care Board"] == "Organisation"


def test_jointly_responsible_gives_two_edges():
    assert read("Anytown Council and the Integrated Care Board are jointly responsible for "
                "the SEND Strategy.") == [
        (1, "responsible", "(plan)", "Anytown Council", {"role": "co-lead"}),
        (1, "responsible", "(plan)", "Integrated Care Board", {"role": "co-lead"})]


# -- structure ------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["a sub group of", "a sub-group of", "a subgroup of",
                                  "a working group of", "a task and finish group of"])
def test_sub_group_variants(form):
    assert read(f"The Transport Group is {form} the SEND Board.") == [
        (1, "subGroupOf", "Transport Group", "SEND Board", {})]


def test_sits_under():
    assert read("The Transport Group sits under the SEND Board.") == [
        (1, "subGroupOf", "Transport Group", "SEND Board", {})]


def test_has_the_following_sub_groups():
    assert read("The SEND Board has the following sub groups:", "- Transport Group",
                "- Preparation for Adulthood Group") == [
        (2, "subGroupOf", "Transport Group", "SEND Board", {}),
        (3, "subGroupOf", "Preparation for Adulthood Group", "SEND Board", {})]


def test_replaced_and_replaces():
    assert read("The Youth Forum has been replaced by the Young People's Panel.",
                "", "The SEND Improvement Board replaces the SEND Partnership Board.") == [
        (1, "replacedBy", "Youth Forum", "Young People's Panel", {}),
        (3, "replacedBy", "SEND Partnership Board", "SEND Improvement Board", {})]


# -- chairs ---------------------------------------------------------------------------

def test_chair_label_after_a_heading():
    assert read("# Anytown SEND Board Terms of Reference 2025", "", "Chair: Ann Example, "
                "Director of Children's Services") == [
        (3, "chairedBy", "Anytown SEND Board", "Ann Example, Director of Children's Services",
         {"role": "chair"})]


def test_co_chaired_gives_two_chairs():
    assert read("The SEND Board is co-chaired by the Council and the ICB.") == [
        (1, "chairedBy", "SEND Board", "Council", {"role": "co-chair"}),
        (1, "chairedBy", "SEND Board", "ICB", {"role": "co-chair"})]


def test_chair_in_an_attendance_list():
    assert read("# SEND Board minutes 3 March 2025", "",
                "- Ann Example (Chair), Director of Children's Services, Anytown Council",
                "- Bob Sample, Chair of the Schools Forum, Anytown") == [
        (3, "chairedBy", "SEND Board", "Ann Example", {"role": "chair"}),
        (4, "chairedBy", "Schools Forum", "Bob Sample", {"role": "chair"})]


def test_chair_marked_at_the_end_of_an_attendance_line():
    assert read("# SEND Board", "", "Attendance",
                "- Ann Example, Director of Performance, Anytown Council, Chair of board") == [
        (4, "chairedBy", "SEND Board", "Ann Example", {"role": "chair"})]


def test_independently_chaired_is_a_post_with_no_person():
    text = "The SEND Board is an independently chaired board."
    statements = governance_statements([Row((text,), Location("t.md", 1), prose=True)])
    [chair] = list(statements)
    assert (chair.relation, chair.subject, chair.object, chair.object_kind) == (
        "chairedBy", "SEND Board", "Independent Chair", "Post")


def test_vice_chair_label():
    assert read("# SEND Board", "", "Vice-chair: Carol Test") == [
        (3, "chairedBy", "SEND Board", "Carol Test", {"role": "vice-chair"})]


# -- membership -----------------------------------------------------------------------

def test_membership_heading_then_bullets():
    assert read("# SEND Board", "", "Membership:", "- Anytown Council", "- NHS Anytown",
                "- Parent Carer Forum") == [
        (4, "memberOf", "Anytown Council", "SEND Board", {}),
        (5, "memberOf", "NHS Anytown", "SEND Board", {}),
        (6, "memberOf", "Parent Carer Forum", "SEND Board", {})]


def test_includes_representatives_from_the_following():
    assert [f[2] for f in read(
        "The SEND Board includes representatives from the following organisations and groups:",
        "- Anytown County Council (with overall responsibility for SEND)",
        "- Department for Education advisors")] == ["Anytown County Council",
                                                    "Department for Education"]


def test_inline_partnership_list_keeps_only_names():
    assert [f[2] for f in read("The SEND Partnership is an equal partnership of Anytown "
                               "Council, education providers, the Integrated Care Board and "
                               "POWAR the young people's group.")] == [
        "Anytown Council", "Integrated Care Board", "POWAR"]


MEMBER_TABLE = """# Anytown SEND Partnership Board Terms of Reference

## SEND Partnership Board

| Name | Role | |
|---|---|---|
| Ann Example | Director of Children's Services, Anytown Council | Ch. |
| Bob Sample | Head of SEND, Anytown Council | |
| Cy Test (Vice-chair) | Chief Executive, Anytown Parent Carer Forum | |

## Inclusion Group

| Dee Person | Headteacher, Anytown Primary School |
|---|---|
| Eve Other, Chair | Designated Clinical Officer, NHS Anytown |
"""


def test_member_table_with_ch_marking_the_chair(tmp_path):
    from sendkg.ingest.name_index import NameIndex
    from sendkg.ingest.pipeline import ingest_file

    document = tmp_path / "board.md"
    document.write_text(MEMBER_TABLE, encoding="utf-8")
    result = ingest_file(document, NameIndex([]), area="Anytown")
    board, group = "board:anytown-send-partnership-board", "board:anytown-inclusion-group"
    assert [r for r in result.draft.relations_yaml() if r["p"] in ("memberOf", "chairedBy")] == [
        {"s": "person:ann-example", "p": "memberOf", "o": board, "line": 7,
         "note": "Director of Children's Services, Anytown Council", "role": "chair"},
        {"s": board, "p": "chairedBy", "o": "person:ann-example", "line": 7, "role": "chair"},
        {"s": "person:bob-sample", "p": "memberOf", "o": board, "line": 8,
         "note": "Head of SEND, Anytown Council"},
        {"s": "person:cy-test", "p": "memberOf", "o": board, "line": 9,
         "note": "Chief Executive, Anytown Parent Carer Forum", "role": "vice-chair"},
        {"s": board, "p": "chairedBy", "o": "person:cy-test", "line": 9, "role": "vice-chair"},
        {"s": "person:dee-person", "p": "memberOf", "o": group, "line": 13,
         "note": "Headteacher, Anytown Primary School"},
        {"s": "person:eve-other", "p": "memberOf", "o": group, "line": 15,
         "note": "Designated Clinical Officer, NHS Anytown", "role": "chair"},
        {"s": group, "p": "chairedBy", "o": "person:eve-other", "line": 15, "role": "chair"}]
    assert [(r["relation"], r["source"], r["text"]) for r in result.results][:2] == [
        ("memberOf", {"document": "board.md", "line": 7},
         "Ann Example | Director of Children's Services, Anytown Council | Ch."),
        ("chairedBy", {"document": "board.md", "line": 7},
         "Ann Example | Director of Children's Services, Anytown Council | Ch.")]
    assert result.draft.warnings == []  # the member tables are read, not "not read"


def test_member_table_chair_column_and_a_table_that_is_no_member_table():
    def table(*cells):
        return [Row(c, Location("t.html", n)) for n, c in enumerate(cells, start=3)]

    heading = [Row(("SEND Board",), Location("t.html", 1), prose=True, heading="h2"),
               Row(("Membership",), Location("t.html", 2), prose=True)]
    found = governance_statements(heading + table(
        ("Member", "Organisation", "Ch."), ("Ann Example", "Anytown Council", "✓"),
        ("NHS Anytown", "", "")))
    assert [(s.where.line, s.relation, s.subject, s.object, dict(s.props)) for s in found] == [
        (4, "memberOf", "Ann Example", "SEND Board", {"note": "Anytown Council", "role": "chair"}),
        (4, "chairedBy", "SEND Board", "Ann Example", {"role": "chair"}),
        (5, "memberOf", "NHS Anytown", "SEND Board", {})]
    # a two-column table under a body's heading with no member header, no "Membership"
    # and no chair marked is not read as members
    assert list(governance_statements([heading[0]] + table(
        ("Priority", "Lead"), ("Travel training", "Ann Example")))) == []


ESTABLISHED = """# Anytown SEND governance

## Inclusion Group

The Group was established in 2021 and reports termly to the SEND Partnership Board.

The SEND Partnership Board was set up in March 2019.
"""


def test_established_is_a_property_of_the_body():
    assert read("## Inclusion Group", "", "The Group was established in 2021.",
                "The SEND Board was set up in March 2019 and reports to the Cabinet.") == [
        (3, "established", "Inclusion Group", "2021", {"written": "2021"}),
        (4, "reportsTo", "SEND Board", "Cabinet", {}),
        (4, "established", "SEND Board", "2019-03", {"written": "March 2019"})]
    assert read("The consultation was launched in 2020.") == []  # no body, nothing read


def test_established_reaches_the_dataset_and_validates(cli, tmp_path):
    document = tmp_path / "governance.md"
    document.write_text(ESTABLISHED, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("ingest", document, "-o", out, "--area", "Anytown", "--data",
               REFERENCE).code == 0
    written = out / "governance.yaml"
    entities = {e["id"]: e for e in yaml.safe_load(written.read_text())["entities"]}
    assert entities["board:anytown-inclusion-group"]["established"] == "2021"
    assert entities["board:anytown-inclusion-group"]["line"] == 5
    assert entities["board:anytown-send-partnership-board"]["established"] == "2019-03"
    validate = cli("validate", "--data", out)
    assert validate.code == 0, validate.out + validate.err


# -- references -----------------------------------------------------------------------

def test_references_resolve_to_the_body_named_earlier():
    assert read("The SEND Board was set up in 2021. The new board reports to the Cabinet. "
                "It is chaired by Ann Example.") == [
        (1, "established", "SEND Board", "2021", {"written": "2021"}),
        (1, "reportsTo", "SEND Board", "Cabinet", {}),
        (1, "chairedBy", "SEND Board", "Ann Example", {"role": "chair"})]


def test_which_in_turn_reports_to():
    assert [f[1:4] for f in read("The Inclusion Group reports to the SEND Board, which in "
                                  "turn reports to the Health and Wellbeing Board.")] == [
        ("reportsTo", "Inclusion Group", "SEND Board"),
        ("reportsTo", "SEND Board", "Health and Wellbeing Board")]


def test_an_unresolved_reference_is_a_warning_never_a_guess():
    warnings: list[str] = []
    assert read("The Partnership reports to the Cabinet.", warnings=warnings) == []
    assert warnings == [("t.md:1: could not tell which body 'The Partnership' means; "
                         "nothing recorded")]


# -- legislation and frequencies ------------------------------------------------------

def test_legislation_in_prose_drives_the_heading_body():
    assert read("# SEND Board", "", "The Board works in line with the Children and Families "
                "Act 2014 and the SEND Code of Practice.") == [
        (3, "drivenBy", "SEND Board", "Children and Families Act 2014", {}),
        (3, "drivenBy", "SEND Board", "SEND Code of Practice", {})]


def test_frequencies_are_data_kept_as_written_and_normalised():
    assert [frequency_in(t) for t in ("fortnightly", "bi-monthly", "6-weekly", "twice a year",
                                      "ad hoc", "each term")] == [
        "fortnightly", "bi-monthly", "every six weeks", "six-monthly", "ad hoc", "termly"]
    assert frequency_written("It meets Quarterly.") == ("quarterly", "Quarterly")


# -- end to end: area-scoped identity, chain, loud when empty ------------------------

def test_same_named_bodies_of_two_councils_stay_apart(cli, tmp_path):
    out = tmp_path / "out"
    first = cli("ingest", FORMS / "anytown.md", "--area", "Anytown", "-o", out,
                "--data", REFERENCE)
    second = cli("ingest", FORMS / "othertown.md", "-o", out, "--data", REFERENCE, "--json")
    assert first.code == 0 and second.code == 0, first.err + second.err
    payload = json.loads(second.out)
    ids = {(r["relation"], r["subject"][0]["id"], r["object"][0]["id"])
           for r in payload["results"]}
    assert ("reportsTo", "board:othertown-send-partnership-board",
            "board:othertown-health-and-wellbeing-board") in ids
    assert ("reportsTo", "board:othertown-health-and-wellbeing-board",
            "board:othertown-borough-council-cabinet") in ids
    text = (out / "anytown.yaml").read_text() + (out / "othertown.yaml").read_text()
    assert "board:anytown-health-and-wellbeing-board" in text
    assert "board:hwb" not in text  # the reference registry's area-less board is not theirs


def test_another_councils_health_and_wellbeing_board_is_not_county_durhams(cli):
    result = cli("ingest", FORMS / "othertown.md", "--json")
    assert result.code == 0, result.err
    ids = {o["id"] for r in json.loads(result.out)["results"] for o in r["object"]}
    assert "board:health-and-wellbeing-board" not in ids  # County Durham's, bundled
    assert "board:othertown-health-and-wellbeing-board" in ids


def test_chain_after_ingest_and_build_walks_the_councils_own_structure(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("ingest", FORMS / "othertown.md", "-o", out, "--data", REFERENCE).code == 0
    chain = cli("chain", "board:othertown-send-partnership-board", "--data", out, "--json")
    assert chain.code == 0, chain.err
    labels = json.dumps(json.loads(chain.out)["results"])
    assert labels.index("Othertown Health and Wellbeing Board") < labels.index(
        "Othertown Borough Council Cabinet")
    assert "County Durham" not in labels


def test_a_file_with_nothing_recognised_says_so(cli):
    result = cli("ingest", FORMS / "nothing.txt", "--json", "--data", REFERENCE)
    assert result.code == 0
    warnings = json.loads(result.out)["warnings"]
    assert any(w.startswith("no plan table, action-plan table or governance sentence "
                            "recognised in nothing.txt; looked for:") for w in warnings)
    assert "no plan table, action-plan table or governance sentence recognised" in result.err


def test_governance_eval_without_a_corpus_says_so(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "governance_eval.py"),
                           "--corpus", str(tmp_path / "missing")], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("no governance corpus at") and "Traceback" not in done.stderr


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Local Safeguarding Children Board has been replaced by the Safeguarding Children "
     "Partnership from 29 September 2019.",
     ("replacedBy", "Local Safeguarding Children Board", "Safeguarding Children Partnership",
      {"date": "2019-09-29"})),
    ("The Safeguarding Children Partnership replaces the Local Safeguarding Children Board "
     "with effect from 2019-09-29.",
     ("replacedBy", "Local Safeguarding Children Board", "Safeguarding Children Partnership",
      {"date": "2019-09-29"})),
    ("The Youth Forum was merged into the Young People's Panel in April 2020.",
     ("replacedBy", "Youth Forum", "Young People's Panel",
      {"date": "April 2020", "kind": "merged-into"})),
    ("The SEND Partnership Board has been renamed the SEND Improvement Board.",
     ("replacedBy", "SEND Partnership Board", "SEND Improvement Board", {"kind": "renamed"})),
])
def test_successions_in_the_shape_of_the_successions_file(sentence, expected):
    assert read(sentence) == [(1, *expected)]
