"""Interactive pages: self-contained, safe, and drawn by a real headless Chromium.

The browser runs with the network cut three ways (DevTools "offline" emulation, a
proxy on a closed loopback port, and the page's own Content-Security-Policy), a fresh
profile and no background services. Each page must draw the expected number of nodes
(read from vis-network in the page), log no JavaScript error, load nothing, and never
run a script smuggled into a label, even while its tooltip, details and search
results are shown.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
from conftest import SMALL, TESTS, require

from sendkg.graph import load
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.records import Edge, Node
from sendkg.render import MAX_HTML_NODES, TooLargeForPage, build_view, render
from sendkg.render.html import render_html

HOSTILE = TESTS / "fixtures" / "render"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--no-first-run",
                  "--disable-component-update", "--disable-sync", "--disable-extensions",
                  "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                  "--window-size=1400,900"]
COLLECT_ERRORS = """
window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); }, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__errors.push(String(e.reason)); });
document.addEventListener('securitypolicyviolation', function (e) {
  window.__errors.push('CSP blocked ' + e.blockedURI); });
"""


# ---------------------------------------------------------------- without a browser

def test_page_is_self_contained(small_kg, tmp_path):
    path = tmp_path / "g.html"
    render(small_kg, path, "governance")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "cdn." not in page and "jsdelivr" not in page and "cdnjs" not in page
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert "vis.Network" in page and "<style>" in page  # vis-network is inlined


def test_hostile_text_never_appears_as_markup_in_the_file(tmp_path):
    path = tmp_path / "h.html"
    render(load(HOSTILE, cache=False), path, "governance")
    page = path.read_text(encoding="utf-8")
    for raw in ("<script>window.__pwned", "<img src=x", "<svg onload", "<b>quarterly"):
        assert raw not in page


def _chain_of_boards(count: int) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for i in range(count):
        kg.add_node(Node(f"board:b{i}", "Board", f"Board {i}"))
    for i in range(1, count):
        kg.add_edge(Edge(f"board:b{i}", "reportsTo", f"board:b{(i - 1) // 6}"))
    return kg


def test_too_many_nodes_are_refused_with_advice(tmp_path):
    view = build_view(_chain_of_boards(MAX_HTML_NODES + 1), "governance")
    with pytest.raises(TooLargeForPage) as refused:
        render_html(view)
    assert str(refused.value) == (
        "1,501 entities are too many for an interactive page (the limit is 1,500): narrow "
        "it with --focus TEXT and/or --depth N, or write .svg or .pdf instead")


def test_cli_refuses_a_page_too_large_in_one_line(cli, tmp_path):
    import yaml

    count = MAX_HTML_NODES + 1
    document = {
        "document": {"id": "doc:big", "file": "big.txt", "title": "Big", "line": 1},
        "entities": [{"id": f"board:b{i}", "type": "Board", "label": f"Board {i}", "line": i + 1}
                     for i in range(count)],
        "relations": [{"s": f"board:b{i}", "p": "subGroupOf", "o": f"board:b{(i - 1) // 6}",
                       "line": i + 1} for i in range(1, count)]}
    (tmp_path / "data" / "documents").mkdir(parents=True)
    (tmp_path / "data" / "documents" / "big.yaml").write_text(yaml.safe_dump(document))
    result = cli("render", "-o", tmp_path / "big.html", "--data", tmp_path / "data")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "error: 1,501 entities are too many for an interactive page (the limit is 1,500): "
        "narrow it with --focus TEXT and/or --depth N, or write .svg or .pdf instead"]
    assert not (tmp_path / "big.html").exists()
    result = cli("render", "-o", tmp_path / "top.html", "--data", tmp_path / "data",
                 "--depth", "2")
    assert result.code == 0, result.err
    assert "(43 entities, 42 links)" in result.out


# ---------------------------------------------------------------- in Chromium

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} "
                                      "(apt-get install chromium)")
    require(os.path.exists(CHROMEDRIVER), f"chromedriver not found at {CHROMEDRIVER} "
                                          "(apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "selenium is not installed (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_network_conditions(offline=True, latency=0, download_throughput=0,
                                  upload_throughput=0)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT_ERRORS})
    yield driver
    driver.quit()


def open_page(browser, path) -> dict:
    """Load a page, wait until drawn; return what it drew and every error it logged."""
    browser.get_log("browser")  # drop anything from a previous page
    browser.get(path.resolve().as_uri())
    deadline = time.monotonic() + 60
    while not browser.execute_script("return window.sendkgReady === true"):
        assert time.monotonic() < deadline, "the page never finished drawing"
        time.sleep(0.05)
    drawn = browser.execute_script("""return {
        drawn: network.body.nodeIndices.length,
        placed: Object.keys(network.getPositions()).length,
        links: network.body.edgeIndices.length,
        count: document.getElementById('sk-count').textContent};""")
    return {**drawn, **page_state(browser)}


def page_state(browser) -> dict:
    """Errors caught in the page and logged by the browser, resources fetched, injections."""
    state = browser.execute_script("""return {errors: window.__errors, resources:
        performance.getEntriesByType('resource').map(function (r) { return r.name; }),
        pwned: window.__pwned === undefined ? null : window.__pwned};""")
    state["log"] = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    return state


def assert_clean(state) -> None:
    assert state["errors"] == [] and state["log"] == [], (state["errors"], state["log"])
    assert state["resources"] == []
    assert state["pwned"] is None


def hover_every_node(browser) -> list[str]:
    """Move the real mouse over each node in turn; return the tooltip texts shown."""
    from selenium.webdriver.common.action_chains import ActionChains

    shown = []
    ids = browser.execute_script("return network.body.nodeIndices.slice()")
    for node_id in ids:
        x, y = browser.execute_script("""
            var id = arguments[0];
            network.moveTo({position: network.getPositions([id])[id], scale: 1});
            var box = document.getElementById('mynetwork').getBoundingClientRect();
            var at = network.canvasToDOM(network.getPositions([id])[id]);
            return [Math.round(at.x + box.left), Math.round(at.y + box.top)];""", node_id)
        actions = ActionChains(browser)
        actions.w3c_actions.pointer_action.move_to_location(x, y)
        actions.perform()
        deadline = time.monotonic() + 3
        text = ""
        while time.monotonic() < deadline and not text:
            text = browser.execute_script("""
                var tip = document.querySelector('div.vis-tooltip');
                return tip && tip.style.visibility !== 'hidden' ? tip.textContent : '';""")
            time.sleep(0.05)
        shown.append(text)
        browser.execute_script("network.selectNodes([arguments[0]]);"
                               "network.body.emitter.emit('click', {nodes: [arguments[0]], "
                               "edges: []});", node_id)
    return shown


def test_small_page_draws_every_node_offline(browser, small_kg, tmp_path):
    path = tmp_path / "g.html"
    view = render(small_kg, path, "governance")
    state = open_page(browser, path)
    assert_clean(state)
    assert state["drawn"] == state["placed"] == len(view.nodes) == 3
    assert state["links"] == 2
    assert state["count"] == "3 entities, 2 links"


def test_search_box_and_type_filters(browser, small_kg, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    path = tmp_path / "a.html"
    render(small_kg, path, "accountability", "act:ex-travel-2")
    open_page(browser, path)
    search = browser.find_element(By.ID, "sk-search")
    search.send_keys("wellbeing")
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#sk-results li")] == [
        "Health and Wellbeing Board Board"]
    search.send_keys(Keys.ENTER)
    assert browser.execute_script("return network.getSelectedNodes()") == ["board:hwb"]
    assert browser.find_element(By.ID, "sk-details").text.startswith(
        "Health and Wellbeing Board\ntype\nBoard")
    browser.find_element(By.CSS_SELECTOR, "#sk-types input[value=Board]").click()
    state = browser.execute_script("return [network.body.nodeIndices.length, "
                                   "document.getElementById('sk-count').textContent]")
    assert state == [5, "5 of 8 entities shown, 7 links"]


@pytest.mark.parametrize("view, focus", [("governance", None), ("plan", None),
                                         ("legislation", None), ("accountability", "act:hostile")])
def test_injected_labels_do_not_execute(browser, tmp_path, view, focus):
    from selenium.webdriver.common.by import By

    path = tmp_path / f"{view}.html"
    drawn = render(load(HOSTILE, cache=False), path, view, focus)
    state = open_page(browser, path)
    assert state["drawn"] == len(drawn.nodes)
    tips = hover_every_node(browser)
    assert all(tips), f"a tooltip did not show: {tips}"
    search = browser.find_element(By.ID, "sk-search")
    for text in ("script", "img", "svg", "act"):
        search.clear()
        search.send_keys(text)
    assert_clean(page_state(browser))
    assert browser.execute_script(
        "return document.querySelectorAll('#sk-panel img, #sk-panel svg, #sk-panel script, "
        ".vis-tooltip img, .vis-tooltip svg, .vis-tooltip script').length") == 0
    everything = " ".join(tips) + browser.find_element(By.ID, "sk-panel").text
    for node in drawn.nodes:
        assert node.label in everything  # the full label, shown as text


def test_hostile_tooltip_shows_the_markup_as_text(browser, tmp_path):
    path = tmp_path / "g.html"
    render(load(HOSTILE, cache=False), path, "governance")
    open_page(browser, path)
    tips = hover_every_node(browser)
    assert any(t.startswith("<script>window.__pwned = 'script'</script> Scrutiny Board")
               for t in tips), tips
    assert any("chairAnn <svg onload=\"window.__pwned = 'svg'\">" in t for t in tips), tips


def test_a_page_at_the_limit_opens(browser, tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(render_html(build_view(_chain_of_boards(MAX_HTML_NODES), "governance")))
    state = open_page(browser, path)
    assert_clean(state)
    assert state["drawn"] == MAX_HTML_NODES


# ---------------------------------------------------------------- the bundled data

BUNDLED_VIEWS = [("governance", None), ("governance", "County Durham"), ("plan", None),
                 ("legislation", None),
                 ("accountability", "Durham SEND Joint Commissioning Plan 2017-2018")]


@pytest.mark.parametrize("view, focus", BUNDLED_VIEWS)
def test_bundled_views_draw_in_chromium(browser, bundled_kg, tmp_path, view, focus):
    path = tmp_path / f"{view}.html"
    drawn = render(bundled_kg, path, view, focus)
    state = open_page(browser, path)
    assert_clean(state)
    assert state["drawn"] == state["placed"] == len(drawn.nodes) > 0
    assert state["links"] == len(drawn.edges)


def test_cli_writes_the_page(cli, tmp_path):
    result = cli("render", "--view", "governance", "-o", tmp_path / "g.html", "--data", SMALL,
                 "--json")
    assert result.code == 0, result.err
    assert '"nodes": 3' in result.out and '"format": "html"' in result.out
    assert (tmp_path / "g.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------- opening view, citations

def opening_view(browser) -> dict:
    """Where the page opened: panel and canvas edges, zoom, and the focus box on screen."""
    return browser.execute_script("""
        var panel = document.getElementById('sk-panel').getBoundingClientRect();
        var frame = document.getElementById('mynetwork').getBoundingClientRect();
        var focus = nodes.get({filter: function (n) { return n.borderWidth > 3; }});
        var boxes = focus.map(function (n) {
          var b = network.getBoundingBox(n.id);
          var a = network.canvasToDOM({x: b.left, y: b.top});
          var z = network.canvasToDOM({x: b.right, y: b.bottom});
          return {left: a.x + frame.left, top: a.y + frame.top,
                  right: z.x + frame.left, bottom: z.y + frame.top}; });
        return {panelRight: panel.right, frame: {left: frame.left, right: frame.right,
                top: frame.top, bottom: frame.bottom}, scale: network.getScale(),
                focus: boxes, hint: document.getElementById('sk-hint').textContent};""")


def test_page_opens_on_the_focus_at_reading_size_beside_the_panel(browser, bundled_kg,
                                                                   tmp_path):
    """It opened zoomed out to 0.72 (labels at 10 px); the canvas starts after the panel."""
    from sendkg.render.html import READABLE_SCALE

    path = tmp_path / "cfp.html"
    render(bundled_kg, path, "governance", "Children and Families Partnership")
    assert_clean(open_page(browser, path))
    seen = opening_view(browser)
    browser.save_screenshot(str(tmp_path / "cfp.png"))
    frame = seen["frame"]
    assert seen["panelRight"] <= frame["left"] + 1  # nothing drawn under the panel
    assert seen["scale"] >= READABLE_SCALE and 14 * seen["scale"] >= 12
    [box] = seen["focus"]
    assert frame["left"] < box["left"] and box["right"] < frame["right"]
    assert frame["top"] < box["top"] and box["bottom"] < frame["bottom"]
    middle = ((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)
    assert abs(middle[0] - (frame["left"] + frame["right"]) / 2) < 5
    assert abs(middle[1] - (frame["top"] + frame["bottom"]) / 2) < 5


def test_an_overview_too_large_to_read_opens_at_reading_size(browser, bundled_kg, tmp_path):
    """The governance overview opened at 0.23: every label below 4 px."""
    from sendkg.render.html import READABLE_SCALE

    path = tmp_path / "gov.html"
    render(bundled_kg, path, "governance")
    assert_clean(open_page(browser, path))
    seen = opening_view(browser)
    assert seen["scale"] >= READABLE_SCALE and seen["focus"] == []
    assert "fits the whole diagram" in seen["hint"]
    browser.execute_script("network.fit({animation: false})")  # the fit button still works
    assert browser.execute_script("return network.getScale()") < READABLE_SCALE


def _details_of(browser, node_id: str):
    from selenium.webdriver.common.by import By

    browser.execute_script("network.selectNodes([arguments[0]]);"
                           "network.body.emitter.emit('click', {nodes: [arguments[0]], "
                           "edges: []});", node_id)
    return browser.find_element(By.ID, "sk-details")


def test_citations_link_to_the_web_apps_source_view_when_served(browser, bundled_kg,
                                                                tmp_path):
    from selenium.webdriver.common.by import By

    view = build_view(bundled_kg, "governance", "Children and Families Partnership")
    node = next(n for n in view.nodes if n.focus)
    assert len(node.sources) > 8  # more than the tooltip lists
    served = tmp_path / "served.html"
    served.write_bytes(render_html(view, citation_url="/source/{entity}/{index}"))
    assert_clean(open_page(browser, served))
    links = _details_of(browser, node.id).find_elements(By.TAG_NAME, "a")
    assert [a.text for a in links] == list(node.sources)
    assert [a.get_attribute("href").split("/source/", 1)[1] for a in links] == [
        f"{node.id}/{i}" for i in range(len(node.sources))]
    plain = tmp_path / "plain.html"
    plain.write_bytes(render_html(view))
    assert_clean(open_page(browser, plain))
    details = _details_of(browser, node.id)
    assert details.find_elements(By.TAG_NAME, "a") == []
    assert node.sources[0] in details.text


@pytest.mark.parametrize("template", ["https://elsewhere.example/{entity}/{index}",
                                      "//elsewhere/{entity}/{index}", "/source/{entity}",
                                      "/source/{entity}/{index}/{other}", "/source/{"])
def test_a_citation_url_off_the_site_or_without_its_fields_is_refused(small_kg, template):
    from sendkg.render import RenderError

    with pytest.raises(RenderError, match="same site"):
        render_html(build_view(small_kg, "governance"), citation_url=template)
