"""Backups: export then restore gives an isomorphic dataset, contributions and provenance included."""

import io

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from api.cli import main
from graph.backup import check_backup, export_dataset, restore
from graph.imports import apply, preview
from graph.store import StoreError, open_store
from tests.import_helpers import ORGANISATIONS, csv_bytes


def graphs(store) -> dict:
    dataset = Dataset()
    dataset.parse(data=store.dump("nq"), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_then_restore_is_isomorphic_graph_by_graph(fresh_store, tmp_path, fmt):
    apply(fresh_store, preview(fresh_store, csv_bytes(ORGANISATIONS), "organisaties.csv"))
    backup = tmp_path / f"backup.{fmt}"
    with backup.open("wb") as output:
        fresh_store.dump(fmt, output)
    restored = open_store("memory")
    sizes = restore(restored, backup)
    original, copy = graphs(fresh_store), graphs(restored)
    assert sorted(copy) == sorted(original)
    assert "https://w3id.org/overhoop/graph/herkomst-bijdragen" in copy
    assert all(isomorphic(original[name], copy[name]) for name in original)
    assert sizes == {name: len(graph) for name, graph in original.items()}


def test_json_ld_export_keeps_every_graph(fresh_store):
    output = io.BytesIO()
    export_dataset(fresh_store, output, "jsonld")
    dataset = Dataset()
    dataset.parse(data=output.getvalue(), format="json-ld")
    copy, original = {str(g.identifier): g for g in dataset.graphs() if len(g)}, graphs(fresh_store)
    assert sorted(copy) == sorted(original)
    assert all(isomorphic(original[name], copy[name]) for name in original)


def test_turtle_export_is_every_graph_merged_into_one(fresh_store):
    output = io.BytesIO()
    export_dataset(fresh_store, output, "ttl")
    merged = Graph()
    for graph in graphs(fresh_store).values():
        merged += graph
    assert isomorphic(Graph().parse(data=output.getvalue(), format="turtle"), merged)


def test_restore_refuses_a_store_that_is_not_empty(fresh_store, tmp_path):
    backup = tmp_path / "backup.trig"
    backup.write_bytes(fresh_store.dump("trig"))
    with pytest.raises(ValueError, match="niet leeg"):
        restore(fresh_store, backup)


@pytest.fixture
def truncated_backup(fresh_store, tmp_path):
    """The first half of a TriG backup of the real graph, as a copy that broke off would be."""
    backup = tmp_path / "backup.trig"
    whole = fresh_store.dump("trig")
    backup.write_bytes(whole[: len(whole) // 2])
    return backup


def test_a_truncated_backup_is_refused_and_nothing_is_restored(truncated_backup):
    target = open_store("memory")
    with pytest.raises(ValueError, match="geen geldige TriG-back-up"):
        restore(target, truncated_backup)
    assert len(target.dump("nq")) == 0


def test_a_load_that_breaks_off_leaves_the_store_empty_not_half_loaded(truncated_backup):
    target = open_store("memory")
    with pytest.raises(StoreError, match="de store is nu leeg"):
        target.load_dataset(truncated_backup, "trig")
    assert len(target.dump("nq")) == 0


def test_a_backup_with_another_extension_is_refused_with_the_formats_to_use(tmp_path):
    backup = tmp_path / "backup.ttl"
    backup.write_text("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(ValueError, match=r"\.trig- of \.nq-bestand"):
        check_backup(backup)


def test_restore_with_replace_overwrites_the_store(tmp_path, capsys):
    source, target = f"oxigraph:{tmp_path / 'a'}", f"oxigraph:{tmp_path / 'b'}"
    assert main(["--store", source, "build"]) == 0
    assert main(["--store", source, "export", "--format", "trig", "-o", str(tmp_path / "b.trig")]) == 0
    assert not (tmp_path / "b.trig.part").exists()
    assert main(["--store", target, "build"]) == 0
    assert main(["--store", target, "restore", str(tmp_path / "b.trig")]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["--store", target, "restore", "--replace", str(tmp_path / "b.trig")]) == 0
    a, b = open_store(source), open_store(target)
    assert a.graph_sizes() == b.graph_sizes()


def test_a_backup_that_cannot_be_read_is_refused_with_one_sentence(tmp_path):
    unreadable = tmp_path / "backup.nq"
    unreadable.mkdir()
    with pytest.raises(ValueError, match="kan niet gelezen worden"):
        check_backup(unreadable)
