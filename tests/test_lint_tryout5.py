"""A new user's lint findings (notes/s5/tryout5.md #5, #6, #10, #13, #15, #17, #18).

Seed 004 (the Durham CYP scrutiny pack of 28.9.17) cites the Children's Commissioner's
Takeover Challenge (l.2415), a national office's plan; the Ofsted improvement plan in it
(l.480-494) rates each recommendation Red, Amber or Green at its one-year-on review
(rec 12 "G"). The Durham Safeguarding Children Partnership comes only from the
registry's successions (registry/successions.yaml), as the Durham LSCB's successor.
"""

from __future__ import annotations

import json
import os
import subprocess

from conftest import run_cli, sendkg_script

TODAY = "2026-11-22"
DSCP = "board:durham-safeguarding-children-partnership"


def lint_json(*args, today: str = TODAY) -> dict:
    return json.loads(run_cli("lint", "--today", today, "--json", *args).out)


def lint_screen(*args) -> str:
    """The human output at 80 columns, from the installed command (a real terminal width)."""
    return subprocess.run([str(sendkg_script()), "lint", "--today", TODAY, *args],
                          capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}).stdout


# --- #5: areas are places; registry-only bodies are registry housekeeping -------------

def test_a_national_office_is_not_an_area(bundled_kg):
    office = bundled_kg.node("org:childrens-commissioner")
    assert office.props["kind"] == "statutory office"
    areas = {a for r in lint_json()["results"] for a in r["areas"]}
    assert "Children's Commissioner" not in areas
    assert {"County Durham", "Durham County Council"} <= areas


def test_the_national_plan_cited_in_a_durham_paper_takes_the_papers_area(bundled_kg):
    from sendkg.checks.lint_places import places_of

    plan = "plan:childrens-commissioner-takeover-challenge-2017"
    assert places_of(bundled_kg, [plan])[plan].areas == ("County Durham",
                                                         "Durham County Council")


def test_a_body_known_only_from_the_registry_is_registry_housekeeping(bundled_kg):
    assert all(s.line is None for s in bundled_kg.node(DSCP).sources)
    officer = lint_json()
    assert DSCP not in {r["id"] for r in officer["results"]}
    assert officer["registry_only"] == {"board-without-chair": 1}  # counted, not dropped
    assert "1 more finding is on a body known only from the registry" in lint_screen()
    housekeeping = lint_json("--registry", "--area", "Durham")["results"]
    # with --registry it is shown, in its predecessor's (the Durham LSCB's) area
    found = [r for r in housekeeping if r["id"] == DSCP]
    assert found and found[0]["areas"] == ["County Durham", "Durham County Council"]
