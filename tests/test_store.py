"""The store interface behaves the same on every backend, including a real Oxigraph server."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph.store import QueryError, StoreError, open_store
from tests.store_holder import holding

TRIPLE = "<https://example.org/a> <https://example.org/p> \"een\"@nl ."


@pytest.fixture(params=["memory", "oxigraph", "oxigraph-read-copy", "rdflib", "sparql"])
def any_store(request, tmp_path):
    if request.param == "oxigraph":
        store = open_store(f"oxigraph:{tmp_path / 'store'}")
    elif request.param == "oxigraph-read-copy":
        store = open_store(f"oxigraph:{tmp_path / 'store'}", read_copy_mb=64)
        assert store.wait_for_read_copy() == "ready"
    elif request.param == "sparql":
        base = request.getfixturevalue("oxigraph_server")
        store = open_store(f"sparql:{base}/query")
    else:
        store = open_store(request.param)
    yield store
    store.close()


def test_replace_graph_then_query_sees_union_default_graph(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    rows = any_store.select("SELECT ?o WHERE { <https://example.org/a> ?p ?o }")
    assert rows == [{"o": "een"}]


def test_replace_graph_replaces_rather_than_adds(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    any_store.replace_graph("https://example.org/g1", TRIPLE.replace("een", "twee"))
    assert any_store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "twee"}]


def test_graph_sizes_counts_each_named_graph(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    any_store.replace_graph("https://example.org/g2", TRIPLE + "\n" + TRIPLE.replace("een", "twee"))
    assert any_store.graph_sizes() == {"https://example.org/g1": 1, "https://example.org/g2": 2}


def test_drop_graph_removes_only_that_graph(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    any_store.replace_graph("https://example.org/g2", TRIPLE)
    any_store.drop_graph("https://example.org/g1")
    assert list(any_store.graph_sizes()) == ["https://example.org/g2"]


def test_project_prefixes_are_predeclared(any_store):
    any_store.replace_graph("https://example.org/g1",
                            "<https://example.org/z> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                            "<https://w3id.org/overhoop/ns#FirstLineZone> .")
    assert any_store.ask("ASK { ?z a oh:FirstLineZone }")


def test_select_as_tsv_writes_each_term_in_its_sparql_form(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    tsv = any_store.query("SELECT ?s ?o ?unbound WHERE { ?s ?p ?o }", "tsv").decode("utf-8")
    assert tsv.splitlines() == ["?s\t?o\t?unbound", '<https://example.org/a>\t"een"@nl\t']


def test_queries_from_several_threads_at_once_all_answer(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    queries = [f"SELECT ?o WHERE {{ ?s ?p ?o FILTER(?o != {n}) }}" for n in range(40)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(any_store.select, queries))
    assert answers == [[{"o": "een"}]] * len(queries)


def test_malformed_query_raises_query_error(any_store):
    with pytest.raises(QueryError):
        any_store.query("SELEC ?x WHERE {}")


def test_dump_keeps_named_graphs(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    assert b"<https://example.org/g1>" in any_store.dump("nq")


def test_dump_into_a_file_writes_what_dump_returns(any_store, tmp_path):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    with (tmp_path / "dump.nq").open("wb") as output:
        assert any_store.dump("nq", output) is None
    assert (tmp_path / "dump.nq").read_bytes() == any_store.dump("nq")


BACKUP = """<https://example.org/a> <https://example.org/p> _:b <https://example.org/g1> .
_:b <https://example.org/p> "een"@nl <https://example.org/g2> .
"""


def test_dump_as_json_ld_keeps_named_graphs(any_store):
    any_store.replace_graph("https://example.org/g1", TRIPLE)
    quads = list(ox.parse(any_store.dump("jsonld"), format=ox.RdfFormat.JSON_LD))
    assert [(quad.object.value, quad.graph_name.value) for quad in quads] == [("een", "https://example.org/g1")]


def test_dump_merged_writes_all_graphs_as_one_turtle_graph_with_shared_blank_nodes(any_store, tmp_path):
    (tmp_path / "backup.nq").write_text(BACKUP)
    any_store.load_dataset(tmp_path / "backup.nq", "nq")
    output = io.BytesIO()
    any_store.dump_merged(output)
    merged = Graph().parse(data=output.getvalue(), format="turtle")
    rows = merged.query("SELECT ?o WHERE { <https://example.org/a> ?p ?b . ?b ?q ?o }")
    assert [str(row.o) for row in rows] == ["een"]


def test_a_remote_turtle_export_reads_the_graph_store_endpoint_not_one_query_answer(oxigraph_server, tmp_path,
                                                                                  monkeypatch):
    store = open_store(f"sparql:{oxigraph_server}/query")
    (tmp_path / "backup.nq").write_text(BACKUP)
    store.load_dataset(tmp_path / "backup.nq", "nq")

    def no_query(*_args, **_kwargs):
        raise AssertionError("the whole store was asked for as a query answer")

    monkeypatch.setattr(store, "query", no_query)
    output = io.BytesIO()
    store.dump_merged(output)
    merged = Graph().parse(data=output.getvalue(), format="turtle")
    assert [str(row.o) for row in merged.query("SELECT ?o WHERE { <https://example.org/a> ?p ?b . ?b ?q ?o }")] == [
        "een"]
    store.close()


def test_load_dataset_adds_a_file_graph_by_graph_with_its_blank_nodes(any_store, tmp_path):
    (tmp_path / "backup.nq").write_text(BACKUP)
    any_store.load_dataset(tmp_path / "backup.nq", "nq")
    assert any_store.graph_sizes() == {"https://example.org/g1": 1, "https://example.org/g2": 1}
    rows = any_store.select("SELECT ?o WHERE { <https://example.org/a> ?p ?b . ?b ?q ?o }")
    assert rows == [{"o": "een"}]


def test_load_dataset_with_replace_empties_the_store_first(any_store, tmp_path):
    any_store.replace_graph("https://example.org/old", TRIPLE)
    (tmp_path / "backup.nq").write_text(BACKUP)
    any_store.load_dataset(tmp_path / "backup.nq", "nq", replace=True)
    assert sorted(any_store.graph_sizes()) == ["https://example.org/g1", "https://example.org/g2"]


def test_a_sparql_server_without_a_graph_store_endpoint_is_dumped_and_loaded_through_sparql(oxigraph_server,
                                                                                             tmp_path):
    store = open_store(f"sparql:{oxigraph_server}/query")
    store.store_url = None
    (tmp_path / "backup.nq").write_text(BACKUP)
    store.load_dataset(tmp_path / "backup.nq", "nq")
    assert b"<https://example.org/g2>" in store.dump("nq")
    assert store.graph_sizes() == {"https://example.org/g1": 1, "https://example.org/g2": 1}


def test_unknown_store_spec_says_what_to_use():
    with pytest.raises(StoreError, match="oxigraph:MAP, memory of sparql:URL"):
        open_store("postgres:whatever")


def test_unreachable_remote_store_says_so(tmp_path):
    from tests.conftest import free_port

    store = open_store(f"sparql:http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="antwoordt niet"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_replace_graph_refuses_an_iri_that_breaks_out():
    with pytest.raises(ValueError):
        open_store("memory").replace_graph("https://example.org/g> } ; DROP ALL ; {", TRIPLE)


@pytest.fixture
def server_sending_broken_nquads():
    """A loopback HTTP server whose Graph Store endpoint answers with text that is not N-Quads."""
    class Broken(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<https://example.org/a> <https://example.org/p> dit is geen N-Quads\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-quads")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_remote_store_sending_broken_nquads_gives_one_sentence_not_a_traceback(server_sending_broken_nquads):
    store = open_store(f"sparql:{server_sending_broken_nquads}/query")
    with pytest.raises(StoreError, match="stuurde geen geldige N-Quads"):
        store.dump_merged(io.BytesIO())
    store.close()


# An on-disk store that another process (a running server) holds open to write.

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def insert(n: int) -> str:
    return f"INSERT DATA {{ GRAPH <https://example.org/g> {{ <https://example.org/a> <https://example.org/p> {n} }} }}"


@pytest.fixture
def held_spec(tmp_path):
    """The spec of an on-disk store with one triple, for a test to hold in another process."""
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    store.update(insert(1))
    store.close()
    return spec


def test_a_store_held_by_another_writer_is_refused_saying_a_server_may_run(held_spec):
    with holding(held_spec), pytest.raises(StoreError, match="Draait er al een overhoop-server op deze map"):
        open_store(held_spec)


def test_a_store_held_by_another_writer_opens_read_only_for_a_reader_that_asks(held_spec):
    with holding(held_spec):
        store = open_store(held_spec, read_only_if_held=True)
        assert (store.held_elsewhere, store.read_only) == (True, True)
        assert store.select(COUNT) == [{"n": "1"}]
        store.close()


def test_a_free_store_opens_to_write_for_a_reader_that_asks(held_spec):
    store = open_store(held_spec, read_only_if_held=True)
    assert (store.held_elsewhere, store.read_only) == (False, False)
    store.close()


def test_the_read_only_view_sees_what_the_writer_committed_before_it_opened(held_spec):
    with holding(held_spec) as server:
        server.write(insert(2))  # committed, still in the write-ahead log
        store = open_store(held_spec, read_only_if_held=True)
        assert store.select(COUNT) == [{"n": "2"}]
        store.close()


def test_the_read_only_view_does_not_see_what_the_writer_commits_after_it_opened(held_spec):
    with holding(held_spec) as server:
        store = open_store(held_spec, read_only_if_held=True)
        server.write(insert(2))
        assert store.select(COUNT) == [{"n": "1"}]
        store.close()


def test_the_rdflib_store_reads_a_from_graph_from_itself_and_calls_no_address():
    store = open_store("rdflib")
    store.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }")
    here = store.select("SELECT ?s FROM <https://example.org/g> WHERE { ?s ?p ?o }")
    elsewhere = store.select("SELECT ?s FROM <http://127.0.0.1:9/nergens> WHERE { ?s ?p ?o }")
    assert [row["s"] for row in here] == ["https://example.org/a"] and elsewhere == []
