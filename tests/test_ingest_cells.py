"""Officer cells, legislation names and dates, read the way the issue lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.dates import When, parse_when, read_dates, split_dates
from sendkg.ingest.pipeline import index_from_registry
from sendkg.ingest.legislation_names import (kind_of, legislation_in, legislation_mentioned,
                                              split_legislation)
from sendkg.ingest.officers import split_officers

REGISTRY = Path(__file__).parent / "fixtures" / "ingest" / "registry"


@pytest.fixture(scope="module")
def index():
    return index_from_registry(REGISTRY)


def read(text, index):
    return [(o.kind, o.name, o.ids, tuple((a.name, a.ids) for a in o.affiliations), o.role,
             o.note) for o in split_officers(text, index)]


L_A = ("L/A", ("org:council",))
CCGS = ("ND & DDES CCGs", ("org:north-ccg", "org:south-ccg"))
NECS = ("NECs", ("org:necs",))


@pytest.mark.parametrize("cell, expected", [
    ("Paul Shadforth/ Mark Smith L/A", [
        ("Person", "Paul Shadforth", (), (L_A,), "lead", None),
        ("Person", "Mark Smith", (), (L_A,), "lead", None)]),
    ("Sarah Burns and Gill Findley ND & DDES CCGs", [
        ("Person", "Sarah Burns", (), (CCGS,), "lead", None),
        ("Person", "Gill Findley", (), (CCGS,), "lead", None)]),
    ("Julie Dhunny (NHS)", [("Person", "Julie Dhunny", (), (("NHS", ()),), "lead", None)]),
    ("Kim Lawther DCO", [("Person", "Kim Lawther", (), (("DCO", ("post:dco",)),), "lead", None)]),
    ("Janet Arris & Guy Nokes (NECs)", [
        ("Person", "Janet Arris", (), (NECS,), "lead", None),
        ("Person", "Guy Nokes", (), (NECS,), "lead", None)]),
    ("LA and ICB", [("Organisation", "LA", (), (), "lead", None),
                    ("Organisation", "ICB", (), (), "lead", None)]),
    ("ICB with support from all partners", [
        ("Organisation", "ICB", (), (), "lead", "with support from all partners")]),
    ("CYC (S.D)", [("Organisation", "CYC", (), (), "lead", "officer initials S.D")]),
])
def test_officer_cells_of_the_issue(index, cell, expected):
    assert read(cell, index) == expected


def test_an_organisation_after_an_affiliation_stands_on_its_own(index):
    assert read("Lindsey Dunn L/A Claire Garner-Harris (NECs) ND & DDES CCGs", index) == [
        ("Person", "Lindsey Dunn", (), (L_A,), "lead", None),
        ("Person", "Claire Garner-Harris", (), (NECS,), "lead", None),
        ("Organisation", "ND & DDES CCGs", CCGS[1], (), "lead", None)]


def test_an_organisation_after_a_post_belongs_to_the_same_person(index):
    assert read("Paul Shadforth L/A Kim Lawther DCO ND & DDES CCGs", index)[1] == (
        "Person", "Kim Lawther", (), (("DCO", ("post:dco",)), CCGS), "lead", None)


def test_names_run_together_without_a_joiner(index):
    names = [(o.name, [a.name for a in o.affiliations]) for o in split_officers(
        "Gill Eshelby/Mark Smith Sarah Burns and Gill Findley ND & DDES CCGs", index)]
    assert names == [("Gill Eshelby", []), ("Mark Smith", []),
                     ("Sarah Burns", ["ND & DDES CCGs"]), ("Gill Findley", ["ND & DDES CCGs"])]


@pytest.mark.parametrize("cell, expected", [
    ("Suzanne Lamb Durham and Harrogate NHSFT",
     [("Person", "Suzanne Lamb", ["Durham and Harrogate NHSFT"])]),
    ("Dr Chandra Anand DMO", [("Person", "Dr Chandra Anand", ["DMO"])]),
    ("Gill O' Neill", [("Person", "Gill O'Neill", [])]),
    ("Strategic Manager, Children's Services Reform/Strategic Manager, Service Quality and "
     "Development", [("Post", "Strategic Manager, Children's Services Reform", []),
                     ("Post", "Strategic Manager, Service Quality and Development", [])]),
    ("Head of Planning and Service Strategy Head of ICT",
     [("Post", "Head of Planning and Service Strategy", []), ("Post", "Head of ICT", [])]),
    ("Mark Smith, Strategic Commissioning Manager",
     [("Person", "Mark Smith", ["Strategic Commissioning Manager"])]),
])
def test_people_posts_and_organisations_from_free_text(index, cell, expected):
    found = [(o.kind, o.name, [a.name for a in o.affiliations])
             for o in split_officers(cell, index)]
    assert found == expected


def test_a_unit_followed_by_its_council(index):
    [officer] = split_officers("Gill O'Neil Public Health L/A", index)
    [unit] = officer.affiliations
    assert (unit.name, unit.part_of.name, unit.part_of.ids) == ("Public Health", "L/A",
                                                                ("org:council",))


@pytest.mark.parametrize("cell, names", [
    ("NHS Act 2006/Health and Social Care Act 2012",
     ["NHS Act 2006", "Health and Social Care Act 2012"]),
    ("Children and Families Act 2014 Autism Act 2009 SEND Code of Practice 2015",
     ["Children and Families Act 2014", "Autism Act 2009", "SEND Code of Practice 2015"]),
    ("<p>Children and Families Act 2014, SEND Code of Practice 2015,</p>",
     ["Children and Families Act 2014", "SEND Code of Practice 2015"]),
    ("Working Together to Safeguard Children (2015)",
     ["Working Together to Safeguard Children (2015)"]),
    ("Care Act 2014; Children and Families Act 2014",
     ["Care Act 2014", "Children and Families Act 2014"]),
])
def test_legislation_cells_split(cell, names):
    assert split_legislation(cell) == names


@pytest.mark.parametrize("name, leg_id, how", [
    ("Children and Families Act 2014", "leg:cfa-2014", "exact"),
    ("The Children & Families Act 2014", "leg:cfa-2014", "exact"),  # same once normalised
    ("NHS Act 2006", "leg:nhs-act-2006", "alias"),
    ("Send Code of Practice 2015", "leg:send-cop", "alias"),
    ("SEND Code of Practice 2016", "leg:send-cop", "without year"),
    ("Children Act 1989", "leg:children-act-1989", "exact"),
    ("Children Act 2004", "leg:children-act-2004", "exact"),
    ("Care Act 2015", None, "new"),  # another year of an Act is another Act
    ("Working Together to Safeguard Children 2018", None, "new"),  # a dated edition
])
def test_legislation_normalised_against_the_registry(index, name, leg_id, how):
    [found] = legislation_in(name, index)
    assert (found.id, found.how) == (leg_id, how)


def test_near_legislation_is_reported_not_linked(index):
    [found] = legislation_in("Care Act 2015", index)
    assert [leg for leg, _ in found.near] == ["leg:care-act-2014"]


def test_legislation_named_in_an_objective(index):
    found = legislation_mentioned("Review reports under 'The Care Planning, Placement and Case "
                                  "Review (England) Regulations 2010' and the Care Act 2014.",
                                  index)
    assert [(f.written, f.id) for f in found] == [
        ("Care Planning, Placement and Case Review (England) Regulations 2010", None),
        ("Care Act 2014", "leg:care-act-2014")]
    assert kind_of(found[0].written) == "statutory instrument"


@pytest.mark.parametrize("text, start, end, status", [
    ("May 2017", "2017-05", "2017-05", None),
    ("May-June 2017", "2017-05", "2017-06", None),
    ("Jan-Mar 17", "2017-01", "2017-03", None),
    ("January 17 to March 19", "2017-01", "2019-03", None),
    ("April 17 to March 18 (0-19 contract has plus option to extend to March 19)",
     "2017-04", "2018-03", None),
    ("Sept 16", "2016-09", "2016-09", None),
    ("Quarter 2, 2017", "2017-04", "2017-06", None),
    ("Q4 2017/18", "2018-01", "2018-03", None),
    ("2017/18", "2017-04", "2018-03", None),
    ("31/03/2018", "2018-03", "2018-03", None),
    ("From Jan 16", "2016-01", None, None),
    ("By March 2018", None, "2018-03", None),
    ("Started", None, None, "started"),
    ("TBC", None, None, "to be confirmed"),
])
def test_dates_to_month_or_quarter(text, start, end, status):
    assert parse_when(text) == When(text, start, end, status)


def test_an_unreadable_date_is_kept_with_a_warning():
    when = parse_when("March 2-21")
    assert (when.text, when.start, when.end) == ("March 2-21", None, None)
    assert when.warning == "could not read a date in 'March 2-21'; kept as text"
    assert when.props() == {"timescale": "March 2-21"}


def test_cells_with_several_dates():
    assert split_dates("Jan-Mar 17 Feb-Mar 17 Mar-Apr 17 May-June 17 June 17") == [
        "Jan-Mar 17", "Feb-Mar 17", "Mar-Apr 17", "May-June 17", "June 17"]
    assert split_dates("Feb 16 - -") == ["Feb 16", "-", "-"]
    assert [w.start for w in read_dates("Jun 16 Started Sept 16")] == ["2016-06", None,
                                                                         "2016-09"]
