"""The pages on a phone (390 × 844 CSS pixels) and from the keyboard, in headless Chromium: no page
scrolls sideways, a wide table scrolls on its own, and the first Tab offers a way past the header.

The server and browser fixtures and checks are those of ``tests/test_browser.py``.
"""

from __future__ import annotations

import pytest

from tests.test_browser import browser, page, site, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PARTNERS = "/partners?org=huis-van-het-kind-leuven&doelgroep=ouders-met-middelengebruik"


@pytest.fixture
def phone(page):  # noqa: F811 (the fixture imported above)
    """The browser page of tests/test_browser.py, as wide as a phone."""
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("path, name, has_map", [
    (PARTNERS, "telefoon-partnerzoeker", False),
    (PARTNERS + "&lang=en", "telefoon-partnerzoeker-en", False),
    ("/zone/leuven", "telefoon-zone", True),
    ("/organisatie/huis-van-het-kind-leuven", "telefoon-organisatie", True),
    ("/organisatie/jeugdzorg-emmaus-antwerpen?stappen=2", "telefoon-organisatie-2", True),
    ("/kaart/zone/leuven", "telefoon-kaart", True),
    ("/kaart/zone/leuven?lang=en", "telefoon-kaart-en", True),
    ("/kaart/bouwsteen/b3", "telefoon-kaart-bouwsteen", True),
    ("/embed/kaart/zone/leuven", "telefoon-embed", True),
    ("/praktijk/pondo-projecten?lang=en", "telefoon-praktijk", False),
    ("/zoeken?soort=praktijken&doelgroep=0-3-jaar", "telefoon-zoeken", False),
    ("/analyse", "telefoon-analyse", True),
    ("/invoeren", "telefoon-invoeren", False),
])
def test_a_page_fits_a_phone_screen_without_scrolling_sideways(site, phone, path, name, has_map):
    base, _ = site
    visit(phone, base + path, name, has_map)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.problems == []


def test_the_fields_of_the_partner_finder_stay_on_a_phone_screen(site, phone):
    base, _ = site
    visit(phone, base + PARTNERS + "&lang=en", "telefoon-partnerzoeker-velden", False)
    rights = phone.evaluate("[...document.querySelectorAll('.filters input, .filters select')]"
                            ".map(field => field.getBoundingClientRect().right)")
    assert rights and max(rights) <= PHONE["width"]


def test_the_coverage_table_scrolls_sideways_on_its_own_and_the_keyboard_can_scroll_it(site, phone):
    base, _ = site
    visit(phone, base + "/zone/leuven", "telefoon-dekking", True)
    region = phone.locator('[role="region"]:has(table.gap)')
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # wider than the phone: it scrolls
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())


def test_the_first_tab_reaches_a_visible_skip_link_and_enter_moves_into_the_page(site, phone):
    base, _ = site
    visit(phone, base + "/zone/leuven", "telefoon-overslaan", True)
    phone.keyboard.press("Tab")
    link = phone.locator("a.skip-link")
    assert link.evaluate("a => a === document.activeElement")
    box = link.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0 and link.inner_text() == "Naar de inhoud"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    # the next Tab goes on from the start of the page's content, past the header's links
    assert phone.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert phone.problems == []
