"""The web pages, through the app in-process: they answer in Dutch, name things as text, and
load nothing from outside the app."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from api.app import create_app
from graph.build import build
from graph.store import open_store

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ORG = "https://w3id.org/overhoop/id/organisatie/xss-test"


def add_evil_organisation(store) -> None:
    """An organisation whose name is HTML, located in Gent, initiating a real practice."""
    store.update(f"""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX oh: <https://w3id.org/overhoop/ns#>
        INSERT DATA {{ GRAPH <https://w3id.org/overhoop/graph/test> {{
          <{EVIL_ORG}> a org:Organization ; skos:prefLabel "{EVIL}"@nl ; oh:searchText "img src x onerror alert 1" ;
              dct:spatial <https://data.vlaanderen.be/id/gemeente/44021> .
          <https://w3id.org/overhoop/id/praktijk/forumtheater> oh:initiatedBy <{EVIL_ORG}> .
        }} }}""")


@pytest.fixture(scope="module")
def client():
    store = open_store("memory")
    build(store)
    add_evil_organisation(store)
    app = create_app("memory")
    app.state.store = store
    return TestClient(app)


PAGES = ["/", "/zone/gent", "/id/eerstelijnszone/gent", "/organisatie/xss-test", "/id/praktijk/forumtheater",
         "/zoeken?q=gent", "/zoeken?soort=praktijken&doelgroep=0-3-jaar&zone=gent", "/partners?gemeente=Gent&type=huis-van-het-kind&doelgroep=prenataal",
         "/sparql-pagina?voorbeeld=zones", "/kaart/vlaanderen", "/kaart/bouwsteen/3", "/embed/kaart/zone/gent"]


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_in_dutch_without_external_assets(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    external = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', response.text)
    assert external == []
    assert "<script>" not in response.text  # no inline script under CSP 'self'


def test_an_iri_without_html_in_accept_gets_turtle_not_the_page(client):
    response = client.get("/id/eerstelijnszone/gent", headers={"Accept": "*/*"})
    assert response.headers["content-type"].startswith("text/turtle")


def test_english_is_one_parameter_away(client):
    response = client.get("/zone/gent?lang=en")
    assert '<html lang="en">' in response.text and "First-line zone" in response.text


def test_html_in_a_name_is_shown_as_text_on_every_page(client):
    for path in ("/organisatie/xss-test", "/zone/gent", "/praktijk/forumtheater", "/zoeken?q=onerror"):
        text = client.get(path).text
        assert EVIL not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text or "\\u003cimg src=x" in text


def test_map_data_island_cannot_close_its_script_element(client):
    text = client.get("/organisatie/xss-test").text
    island = text.split('data-map-data>')[1].split("</script>")[0]
    assert "<" not in island and "\\u003cimg src=x onerror=alert(1)\\u003e" in island


def test_zone_page_shows_the_gap_matrix_with_links_and_empty_cells(client):
    text = client.get("/zone/gent").text
    assert "Dekking: doelgroep × bouwsteen" in text
    assert 'class="empty"' in text
    assert "/zoeken?soort=praktijken&amp;zone=gent&amp;doelgroep=" in text


def test_search_shows_fifty_results_at_a_time_with_a_link_to_the_next_page(client):
    text = client.get("/zoeken").text
    assert text.count('<li><a href="/id/organisatie/') == 50
    next_page = re.search(r'<a href="([^"]+)" rel="next">', text).group(1).replace("&amp;", "&")
    second = client.get(next_page).text
    assert "51 tot 100 van" in second and 'rel="prev"' in second


def test_a_search_page_past_the_end_shows_the_last_page(client):
    total = int(re.search(r"(\d+) resultaten", client.get("/zoeken").text).group(1))
    text = client.get("/zoeken?pagina=999").text
    assert f"tot {total} van {total}" in text and 'rel="next"' not in text


def test_a_cell_of_the_gap_matrix_links_to_the_practices_it_counts(client):
    text = client.get("/zone/gent").text
    href, count = re.search(r'<td><a href="(/zoeken\?[^"]+)"[^>]*>(\d+)', text).groups()
    listed = client.get(href.replace("&amp;", "&")).text
    assert f"praktijken: {count} resultaten" in listed


def test_zone_page_lists_a_first_page_and_links_to_all_practices(client):
    text = client.get("/zone/gent").text
    shown = re.search(r'<ul class="practices">(.*?)</ul>', text, re.S).group(1).count('href="/id/praktijk/')
    assert shown == 40 and "/zoeken?soort=praktijken&amp;zone=gent" in text and "meer" in text


def test_zone_page_counts_its_organisations_per_sector_with_links(client):
    text = client.get("/zone/gent").text
    sector, count = re.search(r'href="/zoeken\?zone=gent&amp;sector=([a-z-]+)">[^<]+</a> (\d+)', text).groups()
    listed = client.get(f"/api/organisations?zone=gent&sector={sector}").json()
    assert int(count) == listed["total"]


def test_municipality_picker_leads_to_its_zone(client):
    response = client.get("/zone?gemeente=Gent", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zone/gent"


def test_unknown_zone_says_so_in_dutch_and_lists_every_zone(client):
    response = client.get("/zone/bestaat-niet")
    assert response.status_code == 404
    assert "Er is geen eerstelijnszone ‘bestaat-niet’" in response.text
    assert 'href="/zone/gent"' in response.text and "/api/" not in response.text


def test_unknown_organisation_offers_a_search_for_its_name_without_api_addresses(client):
    response = client.get("/organisatie/bestaat-niet")
    assert response.status_code == 404
    assert "Er is geen organisatie ‘bestaat-niet’" in response.text
    assert "/zoeken?q=bestaat%20niet&amp;soort=organisaties" in response.text or \
        "/zoeken?q=bestaat+niet&amp;soort=organisaties" in response.text
    assert "/api/" not in response.text


def test_an_unknown_doelgroep_in_a_search_link_is_told_in_the_page_language_only(client):
    dutch = client.get("/zoeken?soort=praktijken&doelgroep=xyz").text
    english = client.get("/zoeken?soort=praktijken&doelgroep=xyz&lang=en").text
    assert "Onbekende doelgroep &#39;xyz&#39;" in dutch and "Unknown target group" not in dutch
    assert "Unknown target group &#39;xyz&#39;" in english and "Onbekende" not in english


def test_the_partner_finder_asks_for_a_start_when_only_a_type_is_chosen(client):
    response = client.get("/partners?type=huis-van-het-kind")
    assert "Kies eerst je organisatie of een gemeente" in response.text


def test_practice_page_quotes_the_note_with_line_numbers(client):
    text = client.get("/praktijk/forumtheater").text
    assert re.search(r"regels \d+–\d+", text) and "Forumtheater" in text


def test_partner_finder_shows_reasons(client):
    text = client.get("/partners?gemeente=Gent&type=huis-van-het-kind&doelgroep=prenataal").text
    assert 'class="reasons"' in text and "doelgroep" in text.lower()


def test_partner_finder_takes_the_organisation_by_its_name(client):
    text = client.get("/partners?org=Similes&doelgroep=ouders").text
    assert 'class="reasons"' in text and 'value="similes"' in text


def test_partner_finder_offers_the_organisations_matching_part_of_a_name(client):
    text = client.get("/partners?org=huis+van+het+kind&doelgroep=prenataal").text
    assert "Welke organisatie bedoel je?" in text and 'class="reasons"' not in text
    assert len(re.findall(r'href="/partners\?org=huis-van-het-kind-[a-z-]+&amp;doelgroep=prenataal"', text)) > 1


def test_partner_finder_says_in_dutch_when_no_organisation_matches(client):
    text = client.get("/partners?org=bestaat+nergens").text
    assert "Geen organisatie gevonden" in text


@pytest.mark.parametrize("lang, expected", [
    ("nl", "Geen gemeente &#39;Gent / Gand&#39; gevonden."),
    ("en", "No municipality &#39;Gent / Gand&#39;."),
])
def test_a_slash_in_what_the_user_typed_stays_in_the_message_of_the_page_language(client, lang, expected):
    text = client.get("/partners", params={"gemeente": "Gent / Gand", "lang": lang}).text
    message = re.search(r'<p class="error" role="alert">(.*?)</p>', text).group(1)
    assert message.startswith(expected)
    assert ("No municipality" in message, "Geen gemeente" in message) == (lang == "en", lang == "nl")


def test_sparql_page_lists_the_example_queries_with_their_dutch_explanation(client):
    from graph.queries import query_description

    text = client.get("/sparql", headers={"accept": "text/html"}).text
    assert "zones.rq" not in text and ">zones</a>" in text
    assert str(escape(query_description("zones"))) in text
    assert str(escape(query_description("zones", lang="en"))) not in text


def test_sparql_page_in_english_explains_the_example_queries_in_english(client):
    from graph.queries import query_description

    text = client.get("/sparql-pagina", params={"lang": "en"}).text
    assert str(escape(query_description("zones", lang="en"))) in text
    assert str(escape(query_description("zones"))) not in text


def test_sparql_result_with_source_and_target_offers_a_network(client):
    query = ("PREFIX oh: <https://w3id.org/overhoop/ns#> "
             "SELECT ?source ?target WHERE { ?target oh:initiatedBy ?source } LIMIT 5")
    text = client.get("/sparql-pagina", params={"query": query}).text
    assert "Toon als netwerk" in text and "format=csv" in text
    network = client.get("/kaart/sparql", params={"query": query})
    assert network.status_code == 200 and 'data-map-data' in network.text


def test_vis_network_is_served_once_as_a_static_asset(client):
    response = client.get("/static/vis/vis-network.min.js")
    assert response.status_code == 200 and len(response.content) > 100_000
    assert "vis-network.min.js" in client.get("/zone/gent").text
    assert len(client.get("/zone/gent").content) < 400_000


def test_a_big_page_is_sent_compressed_to_a_browser_that_accepts_it(client):
    compressed = client.get("/zone/gent", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/zone/gent", headers={"Accept-Encoding": "identity"})
    assert compressed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert compressed.text == plain.text and "Gent" in plain.text


def visitor_of_own_graph():
    """A built graph of the test's own, to write to, and a browser on the app over it."""
    store = open_store("memory")
    build(store, progress=lambda *_: None)
    app = create_app("memory")
    app.state.store = store
    return store, TestClient(app)


def test_the_zone_page_shows_an_organisation_added_after_it_was_first_shown():
    store, visitor = visitor_of_own_graph()
    assert "Nieuw Gezinscentrum Gent" not in visitor.get("/zone/gent").text
    store.update("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dct: <http://purl.org/dc/terms/>
        INSERT DATA { GRAPH <https://w3id.org/overhoop/graph/test> {
          <https://w3id.org/overhoop/id/organisatie/nieuw-gezinscentrum> a org:Organization ;
              skos:prefLabel "Nieuw Gezinscentrum Gent"@nl ;
              dct:spatial <https://data.vlaanderen.be/id/gemeente/44021> .
        } }""")
    assert "Nieuw Gezinscentrum Gent" in visitor.get("/zone/gent").text
