"""`sendkg serve`: every route through Starlette's test client, on the bundled data and on
a dataset of hostile labels (tests/fixtures/web): the pages answer with the same library
functions as the CLI, escape every value, send a Content-Security-Policy, read only the
loaded datasets' documents, and give 404/400 pages (never a traceback) for unknown ids,
bad parameters and hostile paths.
"""

from __future__ import annotations

import io
import logging
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from conftest import TESTS, run_cli, sendkg_script
from sendkg.checks.duplicates_titles import TITLES

WEB = TESTS / "fixtures" / "web"
HOSTILE_MARKUP = ("<script>window.__pwned", "<img src=x", "<svg onload", "<b>bold</b>",
                  "<i>Shire</i>", "</script><script>")


@pytest.fixture(scope="module")
def client(bundled_kg):
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    return TestClient(create_app(Site(bundled_kg)))


@pytest.fixture(scope="module")
def hostile_site():
    from sendkg.graph import load
    from sendkg.web.site import Site

    return Site(load(WEB / "data", cache=False), folders=(WEB / "papers",),
                data=(WEB / "data",))


@pytest.fixture(scope="module")
def hostile(hostile_site):
    from sendkg.web.app import create_app
    from starlette.testclient import TestClient

    return TestClient(create_app(hostile_site))


def soup(response) -> BeautifulSoup:
    assert response.headers["content-type"].startswith("text/html"), response.headers
    return BeautifulSoup(response.text, "html.parser")


def first(kg, type: str):
    return sorted(kg.nodes(type), key=lambda n: n.id)[0]


# ---------------------------------------------------------------- every route answers

PAGES = ["/", "/search?q=short+breaks", "/search?q=", "/search?q=zzqqxx",
         "/governance", "/governance?area=County+Durham", "/boards", "/boards?area=Derby",
         "/plans", "/plans/due", "/plans/due?today=2018-01-01&days=120", "/plans/officers",
         "/checks", "/checks?severity=error", "/checks?area=Derby", "/checks/duplicates",
         "/checks/duplicates?kind=duplicate"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_with_a_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style")[0]
    assert "default-src 'none'" in policy
    page = soup(response)
    assert page.find("script", src="/static/search.js")
    assert not page.find_all("script", src=None), "an inline script in an app page"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                         response.text.replace('href="https://www.legislation.gov.uk', "")), \
        "a page loads something from another host"


@pytest.mark.parametrize("type", ["Plan", "Aim", "Objective", "Deliverable", "Action",
                                  "Outcome", "Indicator", "Board", "Person", "Post",
                                  "Organisation", "Legislation", "Area", "Document"])
def test_entity_pages_ask_the_six_questions(client, bundled_kg, type):
    node = first(bundled_kg, type)
    page = soup(client.get(f"/entity/{node.id}"))
    assert page.h1.get_text() == node.label
    for question in ("owner", "owns", "chain", "drivers", "funders", "impact"):
        assert page.find("section", id=question), f"no {question} section for a {type}"


@pytest.mark.parametrize("question", ["owner", "owns", "drivers", "funders"])
def test_entity_page_answers_as_the_cli_does(client, bundled_kg, question):
    """The page names the entities `answer` (what the CLI calls) names, and only those."""
    from sendkg.queries.questions import QUESTIONS, answer

    types = QUESTIONS[question][1]
    checked = 0
    for node in sorted(bundled_kg.nodes(), key=lambda n: n.id):
        if node.type not in types or checked >= 6:
            continue
        found = answer(bundled_kg, question, node.id, type=node.type)
        assert [n.id for n, _ in found.results] == [node.id]
        result = found.results[0][1]
        named = {(r.item if question == "owns" else r.node).id for r in result}
        section = soup(client.get(f"/entity/{node.id}")).find("section", id=question)
        linked = {a["href"].removeprefix("/entity/") for a in section.select("li > a")
                  if a["href"].startswith("/entity/")}
        assert named <= linked, (node.id, named - linked)
        if not result:
            assert "Nothing recorded" in section.get_text()
        checked += bool(result)
    assert checked >= 6, f"too few entities with a {question} answer to compare"


def test_chain_section_lists_every_hop_and_chair_and_draws_it(client, bundled_kg):
    from sendkg.queries.accountability import reporting_chain

    node = bundled_kg.node("obj:jcp-short-breaks")
    chain = reporting_chain(bundled_kg, node.id)
    section = soup(client.get(f"/entity/{node.id}")).find("section", id="chain")
    linked = {a["href"].removeprefix("/entity/") for a in section.select("#chain-list a")}
    hops = {hop.node.id for path in chain.paths() for hop in path[1:]}
    chairs = {c.node.id for path in chain.paths() for hop in path for c in hop.chairs}
    assert hops and hops <= linked and chairs <= linked
    assert "frequency: quarterly" in section.get_text()
    svg = client.get(f"/entity/{node.id}/chain.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content and "script-src" not in svg.headers["content-security-policy"]


def test_entity_page_says_what_changed_since_written_as_the_cli_does(client, bundled_kg):
    from sendkg.queries.questions import answer

    node_id = "obj:jcp-short-breaks"
    named = set()
    for question in ("owner", "chain", "drivers", "funders", "impact"):
        named |= set(answer(bundled_kg, question, node_id, type="Objective").standings)
    assert named, "the bundled CCGs were abolished: expected successions"
    since = soup(client.get(f"/entity/{node_id}")).find(id="since")
    assert "Since written, as at" in since.get_text()
    listed = {a["href"].removeprefix("/entity/") for a in since.select("li > a:first-child")}
    assert listed == named
    written = soup(client.get(f"/entity/{node_id}?as_at=written")).find(id="since")
    assert "as the documents were written" in written.get_text()
    assert not written.select("li")


def test_questions_not_asked_of_a_type_say_so(client, bundled_kg):
    node = first(bundled_kg, "Objective")
    section = soup(client.get(f"/entity/{node.id}")).find("section", id="owns")
    assert "not asked of an Objective" in section.get_text()


def test_board_page_has_members_and_chair(client, bundled_kg):
    from sendkg.queries.boards import board_directory

    entry = next(e for e in board_directory(bundled_kg) if e.chairs and e.members)
    section = soup(client.get(f"/entity/{entry.board.id}")).find("section", id="board")
    text = section.get_text()
    assert all(c.node.label in text for c in entry.chairs)
    assert all(n.label in text for n, _ in entry.members)


# ---------------------------------------------------------------- search

def test_search_groups_by_type_with_plan_and_area(client, bundled_kg):
    from sendkg.queries.find import find_entities

    page = soup(client.get("/search?q=short+breaks"))
    groups = [h.get_text().split()[0] for h in page.select("section.group h2")]
    expected = list(dict.fromkeys(m.node.type for m in find_entities(bundled_kg,
                                                                       "short breaks", 40)))
    assert groups == expected
    assert "Durham SEND Joint Commissioning Plan 2017-2018" in page.select_one(".where").text


def test_api_search_is_the_find_ranking(client, bundled_kg):
    from sendkg.queries.find import find_entities

    got = client.get("/api/search?q=travel+training").json()
    assert [r["id"] for r in got["results"]] == \
        [m.node.id for m in find_entities(bundled_kg, "travel training", 15)]
    assert {"plan", "area", "type", "label", "url"} <= set(got["results"][0])


def test_go_opens_the_one_entity_named_and_lists_ties(client, bundled_kg):
    from sendkg.queries.find import resolve

    response = client.get("/go?q=obj:jcp-short-breaks", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/entity/obj:jcp-short-breaks"
    text = "Children and Families Act"  # the Act, and an objective named after it
    ties = resolve(bundled_kg, text)
    assert len(ties) > 1
    page = soup(client.get("/go", params={"q": text}))
    listed = [a["href"].removeprefix("/entity/") for a in page.select("#ambiguous a")]
    assert sorted(listed) == sorted(n.id for n in ties)


# ---------------------------------------------------------------- source view

def test_source_view_highlights_the_cited_line_in_context(hostile, hostile_site):
    node = hostile_site.kg.node("act:web-formula")
    response = hostile.get("/source/act:web-formula/0")
    page = soup(response)
    cited = page.find("tr", id="cited")
    assert cited.th.get_text() == str(node.sources[0].line) == "4"
    assert [td.get_text() for td in cited.select("table.cells td")] == \
        ['=HYPERLINK("http://example.invalid","click")', "Ann Smith", "Jan-Mar 26"]
    numbers = [int(tr.th.get_text()) for tr in page.select("#source-lines > tr")]
    assert numbers == [1, 2, 3, 4, 5, 6, 7]
    assert "Hostile paper l.4" in page.get_text()


def test_a_fact_links_to_its_own_source(hostile):
    page = soup(hostile.get("/entity/board:web-img"))
    link = next(a for a in page.select("#chain a") if "/source/fact?" in a["href"])
    fact = soup(hostile.get(link["href"]))
    assert fact.find("tr", id="cited").th.get_text() == "7"
    assert "Steering Group reports quarterly" in fact.find("tr", id="cited").get_text()


def test_without_the_document_the_citation_is_text(client, bundled_kg):
    node = bundled_kg.node("obj:jcp-short-breaks")
    page = soup(client.get("/source/obj:jcp-short-breaks/1"))
    assert page.find("tr", id="cited") is None
    assert f"line {node.sources[1].line}" in page.get_text()
    assert "--sources DIR" in page.select_one(".notice").get_text()


def test_documents_outside_the_loaded_datasets_are_never_read(tmp_path):
    """A dataset naming a file outside its folder ('../secret.txt') is not followed."""
    from sendkg.graph.knowledge_graph import KnowledgeGraph
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    from sendkg.records import Node, Source

    (tmp_path / "secret.txt").write_text("SECRET LINE\n")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "plan.txt").write_text("plan line\n")
    kg = KnowledgeGraph()
    kg.add_node(Node("plan:a", "Plan", "A", sources=(Source("../secret.txt", 1),
                                                      Source("plan.txt", 1))))
    client = TestClient(create_app(Site(kg, folders=(tmp_path / "papers",))))
    assert "SECRET" not in client.get("/source/plan:a/0").text
    assert "plan line" in client.get("/source/plan:a/1").text


HOSTILE_PATHS = ["/entity/../../etc/passwd", "/entity/..%2F..%2Fetc%2Fpasswd",
                 "/entity/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/source/..%2F..%2Fetc%2Fpasswd/0",
                 "/source/act:web-formula/..%2F..%2Fetc%2Fpasswd",
                 "/source/fact?s=../../etc/passwd&p=x&o=y&i=0", "/static/../../etc/passwd",
                 "/static/%2e%2e/%2e%2e/etc/passwd", "/entity/plan:web-hostile%00",
                 "/entity/<script>alert(1)</script>", "/entity/" + "x" * 5000,
                 "/source/act:web-formula/99", "/entity/nope:none", "/nowhere",
                 "/entity/act:web-formula/chain.svg/../../../../etc/passwd"]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_unknown_and_hostile_ids_give_a_404_page(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert "root:" not in response.text and "Traceback" not in response.text
    assert "<script>alert" not in response.text
    assert soup(response).h1.get_text() == "Not found"


BAD_PARAMETERS = ["/plans/due?days=abc", "/plans/due?days=0", "/plans/due?today=yesterday",
                  "/plans?format=pdf", "/boards?format=../../x", "/checks?severity=fatal",
                  "/checks?rule=no-such-rule", "/checks/duplicates?kind=bad",
                  "/search?q=" + "a" * 300, "/api/search?q=%00", "/source/act:web-formula/x1",
                  "/source/act:web-formula/-1", "/governance?area=Nowhere",
                  "/plans?plan=act:web-formula", "/governance/diagram?focus=zzqqxxzz",
                  "/entity/act:web-formula?as_at=someday"]


@pytest.mark.parametrize("path", BAD_PARAMETERS)
def test_bad_parameters_give_a_400_page(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 400, (path, response.status_code, response.text[:200])
    assert "Traceback" not in response.text
    assert soup(response).select_one("p.message").get_text().strip()


def test_an_unexpected_failure_is_a_500_page_without_a_traceback(hostile_site, monkeypatch):
    from sendkg.web.app import create_app
    from starlette.testclient import TestClient

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    client = TestClient(create_app(hostile_site), raise_server_exceptions=False)
    monkeypatch.setattr(hostile_site, "kept", broken)
    logging.disable(logging.CRITICAL)
    try:
        response = client.get("/checks")
    finally:
        logging.disable(logging.NOTSET)
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_app_is_read_only(hostile, method):
    response = getattr(hostile, method)("/entity/plan:web-hostile")
    assert response.status_code == 405
    assert soup(response).h1.get_text() == "Not allowed: this app only reads"


# ---------------------------------------------------------------- hostile labels

HOSTILE_PAGES = ["/", "/search?q=board", "/search?q=%3Cscript%3E", "/api/search?q=script",
                 "/entity/board:web-script", "/entity/board:web-img", "/entity/obj:web-hostile",
                 "/entity/person:web-hostile", "/entity/org:web-hostile",
                 "/entity/leg:web-hostile", "/entity/plan:web-hostile",
                 "/entity/act:web-formula", "/source/board:web-script/0",
                 "/source/org:web-hostile/0", "/source/leg:web-hostile/0", "/governance",
                 "/boards", "/plans", "/plans/due?today=2026-01-15", "/plans/officers",
                 "/checks", "/checks/duplicates", "/entity/board:web-img/chain.svg"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_labels_are_text_everywhere(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 200, response.text[:300]
    for raw in HOSTILE_MARKUP:
        assert raw not in response.text, (path, raw)


def test_hostile_labels_read_back_as_written(hostile, hostile_site):
    for node_id in ("board:web-script", "obj:web-hostile", "org:web-hostile"):
        page = soup(hostile.get(f"/entity/{node_id}"))
        assert page.h1.get_text() == hostile_site.kg.node(node_id).label


def test_the_diagram_runs_only_its_own_scripts(hostile):
    import base64
    import hashlib

    response = hostile.get("/governance/diagram?focus=board:web-script")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    scripts = re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", response.text, re.DOTALL)
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    assert allowed == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
                       for s in scripts}
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert "connect-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert '"href": "/source/board:web-script/0"' in response.text
    assert hostile.get("/source/board:web-script/0").status_code == 200
    for raw in ("<script>window.__pwned", "<img src=x", "<svg onload"):
        assert raw not in response.text


# ---------------------------------------------------------------- downloads

LISTS = ["/search?q=board", "/boards", "/plans", "/plans/due?today=2026-01-15",
         "/plans/officers", "/checks"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_downloads_as_csv_and_excel(hostile, path):
    import csv

    from openpyxl import load_workbook

    joiner = "&" if "?" in path else "?"
    page = soup(hostile.get(path))
    links = {a.get_text(): a["href"] for a in page.select(".downloads a")}
    assert set(links) == {"CSV", "Excel"}
    as_csv = hostile.get(path + joiner + "format=csv")
    assert as_csv.headers["content-disposition"].endswith('.csv"')
    assert as_csv.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    as_xlsx = hostile.get(path + joiner + "format=xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    cells = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert len(rows) >= 2 and len(cells) == len(rows)
    for csv_row, xlsx_row in zip(rows, cells):
        # the CSV defuses formulas with an apostrophe; Excel cells are typed as text
        assert [c[1:] if c[:1] == "'" and len(c) > 1 else c for c in csv_row] == xlsx_row
        assert not any(c[:1] == "=" for c in csv_row), csv_row
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert cell.data_type == "s", (path, cell.value)


def test_duplicate_clusters_download(client):
    page = soup(client.get("/checks/duplicates"))
    assert {a.get_text() for a in page.select(".downloads a")} == {"CSV", "Excel"}
    clusters = page.select("ol.clusters > li")
    rows = client.get("/checks/duplicates?format=csv").text.strip().splitlines()
    assert len(clusters) >= 5 and len(rows) >= len(clusters) + 1
    for cluster in clusters[:5]:
        assert all(a["href"].startswith("/entity/") for a in cluster.select("ul li > a"))
        assert all(a["href"].startswith("/source/") for a in cluster.select("ul .cite a"))
    # Each scored finding says its band; the page says how far each band held.
    import csv

    download = client.get("/checks/duplicates?format=csv").content.decode("utf-8-sig")
    records = list(csv.DictReader(download.splitlines()))
    banded = [r for r in records if r["confidence"]]
    assert banded and {r["confidence"] for r in banded} <= {"likely", "possible"}
    assert all(r["kind"] in ("duplicate", "different-owners", "similar-areas")
               for r in banded)
    bands = [b.get_text() for cluster in clusters for b in cluster.select(".qual b")]
    assert set(bands) <= {"likely", "possible"} and bands
    assert any("How far to trust a score" in p.get_text() for p in page.select("p.summary"))


def test_a_formula_label_stays_text_in_excel(hostile):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(hostile.get("/plans?format=xlsx").content)).active
    actions = [row[2] for row in sheet.iter_rows(min_row=2)]
    formula = next(c for c in actions if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_due_lists_actions_due_within_the_days(hostile):
    page = soup(hostile.get("/plans/due?today=2026-01-15&days=90"))
    assert [a.get_text() for a in page.select("table.actions td a")] == \
        ['=HYPERLINK("http://example.invalid","click")']
    assert not soup(hostile.get("/plans/due?today=2026-05-01")).select("table.actions")


def test_by_officer_lists_each_officers_actions(hostile):
    page = soup(hostile.get("/plans/officers"))
    heading = page.select_one("section.officer h2").get_text()
    assert "Ann" in heading and "Smith" in heading
    assert len(page.select("section.officer table.actions tbody tr")) == 2


# ---------------------------------------------------------------- the command

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sendkg_serve_starts_warns_off_localhost_and_serves(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [str(sendkg_script()), "serve", "--data", str(WEB / "data"), "--sources",
         str(WEB / "papers"), "--host", "127.0.0.2", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(f"http://127.0.0.2:{port}/source/act:web-plain/0", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "sendkg serve never answered"
                time.sleep(0.2)
        assert "Travel training for young people" in body and 'id="cited"' in body
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert "warning: listening on 127.0.0.2" in " ".join(err.split())
    assert f"open http://127.0.0.2:{port}/" in out


def test_sendkg_serve_refuses_a_missing_sources_folder(cli, tmp_path):
    result = cli("serve", "--sources", tmp_path / "nowhere", "--port", str(_free_port()))
    assert result.code == 2
    assert result.err.strip() == f"error: --sources {tmp_path / 'nowhere'}: no such folder"


def test_the_package_ships_its_templates_and_script():
    import sendkg.web

    folder = Path(sendkg.web.__file__).parent
    assert (folder / "templates" / "entity.html").is_file()
    assert (folder / "static" / "search.js").is_file()


def _diagram_meta(response) -> dict:
    import json

    found = re.search(r'<script id="sendkg-meta" type="application/json">(.*?)</script>',
                      response.text, re.DOTALL)
    return json.loads(found.group(1))


def test_a_board_page_opens_the_diagram_focused_on_it(client, bundled_kg):
    board = bundled_kg.node("board:health-and-wellbeing-board")
    page = soup(client.get(f"/entity/{board.id}"))
    link = page.find("a", string="See it in the governance diagram")["href"]
    governance = soup(client.get(link))
    assert governance.find("option", selected=True)["value"] == board.id
    focused = client.get(governance.find("iframe", id="diagram")["src"])
    whole = client.get("/governance/diagram")
    assert board.label in focused.text
    assert 1 < _diagram_meta(focused)["nodes"] < _diagram_meta(whole)["nodes"]


def test_the_area_filter_narrows_the_diagram(client):
    whole = _diagram_meta(client.get("/governance/diagram"))["nodes"]
    derby = client.get("/governance/diagram?area=Derby")
    assert 0 < _diagram_meta(derby)["nodes"] < whole
    assert "County Durham Health and Wellbeing Board" not in derby.text


def test_successor_body_page_opens(client):
    """Entity pages link "open NHS North East and North Cumbria ICB"; the page exists."""
    page = client.get("/entity/org:nhs-north-east-and-north-cumbria-icb")
    assert page.status_code == 200
    assert "NHS North East and North Cumbria ICB" in page.text


def test_checks_plan_filter_reads_short_names(client):
    """/checks?plan= names a plan as the CLI does; a plan naming nothing is a 400."""
    short = client.get("/checks", params={"plan": "SEND JCP", "format": "csv"})
    full = client.get("/checks", params={"plan": "plan:durham-send-jcp-2017-18",
                                         "format": "csv"})
    assert short.status_code == full.status_code == 200
    assert short.text == full.text and short.text.count("\n") > 1
    bad = client.get("/checks", params={"plan": "nonsense"})
    assert bad.status_code == 400 and "names no plan" in bad.text


def test_checks_plan_filter_reads_a_fragment_as_lint_plan_does(client, bundled_kg):
    """/checks?plan= reads a fragment through filters.plans_named, as `sendkg lint
    --plan` does: one line says which plans it was read as, and the findings are those
    plans' only; a fragment naming more than MOST_PLANS plans is the page with its form
    and the library's one-line message (400)."""
    from sendkg.checks.filters import FilterTooWide, plans_named

    named = plans_named(bundled_kg, "Commissioning", "--plan")
    assert 1 < len(named)
    page = soup(client.get("/checks", params={"plan": "Commissioning"}))
    [line] = page.select("p.read-as")
    assert line.get_text() == ("Plan 'Commissioning' read as: "
                               + "; ".join(p.label for p in named) + f" ({len(named)} plans)")
    headings = {h.contents[0].strip() for h in page.select("section.findings h2")}
    assert headings and headings <= {f"{p.label} ({p.id})" for p in named}
    with pytest.raises(FilterTooWide) as refused:
        plans_named(bundled_kg, "Durham", "Plan")
    wide = client.get("/checks", params={"plan": "Durham"})
    assert wide.status_code == 400
    page = soup(wide)
    [message] = page.select("p.message")
    assert message.get_text() == str(refused.value)
    assert page.select_one("form.filters input[name=plan]")["value"] == "Durham"
    assert not page.select("section.findings, p.read-as")


def test_checks_page_lists_errors_first(client):
    """The Checks page opens on the plans with the worst findings, not A-Z. (The bundled
    data's only errors, the Derby Plan's, are set aside as a plan mentioned in passing;
    its warnings come first.)"""
    page = soup(client.get("/checks"))
    order = ["error", "warning", "info"]
    levels = [s.select(".sev")[0].get_text() for s in page.select("section.findings")]
    assert levels[0] == min(levels, key=order.index) == "warning"
    assert "info" in levels


def test_sendkg_serve_on_a_port_in_use_says_so_in_one_line(cli):
    """No "open http://…" line pointing at another program's server: one line, exit 2."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip() == (f"error: port {port} on 127.0.0.1 is in use by another "
                                  f"program; try --port {port + 1}")


def test_a_long_duplicates_list_is_cut_on_the_page_but_whole_in_the_downloads(client,
                                                                              monkeypatch):
    """At 150 councils there are 386,000 findings: the page shows the best few (each
    with a few members), the downloads every one."""
    from sendkg.web import routes_checks

    monkeypatch.setattr(routes_checks, "PAGE_FINDINGS", 5)
    monkeypatch.setattr(routes_checks, "PAGE_MEMBERS", 2)
    page = soup(client.get("/checks/duplicates"))
    clusters = page.select("ol.clusters > li")
    rows = client.get("/checks/duplicates?format=csv").content.decode("utf-8-sig")
    assert len(clusters) == 5 and len(rows.strip().splitlines()) > 6
    assert "The best 5 of" in page.get_text()
    for cluster in clusters:
        assert len(cluster.select("ul li span.type")) <= 2  # members, not the receiver
    assert any("more (in the downloads)" in c.get_text() for c in clusters)


# ---------------------------------------------------------------- checks pages (tryout5)

def test_checks_summary_sentences_are_apart_and_labels_said_once(client):
    """"judged on 2026-11-30.29 more" read as a number; "X: action 'X' has no time
    scale" said each label twice. The label is now linked where the message names it."""
    page = soup(client.get("/checks"))
    text = re.sub(r"\s+", " ", page.main.get_text())
    assert re.search(r"judged on \d{4}-\d\d-\d\d\. \d+ more are on plans", text), text[:400]
    said = page.select("section.findings li .said")
    assert len(said) > 100
    for sentence in said:
        subject = sentence.find("a")
        if subject is not None:
            assert sentence.get_text().count(subject.get_text()) == 1, sentence.get_text()
    timescale = [s for s in said if "has no time scale" in s.get_text()]
    assert timescale and all(s.find("a", href=re.compile("^/entity/")) for s in timescale)


CHECKS_BAD_FILTERS = [
    ("/checks", {"plan": "nosuchplan"}, "names no plan"),
    ("/checks", {"area": "Nowhereshire"}, "names no area"),
    ("/checks/duplicates", {"area": "Nowhereshire"}, "names no area"),
    ("/checks/duplicates", {"between": ["plan:durham-send-jcp-2017-18", "zzqqxx"]},
     "names no plan"),
    ("/checks/duplicates", {"between": ["Ofsted", ""]}, "two plans"),
    ("/checks/duplicates", {"min_score": "2"}, "from 0 to 1"),
    ("/checks/duplicates", {"min_score": "nan"}, "from 0 to 1"),
    ("/checks/duplicates", {"limit": "abc"}, "whole number"),
    ("/checks/duplicates", {"limit": "-1"}, "whole number"),
    ("/checks/duplicates", {"kind": "bad"}, "must be one of"),
]


@pytest.mark.parametrize("path, params, says", CHECKS_BAD_FILTERS)
def test_a_wrong_filter_gives_the_form_back_with_one_message(client, path, params, says):
    """Not a bare "Bad request": the page, its form holding what was typed, one message."""
    response = client.get(path, params=params)
    assert response.status_code == 400
    page = soup(response)
    messages = page.select("p.message")
    assert len(messages) == 1 and says in messages[0].get_text()
    form = page.select_one(f"form.filters[action='{path}']")
    typed = {i["name"]: i.get("value", "") for i in form.select("input")
             if i.get("value")}
    for name, value in params.items():
        if name != "kind" and value not in ("", [""]):
            wanted = value if isinstance(value, str) else next(v for v in value if v)
            assert wanted in [i.get("value") for i in form.select(f"input[name={name}]")], typed
    assert not page.select("ol.clusters, section.findings")


def test_a_wrong_filter_echoes_hostile_text_as_text(client):
    response = client.get("/checks/duplicates", params={"area": "<script>window.__pwned"})
    assert response.status_code == 400 and "<script>window.__pwned" not in response.text


DUPLICATE_FILTERS = [
    ({"area": "Derby"}, ["--area", "Derby"]),
    ({"between": ["SEND JCP", "Ofsted"]}, ["--between", "SEND JCP", "Ofsted"]),
    ({"min_score": "0.7"}, ["--min-score", "0.7"]),
    ({"min_score": "0.4", "area": "Durham", "limit": "3"},
     ["--min-score", "0.4", "--area", "Durham", "--limit", "3"]),
]


@pytest.mark.parametrize("params, options", DUPLICATE_FILTERS)
def test_duplicates_page_filters_as_the_command_does(client, cli, params, options):
    """The page and the command line never disagree: the same findings, the same counts."""
    import csv
    import json

    result = cli("duplicates", "--json", *options)
    assert result.code == 0, result.err
    answer = json.loads(result.out)
    download = client.get("/checks/duplicates", params={**params, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["kind"], r["ids"].split("; ")[:2]) for r in rows] == [
        (r["kind"], [r["first"]["id"], r["second"]["id"]]) for r in answer["results"]]
    page = soup(client.get("/checks/duplicates", params=params))
    counts = {a.get_text() for a in page.select("p.summary a")} - {"all kinds"}
    assert counts == {f"{TITLES[k]} ({n})" for k, n in answer["totals"].items() if n}
    # the kind filter narrows the narrowed list, keeping every other filter
    kind = next(r["kind"] for r in answer["results"]) if answer["results"] else None
    if kind:
        link = page.find("a", string=f"{TITLES[kind]} ({answer['totals'][kind]})")["href"]
        narrowed = soup(client.get(link))
        shown = narrowed.select("ol.clusters > li")
        assert len(shown) == sum(r["kind"] == kind for r in answer["results"])
        assert [h.contents[0].strip() for h in narrowed.select("section.findings h2")] == [
            TITLES[kind]]


def test_duplicate_sides_link_their_own_sources(client, bundled_kg):
    """Each item of a finding links its own cited lines to the source view, as /checks
    and the entity page do, so an officer sees which line backs which item."""
    page = soup(client.get("/checks/duplicates"))
    sides = page.select("ol.clusters > li > ul > li")
    cited = [li for li in sides if li.select("a[href^='/source/']")]
    assert len(cited) >= 0.9 * len([li for li in sides if li.select("span.type")])
    for li in cited[:20]:
        node = bundled_kg.node(li.select_one("a[href^='/entity/']")["href"][len("/entity/"):])
        links = li.select("a[href^='/source/']:not([href^='/source/fact'])")
        assert [a["href"] for a in links] == [f"/source/{node.id}/{k}"
                                              for k in range(len(links))]
    source = client.get(cited[0].select_one("a[href^='/source/']")["href"])
    assert source.status_code == 200


def test_duplicate_downloads_carry_why_areas_and_leads(client):
    """An officer passing the spreadsheet on keeps the reason, the areas and who leads
    each side; the CSV keeps its byte-order mark, the Excel file has the same columns."""
    import csv

    from openpyxl import load_workbook
    from sendkg.checks.duplicates import duplicates

    as_csv = client.get("/checks/duplicates?format=csv")
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    found = duplicates(client.app.state.site.kg)
    assert len(rows) == len(found)
    for row, f in zip(rows, found):
        assert row["why"] == f.explanation["why"] and row["why"]
        assert row["confidence"] == (f.confidence or "")
        for side in f.sides:
            if side.owned_by:  # as the command shows them, sides apart by " | "
                assert f"{side.node.label}: {' · '.join(side.owned_by)}" \
                    in row["leads"].split(" | ")
            if side.council:
                assert side.council.label in row["areas"].split("; ")
    assert any(r["leads"] for r in rows) and any(r["areas"] for r in rows)
    book = load_workbook(io.BytesIO(client.get("/checks/duplicates?format=xlsx").content))
    header = [c.value for c in next(book.active.iter_rows())]
    assert header == list(rows[0])


def test_a_repeated_report_links_each_senders_reporting_line():
    """"Both send the committee alike reports" rests on two reporting lines: each links
    its own cited line (the relation's source view), not only the sender's. (The bundled
    papers have no true repeated report left: each was one agenda item; the hand-built
    governance graph of test_duplicates.py has one.)"""
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient
    from test_duplicates import GOVERNANCE

    client = TestClient(create_app(Site(GOVERNANCE)))
    page = soup(client.get("/checks/duplicates", params={"kind": "repeated-report"}))
    findings = page.select("ol.clusters > li")
    assert findings
    for finding in findings:
        senders = [li for li in finding.select("ul > li") if li.select_one("span.type")]
        assert len(senders) == 2
        for li in senders:
            facts = li.select("a[href^='/source/fact?']")
            assert facts, li.get_text()
            assert client.get(facts[0]["href"]).status_code == 200


def test_a_limit_on_the_duplicates_page_says_how_many_are_shown_and_what_is_left_out(
        client):
    # As `sendkg duplicates --limit 3` says it: "3 of N shown" and the kinds with no room.
    import json

    from sendkg.checks.duplicates_titles import TITLES

    page = soup(client.get("/checks/duplicates", params={"limit": "3"}))
    text = " ".join(p.get_text(" ", strip=True) for p in page.select("p.summary"))
    totals = json.loads(run_cli("duplicates", "--json").out)["totals"]
    assert f"3 of {sum(totals.values())} findings shown (limit 3" in text
    assert "none shown of:" in text and TITLES["overlapping-boards"] in text
    assert len(page.select("ol.clusters > li")) == 3
