"""The maps of a network too large to show node by node, in headless Chromium: the overview of
Flanders per zone, drilling into a zone, and filtering a zone's map.

One server over a synthetic graph (600 organisations) for the module; the browser fixtures and
checks are those of ``tests/test_browser.py``.
"""

from __future__ import annotations

import pytest

from graph.build import build
from graph.store import open_store
from graph.synth import synthesise
from tests.app_server import running_app
from tests.test_browser import browser, page, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """A running app over a store with a synthetic network of 600 organisations; yields its URL."""
    directory = tmp_path_factory.mktemp("large")
    store = open_store(f"oxigraph:{directory / 'store'}")
    build(store)
    synthesise(store, organisations=600, referrals=1500, seed=3)
    store.close()
    # the app's own build keeps the synthetic graph: it replaces only the graphs of its sources
    with running_app(directory) as base:
        yield base


def test_the_overview_of_flanders_draws_one_node_per_zone_and_a_click_opens_its_map(large_site, page):
    visit(page, large_site + "/kaart/vlaanderen", "kaart-vlaanderen-overzicht", True)
    assert page.evaluate("window.ohMaps[0].nodes.length") == 60
    assert page.evaluate("window.ohMaps[0].edges.length") > 0
    zone = "https://w3id.org/overhoop/id/eerstelijnszone/gent"
    page.locator("[data-canvas]").scroll_into_view_if_needed()
    box = page.locator("[data-canvas]").bounding_box()
    point = page.evaluate("""(id) => { const n = window.ohMaps[0].network;
        n.stopSimulation(); n.focus(id, {scale: 1.5}); return n.canvasToDOM(n.getPositions([id])[id]); }""", zone)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url("**/kaart/zone/gent", timeout=10_000)
    page.wait_for_selector("[data-map][data-ready]", timeout=20_000)
    assert page.problems == []


def test_choosing_a_sector_on_a_zone_map_keeps_only_its_organisations(large_site, page):
    visit(page, large_site + "/kaart/zone/gent", "kaart-zone-sector", True)
    sector = page.eval_on_selector('[data-filter="sector"] option:nth-child(2)', "o => o.value")
    page.select_option('[data-filter="sector"]', sector)
    shown = page.evaluate("window.ohMaps[0].nodes.get({filter: n => !n.hidden}).map(n => n.sector)")
    assert shown and set(shown) == {sector}
    assert "sector=" in page.get_attribute("[data-permalink]", "href")
    assert page.problems == []
