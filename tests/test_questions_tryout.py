"""The question commands as a new officer met them (session 4 try-out, notes/s4/tryout.md),
on the bundled data: uncertain readings marked everywhere (#3), what a weak match was
read as (#11), dates before a plan existed (#17), English dates (#18), a post and its
holder given once (#19), what a successor inherited (#10), and layout (#23)."""

from __future__ import annotations

import json

from sendkg.queries.register import register_tables

ICB_NOTE = "could be the LSCB/ Safeguarding Executive"  # the data's note on that chair


def _flat(text: str) -> str:
    """Screen text with its line breaks and indents folded, for phrases that wrap."""
    return " ".join(text.replace("│", " ").split())


# ------------------------------------------------------------------ #3 uncertain

def test_owner_marks_an_uncertain_chair_with_its_note(cli):
    out = _flat(cli("owner", "board:county-durham-integrated-care-board").out)
    assert "chair: Stewart Findlay (uncertain: " in out and ICB_NOTE in out


def test_boards_marks_uncertain_chairs_and_reporting_lines(cli):
    out = _flat(cli("boards", "--area", "Durham").out)
    assert "chair: Lucy Hovvels (uncertain: " in out
    hwb = out[out.index("County Durham Health and Wellbeing Board (board:"):]
    line = hwb[hwb.index("reportsTo → County Durham Partnership"):][:120]
    assert "(uncertain" in line


def test_chain_marks_an_uncertain_chair(cli):
    out = _flat(cli("chain", "board:county-durham-integrated-care-board").out)
    assert "Stewart Findlay (uncertain: " in out


def test_register_boards_sheet_marks_uncertain_chairs(bundled_kg):
    boards = next(t for t in register_tables(bundled_kg) if t.sheet == "Boards")
    row = next(r for r in boards.rows if r[0] == "County Durham Integrated Care Board")
    chair = row[boards.columns.index("chair")]
    assert chair.startswith("Stewart Findlay (uncertain: ") and ICB_NOTE in chair
    people = next(t for t in register_tables(bundled_kg) if t.sheet == "People")
    row = next(r for r in people.rows if r[0] == "Stewart Findlay")
    assert any("(uncertain: " in cell for cell in row)


def test_certain_chairs_carry_no_mark(cli):
    out = cli("owner", "board:child-poverty-working-group").out
    assert "uncertain" not in out


def test_web_entity_page_marks_uncertain_chairs(bundled_kg):
    from bs4 import BeautifulSoup
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    page = TestClient(create_app(Site(bundled_kg))).get(
        "/entity/board:county-durham-integrated-care-board")
    assert page.status_code == 200
    text = _flat(BeautifulSoup(page.text, "html.parser").get_text(" "))
    owner = text[text.index("Who is responsible"):]
    assert "Stewart Findlay" in owner and "(uncertain: " in owner[:600]
    board = text[text.index("Members and chair"):]
    assert "(uncertain: " in board[:600] and ICB_NOTE in board


# ------------------------------------------------------------------ #11 read as

def test_a_partial_match_says_what_it_was_read_as_and_the_close_others(cli):
    out = _flat(cli("chain", "SEND strategic partnership").out)
    assert out.startswith("read 'SEND strategic partnership' as Board SEND Joint "
                          "Commissioning Partnership (board:send-joint-commissioning-"
                          "partnership): label words: SEND, partnership; not an exact name")
    assert "close: Looked After Strategic Partnership" in out


def test_a_word_in_capitals_weighs_more_than_common_words(cli):
    """SEND, written in capitals, names the subject: it outweighs 'strategic' and
    'partnership' (written in lower case, the same words rank as before)."""
    capitals = json.loads(cli("find", "SEND strategic partnership", "--json").out)
    lower = json.loads(cli("find", "send strategic partnership", "--json").out)
    assert capitals["results"][0]["id"] == "board:send-joint-commissioning-partnership"
    assert lower["results"][0]["id"] == "board:looked-after-strategic-partnership"


def test_a_match_of_another_kind_is_named_when_it_is_closer(cli):
    out = _flat(cli("owner", "CCG").out)
    assert out.startswith("read 'CCG' as Plan ")
    assert "closer: Organisation NHS County Durham Clinical Commissioning Group " \
           "(org:nhs-county-durham-ccg), which `owner` does not answer for" in out
    out = _flat(cli("owner", "ICB").out)
    assert out.startswith("read 'ICB' as Board County Durham Integrated Care Board")
    assert "closer: Organisation NHS North East and North Cumbria ICB" in out


def test_json_says_what_a_partial_match_was_read_as_and_an_exact_one_does_not(cli):
    partial = json.loads(cli("owner", "CCG", "--json").out)
    assert partial["read_as"]["read_as"][0]["type"] == "Plan"
    assert partial["read_as"]["passed_over"][0]["id"] == "org:nhs-county-durham-ccg"
    exact = json.loads(cli("owner", "Child Poverty Working Group", "--json").out)
    assert "read_as" not in exact


def test_an_exact_name_prints_no_notice(cli):
    out = cli("owner", "Child Poverty Working Group").out
    assert not out.startswith("read ")


# ------------------------------------------------------------------ #17 not started

def test_as_at_before_the_plan_started_says_so_on_screen_and_in_json(cli):
    out = _flat(cli("owner", "obj:jcp-short-breaks", "--as-at", "2010-01-01").out)
    assert ("The plan Durham SEND Joint Commissioning Plan 2017-2018 had not started on "
            "1 January 2010 (start: 2017)") in out
    payload = json.loads(cli("owner", "obj:jcp-short-breaks", "--as-at", "2010-01-01",
                             "--json").out)
    assert [(n["id"], n["start"]) for n in payload["not_started"]] == [
        ("plan:durham-send-jcp-2017-18", "2017")]


def test_as_at_in_the_start_year_or_later_says_nothing(cli):
    for day in ("2017-03-01", "2019-01-01"):
        done = cli("owner", "obj:jcp-short-breaks", "--as-at", day, "--json")
        assert "not_started" not in json.loads(done.out), day
        assert "had not started" not in cli("owner", "obj:jcp-short-breaks",
                                            "--as-at", day).out


# ------------------------------------------------------------------ #18 English dates

def test_as_at_reads_dates_as_officers_write_them(cli):
    for written in ("31/12/2020", "31 December 2020", "31st Dec 2020", "2020-12-31"):
        done = cli("owner", "JCP", "--as-at", written, "--json")
        assert done.code == 0, (written, done.err)
        assert json.loads(done.out)["as_at"] == "2020-12-31", written


def test_a_bad_as_at_is_one_line_saying_why(cli):
    for written, why in (("2020-02-30", "February has no day 30"),
                         ("2021-02-29", "February 2021 has no day 29"),
                         ("12/31/2020", "there is no month 31"),
                         ("soon", "not a date")):
        done = cli("owner", "JCP", "--as-at", written)
        assert done.code == 2, written
        assert len([line for line in done.err.splitlines() if line.strip()]) == 1, written
        assert f"--as-at {written}: {why}" in done.err, written
        assert "Usage" not in done.err and "Traceback" not in done.err


# ------------------------------------------------------------------ #19 post and holder once

def test_owns_gives_a_chair_held_in_person_and_through_the_post_once(cli):
    out = _flat(cli("owns", "Margaret Whelans").out)
    assert out.count("Board Child Poverty Working Group") == 1
    assert out.count("Board Quality Improvement Board") == 1
    assert ("chairs as Corporate Director of Children and Young People's Services "
            "(role: chair): Board Child Poverty Working Group") in out
    [subject] = json.loads(cli("owns", "Margaret Whelans", "--json").out)["results"]
    items = [(r["id"], r.get("role")) for r in subject["owns"]]
    assert len(items) == len(set(items))


def test_register_gives_a_post_and_its_holder_once(bundled_kg):
    tables = {t.sheet: t for t in register_tables(bundled_kg)}
    boards = tables["Boards"]
    lscb = next(r for r in boards.rows if r[0] == "Durham Local Safeguarding Children Board")
    assert lscb[boards.columns.index("chair")].count("Jane Geraghty") == 1
    actions = tables["Actions"]
    # The lead column is now written as `sendkg owner` writes leads (lead_names): a post
    # "— held by Margaret Whellans", the person "Margaret Whellans (post, ...)".
    leads = [r[actions.columns.index("lead(s)")] for r in actions.rows]
    twice = [cell for cell in leads if cell.count("Margaret Whellans") > 1]
    assert not twice, twice[:1]


def test_duplicates_lead_lines_give_a_post_with_its_holder_once(cli, bundled_kg):
    # Written as `sendkg owner` writes him (notes/s5/tryout6.md #10), once a side.
    from sendkg.checks.duplicates import duplicates

    out = _flat(cli("duplicates", "--limit", "0").out)
    assert "lead: Mark Smith (Strategic Commissioning Manager, Durham County Council)" in out
    for side in (s for f in duplicates(bundled_kg) for s in f.sides):
        assert sum("Mark Smith" in lead for lead in side.leads) <= 1, side.leads


# ------------------------------------------------------------------ #10 inherited

def test_owns_a_successor_lists_what_it_inherited_through_each_succession(cli):
    out = _flat(cli("owns", "NENC ICB", "--as-at", "2026-11-22").out)
    assert ("inherited from NHS North Durham Clinical Commissioning Group (merged into NHS "
            "County Durham Clinical Commissioning Group 1 April 2020; replaced by NHS North "
            "East and North Cumbria ICB 1 July 2022): 16 responsibilities") in out
    assert "Objective Review and re-commission the short breaks and respite offer" in out
    payload = json.loads(cli("owns", "NENC ICB", "--as-at", "2026-11-22", "--json").out)
    inherited = payload["inherited_through_successions"][
        "org:nhs-north-east-and-north-cumbria-icb"]
    ddes = next(i for i in inherited if i["predecessor"]["id"] == "org:nhs-ddes-ccg")
    assert [s["kind"] for s in ddes["path"]] == ["merged-into", "replaced"]
    assert ddes["owns"]


def test_owns_inherits_only_the_successions_in_force_on_the_date(cli):
    out = _flat(cli("owns", "County Durham CCG", "--as-at", "2021-01-01").out)
    assert "inherited from NHS North Durham Clinical Commissioning Group" in out
    out = _flat(cli("owns", "County Durham CCG", "--as-at", "2019-01-01").out)
    assert "inherited from" not in out
    assert "inherited from" not in cli("owns", "NENC ICB", "--as-written").out


# ------------------------------------------------------------------ #23 layout

def test_headers_wrap_their_id_under_the_text_not_at_the_margin(cli, monkeypatch):
    import conftest

    monkeypatch.setitem(conftest.CLI_ENV, "COLUMNS", "80")
    for args in (("find", "short breaks"), ("owner", "obj:jcp-short-breaks"),
                 ("chain", "board:looked-after-strategic-partnership"),
                 ("boards", "--area", "Durham")):
        lines = cli(*args).out.splitlines()
        assert max(map(len, lines)) <= 80, args
        assert not [line for line in lines if line.startswith("(")], args


def test_boards_cite_with_a_dot_like_the_other_questions(cli):
    out = _flat(cli("boards", "--area", "Durham").out)
    assert ("held by Margaret Whellans · CYP OSC pack 28.9.17 l.189") in out


def test_help_shows_no_type_beside_a_flag(cli):
    out = cli("owner", "--help").out
    assert "--json" in out and "<bool>" not in out
    assert "<str>" in out  # options taking a value still show its type


def test_web_entity_card_marks_an_uncertain_owner(bundled_kg):
    from bs4 import BeautifulSoup
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    page = TestClient(create_app(Site(bundled_kg))).get(
        "/entity/board:county-durham-integrated-care-board")
    card = BeautifulSoup(page.text, "html.parser").select_one('a.card[href="#owner"]')
    assert "Stewart Findlay (uncertain)" in _flat(card.get_text(" "))


def test_the_web_duplicates_page_gives_a_post_with_its_holder_once(bundled_kg):
    # The page's leads are the command's (sendkg.checks.duplicates.lead_names), written
    # as `sendkg owner` writes them (notes/s5/tryout6.md #10).
    from starlette.testclient import TestClient

    from sendkg.web.app import create_app
    from sendkg.web.site import Site

    with TestClient(create_app(Site(bundled_kg))) as client:
        page = client.get("/checks/duplicates?kind=different-owners").text
    assert "Mark Smith (Strategic Commissioning Manager, Durham County Council)" in page
    assert "Strategic Commissioning Manager (Mark Smith)" not in page
