"""/sparql speaks the SPARQL 1.1 Protocol, checked with clients no one here wrote.

SPARQLWrapper and rdflib's SPARQLStore talk to a real ``overhoop serve`` on a loopback port over
an on-disk store; the answers are compared with the same graph built in memory.
"""

from __future__ import annotations

import csv
import io
import urllib.error

import httpx
import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, VOID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from api.app import create_app
from graph.namespaces import named_graph
from graph.service_description import SD
from tests.app_server import running_app
from tests.test_pages import visitor_of_own_graph

ZONES = "SELECT ?zone ?name WHERE { ?zone a oh:FirstLineZone ; skos:prefLabel ?name }"
ZONES_GRAPH = "CONSTRUCT { ?zone a oh:FirstLineZone ; skos:prefLabel ?name } WHERE { ?zone a oh:FirstLineZone ; skos:prefLabel ?name }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_FROM_GEMEENTEN = "SELECT (COUNT(*) AS ?n) FROM g:gemeenten WHERE { ?s ?p ?o }"
GEMEENTEN = str(named_graph("gemeenten"))
VOCAB = str(named_graph("vocab"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("sparql-protocol")) as base:
        yield base


@pytest.fixture(scope="module")
def endpoint(server):
    return server + "/sparql"


def expected_zones(built_store) -> set[tuple[str, str]]:
    return {(row["zone"], row["name"]) for row in built_store.select(ZONES)}


def wrapper(endpoint: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


def answer_of(client: SPARQLWrapper):
    """The client's converted answer; an HTTP error fails the test with the server's own sentence."""
    try:
        return client.query().convert()
    except urllib.error.HTTPError as error:
        pytest.fail(f"HTTP {error.code}: {error.read().decode('utf-8', 'replace')}")


@pytest.mark.server
def test_sparqlwrapper_get_json_gives_the_zones_of_the_graph(endpoint, built_store):
    bindings = answer_of(wrapper(endpoint, ZONES, JSON))["results"]["bindings"]
    assert {(b["zone"]["value"], b["name"]["value"]) for b in bindings} == expected_zones(built_store)


@pytest.mark.server
def test_sparqlwrapper_post_form_encoded_gives_the_same_answer(endpoint, built_store):
    client = wrapper(endpoint, ZONES, JSON)
    client.setMethod(POST)
    bindings = answer_of(client)["results"]["bindings"]
    assert {(b["zone"]["value"], b["name"]["value"]) for b in bindings} == expected_zones(built_store)


@pytest.mark.server
def test_sparqlwrapper_post_directly_as_sparql_query_gives_the_same_answer(endpoint, built_store):
    client = wrapper(endpoint, ZONES, JSON)
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY)
    bindings = answer_of(client)["results"]["bindings"]
    assert {(b["zone"]["value"], b["name"]["value"]) for b in bindings} == expected_zones(built_store)


@pytest.mark.server
def test_sparqlwrapper_xml_results_parse_as_a_dom(endpoint, built_store):
    document = answer_of(wrapper(endpoint, ZONES, XML))
    assert len(document.getElementsByTagName("result")) == len(expected_zones(built_store))


@pytest.mark.server
def test_sparqlwrapper_csv_results_have_a_header_and_one_line_per_zone(endpoint, built_store):
    text = answer_of(wrapper(endpoint, ZONES, CSV)).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(row["zone"], row["name"]) for row in rows} == expected_zones(built_store)


@pytest.mark.server
def test_sparqlwrapper_construct_as_turtle_parses_into_the_same_triples(endpoint, built_store):
    data = answer_of(wrapper(endpoint, ZONES_GRAPH, TURTLE))
    graph = Graph().parse(data=data, format="turtle")
    assert len(graph) == len(built_store.construct(ZONES_GRAPH))


@pytest.mark.server
def test_rdflib_sparqlstore_queries_the_union_default_graph(endpoint, built_store):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = graph.query(ZONES)
    assert {(str(zone), str(name)) for zone, name in rows} == expected_zones(built_store)


@pytest.mark.server
def test_rdflib_sparqlstore_counts_and_asks(endpoint, built_store):
    graph = Graph(store=SPARQLStore(endpoint))
    zone = next(iter(expected_zones(built_store)))[0]
    assert (URIRef(zone), RDF.type, None) in graph
    assert len(graph) == int(built_store.select(COUNT_ALL)[0]["n"])


@pytest.mark.server
@pytest.mark.parametrize("accept, media_type, rdflib_format", [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
])
def test_select_results_come_in_the_accepted_format(endpoint, built_store, accept, media_type, rdflib_format):
    response = httpx.get(endpoint, params={"query": ZONES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    result = Result.parse(io.BytesIO(response.content), format=rdflib_format)
    assert len(list(result)) == len(expected_zones(built_store))


@pytest.mark.server
@pytest.mark.parametrize("accept, media_type, rdflib_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_results_come_in_the_accepted_rdf_format(endpoint, built_store, accept, media_type, rdflib_format):
    response = httpx.get(endpoint, params={"query": ZONES_GRAPH}, headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == len(built_store.construct(ZONES_GRAPH))


@pytest.mark.server
def test_format_parameter_wins_over_accept_for_links(endpoint):
    response = httpx.get(endpoint, params={"query": ZONES, "format": "csv"},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.headers["content-type"].startswith("text/csv")


@pytest.mark.server
def test_ask_answers_a_boolean(endpoint):
    response = httpx.get(endpoint, params={"query": "ASK { ?z a oh:FirstLineZone }"})
    assert response.json()["boolean"] is True


@pytest.mark.server
def test_a_format_nobody_offers_gets_406(endpoint):
    response = httpx.get(endpoint, params={"query": ZONES}, headers={"Accept": "image/png"})
    assert response.status_code == 406


@pytest.mark.server
def test_csv_asked_for_a_construct_gets_406(endpoint):
    response = httpx.get(endpoint, params={"query": ZONES_GRAPH}, headers={"Accept": "text/csv"})
    assert response.status_code == 406


@pytest.mark.server
def test_default_graph_uri_makes_that_graph_the_default_graph(endpoint, built_store):
    response = httpx.get(endpoint, params={"query": COUNT_ALL, "default-graph-uri": GEMEENTEN})
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == built_store.graph_sizes()[GEMEENTEN]


@pytest.mark.server
def test_two_default_graph_uris_are_merged(endpoint, built_store):
    response = httpx.get(endpoint, params=[("query", COUNT_ALL), ("default-graph-uri", GEMEENTEN),
                                           ("default-graph-uri", VOCAB)])
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    sizes = built_store.graph_sizes()
    assert count == sizes[GEMEENTEN] + sizes[VOCAB]


@pytest.mark.server
def test_named_graph_uri_limits_the_graphs_a_query_can_name(endpoint):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.post(endpoint, data={"query": query, "named-graph-uri": VOCAB})
    graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert graphs == [VOCAB]


@pytest.mark.server
def test_dataset_parameters_work_with_a_direct_post(endpoint, built_store):
    response = httpx.post(endpoint, params={"default-graph-uri": GEMEENTEN}, content=COUNT_ALL,
                          headers={"Content-Type": "application/sparql-query"})
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == built_store.graph_sizes()[GEMEENTEN]


@pytest.mark.server
def test_without_dataset_the_default_graph_is_the_union_of_all_graphs(endpoint, built_store):
    response = httpx.get(endpoint, params={"query": COUNT_ALL})
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == int(built_store.select(COUNT_ALL)[0]["n"])


@pytest.mark.server
def test_from_sets_the_default_graph_instead_of_the_union(endpoint, built_store):
    response = httpx.get(endpoint, params={"query": COUNT_FROM_GEMEENTEN})
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == built_store.graph_sizes()[GEMEENTEN]


@pytest.mark.server
def test_from_named_alone_leaves_the_default_graph_empty(endpoint):
    query = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{GEMEENTEN}> WHERE {{ ?s ?p ?o }}"
    response = httpx.get(endpoint, params={"query": query})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"


@pytest.mark.server
def test_from_in_a_string_or_comment_keeps_the_union(endpoint, built_store):
    query = 'SELECT (COUNT(*) AS ?from) WHERE { ?s ?p ?o FILTER(?o != "FROM g:gemeenten") } # FROM g:vocab'
    response = httpx.get(endpoint, params={"query": query})
    count = int(response.json()["results"]["bindings"][0]["from"]["value"])
    assert count == int(built_store.select(COUNT_ALL)[0]["n"])


@pytest.mark.server
def test_default_graph_uri_wins_over_the_querys_from(endpoint, built_store):
    response = httpx.get(endpoint, params={"query": COUNT_FROM_GEMEENTEN, "default-graph-uri": VOCAB})
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == built_store.graph_sizes()[VOCAB]


@pytest.mark.server
def test_a_malformed_query_gets_400_with_line_column_and_excerpt_in_dutch_and_english(endpoint):
    response = httpx.get(endpoint, params={"query": "SELECT ?x\nWHERE { ?x ?y ?z .\n FILTER(?z > ) }"})
    assert response.status_code == 400
    assert response.text.count("\n") == 1
    dutch, english = response.text.split(" / ")
    assert dutch.startswith("Syntaxfout op regel 3, kolom 2, bij ‘FILTER(?z > ) }’")
    assert english.startswith("Syntax error at line 3, column 2, near ‘FILTER(?z > ) }’")


@pytest.mark.server
def test_an_undeclared_prefix_gets_one_sentence_naming_it_and_the_known_ones(endpoint):
    response = httpx.get(endpoint, params={"query": "SELECT ?x WHERE { ?x foo:bar ?y }"})
    assert response.status_code == 400
    assert response.text.startswith("Het voorvoegsel foo: is niet gedeclareerd. Voeg PREFIX foo: <…> toe")
    assert "The prefix foo: is not declared" in response.text
    assert "oh:, ohs:" in response.text
    assert "\\u{" not in response.text and response.text.count("\n") == 1


@pytest.mark.server
def test_an_error_only_oxigraph_finds_loses_its_character_ranges(endpoint):
    # rdflib's parser accepts this SELECT; Oxigraph's refuses it, listing what it expected.
    response = httpx.get(endpoint, params={"query": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?y ?z }"})
    assert response.status_code == 400
    assert response.text.startswith("Syntaxfout op regel 1, kolom 46")
    assert "[" not in response.text and response.text.count("\n") == 1


@pytest.mark.server
def test_a_refused_query_is_refused_again_when_asked_again(endpoint):
    # Query checks are remembered per text; a refusal must not be remembered as a pass.
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    assert [httpx.get(endpoint, params={"query": federated}).status_code for _ in range(2)] == [403, 403]


@pytest.mark.server
def test_two_query_parameters_get_400(endpoint):
    response = httpx.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert response.status_code == 400


@pytest.mark.server
def test_a_post_of_another_content_type_gets_415(endpoint):
    response = httpx.post(endpoint, content="ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


@pytest.mark.server
def test_service_description_in_turtle_names_every_graph(endpoint, built_store):
    response = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(endpoint), SD.endpoint, URIRef(endpoint)) in graph
    assert {str(name) for name in graph.objects(None, SD.name)} == set(built_store.graph_sizes())


@pytest.mark.server
def test_service_description_is_also_json_ld(endpoint):
    response = httpx.get(endpoint, headers={"Accept": "application/ld+json"})
    graph = Graph().parse(data=response.text, format="json-ld")
    assert (URIRef(endpoint), RDF.type, SD.Service) in graph


def test_the_service_description_counts_a_graph_written_after_it_was_first_read():
    store, visitor = visitor_of_own_graph()
    new_graph = "https://w3id.org/overhoop/graph/bijdrage-test"

    def graph_sizes_described() -> dict[str, int]:
        graph = Graph().parse(data=visitor.get("/sparql", headers={"Accept": "text/turtle"}).text,
                              format="turtle")
        return {str(graph.value(described, SD.name)): int(graph.value(graph.value(described, SD.graph), VOID.triples))
                for described in graph.subjects(SD.name, None)}

    assert new_graph not in graph_sizes_described()
    store.replace_graph(new_graph, "<https://example.org/a> <https://example.org/p> 1 .\n"
                                   "<https://example.org/a> <https://example.org/p> 2 .")
    assert graph_sizes_described()[new_graph] == 2


def test_a_browser_gets_the_query_page_once_the_pages_register_it():
    app = create_app("memory")
    app.state.sparql_page_renderer = lambda request: HTMLResponse("<h1>SPARQL</h1>")
    response = TestClient(app).get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.text == "<h1>SPARQL</h1>"


def test_a_browser_gets_the_query_page():
    response = TestClient(create_app("memory")).get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    assert "<textarea" in response.text


@pytest.mark.parametrize("params", [{}, {"query": "ASK {}"}])
@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_the_query_page_tells_caches_it_depends_on_accept(params, encoding):
    response = TestClient(create_app("memory")).get("/sparql", params=params, headers={
        "Accept": "text/html", "Accept-Encoding": encoding})
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept, Accept-Encoding"


def test_the_in_memory_store_honours_from_too(built_store):
    app = create_app("memory")
    app.state.store = built_store
    response = TestClient(app).get("/sparql", params={"query": COUNT_FROM_GEMEENTEN})
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == built_store.graph_sizes()[GEMEENTEN]


def test_the_in_memory_store_answers_through_a_forked_process(built_store):
    app = create_app("memory")
    app.state.store = built_store
    response = TestClient(app).get("/sparql", params={"query": ZONES})
    assert len(response.json()["results"]["bindings"]) == len(expected_zones(built_store))


@pytest.mark.server
def test_a_remote_store_is_queried_with_the_dataset_forwarded(oxigraph_server):
    httpx.post(oxigraph_server + "/update", data={"update": (
        "INSERT DATA { GRAPH <https://example.org/g1> { <https://example.org/a> <https://example.org/p> 1 } "
        "GRAPH <https://example.org/g2> { <https://example.org/a> <https://example.org/p> 2 } }")})
    client = TestClient(create_app(f"sparql:{oxigraph_server}/query"))
    response = client.get("/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }",
                                             "default-graph-uri": "https://example.org/g2"})
    assert [b["o"]["value"] for b in response.json()["results"]["bindings"]] == ["2"]


def test_a_query_asked_again_after_a_write_sees_the_write():
    store, visitor = visitor_of_own_graph()
    ask = {"query": "ASK { <https://w3id.org/overhoop/id/organisatie/nieuw> ?p ?o }"}
    accept = {"Accept": "application/sparql-results+json"}
    assert visitor.get("/sparql", params=ask, headers=accept).json()["boolean"] is False
    store.replace_graph("https://w3id.org/overhoop/graph/bijdrage-test",
                        "<https://w3id.org/overhoop/id/organisatie/nieuw> a <http://www.w3.org/ns/org#Organization> .")
    assert visitor.get("/sparql", params=ask, headers=accept).json()["boolean"] is True
