"""A new user's findings on `sendkg duplicates` (notes/s5/tryout5.md #2, #3, #7, #9,
#12, #18), on the bundled data of the seed documents and small hand-built graphs."""

from __future__ import annotations

import json

import pytest
from sendkg.checks.duplicates import duplicates


@pytest.fixture(scope="module")
def sides(bundled_kg):
    """Every side of every finding on the bundled data, by item id."""
    return {s.node.id: s for f in duplicates(bundled_kg) for s in f.sides}


# ---------------------------------------------------------------- #3 leads


@pytest.mark.parametrize("item, leads", [
    # seed 004 l.554: "Lead: Caroline O'Neill Membership: Julie Scurfield"; written as
    # `sendkg owner` writes her (notes/s5/tryout6.md #10)
    ("deliv:oip-t3-m2",
     ["Caroline O'Neill (Head of Education, Children and Young People's Services)"]),
    # seed 004 l.499: "Lead: Carole Payne Membership: Mark Gurney"
    ("deliv:oip-t1-m5", ["Carole Payne (Head of Children's Services)"]),
    # the LSCB leads its 2017-20 priorities; the council is named in support
    ("obj:lscb-2017-20-cse", ["Durham Local Safeguarding Children Board"]),
    # no owner of its own: the plan's owner, as `sendkg owner` inherits it
    ("deliv:cyps-4-1-b", ["Durham Children and Families Partnership"]),
])
def test_a_side_s_lead_is_the_lead_owner_names(sides, item, leads):
    assert list(sides[item].leads) == leads


def test_an_uncertain_lead_keeps_its_mark_as_owner_prints_it(sides, bundled_kg):
    from sendkg.queries.facts import with_uncertain
    from sendkg.queries.responsibility import owners_of

    (derbyshire,) = [o for o in owners_of(bundled_kg, "act:dby-send-reforms-programme")
                     if o.node.id == "org:derbyshire-county-council"]
    assert derbyshire.edge.props.get("uncertain")
    assert sides["act:dby-send-reforms-programme"].leads == (
        "Derby City Council", with_uncertain("Derbyshire County Council", derbyshire.edge.props))


def test_every_side_s_leads_are_the_leads_owner_answers(sides, bundled_kg):
    # One shared function: owners_of's nearest level naming a lead, support left out.
    from sendkg.queries.responsibility import owners_of

    for item, side in sides.items():
        owners = owners_of(bundled_kg, item)
        levels = [o.via.id if o.via else None for o in owners
                  if o.role is None or o.role.casefold() != "support"]
        named = {o.node.id for o in side.owners if o.role != "support"}
        nearest = {o.node.id for o in owners
                   if (o.via.id if o.via else None) == (levels[0] if levels else None)}
        assert named <= nearest, item
        assert all(o.role != "support" for o in side.owners[:len(side.leads)]), item


def test_json_gives_each_owner_its_role_and_uncertainty(cli):
    payload = json.loads(cli("duplicates", "--json").out)
    found = {}
    for result in payload["results"]:
        for side in result.get("members") or (result["first"], result["second"]):
            found[side["id"]] = side
    owners = {o["label"]: o for o in found["deliv:oip-t3-m2"]["owners"]}
    assert owners["Caroline O'Neill"]["role"] == "lead" and owners["Caroline O'Neill"]["lead"]
    assert owners["Julie Scurfield"]["role"] == "support"
    assert not owners["Julie Scurfield"]["lead"]
    assert owners["Caroline O'Neill"]["via"] == "aim:oip-theme-3"
    derby = {o["label"]: o for o in found["act:dby-send-reforms-programme"]["owners"]}
    assert derby["Derbyshire County Council"]["uncertain"].startswith("uncertain: ")
    assert derby["Derby City Council"]["uncertain"] is None
    assert found["deliv:cyps-4-1-b"]["leads"] == ["Durham Children and Families Partnership"]


# ---------------------------------------------------------------- #2 --area


def test_area_by_its_own_name_finds_its_findings_as_lint_does(bundled_kg):
    # "County Durham" is the area's own name (plans' coversArea); lint takes it.
    from sendkg.checks.lint_places import places_of

    everything = duplicates(bundled_kg)
    places = places_of(bundled_kg, {s.node.id for f in everything for s in f.sides})
    wanted = [f for f in everything
              if any(places[s.node.id].matches_area("County Durham") for s in f.sides)]
    found = duplicates(bundled_kg, area="County Durham")
    assert found == wanted
    assert {f.kind for f in found} >= {"repeated-item", "duplicate", "overlapping-boards"}
    assert not [f for f in found if f.kind == "similar-areas"
                and not any(s.council and "Durham" in s.council.label for s in f.sides)]


# ---------------------------------------------------------------- #9 --between


def _plans_with(kg, text: str) -> list[str]:
    return [p.id for p in kg.nodes("Plan") if text.casefold() in p.label.casefold()]


def test_between_says_which_plans_it_read_each_fragment_as(cli):
    out = cli("duplicates", "--between", "JCP", "Derby ICS").out
    assert out.splitlines()[0] == (
        "--between 'JCP' 'Derby ICS' read as: Durham SEND Joint Commissioning Plan "
        "2017-2018 and Derby City Integrated Commissioning Strategy for Children and Young "
        "People")
    query = json.loads(cli("duplicates", "--between", "JCP", "Derby ICS", "--json").out)["query"]
    assert [(b["text"], [p["id"] for p in b["plans"]]) for b in query["between"]] == [
        ("JCP", ["plan:durham-send-jcp-2017-18"]),
        ("Derby ICS", ["plan:derby-cyp-integrated-commissioning-strategy-2016-19"])]


def test_a_fragment_naming_many_plans_is_refused_with_them(cli, bundled_kg):
    durham = _plans_with(bundled_kg, "Durham")
    assert len(durham) > 5
    done = cli("duplicates", "--between", "Durham", "Derby")
    assert done.code == 2 and not done.out
    assert f"--between 'Durham' names {len(durham)} plans" in done.err
    assert "(plan:durham-autism-strategy-2018-21)" in done.err
    assert f"and {len(durham) - 10} more" in done.err and len(done.err.splitlines()) == 1


@pytest.mark.parametrize("args, said", [
    (("--between", "", ""), "--between is empty"),
    (("--area", ""), "--area is empty"),
    (("--between", "nosuchplan", "Ofsted"), "--between 'nosuchplan' names no plan; nearest: "),
])
def test_an_empty_or_unknown_filter_stops_in_one_line(cli, args, said):
    done = cli("duplicates", *args)
    assert done.code == 2 and not done.out
    assert said in done.err and len(done.err.strip().splitlines()) == 1


def test_a_cluster_shows_first_its_members_in_the_plans_asked_for(bundled_kg):
    from sendkg.checks.duplicates import in_filters
    from sendkg.checks.filters import plan_ids
    from sendkg.cli.commands.duplicates import SIDES_SHOWN, _finding

    ofsted = plan_ids(bundled_kg, "Ofsted")
    (cluster,) = [f for f in duplicates(bundled_kg, between=("Ofsted", "Ofsted"))
                  if f.kind == "similar-areas"]
    asked = [s.node.id for s in cluster.sides if in_filters(bundled_kg, s, (ofsted, ofsted))]
    assert len(asked) >= 2 and len(cluster.sides) > SIDES_SHOWN
    text = " ".join(line.plain for line in _finding(
        cluster, lambda s: in_filters(bundled_kg, s, (ofsted, ofsted))))
    assert all(item in text for item in asked)


# ---------------------------------------------------------------- #12 --limit


def test_limit_means_the_same_on_screen_and_in_json(cli, bundled_kg):
    from sendkg.checks.duplicates import best_shared

    payload = json.loads(cli("duplicates", "--json", "--limit", "5").out)
    expected = best_shared(duplicates(bundled_kg, limit=5), 5)
    assert [(r["kind"], r["id"], r["second"]["id"]) for r in payload["results"]] == [
        (f.kind, f.first.node.id, f.second.node.id) for f in expected]
    assert len(payload["results"]) == 5
    out = cli("duplicates", "--limit", "5").out
    assert out.startswith(f"{sum(payload['totals'].values())} findings, 5 shown")


def test_kinds_with_no_room_under_the_limit_are_named_with_their_count(cli):
    from sendkg.cli.commands.duplicates import TITLES

    totals = json.loads(cli("duplicates", "--json").out)["totals"]
    out = cli("duplicates", "--limit", "3").out  # five kinds found: two get no room
    (none_shown,) = [line for line in out.splitlines() if line.startswith("None shown")]
    for kind, total in totals.items():
        if total:
            assert (TITLES[kind] in out) != (f"{total} {kind}" in none_shown), kind


# ---------------------------------------------------------------- #7 the why


def test_a_cluster_s_why_is_true_of_every_member(bundled_kg):
    from sendkg.checks.duplicates_explain import both_words

    clusters = [f for f in duplicates(bundled_kg) if f.kind == "similar-areas"
                and len(f.sides) > 2]
    assert clusters
    for cluster in clusters:
        centre = cluster.sides[0].node.label
        for side in cluster.sides[1:]:
            theirs = both_words(centre, side.node.label).split()
            assert set(cluster.explanation["shared_terms"]) <= set(theirs), (
                cluster.explanation["why"], side.node.label)
        if cluster.explanation["shared_terms"]:
            assert f"all share: {' '.join(cluster.explanation['shared_terms'])};" in (
                cluster.explanation["why"])


def test_shared_terms_are_the_words_the_why_gives(bundled_kg):
    for f in duplicates(bundled_kg):
        terms = f.explanation.get("shared_terms")
        if terms and len(f.sides) == 2:
            assert f.explanation["why"].startswith(f"both {' '.join(terms)}"), f.explanation


# ---------------------------------------------------------------- #18 cosmetic


def test_screen_output_has_no_trailing_spaces_and_fits_80_columns(cli, monkeypatch):
    import conftest

    monkeypatch.setitem(conftest.CLI_ENV, "COLUMNS", "80")
    lines = cli("duplicates", "--limit", "0").out.splitlines()
    assert len(lines) > 500
    assert [line for line in lines if line != line.rstrip()] == []
    assert [line for line in lines if len(line) > 80] == []


def test_counts_under_ten_are_words_in_every_message_and_why(bundled_kg):
    import re

    for f in duplicates(bundled_kg):
        for text in (f.message, f.explanation.get("why") or ""):
            assert not re.search(r"\b[1-9] (items|areas|times)\b", text), text


def test_a_word_is_given_once_in_a_why():
    from sendkg.checks.duplicates_explain import both_words

    assert both_words("Develop community services with the voluntary and community sector",
                      "Voluntary and community sector") == "community voluntary sector"
