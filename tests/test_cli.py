"""The `overhoop` command line: build, query in W3C formats, validate, export, errors for people."""

import csv
import errno
import io
import json
import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest
from rdflib import Graph

from api.cli import main
from api.commands import core
from graph.build import build
from graph.imports import apply, preview
from graph.store import OxigraphStore, open_store
from tests.api_fixtures import GEOGRAPHY
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes
from tests.store_holder import holding


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    spec = f"oxigraph:{tmp_path / 'store'}"
    monkeypatch.setenv("OVERHOOP_STORE", spec)
    assert main(["build"]) == 0
    return spec


def test_build_prints_triples_per_named_graph(store_dir, capsys):
    main(["build"])
    out = capsys.readouterr().out
    assert "https://w3id.org/overhoop/graph/elz-indeling-2025" in out
    assert "totaal" in out


def test_query_counts_sixty_zones_as_csv(store_dir, capsys):
    capsys.readouterr()
    assert main(["query", "--format", "csv", "SELECT (COUNT(?z) AS ?n) WHERE { ?z a oh:FirstLineZone }"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["n"], ["60"]]


def test_query_json_follows_the_w3c_results_format(store_dir, capsys):
    capsys.readouterr()
    main(["query", "--format", "json", "SELECT ?z WHERE { ?z a oh:FirstLineZone } LIMIT 1"])
    results = json.loads(capsys.readouterr().out)
    assert results["head"]["vars"] == ["z"]
    assert results["results"]["bindings"][0]["z"]["type"] == "uri"


def test_query_reads_a_file_after_at_sign(store_dir, tmp_path, capsys):
    query = tmp_path / "n.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?z a oh:FirstLineZone }")
    capsys.readouterr()
    main(["query", "--format", "tsv", f"@{query}"])
    assert capsys.readouterr().out.splitlines() == ["?n", "60"]


def test_bad_query_gives_one_line_and_exit_code_2(store_dir, capsys):
    capsys.readouterr()
    assert main(["query", "SELEC nonsense"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Syntaxfout op regel 1, kolom 1" in err
    assert "Traceback" not in err


def one_error_line(capsys) -> str:
    """The one line a failed command wrote on stderr (nothing on stdout)."""
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    return err


def test_query_from_a_graph_counts_that_graph_as_the_endpoint_does(store_dir, capsys):
    capsys.readouterr()
    query = "SELECT (COUNT(*) AS ?n) FROM g:gemeenten WHERE { ?s ?p ?o }"
    assert main(["query", "--format", "csv", query]) == 0
    counted = int(list(csv.reader(io.StringIO(capsys.readouterr().out)))[1][0])
    store = open_store(store_dir)
    try:
        assert counted == store.graph_sizes()["https://w3id.org/overhoop/graph/gemeenten"]
    finally:
        store.close()


def test_query_with_from_only_in_a_comment_counts_every_graph(store_dir, capsys):
    capsys.readouterr()
    main(["query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # FROM g:gemeenten"])
    in_comment = capsys.readouterr().out
    main(["query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert in_comment == capsys.readouterr().out


def test_query_with_service_is_refused_before_any_call(store_dir, capsys):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        capsys.readouterr()
        assert main(["query", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"]) == 2
        with pytest.raises(BlockingIOError):
            listener.accept()
    err = one_error_line(capsys)
    assert "SERVICE (federatie) is niet toegestaan" in err and "/ SERVICE (federated query)" in err


def test_an_error_while_a_query_runs_is_one_sentence_not_a_traceback(store_dir, capsys, monkeypatch):
    def broken_read(self, *args, **kwargs):
        raise OSError("IO error: the disk went away")

    monkeypatch.setattr(OxigraphStore, "query", broken_read)
    capsys.readouterr()
    assert main(["query", "ASK { ?s ?p ?o }"]) == 2
    assert "De query kon niet uitgevoerd worden (IO error: the disk went away)" in one_error_line(capsys)


def test_an_update_is_refused_as_an_update(store_dir, capsys):
    capsys.readouterr()
    assert main(["query", "INSERT DATA { <a:b> <a:c> <a:d> }"]) == 2
    assert "Dit is een SPARQL-update" in one_error_line(capsys)


def test_an_undeclared_prefix_is_named_in_one_sentence(store_dir, capsys):
    capsys.readouterr()
    assert main(["query", "SELECT ?x WHERE { ?x foo:bar ?y }"]) == 2
    err = one_error_line(capsys)
    assert "Het voorvoegsel foo: is niet gedeclareerd. Voeg PREFIX foo: <…> toe" in err
    assert "\\u{" not in err


def test_a_construct_as_a_table_lists_subject_predicate_object(store_dir, capsys):
    capsys.readouterr()
    query = "CONSTRUCT { ?z a oh:FirstLineZone } WHERE { ?z a oh:FirstLineZone } LIMIT 2"
    assert main(["query", query]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["subject", "predicate", "object"]
    assert len(lines) == 4 and lines[2].split()[2] == "https://w3id.org/overhoop/ns#FirstLineZone"
    assert err == "(2 rijen)\n"


@pytest.mark.parametrize("fmt, query, fitting", [
    ("ttl", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "kies table, csv, tsv, json of xml"),
    ("nt", "ASK { ?s ?p ?o }", "kies table, csv, tsv, json of xml"),
    ("csv", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "kies table, json, xml, ttl, nt of jsonld"),
])
def test_a_format_that_does_not_fit_the_query_is_refused_naming_those_that_do(store_dir, capsys, fmt, query, fitting):
    capsys.readouterr()
    assert main(["query", "--format", fmt, query]) == 2
    assert fitting in one_error_line(capsys)


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                                ("json", "json-ld"), ("xml", "xml")])
def test_a_construct_comes_in_the_rdf_format_asked(store_dir, capsys, fmt, rdflib_format):
    capsys.readouterr()
    query = "CONSTRUCT { ?z a oh:FirstLineZone } WHERE { ?z a oh:FirstLineZone }"
    assert main(["query", "--format", fmt, query]) == 0
    assert len(Graph().parse(data=capsys.readouterr().out, format=rdflib_format)) == 60


def test_one_row_is_counted_as_one_rij(store_dir, capsys):
    capsys.readouterr()
    main(["query", "SELECT ?z WHERE { ?z a oh:FirstLineZone } LIMIT 1"])
    assert capsys.readouterr().err == "(1 rij)\n"


def test_query_json_ends_with_a_newline(store_dir, capsys):
    capsys.readouterr()
    main(["query", "--format", "json", "ASK { ?s ?p ?o }"])
    assert capsys.readouterr().out.endswith("}\n")


def test_missing_query_file_is_a_clear_error(store_dir, capsys):
    assert main(["query", "@/no/such/file.rq"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_validate_passes_on_the_built_store(store_dir):
    assert main(["validate"]) == 0


def test_validate_reports_violations_in_dutch_and_english(store_dir, tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
        @prefix oh: <https://w3id.org/overhoop/ns#> .
        <https://example.org/r> a oh:Referral .
    """)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "https://example.org/r" in out
    assert "nl: Doorverwijzing" in out and "en: Referral" in out


def test_export_trig_keeps_named_graphs(store_dir, tmp_path):
    target = tmp_path / "dump.trig"
    assert main(["export", "--format", "trig", "-o", str(target)]) == 0
    assert "https://w3id.org/overhoop/graph/elz-indeling-2025" in target.read_text()


def test_an_export_that_runs_out_of_disk_space_says_so_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    def full_disk(store, output, fmt):
        output.write(b"<urn:a> <urn:b> <urn:c> .\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core, "export_dataset", full_disk)
    target = tmp_path / "backup.trig"
    assert main(["--store", "memory", "export", "--format", "trig", "-o", str(target)]) == 2
    assert "niets geschreven" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_store_is_a_clear_error(capsys):
    assert main(["--store", "nonsense", "build"]) == 2
    assert "Onbekende store" in capsys.readouterr().err


def who_holds_it_together(out: str) -> list[str]:
    """The lines under "Wie houdt het netwerk samen?" of ``overhoop analyse``, up to the communities."""
    return out.split("Wie houdt het netwerk samen?")[1].split("Gemeenschappen")[0].strip().splitlines()[1:]


def test_analyse_of_a_zone_where_nobody_lies_between_two_others_says_so_not_an_empty_table(store_dir, capsys):
    capsys.readouterr()
    assert main(["analyse", "--zone", "gent"]) == 0
    out = capsys.readouterr().out
    assert "3 knopen, 1 verbindingen" in out
    assert who_holds_it_together(out) == ["Niemand ligt hier tussen twee anderen: wie verbonden is, is "
                                          "rechtstreeks verbonden (betweenness overal 0)."]


def test_analyse_of_a_zone_without_ties_says_nobody_is_linked(store_dir, capsys):
    capsys.readouterr()
    assert main(["analyse", "--zone", "leuven"]) == 0
    assert who_holds_it_together(capsys.readouterr().out) == [
        "Geen enkele knoop is hier met een andere verbonden, dus ligt niemand tussen twee anderen."]


def test_export_gexf_of_a_zone_names_the_zone_and_its_sparql_files_in_the_meta(store_dir, tmp_path):
    target = tmp_path / "gent.gexf"
    assert main(["export", "--format", "gexf", "--zone", "gent", "-o", str(target)]) == 0
    meta = ET.parse(target).getroot().find("{*}meta")
    keywords = meta.find("{*}keywords").text.split(", ")
    assert keywords[:4] == ["OverHoop", "organisaties", "gent", "seed 42"]
    assert "network_referrals.rq" in keywords
    assert "eerstelijnszone/gent> }" in meta.find("{*}description").text


def test_imports_lists_each_contribution_at_its_time_in_brussels(tmp_path, capsys):
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    build(store, sources=GEOGRAPHY, progress=lambda *_: None)
    plan = preview(store, csv_bytes(ORGANISATIONS), "organisaties.csv", agent="coordinator-leuven")
    # 23:30 UTC on 30 November is half past midnight on 1 December in Brussels.
    apply(store, plan, now=datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc))
    store.close()
    assert main(["--store", spec, "imports"]) == 0
    listed = capsys.readouterr().out
    assert "1 december 2026, 0.30 uur" in listed and "23:30" not in listed


# Beside a running server: a second process holds the store open to write.

READ_ONLY_LINE = ("de store {path} is al open om te schrijven (draait de overhoop-server?); alleen-lezen geopend, "
                  "met de gegevens van nu: wat intussen geschreven wordt, telt niet mee.")


@pytest.fixture
def store_with_a_contribution(tmp_path):
    """An on-disk store with the geography and one contribution; returns its spec."""
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    build(store, sources=GEOGRAPHY, progress=lambda *_: None)
    apply(store, preview(store, csv_bytes(ORGANISATIONS), "organisaties.csv", agent="coordinator-leuven"))
    store.close()
    return spec


def test_query_beside_a_server_reads_the_store_and_says_so_in_one_line(store_with_a_contribution, tmp_path, capsys):
    with holding(store_with_a_contribution):
        code = main(["--store", store_with_a_contribution, "query", "--format", "csv",
                     "SELECT (COUNT(?z) AS ?n) WHERE { ?z a oh:FirstLineZone }"])
    out, err = capsys.readouterr()
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["n"], ["60"]]
    assert err == f"overhoop query: {READ_ONLY_LINE.format(path=tmp_path / 'store')}\n"


def test_imports_beside_a_server_lists_the_contributions(store_with_a_contribution, capsys):
    with holding(store_with_a_contribution):
        code = main(["--store", store_with_a_contribution, "imports"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "coordinator-leuven" in out and "organisaties.csv" in out
    assert err.count("\n") == 1 and "overhoop imports: " in err and "alleen-lezen geopend" in err


def test_import_beside_a_server_is_refused_with_the_sentence_and_writes_nothing(store_with_a_contribution, tmp_path,
                                                                                capsys):
    sheet = tmp_path / "verbindingen.csv"
    sheet.write_bytes(csv_bytes(LINKS))
    store = open_store(store_with_a_contribution)
    before = store.dump("nq")
    store.close()
    with holding(store_with_a_contribution):
        code = main(["--store", store_with_a_contribution, "import", str(sheet)])
    assert code == 2
    assert "Draait er al een overhoop-server op deze map? Stop die eerst, of schrijf via de server." in \
        one_error_line(capsys)
    store = open_store(store_with_a_contribution)
    assert store.dump("nq") == before
    store.close()


def test_a_reading_command_without_a_server_says_nothing_about_read_only(store_with_a_contribution, capsys):
    assert main(["--store", store_with_a_contribution, "imports"]) == 0
    assert capsys.readouterr().err == ""


# A file to validate is the working directory's.

def test_validate_of_a_missing_file_says_it_does_not_exist_with_exit_code_2(tmp_path, monkeypatch, capsys):
    # The parent holds a file of that name: rdflib used to read it instead (see graph/validate.py).
    (tmp_path / "nope.ttl").write_text("<https://example.org/a> <https://example.org/b> 1 .")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["--store", "memory", "validate", "nope.ttl"]) == 2
    assert one_error_line(capsys) == "overhoop validate: Het bestand nope.ttl bestaat niet.\n"


def test_validate_reads_a_relative_file_from_the_working_directory(tmp_path, monkeypatch, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.ttl").write_text("@prefix oh: <https://w3id.org/overhoop/ns#> .\n<r> a oh:Referral .\n")
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["--store", "memory", "validate", "bad.ttl"]) == 1
    assert f"[Violation] {(tmp_path / 'sub' / 'r').as_uri()}" in capsys.readouterr().out
