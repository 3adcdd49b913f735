"""What a browser gets for odd input on the pages: a page in Dutch that says what to change, never
a server error, raw JSON or a query it did not ask for."""

from __future__ import annotations

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("path", ["/organisatie/uz-gent?stappen=abc", "/kaart/organisatie/uz-gent?stappen=1.5",
                                  "/kaart/zone/gent?stappen=abc", "/embed/kaart/zone/gent?stappen=abc",
                                  "/id/organisatie/uz-gent?stappen=abc"])
def test_a_step_count_that_is_not_a_number_shows_the_map_of_one_step(client, path):
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


def test_a_page_number_that_is_not_a_number_gets_a_dutch_page_naming_the_value(client):
    response = client.get("/zoeken?pagina=abc", headers=BROWSER)
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"]
    assert "‘abc’ is geen geldige waarde voor pagina: verwacht een geheel getal" in response.text


def test_an_api_client_keeps_the_json_list_of_invalid_values(client):
    response = client.get("/api/organisations?limit=abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_an_iri_the_graph_knows_nothing_about_is_not_found_in_the_browser(client):
    response = client.get("/id/iets/willekeurigs", headers=BROWSER)
    assert response.status_code == 404
    assert "De graaf zegt niets over https://w3id.org/overhoop/id/iets/willekeurigs" in response.text


def test_an_iri_the_graph_knows_gets_its_page(client):
    response = client.get("/id/eerstelijnszone/gent", headers=BROWSER)
    assert response.status_code == 200


def test_the_home_search_shows_practices_when_no_organisation_matches(client):
    response = client.get("/zoeken?q=Handle+with+care")
    assert "Handle with care" in response.text
    assert 'name="soort"' in response.text and '<option value="praktijken" selected>' in response.text


def test_a_search_of_organisations_links_to_the_practices_it_also_finds(client):
    response = client.get("/zoeken?q=trauma&soort=organisaties")
    assert "Bij de praktijken: " in response.text
    assert "soort=praktijken" in response.text.split("Bij de praktijken:")[0].rsplit("<a", 1)[1]


def test_the_sparql_page_shows_a_construct_as_subject_predicate_object(client):
    response = client.get("/sparql-pagina", params={"query": "CONSTRUCT { ?z a oh:FirstLineZone } "
                                                              "WHERE { ?z a oh:FirstLineZone } LIMIT 3"})
    assert response.status_code == 200
    assert "Er ging iets mis" not in response.text
    assert '<th scope="col">?subject</th>' in response.text and '<th scope="col">?object</th>' in response.text
    assert response.text.count("https://w3id.org/overhoop/ns#FirstLineZone") >= 3


def test_the_sparql_page_lists_no_benchmark_or_import_queries_as_examples(client):
    text = client.get("/sparql-pagina").text
    assert "voorbeeld=zones" in text or 'value="zones"' in text
    assert "bench_zone_sizes" not in text and "import_organisations" not in text


def test_a_query_link_opened_in_a_browser_shows_the_query_page_with_its_table(client):
    response = client.get("/sparql", params={"query": "SELECT ?z WHERE { ?z a oh:FirstLineZone } LIMIT 2"},
                          headers=BROWSER)
    assert "text/html" in response.headers["content-type"]
    assert '<th scope="col">?z</th>' in response.text


def test_a_sparql_client_asking_anything_still_gets_json(client):
    response = client.get("/sparql", params={"query": "SELECT ?z WHERE { ?z a oh:FirstLineZone } LIMIT 2"},
                          headers={"Accept": "*/*"})
    assert response.headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize("text", ["", "# alleen commentaar", "PREFIX ex: <http://example.org/>"])
def test_an_empty_query_is_called_empty_not_an_update(client, text):
    response = client.get("/sparql", params={"query": text}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "De query is leeg" in response.text and "update" not in response.text.split("/")[0]


def test_the_age_field_takes_its_own_example(client):
    response = client.get("/partners", params={"gemeente": "Gent", "type": "huis-van-het-kind",
                                               "leeftijd": "0-3 jaar"})
    assert "geen bereik" not in response.text
    assert response.status_code == 200


def test_a_map_of_a_query_with_a_syntax_error_says_the_query_is_wrong(client):
    response = client.get("/kaart/sparql", params={"query": "SELECT ?source ?target WHERE { ?source oh:refersTo"})
    assert response.status_code == 400
    assert "De query bevat een fout" in response.text


def test_a_map_of_a_result_without_source_and_target_is_refused_not_missing(client):
    response = client.get("/kaart/sparql", params={"query": "SELECT ?z WHERE { ?z a oh:FirstLineZone } LIMIT 3"})
    assert response.status_code == 400
    assert "geen kolommen ?source en ?target" in response.text


def test_the_sparql_page_offers_rdf_downloads_for_a_construct(client):
    text = client.get("/sparql-pagina", params={"voorbeeld": "derive_link_shortcuts"}).text
    assert "format=ttl" in text and "format=csv" not in text


def test_a_wrong_address_in_the_browser_gets_a_page_with_a_way_back(client):
    response = client.get("/partner", headers=BROWSER)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text and 'href="/"' in response.text


def test_a_wrong_address_for_an_api_client_stays_json(client):
    response = client.get("/api/bestaat-niet", headers=BROWSER)
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_a_province_page_shows_its_name_and_what_the_graph_says_about_it(client):
    response = client.get("/id/provincie/west-vlaanderen", headers=BROWSER)
    assert response.status_code == 200
    assert "<h1>Provincie West-Vlaanderen</h1>" in response.text
    assert "30000" in response.text  # its NIS code, one of its facts


def test_an_example_with_values_to_fill_in_says_which(client):
    text = client.get("/sparql-pagina").text
    entry = text.split('voorbeeld=organisations_for_age"', 1)[1].split("</dd>", 1)[0]
    assert "vul in:" in entry and "VALUES ?" in entry


@pytest.mark.parametrize("text", ["-", "&", " / "])
def test_a_search_for_no_word_at_all_asks_for_one_instead_of_listing_everything(client, text):
    response = client.get("/zoeken", params={"q": text})
    assert "Typ minstens één woord of getal om op te zoeken." in response.text
    assert "166 resultaten" not in response.text and 'class="results"' not in response.text
