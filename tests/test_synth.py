"""`overhoop synth`: fictional, Flanders-shaped data that can never pass for real data."""

import pytest
from rdflib import Graph

from api.cli import main
from graph.build import build
from graph.synth import SYNTH_GRAPH, SYNTHETIC_IRI, generate, read_reference, synthesise
from graph.store import open_store
from graph.validate import validate_graph

FICTIONAL = "https://w3id.org/overhoop/ns#fictional"


@pytest.fixture(scope="module")
def reference(built_store):
    return read_reference(built_store)


@pytest.fixture(scope="module")
def synth_store():
    """A built store with 300 organisations, 90 practices and 1,200 referrals (seed 5)."""
    store = open_store("memory")
    build(store)
    synthesise(store, organisations=300, referrals=1200, seed=5)
    return store


def count(store, where: str) -> int:
    return int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_the_same_seed_gives_the_same_graph(reference):
    assert generate(reference, 50, 200, seed=3) == generate(reference, 50, 200, seed=3)


def test_another_seed_gives_another_graph(reference):
    assert generate(reference, 50, 200, seed=3)[0] != generate(reference, 50, 200, seed=4)[0]


def test_the_store_holds_as_many_organisations_practices_and_referrals_as_asked(synth_store):
    in_synth = f"GRAPH <{SYNTH_GRAPH}> {{ ?x a ?class }}"
    assert count(synth_store, f"{in_synth} FILTER(?class = org:Organization)") == 300
    assert count(synth_store, f"{in_synth} FILTER(?class = oh:Practice)") == 90
    assert count(synth_store, f"{in_synth} FILTER(?class = oh:Referral)") == 1200


def test_every_organisation_lies_in_a_real_active_municipality_of_a_zone(synth_store):
    outside = count(synth_store, f"""
        GRAPH <{SYNTH_GRAPH}> {{ ?org a org:Organization ; dct:spatial ?gemeente }}
        FILTER NOT EXISTS {{
          GRAPH <https://w3id.org/overhoop/graph/gemeenten> {{ ?gemeente skos:notation ?nis }}
          ?zone a oh:FirstLineZone ; schema:containsPlace ?gemeente .
          FILTER NOT EXISTS {{ ?gemeente owl:deprecated true }}
        }}""")
    assert count(synth_store, f"GRAPH <{SYNTH_GRAPH}> {{ ?org a org:Organization }}") == 300
    assert outside == 0


def test_every_synthetic_node_is_marked_fictional_and_lives_in_its_own_namespace(synth_store):
    subjects = synth_store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{SYNTH_GRAPH}> {{ ?s ?p ?o }} }}")
    not_fictional = [row["s"] for row in subjects
                     if not synth_store.ask(f"ASK {{ <{row['s']}> <{FICTIONAL}> true }}")]
    assert len(subjects) > 1500
    assert not_fictional == []
    assert all(SYNTHETIC_IRI.match(row["s"]) or row["s"] == SYNTH_GRAPH for row in subjects)


def test_the_synthetic_graph_describes_itself_as_a_synthetic_source(synth_store):
    assert synth_store.ask(
        f"ASK {{ <{SYNTH_GRAPH}> a prov:Entity ; "
        "dct:type <https://w3id.org/overhoop/id/concept/brontype/synthetisch> }")


def test_most_referrals_stay_within_the_referrers_zone(fresh_store):
    # Big enough that most zones hold several organisations (with 300, many hold one or none).
    synthesise(fresh_store, organisations=3000, referrals=6000, seed=5)
    total = count(fresh_store, "?r a oh:Referral ; oh:referrer ?a")
    same_zone = count(fresh_store, """
        ?r a oh:Referral ; oh:referrer ?a ; oh:referredTo ?b .
        ?a dct:spatial ?ga . ?b dct:spatial ?gb .
        FILTER EXISTS { ?z schema:containsPlace ?ga , ?gb }""")
    assert 0.75 < same_zone / total <= 0.9


def test_referrals_are_derived_into_refers_to_links(synth_store):
    assert count(synth_store, "?a oh:refersTo ?b FILTER(CONTAINS(STR(?a), '/organisatie/synth-'))") > 300


def test_synthetic_data_passes_the_shacl_shapes(synth_store):
    data = Graph().parse(data=synth_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "nt"), format="nt")
    synthetic = [v for v in validate_graph(data) if SYNTHETIC_IRI.match(v.focus)]
    assert synthetic == []


def test_synth_on_an_unbuilt_store_asks_to_build_first(capsys, tmp_path):
    assert main(["--store", f"oxigraph:{tmp_path / 'empty'}", "synth"]) == 2
    assert "overhoop build" in capsys.readouterr().err


def test_synth_command_writes_and_removes_the_synthetic_graph(tmp_path, capsys):
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["--store", spec, "build"]) == 0
    assert main(["--store", spec, "synth", "--organisations", "40", "--referrals", "100", "--seed", "2"]) == 0
    assert "40 organisaties" in capsys.readouterr().out
    assert main(["--store", spec, "synth", "--remove"]) == 0
    assert SYNTH_GRAPH not in open_store(spec).graph_sizes()
