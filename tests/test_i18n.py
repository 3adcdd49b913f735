"""The pages' two languages and their words: a click from an English page stays English, a
SPARQL cell of several IRIs is no single broken link, and one thing is counted in the singular."""

from __future__ import annotations

import re

import pytest

from api.i18n import STRINGS
from api.models import page_path
from api.pages import _env

ZONES = "https://w3id.org/overhoop/id/eerstelijnszone/"
# The pages that list organisations, practices or zones, asked for in English.
ENGLISH_PAGES = ["/zone/gent?lang=en", "/organisatie/uz-gent?lang=en", "/id/praktijk/forumtheater?lang=en",
                 "/zoeken?q=gent&lang=en", "/zoeken?q=gent&soort=praktijken&lang=en",
                 "/partners?gemeente=Gent&type=huis-van-het-kind&doelgroep=prenataal&lang=en",
                 "/analyse/zone/gent?lang=en", "/sparql-pagina?voorbeeld=network_organisations&lang=en"]


def item_links(html: str) -> list[str]:
    """The links of a page to the page of an organisation, practice or zone."""
    return re.findall(r'href="(/(?:id|zone|organisatie|praktijk)/[^"]*)"', html)


def main_part(html: str) -> str:
    """The page after its header, whose language switch links to the other language on purpose."""
    return html.split("</header>", 1)[1]


def main_without_map(html: str) -> str:
    """The page's main part without its interactive map (whose node links and words come from the
    map: see the map test)."""
    return re.sub(r'<section class="map-section">.*?</section>', "", main_part(html), flags=re.S)


def render_plural(key: str, n, lang: str, **fields) -> str:
    """What the templates' ``plural`` macro writes for ``key`` and ``n`` on a page in ``lang``."""
    template = _env.from_string('{% from "_macros.html" import plural with context %}{{ plural(key, n, **fields) }}')
    return template.render(t=STRINGS[lang], lang=lang, key=key, n=n, fields=fields)


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_every_item_link_on_an_english_page_keeps_english(client, path):
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200
    links = item_links(main_without_map(response.text))
    assert links, f"{path} links to no organisation, practice or zone"
    assert [href for href in links if not href.endswith("lang=en")] == []


def test_an_item_link_of_an_english_page_opens_the_english_page(client):
    href = item_links(main_without_map(client.get("/zone/gent?lang=en").text))[0]
    page = client.get(href.replace("&amp;", "&"), headers={"accept": "text/html"}).text
    assert '<html lang="en">' in page


def test_item_links_on_a_dutch_page_name_no_language(client):
    links = item_links(main_part(client.get("/zone/gent").text))
    assert "/id/organisatie/uz-gent" in links
    assert [href for href in links if "lang=" in href] == []


def test_the_nodes_of_an_english_map_link_to_english_pages(client):
    page = client.get("/kaart/zone/gent?lang=en").text
    node_links = item_links(main_part(page))
    assert "/id/organisatie/uz-gent?lang=en" in node_links
    assert [href for href in node_links if not href.endswith("lang=en")] == []


def test_text_with_whitespace_has_no_page():
    assert page_path(ZONES + "antwerpen-centrum " + ZONES + "antwerpen-zuid") is None
    assert page_path(ZONES + "gent\n") is None
    assert page_path(ZONES + "gent") == "/id/eerstelijnszone/gent"


def test_a_sparql_cell_of_several_iris_links_each_iri_on_its_own(client):
    page = client.get("/sparql-pagina?voorbeeld=network_organisations").text
    cells = re.findall(r"<td>(.*?)</td>", page)
    several = next(cell for cell in cells if cell.count("<a ") > 1)
    for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', several):
        assert text.startswith(ZONES) and " " not in text
        assert href == "/id/eerstelijnszone/" + text.removeprefix(ZONES)
    assert [href for href in item_links(page) if " " in href or "https" in href] == []


def test_one_search_result_is_counted_in_the_singular(client):
    assert "organisaties: 1 resultaat<" in client.get("/zoeken?q=uz+gent").text
    assert "organisations: 1 result<" in client.get("/zoeken?q=uz+gent&lang=en").text


def test_several_search_results_are_counted_in_the_plural(client):
    assert "organisaties: 2 resultaten<" in client.get("/zoeken?q=emmaus").text


def test_the_ego_map_reaches_one_step_or_two_steps(client):
    dutch = client.get("/organisatie/uz-gent").text
    english = client.get("/organisatie/uz-gent?lang=en").text
    assert '<strong>1 stap</strong> · <a href="/organisatie/uz-gent?stappen=2">2 stappen</a>' in dutch
    assert '<strong>1 step</strong> · <a href="/organisatie/uz-gent?stappen=2&amp;lang=en">2 steps</a>' in english


def test_the_analysis_summary_counts_one_link_and_one_step_in_the_singular(client):
    page = client.get("/analyse/zone/gent").text
    assert "<td>3 knooppunten, 1 verbinding</td>" in page
    assert "<td>1 stap</td>" in page
    assert "(het grootste telt 2 knooppunten)" in page


@pytest.mark.parametrize("lang, one, two", [("nl", "1 lid", "2 leden"), ("en", "1 member", "2 members")])
def test_plural_takes_the_singular_for_one_only(lang, one, two):
    assert render_plural("an_members", 1, lang) == one
    assert render_plural("an_members", 2, lang) == two
    assert render_plural("an_members", 0, lang) == two.replace("2", "0")


def test_plural_fills_the_other_fields_of_the_string():
    assert render_plural("imp_done", 1, "nl", agent="Ria") == "Je bijdrage is ingevoerd: 1 triple, op naam van Ria."


def test_every_singular_string_has_its_plural_in_both_languages():
    for lang in ("nl", "en"):
        singulars = [key for key in STRINGS[lang] if key.endswith("_one")]
        assert "results_one" in singulars
        for key in singulars:
            plural = key.removesuffix("_one")
            assert plural in STRINGS[lang] and key in STRINGS["en" if lang == "nl" else "nl"]
            assert "{n}" in STRINGS[lang][key] and "{n}" in STRINGS[lang][plural]


def test_a_zone_page_in_english_names_its_province_in_english(client):
    text = client.get("/zone/gent?lang=en").text
    assert "Province of East Flanders" in text and "Provincie Oost-Vlaanderen" not in text


def test_the_brussels_zone_names_its_region_as_a_region_in_either_language(client):
    assert "Gewest: Brussels Hoofdstedelijk Gewest" in client.get("/zone/bruzel").text
    text = client.get("/zone/bruzel?lang=en").text
    assert "Region: Brussels-Capital Region" in text and "Province:" not in text
