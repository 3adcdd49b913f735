"""Linked Data: every IRI of ours answers at /id/... in Turtle, JSON-LD or as a web page."""

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from api.app import create_app

SIMILES = URIRef("https://w3id.org/overhoop/id/organisatie/similes")


def test_turtle_by_default(client):
    response = client.get("/id/organisatie/similes")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (SIMILES, SKOS.prefLabel, Literal("Similes", lang="nl")) in graph


def test_json_ld_when_asked(client):
    response = client.get("/id/organisatie/similes", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    assert (SIMILES, SKOS.prefLabel, Literal("Similes", lang="nl")) in Graph().parse(data=response.text, format="json-ld")


def test_the_description_includes_what_points_to_the_resource(client):
    graph = Graph().parse(data=client.get("/id/organisatie/similes").text, format="turtle")
    assert any(graph.subjects(URIRef("https://w3id.org/overhoop/ns#initiatedBy"), SIMILES))


def test_the_description_includes_the_blank_nodes_it_points_to(client):
    graph = Graph().parse(data=client.get("/id/concept/doelgroep/0-3-jaar").text, format="turtle")
    band = graph.value(URIRef("https://w3id.org/overhoop/id/concept/doelgroep/0-3-jaar"),
                       URIRef("https://schema.org/suggestedAge"))
    assert graph.value(band, URIRef("https://schema.org/maxValue")).toPython() == 36


def test_a_browser_gets_the_page_of_the_pages_module(client):
    response = client.get("/id/organisatie/similes", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")


def test_the_page_of_an_iri_tells_caches_it_depends_on_accept_and_encoding(client):
    response = client.get("/id/eerstelijnszone/gent", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert response.headers["vary"] == "Accept, Accept-Encoding"
    assert response.headers["content-encoding"] == "gzip"


def test_without_an_html_renderer_a_browser_gets_turtle(built_store):
    app = create_app("memory")
    app.state.store = built_store
    app.state.html_renderer = None
    response = TestClient(app).get("/id/organisatie/similes", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/turtle")


def test_an_unknown_thing_is_404(client):
    assert client.get("/id/organisatie/bestaat-niet").status_code == 404


def test_a_path_that_tries_to_end_the_iri_is_404(client, built_store):
    before = built_store.graph_sizes()
    assert client.get("/id/organisatie/x%3E%20%3Fp%20%3Fo%20%7D").status_code == 404
    assert built_store.graph_sizes() == before


def test_an_unsupported_format_is_406(client):
    assert client.get("/id/organisatie/similes", headers={"Accept": "image/png"}).status_code == 406


def test_the_page_of_an_iri_names_accept_encoding_once_when_sent_uncompressed(client):
    response = client.get("/id/eerstelijnszone/gent", headers={"Accept": "text/html", "Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept, Accept-Encoding"


@pytest.mark.parametrize("request_format", [{"params": {"format": "json"}},
                                            {"headers": {"Accept": "application/json"}}])
def test_json_asked_by_format_or_accept_gets_json_ld_as_on_sparql(client, request_format):
    response = client.get("/id/organisatie/similes", **request_format)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    assert (SIMILES, SKOS.prefLabel, Literal("Similes", lang="nl")) in Graph().parse(data=response.text, format="json-ld")


@pytest.mark.parametrize("name", ["foo", "csv"])
def test_an_unknown_format_is_400_with_one_sentence_listing_the_formats(client, name):
    response = client.get("/id/organisatie/similes", params={"format": name})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.startswith(f"Onbekend formaat '{name}'; kies uit ttl, nt, jsonld")
    assert f"Unknown format '{name}'" in detail


def test_format_names_of_sparql_work_here_too(client):
    response = client.get("/id/organisatie/similes", params={"format": "n-triples"})
    assert response.headers["content-type"].startswith("application/n-triples")
