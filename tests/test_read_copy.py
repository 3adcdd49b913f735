"""An on-disk store answers from its copy in memory, and every write reaches the disk and the copy."""

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import open_store

GRAPH = "https://example.org/g"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(count: int, word: str = "een") -> str:
    return "\n".join(f'<https://example.org/s{n}> <https://example.org/p> "{word} {n}" .' for n in range(count))


@pytest.fixture
def disk_with_data(tmp_path):
    """An on-disk store holding three triples in one named graph, closed again."""
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    store.replace_graph(GRAPH, triples(3))
    store.close()
    return spec


def count(store) -> int:
    return int(store.select(COUNT)[0]["n"])


def test_queries_read_the_copy_once_it_is_made(disk_with_data):
    store = open_store(disk_with_data, read_copy_mb=64)
    assert store.wait_for_read_copy() == "ready"
    # A quad slipped into the disk behind the store's back is not seen: the answers come from the copy.
    store._store.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"),
                             ox.Literal("verborgen"), ox.NamedNode(GRAPH)))
    assert count(store) == 3
    store.close()


def test_every_kind_of_write_reaches_the_copy_and_the_disk(disk_with_data, tmp_path):
    store = open_store(disk_with_data, read_copy_mb=64)
    assert store.wait_for_read_copy() == "ready"
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://example.org/n> <https://example.org/p> "nieuw" }} }}')
    store.replace_graph("https://example.org/weg", triples(2, "weg"))
    store.drop_graph("https://example.org/weg")
    bulk = tmp_path / "bulk.nt"
    bulk.write_text(triples(5, "bulk"), encoding="utf-8")
    store.bulk_replace_graph("https://example.org/bulk", bulk)
    seen_through_the_copy = store.graph_sizes()
    store.close()
    on_disk = open_store(disk_with_data)
    assert seen_through_the_copy == on_disk.graph_sizes() == {GRAPH: 4, "https://example.org/bulk": 5}
    on_disk.close()


def test_a_restore_replaces_what_the_copy_answers(disk_with_data, tmp_path):
    backup = tmp_path / "backup.nq"
    backup.write_text(f'<https://example.org/r> <https://example.org/p> "terug" <{GRAPH}> .\n', encoding="utf-8")
    store = open_store(disk_with_data, read_copy_mb=64)
    assert store.wait_for_read_copy() == "ready"
    store.load_dataset(backup, "nq", replace=True)
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "terug"}]
    store.close()


def test_a_write_made_while_the_copy_is_being_made_is_not_lost(disk_with_data):
    store = open_store(disk_with_data, read_copy_mb=64)
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://example.org/n> <https://example.org/p> "vroeg" }} }}')
    assert store.wait_for_read_copy() == "ready"
    assert count(store) == 4
    store.close()


def test_a_store_larger_than_the_budget_is_read_from_disk(tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    store.replace_graph(GRAPH, triples(20_000))
    store.close()
    store = open_store(spec, read_copy_mb=1)
    assert store.wait_for_read_copy() == "too-large"
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://example.org/n> <https://example.org/p> "nieuw" }} }}')
    assert count(store) == 20_001
    store.close()


def test_a_store_opened_read_only_or_in_memory_makes_no_copy(disk_with_data):
    read_only = open_store(disk_with_data, read_only=True, read_copy_mb=64)
    in_memory = open_store("memory", read_copy_mb=64)
    assert (read_only.wait_for_read_copy(), in_memory.wait_for_read_copy()) == ("off", "off")
    read_only.close()


def test_health_says_whether_the_server_reads_a_copy_in_memory(disk_with_data):
    app = create_app(disk_with_data, Settings(read_copy_mb=64))
    app.state.store.wait_for_read_copy()
    with TestClient(app) as client:
        assert client.get("/health").json()["read_copy"] == "ready"
    app.state.store.close()


class _CopyThatRefusesWrites:
    """The copy in memory, failing on its next write (as when memory runs out)."""

    def __init__(self, copy):
        self._copy = copy

    def update(self, *args, **kwargs):
        raise OSError("geen geheugen meer")

    def __getattr__(self, name):
        return getattr(self._copy, name)


def test_a_copy_that_cannot_follow_a_write_is_given_up_and_queries_read_the_disk(disk_with_data):
    store = open_store(disk_with_data, read_copy_mb=64)
    assert store.wait_for_read_copy() == "ready"
    store._reads = _CopyThatRefusesWrites(store._reads)
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://example.org/n> <https://example.org/p> "nieuw" }} }}')
    assert store.read_copy_state == "failed"
    assert count(store) == 4
    store.close()


def test_a_copy_file_left_by_a_killed_server_is_cleaned_up(disk_with_data, tmp_path):
    left_behind = tmp_path / ".store-read-copy-abc123"
    left_behind.mkdir()
    (left_behind / "store.nq").write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    store = open_store(disk_with_data, read_copy_mb=64)
    assert store.wait_for_read_copy() == "ready"
    store.close()
    assert [p.name for p in tmp_path.iterdir() if "read-copy" in p.name] == []
