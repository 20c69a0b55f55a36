"""Findings of a new user's first try (notes/s3/tryout.md), each on the bundled data
through the CLI in this process: the successor bodies can be looked up, weak name
matches never answer silently for another body, filters that match nothing say so,
and the cited line, lint order, what-if rows, serve and ingest read as an officer expects.
"""

from __future__ import annotations

from conftest import run_cli

ICB = "org:nhs-north-east-and-north-cumbria-icb"
COUNTY_CCG = "org:nhs-county-durham-ccg"


# ------------------------------------------------ H1: successor bodies by name, alias, id

def test_successor_found_by_alias_and_id():
    for text in ("NENC ICB", ICB, "NHS North East and North Cumbria ICB"):
        done = run_cli("owns", text)
        assert done.code == 0, done.err
        assert ICB in done.out, (text, done.out)
        assert "took over the duties of NHS County Durham" in done.out


def test_successor_ccg_found_by_alias():
    done = run_cli("impact", "NHS County Durham CCG")
    assert done.code == 0, done.err
    assert COUNTY_CCG in done.out
    assert "org:nhs-north-durham-ccg)" not in done.out.splitlines()[0]


def test_find_icb_lists_the_statutory_icb():
    done = run_cli("find", "ICB", "--json")
    assert ICB in done.out
