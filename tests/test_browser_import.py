"""The import form in a real browser (headless Chromium, like tests/test_browser.py): a
coordinator goes from the zone page to the form, uploads the Zonnedorp example, previews it,
confirms, and sees the organisations on the zone page, without JavaScript being needed and
without a console error or a request leaving 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_server import running_app
from tests.test_browser import ARTIFACTS, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

TOKEN = "browser-test-geheim"
EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "zonnedorp"


@pytest.fixture(scope="module")
def writable_site(tmp_path_factory):
    """A running ``overhoop serve`` over a freshly built store, with a write token; yields the base URL."""
    with running_app(tmp_path_factory.mktemp("site"), OVERHOOP_TOKEN=f"coordinator-leuven:{TOKEN}") as base:
        yield base


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_upload_preview_and_confirm_the_example_from_the_zone_page(writable_site, page):
    page.goto(writable_site + "/zone/leuven")
    page.get_by_role("link", name="Organisaties of verbindingen toevoegen").click()
    page.wait_for_url("**/invoeren")
    page.set_input_files("#bestand", sorted(str(p) for p in EXAMPLE.glob("*.csv")))
    page.fill("#token", TOKEN)
    shot(page, "invoeren")
    page.get_by_role("button", name="Bekijk wat er zou veranderen").click()
    page.wait_for_selector("text=Er is nog niets ingevoerd.")
    # The new organisation has its own row; its links name it too ("A → B").
    assert page.locator(".changes").get_by_role("cell", name="Fictief Gezinscentrum Zonnedorp", exact=True).count() == 1
    shot(page, "invoeren-voorbeeld")
    page.fill("#token", TOKEN)
    page.get_by_role("button", name="Bevestigen en invoeren").click()
    page.wait_for_selector("text=Je bijdrage is ingevoerd")
    shot(page, "invoeren-klaar")
    page.locator("a.zone-link", has_text="Leuven").first.click()
    page.wait_for_selector("[data-map][data-ready]", timeout=20_000)
    assert page.get_by_role("link", name="Fictief Gezinscentrum Zonnedorp").count() >= 1
    assert page.problems == []


def test_a_preview_with_a_long_address_in_a_doubt_fits_a_phone(writable_site, page, tmp_path):
    sheet = tmp_path / "organisaties.csv"
    sheet.write_text("naam;gemeente;koppelen aan\n"
                     "Niemand;Leuven;http://127.0.0.1:8000/organisatie/eenorganisatiemeteenlangenaamzonderkoppeltekens\n",
                     encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(writable_site + "/invoeren")
    page.set_input_files("#bestand", str(sheet))
    page.fill("#token", TOKEN)
    page.get_by_role("button", name="Bekijk wat er zou veranderen").click()
    page.wait_for_selector("text=Er is nog niets ingevoerd.")
    shot(page, "telefoon-invoeren-twijfel")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A preview with a problem in the file answers 422 by design; nothing else may go wrong.
    assert [p for p in page.problems if "422" not in p] == []
