"""The pages and maps in a real browser: headless Chromium (Debian) driven by Playwright.

One server (uvicorn over an on-disk store) and one browser for the whole module. Every page must
load without a console error and without a single request leaving 127.0.0.1; a screenshot of
each is kept under tests/artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import map_data
from graph.build import build
from graph.store import open_store
from tests.conftest import free_port, wait_until_up
from tests.test_pages import EVIL, EVIL_ORG, add_evil_organisation

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/gent"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A running app over a built store with an organisation named like HTML; yields base URL and counts."""
    location = tmp_path_factory.mktemp("store") / "oxigraph"
    store = open_store(f"oxigraph:{location}")
    build(store)
    add_evil_organisation(store)
    counts = {"zone": len(map_data.zone_map(store, ZONE)["nodes"])}
    store.close()
    port = free_port()
    env = {**os.environ, "OVERHOOP_STORE": f"oxigraph:{location}"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/health")
        yield base, counts
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, dialogs and every request off 127.0.0.1 (aborted)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.problems = []

    def guard(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            tab.problems.append(f"external request: {route.request.url}")
            route.abort()

    tab.route("**/*", guard)
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(f"console: {message.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.on("dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield tab
    context.close()


def visit(page, url: str, name: str, has_map: bool) -> None:
    page.goto(url)
    if has_map:
        page.wait_for_selector("[data-map][data-ready]", timeout=20_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path, name, has_map", [
    ("/", "home", False),
    ("/zone/gent", "zone", True),
    ("/organisatie/jeugdzorg-emmaus-antwerpen?stappen=2", "organisatie", True),
    ("/praktijk/forumtheater", "praktijk", False),
    ("/zoeken?soort=praktijken&doelgroep=0-3-jaar", "zoeken", False),
    ("/partners?gemeente=Gent&type=huis-van-het-kind&doelgroep=prenataal", "partnerzoeker", False),
    ("/sparql", "sparql", False),
    ("/kaart/vlaanderen", "kaart-vlaanderen", True),
    ("/embed/kaart/bouwsteen/3", "embed-bouwsteen", True),
    ("/analyse", "analyse", True),
    ("/analyse/zone/antwerpen-centrum?netwerk=kenniskaart", "analyse-zone", True),
])
def test_page_loads_cleanly_and_offline(site, page, path, name, has_map):
    base, _ = site
    visit(page, base + path, name, has_map)
    assert page.problems == []


def test_zone_map_draws_every_node_of_the_map_data(site, page):
    base, counts = site
    visit(page, base + "/zone/gent", "zone-kaart", True)
    drawn = page.evaluate("window.ohMaps[0].nodes.length")
    assert drawn == counts["zone"] == int(page.get_attribute("[data-map]", "data-node-count"))
    assert page.locator("canvas").count() == 1


def test_clicking_a_node_opens_its_page(site, page):
    base, _ = site
    visit(page, base + "/zone/gent", "zone-klik", True)
    page.locator("[data-canvas]").scroll_into_view_if_needed()
    box = page.locator("[data-canvas]").bounding_box()
    point = page.evaluate("""(id) => { const n = window.ohMaps[0].network;
        n.stopSimulation(); const p = n.getPositions([id])[id]; return n.canvasToDOM(p); }""",
                          "https://w3id.org/overhoop/id/praktijk/forumtheater")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url("**/id/praktijk/forumtheater", timeout=10_000)
    assert "Forumtheater" in page.locator("h1").inner_text()
    assert page.problems == []


def test_a_name_made_of_html_stays_text_in_page_tooltip_and_map(site, page):
    base, _ = site
    visit(page, base + "/organisatie/xss-test", "xss", True)
    assert page.locator("h1").inner_text() == EVIL
    assert page.locator("img[src=x]").count() == 0
    label = page.evaluate("(id) => window.ohMaps[0].nodes.get(id).label", EVIL_ORG)
    assert label == EVIL
    page.locator("[data-canvas]").scroll_into_view_if_needed()
    box = page.locator("[data-canvas]").bounding_box()
    point = page.evaluate("""(id) => { const n = window.ohMaps[0].network;
        n.stopSimulation(); return n.canvasToDOM(n.getPositions([id])[id]); }""", EVIL_ORG)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.wait_for_selector("div.vis-tooltip .oh-tip", state="attached", timeout=5_000)
    assert tooltip.inner_text().startswith(EVIL)
    assert page.problems == []


def test_search_box_highlights_a_node_and_keeps_it_in_the_permalink(site, page):
    base, _ = site
    visit(page, base + "/zone/gent", "zone-zoek", True)
    page.fill("[data-search]", "Forumtheater")
    page.press("[data-search]", "Enter")
    selected = page.evaluate("window.ohMaps[0].network.getSelectedNodes()")
    assert selected == ["https://w3id.org/overhoop/id/praktijk/forumtheater"]
    assert "q=Forumtheater" in page.get_attribute("[data-permalink]", "href")


def test_choosing_a_community_on_the_analysis_map_shows_only_its_members(site, page):
    base, _ = site
    visit(page, base + "/analyse", "analyse-gemeenschap", True)
    page.select_option('[data-filter="community"]', "1")
    shown = page.evaluate("window.ohMaps[0].nodes.get({filter: n => !n.hidden}).map(n => n.community)")
    assert len(shown) > 1 and set(shown) == {1}
    assert "community=1" in page.get_attribute("[data-permalink]", "href")
    assert page.problems == []


def test_the_api_description_draws_offline(site, page):
    base, _ = site
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "OverHoop-kennisgraaf" in page.inner_text(".swagger-ui .info .title")
    assert page.problems == []
