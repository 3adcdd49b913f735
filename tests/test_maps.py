"""Map data and map pages at scale: what a node says, the overview of Flanders, drawn maps kept
until the graph changes, and the compact data island of a big map."""

from __future__ import annotations

import json
import os

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import lookup, map_data
from graph.synth import synthesise
from tests.api_fixtures import store_with
from viz.maps import build_network, map_fragment, precomputed_layout

ORG = "https://w3id.org/overhoop/id/organisatie/"
ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
CONCEPT = "https://w3id.org/overhoop/id/concept/"

# Two organisations in Gent, one in Brugge and one in Leuven: Gent is tied most to Brugge (two
# referrals and a practice set up together), less to Leuven (two referrals), and Brugge least to
# Leuven (one referral).
THREE_ZONES = """
o:gent-a a org:Organization ; skos:prefLabel "Gent A"@nl ; dct:spatial gem:44021 ;
    org:classification ot:caw ; cv:sector sec:welzijn ;
    oh:refersTo o:brugge, o:leuven, o:gent-b .
o:gent-b a org:Organization ; skos:prefLabel "Gent B"@nl ; dct:spatial gem:44021 ; oh:refersTo o:brugge, o:leuven .
o:brugge a org:Organization ; skos:prefLabel "Brugge"@nl ; dct:spatial gem:31005 ; oh:refersTo o:leuven .
o:leuven a org:Organization ; skos:prefLabel "Leuven"@nl ; dct:spatial gem:24062 .
pr:samen a oh:Practice ; skos:prefLabel "Samen"@nl ; oh:initiatedBy o:gent-a, o:brugge .
"""


@pytest.fixture(scope="module")
def three_zones():
    return store_with(THREE_ZONES)


@pytest.fixture
def three_zones_client():
    """The app over its own small graph, which a test may change."""
    app = create_app("memory")
    app.state.store = store_with(THREE_ZONES)
    return TestClient(app)


@pytest.fixture(scope="module")
def large_client():
    """The app over a synthetic graph too large to show every node of Flanders."""
    store = store_with("")
    synthesise(store, organisations=600, referrals=1500, seed=3)
    app = create_app("memory")
    app.state.store = store
    return TestClient(app)


def test_a_node_is_named_in_the_language_of_the_map_or_else_in_another(three_zones):
    english = map_data.describe_nodes(three_zones, [ORG + "gent-a"], "en")[ORG + "gent-a"]
    known = lookup.concepts(three_zones)
    assert english["label"] == "Gent A"
    assert english["type_label"] == known[CONCEPT + "organisatietype/caw"]["label_en"]
    assert english["sector_label"] == known[CONCEPT + "sector/welzijn"]["label_en"]
    assert english["place"] == "Gent"
    assert english["kind"] == "organisatie"


def test_a_node_the_store_does_not_know_keeps_its_iri_as_name(three_zones):
    unknown = "https://example.org/nobody"
    assert map_data.describe_nodes(three_zones, [unknown])[unknown]["label"] == unknown


def test_a_big_map_read_in_slices_describes_its_nodes_as_one_read_does(large_client, monkeypatch):
    store = large_client.app.state.store
    nodes = [row["actor"] for row in store.select(
        "SELECT ?actor WHERE { ?actor a <http://www.w3.org/ns/org#Organization> } ORDER BY ?actor")]
    # Each call reads the store: descriptions kept from the first would make the second a copy.
    monkeypatch.setattr(map_data, "_kept_descriptions", lambda _store, _lang: {})
    in_one_read = map_data.describe_nodes(store, nodes)
    monkeypatch.setattr(map_data, "NODES_PER_READ", 7)
    monkeypatch.setattr(os, "cpu_count", lambda: 50)
    in_slices = map_data.describe_nodes(store, nodes)
    assert len(nodes) > 50 * 7  # so 50 slices
    assert json.dumps(in_slices) == json.dumps(in_one_read)


def reads_of(store, monkeypatch) -> list[str]:
    """The queries ``store`` answers from now on, as they are asked."""
    asked, answer = [], store.query
    monkeypatch.setattr(store, "query", lambda sparql, *args, **kwargs: asked.append(sparql) or answer(sparql, *args, **kwargs))
    return asked


def test_a_node_described_for_one_map_is_not_read_again_for_the_next(monkeypatch):
    store = store_with(THREE_ZONES)
    map_data.describe_nodes(store, [ORG + "gent-a", ORG + "brugge"])
    asked = reads_of(store, monkeypatch)
    again = map_data.describe_nodes(store, [ORG + "brugge", ORG + "gent-a"])
    assert asked == [] and again[ORG + "brugge"]["label"] == "Brugge"


def test_a_node_renamed_since_it_was_described_is_described_with_its_new_name():
    store = store_with(THREE_ZONES)
    map_data.describe_nodes(store, [ORG + "brugge"])
    store.update("""DELETE { GRAPH ?g { ?o skos:prefLabel ?name } } INSERT { GRAPH ?g { ?o skos:prefLabel "Brugge Noord"@nl } }
                    WHERE { GRAPH ?g { ?o skos:prefLabel ?name } VALUES ?o { <%sbrugge> } }""" % ORG)
    assert map_data.describe_nodes(store, [ORG + "brugge"])[ORG + "brugge"]["label"] == "Brugge Noord"


def test_what_one_map_adds_to_a_node_is_not_on_the_next_map():
    store = store_with(THREE_ZONES)
    first = map_data.describe_nodes(store, [ORG + "gent-a"])[ORG + "gent-a"]
    first["outside"], first["doelgroepen"] = True, [CONCEPT + "doelgroep/0-3-jaar"]
    second = map_data.describe_nodes(store, [ORG + "gent-a"])[ORG + "gent-a"]
    assert second["outside"] is False and second["doelgroepen"] == []


def test_the_nodes_of_a_map_bigger_than_the_bound_are_described_but_not_kept(monkeypatch):
    store = store_with(THREE_ZONES)
    monkeypatch.setattr(map_data, "MAX_KEPT_DESCRIPTIONS", 2)
    nodes = [ORG + "gent-a", ORG + "gent-b", ORG + "brugge"]
    described = map_data.describe_nodes(store, nodes)
    assert [described[node]["label"] for node in nodes] == ["Gent A", "Gent B", "Brugge"]
    assert len(map_data._kept_descriptions(store, "nl")) <= 2


def test_a_doelgroep_added_to_a_node_in_place_is_not_on_the_next_map():
    store = store_with(THREE_ZONES)
    map_data.describe_nodes(store, [ORG + "gent-a"])[ORG + "gent-a"]["doelgroepen"].append(CONCEPT + "doelgroep/0-3-jaar")
    assert map_data.describe_nodes(store, [ORG + "gent-a"])[ORG + "gent-a"]["doelgroepen"] == []


def test_the_overview_of_flanders_has_every_zone_with_its_organisations(three_zones):
    data = map_data.flanders_map(three_zones, limit=1)
    zones = {node["id"]: node for node in data["nodes"]}
    assert len(zones) == 60 and {node["kind"] for node in zones.values()} == {"zone"}
    assert zones[ZONE + "gent"]["organisations"] == 2
    assert zones[ZONE + "gent"]["links_inside"] == 1
    assert data["overview"]["nodes"] == 5


def test_a_line_of_the_overview_counts_the_links_between_two_zones_by_kind(three_zones):
    data = map_data.flanders_map(three_zones, limit=1)
    gent_brugge = next(e for e in data["edges"] if {e["source"], e["target"]} == {ZONE + "gent", ZONE + "brugge"})
    assert gent_brugge["counts"] == {"refersTo": 2, "co-initiates": 1}
    assert gent_brugge["weight"] == 3


def test_the_overview_keeps_only_the_strongest_ties_of_each_zone(three_zones):
    data = map_data.zone_overview(three_zones, ties_per_zone=1)
    pairs = {frozenset((e["source"].rsplit("/", 1)[1], e["target"].rsplit("/", 1)[1])) for e in data["edges"]}
    assert pairs == {frozenset(("gent", "brugge")), frozenset(("gent", "leuven"))}
    assert data["overview"]["ties"] == 3


def test_a_small_network_of_flanders_shows_every_organisation(three_zones):
    data = map_data.flanders_map(three_zones)
    assert "overview" not in data
    assert ORG + "gent-a" in {node["id"] for node in data["nodes"]}


def test_a_large_network_of_flanders_is_shown_per_zone_and_each_zone_leads_to_its_map(large_client):
    page = large_client.get("/kaart/vlaanderen")
    assert page.status_code == 200 and 'class="oh-overview"' in page.text
    island = json.loads(page.text.split("data-map-data>")[1].split("</script>")[0])
    assert len(island["nodes"]) == 60
    assert all(node["url"].startswith("/kaart/zone/") for node in island["nodes"])
    english = large_client.get("/kaart/vlaanderen?lang=en").text
    assert "too many to show one by one" in english and "lang=en" in english.split("data-map-data>")[1]


def test_a_drawn_map_shows_a_change_of_the_graph_at_once(three_zones_client):
    store = three_zones_client.app.state.store
    assert "Nieuw in Gent" not in three_zones_client.get("/kaart/zone/gent").text
    store.update("""INSERT DATA { GRAPH <https://w3id.org/overhoop/graph/test> {
        <https://w3id.org/overhoop/id/organisatie/nieuw> a <http://www.w3.org/ns/org#Organization> ;
          <http://www.w3.org/2004/02/skos/core#prefLabel> "Nieuw in Gent"@nl ;
          <http://purl.org/dc/terms/spatial> <https://data.vlaanderen.be/id/gemeente/44021> . } }""")
    assert "Nieuw in Gent" in three_zones_client.get("/kaart/zone/gent").text


def test_edges_travel_as_node_numbers_and_a_few_shared_styles():
    nodes = [{"id": name, "label": name.upper(), "kind": "organisatie"} for name in "abc"]
    edges = [{"source": "a", "target": "b", "relation": "refersTo"}, {"source": "b", "target": "c", "relation": "refersTo"},
             {"source": "c", "target": "a", "relation": "collaborates"}]
    fragment = str(map_fragment({"nodes": nodes, "edges": edges}, title="t"))
    island = json.loads(fragment.split("data-map-data>")[1].split("</script>")[0])
    assert island["edges"] == [[0, 1, 0], [1, 2, 0], [2, 0, 1]]
    assert [style["title"] for style in island["edgeStyles"]] == ["verwijst door naar", "werkt samen in"]


def test_a_node_carries_only_the_fields_the_map_script_reads():
    net, _ = build_network([{"id": "a", "label": "A", "kind": "organisatie", "sector": None, "doelgroepen": []}], [])
    assert set(net.nodes[0]) == {"id", "label", "title", "shape", "color", "size", "url"}


def test_nodes_without_links_are_set_apart_under_a_large_network():
    ids = [f"n{i}" for i in range(40)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(29)]
    positions = precomputed_layout(ids, edges)
    lowest_linked = max(positions[f"n{i}"][1] for i in range(30))
    assert all(positions[f"n{i}"][1] > lowest_linked for i in range(30, 40))
    assert precomputed_layout(ids, edges) == positions


KINDS_OF_LINK = """
o:a a org:Organization ; skos:prefLabel "A"@nl ; dct:spatial gem:44021 .
o:b a org:Organization ; skos:prefLabel "B"@nl ; dct:spatial gem:44021 .
o:c a org:Organization ; skos:prefLabel "C"@nl ; dct:spatial gem:44021 .
ref:a-b a oh:Referral ; oh:referrer o:a ; oh:referredTo o:b ;
    oh:referralKind <https://w3id.org/overhoop/id/concept/verbinding/samenwerking> .
ref:a-c a oh:Referral ; oh:referrer o:a ; oh:referredTo o:c .
"""


def test_a_map_draws_each_kind_of_link_as_that_kind():
    store = store_with(KINDS_OF_LINK)
    edges = {(e["source"].rsplit("/", 1)[1], e["target"].rsplit("/", 1)[1]): e["relation"]
             for e in map_data.edges_touching(store, ["https://w3id.org/overhoop/id/organisatie/a"])}
    assert edges == {("a", "b"): "samenwerking", ("a", "c"): "refersTo"}


def test_a_collaboration_is_labelled_works_with_not_refers_to():
    store = store_with(KINDS_OF_LINK)
    html = map_fragment(map_data.ego_map(store, "https://w3id.org/overhoop/id/organisatie/a"), title="A")
    assert "werkt samen met" in html and html.count("verwijst door naar") >= 1


def test_an_analysis_map_draws_a_tie_of_collaborations_only_as_a_collaboration():
    G = nx.DiGraph()
    G.add_edge("https://x.org/a", "https://x.org/b", relation="doorverwijzing", referral_kinds="samenwerking")
    G.add_edge("https://x.org/a", "https://x.org/c", relation="doorverwijzing",
               referral_kinds="doorverwijzing|samenwerking")
    relations = {e["target"]: e["relation"] for e in map_data.network_map(store_with(""), G)["edges"]}
    assert relations == {"https://x.org/b": "samenwerking", "https://x.org/c": "refersTo"}


def test_a_zone_map_with_more_nodes_than_a_map_holds_shows_the_best_connected_and_says_so(
        three_zones_client, monkeypatch):
    monkeypatch.setattr(map_data, "MAP_MAX_NODES", 3)
    page = three_zones_client.get("/kaart/zone/gent").text
    island = json.loads(page.split("data-map-data>")[1].split("</script>")[0])
    assert sorted(node["url"].rsplit("/", 1)[1] for node in island["nodes"]) == ["brugge", "gent-a", "gent-b"]
    assert "Deze kaart toont de 3 knooppunten met de meeste verbindingen, van de 5" in page


def test_a_map_around_an_organisation_keeps_its_centre_however_few_its_links(monkeypatch):
    monkeypatch.setattr(map_data, "MAP_MAX_NODES", 2)
    data = map_data.ego_map(store_with(THREE_ZONES), ORG + "leuven")
    assert [node["id"] for node in data["nodes"]][0] == ORG + "leuven"
    assert data["capped"] == {"shown": 2, "total": 4}
