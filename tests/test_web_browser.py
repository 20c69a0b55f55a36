"""`sendkg serve` in a real headless Chromium (selenium, the system chromium and
chromedriver, as tests/test_render_html.py runs them), with every host but 127.0.0.1 cut
off: an officer's journey search → entity page → chain → source view → governance
diagram → boards → back, with no JavaScript error and no request leaving 127.0.0.1;
hostile labels show as text and never run. The journey's entity page is saved as
docs/serve.png, the README's picture.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import TESTS, require
from test_render_html import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, COLLECT_ERRORS

WEB = TESTS / "fixtures" / "web"
SCREENSHOT = TESTS.parent / "docs" / "serve.png"
# Loopback goes direct (Chromium's default); any other host meets a dead proxy.
FLAGS = [f for f in CHROMIUM_FLAGS if not f.startswith(("--proxy-bypass-list",
                                                          "--window-size"))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving a site's app on 127.0.0.1 in a thread, until stopped."""

    def __init__(self, site):
        import uvicorn
        from sendkg.web.app import create_app

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(site), host="127.0.0.1",
                                                    port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn never started"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    require(os.path.exists(CHROMEDRIVER), f"chromedriver not found at {CHROMEDRIVER}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT_ERRORS})
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def bundled_server(bundled_kg, seeds):
    from sendkg.web.site import Site

    with Server(Site(bundled_kg, folders=(seeds,))) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_server():
    from sendkg.graph import load
    from sendkg.web.site import Site

    site = Site(load(WEB / "data", cache=False), folders=(WEB / "papers",),
                data=(WEB / "data",))
    with Server(site) as server:
        yield server


def wait_for(browser, script: str, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        value = browser.execute_script(script)
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def page_state(browser, base: str) -> dict:
    """Errors caught in the page, SEVERE browser log lines, resources fetched elsewhere
    than the app, and whether an injected script ran."""
    state = browser.execute_script("""return {errors: window.__errors || [],
        resources: performance.getEntriesByType('resource').map(function (r) {
            return r.name; }),
        pwned: window.__pwned === undefined ? null : window.__pwned};""")
    state["log"] = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    state["elsewhere"] = [r for r in state.pop("resources")
                          if not r.startswith((base + "/", "data:"))]
    return state


def assert_clean(browser, base: str) -> None:
    state = page_state(browser, base)
    assert state == {"errors": [], "pwned": None, "log": [], "elsewhere": []}, state


def type_in_search(browser, url: str, text: str, at_least: int = 1) -> None:
    """Open `url`, type `text` in the search box and wait for the suggestions."""
    from selenium.webdriver.common.by import By

    browser.get(url)
    browser.get_log("browser")
    browser.find_element(By.ID, "q").send_keys(text)
    wait_for(browser, f"return document.querySelectorAll('#suggest li').length >= {at_least}",
             f"results as you type for {text!r}")


def click(browser, css: str) -> None:
    from selenium.webdriver.common.by import By

    element = browser.find_element(By.CSS_SELECTOR, css)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def test_an_officers_journey(browser, bundled_server, bundled_kg):
    from selenium.webdriver.common.by import By

    base = bundled_server.base
    type_in_search(browser, base + "/", "short breaks")  # results as you type
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('#suggest a')).map(a => a.getAttribute('href'))")
    assert "/entity/obj:jcp-short-breaks" in hrefs
    assert_clean(browser, base)
    click(browser, '#suggest a[href="/entity/obj:jcp-short-breaks"]')
    # entity page: the six questions
    wait_for(browser, "return document.querySelector('h1') && "
                      "location.pathname === '/entity/obj:jcp-short-breaks'", "entity page")
    node = bundled_kg.node("obj:jcp-short-breaks")
    assert browser.find_element(By.TAG_NAME, "h1").text == node.label
    wait_for(browser, "var i = document.getElementById('chain-svg'); "
                      "return i && i.complete && i.naturalWidth > 0", "the chain drawing")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    assert_clean(browser, base)
    # chain: follow the table of contents, then a hop's source link
    click(browser, '.glance a[href="#chain"]')
    wait_for(browser, "return location.hash === '#chain'", "the chain section")
    hops = browser.find_elements(By.CSS_SELECTOR, "#chain-list li.hop")
    assert len(hops) >= 3
    click(browser, "#chain-list li.hop .cite a")
    # source view: the cited line, highlighted, read from the seed document
    wait_for(browser, "return location.pathname === '/source/fact'", "the source view")
    cited = browser.find_element(By.ID, "cited")
    assert cited.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#source-lines > tbody > tr")) >= 5
    assert_clean(browser, base)
    # governance: the interactive diagram in its frame
    click(browser, 'header nav a[href="/governance"]')
    wait_for(browser, "return location.pathname === '/governance'", "the governance page")
    browser.switch_to.frame(browser.find_element(By.ID, "diagram"))
    wait_for(browser, "return window.sendkgReady === true", "the diagram to draw", 60)
    drawn = browser.execute_script("return network.body.nodeIndices.length")
    assert drawn > 20
    assert_clean(browser, base)
    browser.switch_to.default_content()
    assert_clean(browser, base)
    # boards, then back to the governance page
    click(browser, 'header nav a[href="/boards"]')
    wait_for(browser, "return location.pathname === '/boards'", "the boards page")
    rows = browser.find_elements(By.CSS_SELECTOR, "#boards tbody tr")
    assert len(rows) == sum(1 for _ in bundled_kg.nodes("Board"))
    assert_clean(browser, base)
    browser.back()
    wait_for(browser, "return location.pathname === '/governance'", "back to governance")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Governance"
    assert_clean(browser, base)


def test_a_citation_in_the_diagram_opens_the_source_view(browser, bundled_server):
    from selenium.webdriver.common.by import By

    base, board = bundled_server.base, "board:health-and-wellbeing-board"
    browser.get(f"{base}/governance?focus={board}")
    browser.get_log("browser")
    browser.switch_to.frame(browser.find_element(By.ID, "diagram"))
    wait_for(browser, "return window.sendkgReady === true", "the diagram to draw", 60)
    browser.execute_script("network.emit('click', {nodes: [arguments[0]], edges: []});", board)
    link = browser.find_element(By.CSS_SELECTOR, "#sk-details a")
    assert link.get_attribute("href") == f"{base}/source/{board}/0"
    assert_clean(browser, base)
    link.click()
    browser.switch_to.default_content()
    wait_for(browser, f"return location.pathname === '/source/{board}/0'",
             "the source view in the whole window")
    assert browser.find_element(By.ID, "cited")
    assert_clean(browser, base)


def test_search_works_without_script(browser, bundled_server):
    from selenium.webdriver.common.by import By

    base = bundled_server.base
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(base + "/")
        box = browser.find_element(By.ID, "q")
        box.send_keys("travel training")
        box.submit()
        wait_for(browser, "return location.pathname === '/search'", "the results page")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    groups = browser.find_elements(By.CSS_SELECTOR, "section.group h2")
    assert groups and browser.find_elements(By.CSS_SELECTOR, ".results a")


HOSTILE_PAGES = ["/entity/board:web-script", "/entity/board:web-img",
                 "/entity/obj:web-hostile", "/entity/org:web-hostile",
                 "/entity/leg:web-hostile", "/entity/person:web-hostile",
                 "/source/org:web-hostile/0", "/source/board:web-script/0", "/boards",
                 "/plans", "/plans/officers", "/checks"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_labels_show_as_text_and_never_run(browser, hostile_server, path):
    from selenium.webdriver.common.by import By

    base = hostile_server.base
    browser.get(base + path)
    browser.get_log("browser")
    browser.get(base + path)
    assert_clean(browser, base)
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "window.__pwned" in text or path.startswith(("/plans", "/checks"))
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img[src='x'], "
                                                      "main svg[onload]")


def test_hostile_labels_in_suggestions_and_the_diagram(browser, hostile_server):
    from selenium.webdriver.common.by import By

    base = hostile_server.base
    type_in_search(browser, base + "/governance", "script", at_least=3)
    shown = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#suggest li")]
    assert any("<script>window.__pwned = 'script'</script> Scrutiny Board" in s for s in shown)
    assert any('"}) // </script><script>' in s for s in shown)
    browser.switch_to.frame(browser.find_element(By.ID, "diagram"))
    wait_for(browser, "return window.sendkgReady === true", "the diagram to draw", 60)
    labels = browser.execute_script(
        "return network.body.data.nodes.get().map(function (n) { return n.fullLabel; })")
    assert any(label.startswith("<img src=x onerror=") for label in labels)
    assert_clean(browser, base)
    browser.switch_to.default_content()
    assert_clean(browser, base)


def test_print_stylesheet_hides_the_controls(browser, bundled_server):
    from selenium.webdriver.common.by import By

    browser.get(bundled_server.base + "/boards")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, ".downloads").is_displayed()
        assert browser.find_element(By.ID, "boards").is_displayed()
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27,
                                                           "paperHeight": 11.69})
        assert len(pdf["data"]) > 1000
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_screenshot_is_saved_for_the_readme():
    """After the journey: the picture the README shows exists and is a real PNG."""
    data = Path(SCREENSHOT).read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
