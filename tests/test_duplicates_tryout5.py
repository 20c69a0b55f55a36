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
    # seed 004 l.554: "Lead: Caroline O'Neill Membership: Julie Scurfield"
    ("deliv:oip-t3-m2", ["Head of Education (Caroline O'Neill)"]),
    # seed 004 l.499: "Lead: Carole Payne Membership: Mark Gurney"
    ("deliv:oip-t1-m5", ["Carole Payne"]),
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
    assert owners["Caroline O'Neill"]["via"]["id"] == "aim:oip-theme-3"
    derby = {o["label"]: o for o in found["act:dby-send-reforms-programme"]["owners"]}
    assert derby["Derbyshire County Council"]["uncertain"].startswith("uncertain: ")
    assert derby["Derby City Council"]["uncertain"] is None
    assert found["deliv:cyps-4-1-b"]["leads"] == ["Durham Children and Families Partnership"]
