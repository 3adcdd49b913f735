"""The public endpoint holds against hostile queries (issue 9).

SERVICE and updates are refused before anything runs; explosive queries stop at the time limit
while the server keeps answering; big results stop at the row cap and say so; oversized requests
are refused before they are read. The server runs for real, with a 2-second limit.
"""

from __future__ import annotations

import io
import socket
import threading

import httpx
import pytest
from rdflib.query import Result

from api.i18n import said
from graph.sandbox import ServiceRefused, UpdateRefused, query_form
from graph.store import QueryError
from tests.app_server import running_app
from tests.conftest import free_port

MAX_ROWS = 50
MAX_QUERY_BYTES = 20_000
MAX_UPLOAD_MB = 1
EXPLOSIVE = {
    "cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "deep property path": "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type)* ?b . ?c (!rdf:type)* ?d }",
    "heavy regex": 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f '
                   'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "(.*a){12}(.*e){12}", "i")) }',
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("hostile"), OVERHOOP_QUERY_TIMEOUT="2",
                     OVERHOOP_MAX_ROWS=str(MAX_ROWS), OVERHOOP_MAX_QUERY_BYTES=str(MAX_QUERY_BYTES),
                     OVERHOOP_MAX_UPLOAD_MB=str(MAX_UPLOAD_MB)) as base:
        yield base


@pytest.fixture
def listener():
    """A loopback port that records whether anything connects to it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))
        sock.listen()
        sock.setblocking(False)
        yield sock


def connections_made(sock: socket.socket) -> int:
    try:
        connection, _ = sock.accept()
    except BlockingIOError:
        return 0
    connection.close()
    return 1


def raw_request(base: str, head: bytes) -> bytes:
    """Send only the request head (no body) and return the status line of the answer."""
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        return sock.recv(4096).split(b"\r\n")[0]


@pytest.mark.server
def test_service_to_a_loopback_address_is_refused_and_never_called(server, listener):
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    response = httpx.get(server + "/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text
    assert connections_made(listener) == 0


@pytest.mark.parametrize("query", [
    "select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE ?where { ?s ?p ?o } } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
])
def test_service_is_found_wherever_it_hides_in_the_query(query):
    with pytest.raises(ServiceRefused):
        query_form(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }" }',
    "SELECT * WHERE { ?s ?p ?o # SERVICE <http://127.0.0.1:1/> { }\n}",
    "SELECT * WHERE { ?s <https://example.org/SERVICE> ?o }",
])
def test_the_word_service_in_a_string_comment_or_iri_is_not_refused(query):
    assert query_form(query) == "SELECT"


@pytest.mark.server
def test_a_string_literal_with_service_runs_on_the_server(server):
    query = 'SELECT * WHERE { ?s skos:prefLabel "SERVICE <http://127.0.0.1:1/> {}" }'
    assert httpx.get(server + "/sparql", params={"query": query}).status_code == 200


@pytest.mark.server
@pytest.mark.parametrize("update", [
    "LOAD <http://127.0.0.1:1/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:1/data.ttl> INTO GRAPH <https://example.org/g>",
    "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
])
def test_updates_and_load_are_refused_at_the_query_endpoint(server, listener, update):
    response = httpx.post(server + "/sparql", data={"query": update})
    assert response.status_code == 400
    assert "alleen-lezen" in response.text
    assert connections_made(listener) == 0


@pytest.mark.server
def test_an_update_parameter_is_refused(server):
    response = httpx.post(server + "/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 400


@pytest.mark.server
def test_a_body_of_type_sparql_update_is_refused(server):
    response = httpx.post(server + "/sparql", content="CLEAR ALL",
                          headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 400


@pytest.mark.server
def test_nothing_was_written_by_the_refused_updates(server):
    response = httpx.get(server + "/sparql", params={"query": "ASK { GRAPH <https://example.org/g> { ?s ?p ?o } }"})
    assert response.json()["boolean"] is False


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPLOSIVE))
def test_explosive_query_stops_at_the_time_limit_while_the_server_answers(server, name):
    outcome = {}

    def run_explosive():
        outcome["response"] = httpx.post(server + "/sparql", data={"query": EXPLOSIVE[name]}, timeout=60)

    worker = threading.Thread(target=run_explosive)
    worker.start()
    health = httpx.get(server + "/health", timeout=60)
    answered_during_query = worker.is_alive()
    worker.join()
    assert health.status_code == 200
    assert answered_during_query
    assert outcome["response"].status_code == 503
    assert "2 s" in outcome["response"].text


@pytest.mark.server
def test_the_endpoint_answers_again_after_a_query_was_stopped(server):
    httpx.post(server + "/sparql", data={"query": EXPLOSIVE["cartesian product"]}, timeout=60)
    response = httpx.get(server + "/sparql", params={"query": "ASK { ?z a oh:FirstLineZone }"})
    assert response.json()["boolean"] is True


@pytest.mark.server
def test_row_cap_cuts_json_results_and_says_so(server):
    response = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    document = response.json()
    assert response.headers["OverHoop-Truncated"] == "true"
    assert response.headers["OverHoop-Row-Limit"] == str(MAX_ROWS)
    assert len(document["results"]["bindings"]) == MAX_ROWS
    assert "afgekapt" in document["head"]["overhoop"]["message_nl"]


@pytest.mark.server
def test_capped_json_still_parses_in_a_standard_client(server):
    response = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(list(Result.parse(io.BytesIO(response.content), format="json"))) == MAX_ROWS


@pytest.mark.server
def test_row_cap_cuts_csv_results_and_says_so_in_a_header(server):
    response = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
    assert response.headers["OverHoop-Truncated"] == "true"
    assert len(response.text.strip().splitlines()) == MAX_ROWS + 1


@pytest.mark.server
def test_row_cap_counts_triples_of_a_construct(server):
    response = httpx.get(server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert response.headers["OverHoop-Truncated"] == "true"
    assert len(response.text.strip().splitlines()) == MAX_ROWS


@pytest.mark.server
def test_a_result_under_the_cap_is_not_marked(server):
    response = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "OverHoop-Truncated" not in response.headers
    assert "overhoop" not in response.json()["head"]


@pytest.mark.server
def test_an_oversized_query_string_is_refused_with_414(server):
    response = httpx.get(server + "/sparql", params={"query": "ASK {}", "padding": "x" * MAX_QUERY_BYTES})
    assert response.status_code == 414
    assert "POST" in response.json()["detail"]


@pytest.mark.server
def test_an_oversized_query_body_is_refused_before_it_is_sent(server):
    head = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: " + str(MAX_QUERY_BYTES + 1).encode() + b"\r\n\r\n")
    assert b" 413 " in raw_request(server, head)


@pytest.mark.server
def test_an_oversized_upload_is_refused_before_it_is_sent(server):
    head = (b"POST /api/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
            b"Content-Length: " + str(MAX_UPLOAD_MB * 1_000_000 + 1).encode() + b"\r\n\r\n")
    assert b" 413 " in raw_request(server, head)


@pytest.mark.server
def test_a_chunked_body_is_cut_off_at_the_limit(server):
    def chunks():
        for _ in range(MAX_QUERY_BYTES // 1000 + 2):
            yield b"#" * 1000

    response = httpx.post(server + "/sparql", content=chunks(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_an_update_is_recognised_as_an_update():
    with pytest.raises(UpdateRefused):
        query_form("LOAD <http://127.0.0.1:1/>")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "CLEAR ALL",
    "SELECT ?x WHERE { ?x foo:bar ?y }",
    "SELECT * WHERE { ?s skos:broader / skos:prefLabel ?y . ?x ?y }",
    "",
])
def test_every_refusal_splits_into_a_dutch_and_an_english_sentence(query):
    # English pages show the half after " / " (api.i18n.said): a property path "a / b" quoted from
    # the query must not split the message a second time.
    with pytest.raises(QueryError) as refused:
        query_form(query)
    dutch, english = str(refused.value).split(" / ")
    assert said(refused.value, "en") == english
    assert not {"de", "het", "een", "niet"} & set(english.lower().split())
