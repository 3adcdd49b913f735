"""All measures of a network at once, its zone profile, and the ways in: CLI and API."""

import csv
import io
import json

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.commands.analysis import print_report
from graph.analysis.ranking import ranked
from graph.analysis.report import NODE_ATTRIBUTES, NODE_MEASURES, analyse, analysed_network
from graph.analysis.zone_profile import zone_coverages, zone_profile
from graph.coverage import coverage_matrix
from graph.queries import load_query
from tests.analysis_fixture import ORG, small_store


def test_every_node_gets_every_measure():
    analysis = analyse(nx.karate_club_graph())
    assert all(set(row) == {*NODE_ATTRIBUTES, *NODE_MEASURES} for row in analysis.nodes)


def test_the_same_graph_and_seed_give_the_same_numbers(built_store):
    first = analysed_network(built_store, "organisaties", seed=3)[1]
    again = analysed_network(built_store, "organisaties", seed=3)[1]
    assert first.nodes == again.nodes
    assert [c.members for c in first.communities] == [c.members for c in again.communities]


def test_the_huis_van_het_kind_holds_its_members_together():
    _, analysis = analysed_network(small_store(), "lidmaatschap", "noord")
    row = next(r for r in analysis.nodes if r["iri"] == ORG + "h")
    # of the pairs among a, b and c (c has no membership), only a-b runs through h
    assert row["articulation_point"] and row["betweenness"] == pytest.approx(1 / 3)


def test_every_zone_coverage_computed_side_by_side_equals_one_computed_alone(built_store):
    coverages = zone_coverages(built_store)
    zones = [row["zone"] for row in built_store.select(load_query("zones"))]
    assert list(coverages) == zones
    assert all(coverages[zone] == coverage_matrix.__wrapped__(built_store, zone) for zone in zones)


def test_a_zone_is_compared_with_the_median_zone(built_store):
    coverages = zone_coverages(built_store)
    profile = zone_profile(built_store, "gent", coverages)
    assert profile["figures"]["cells"] == len(profile["cells"]) == len(profile["matrix"]["cells"])
    assert all(c["count"] < c["median"] for c in profile["below_median"])
    assert min(zone_profile(built_store, z, coverages)["figures"]["coverage"] for z in coverages) \
        <= profile["median"]["coverage"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "oxigraph"
    assert main(["--store", f"oxigraph:{path}", "build"]) == 0
    return f"oxigraph:{path}"


def test_cli_analyse_ranks_who_holds_the_network_together(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "Wie houdt het netwerk samen?" in out and "Gemeenschappen" in out


def test_cli_analyse_lists_the_same_top_nodes_as_the_ranking(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--format", "json"]) == 0
    top = [row["label"][:40] for row in ranked(json.loads(capsys.readouterr().out)["nodes"], "betweenness", 5)]
    assert main(["--store", store_path, "analyse", "--top", "5"]) == 0
    table = capsys.readouterr().out.split("Wie houdt het netwerk samen?")[1].split("Gemeenschappen")[0]
    assert [line[:40].rstrip() for line in table.splitlines()[2:] if line.strip()] == top


def test_cli_analyse_as_json_has_every_part(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--network", "co-initiatief", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"summary", "nodes", "communities", "ei_index", "sector_matrix", "missing_bridges"} <= set(data)


def test_cli_analyse_as_csv_is_one_row_per_node(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and "betweenness" in rows[0]


def test_the_cli_calls_the_whole_graph_all_of_flanders_and_beyond(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--top", "1"]) == 0
    assert capsys.readouterr().out.startswith("Netwerk organisaties (heel Vlaanderen en daarbuiten): ")


def test_cli_prints_the_sparql_behind_a_zone_network(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--zone", "gent", "--sparql"]) == 0
    assert "eerstelijnszone/gent>" in capsys.readouterr().out


def test_cli_refuses_an_unknown_zone_in_one_sentence(store_path, capsys):
    assert main(["--store", store_path, "analyse", "--zone", "nergens"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_cli_export_writes_graphml_and_two_csv_files(store_path, tmp_path):
    assert main(["--store", store_path, "export", "--format", "graphml", "-o", str(tmp_path / "n.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "n.graphml").number_of_nodes() > 100
    assert main(["--store", store_path, "export", "--format", "csv", "--network", "praktijk-doelgroep",
                 "-o", str(tmp_path / "n.csv")]) == 0
    assert (tmp_path / "n-knopen.csv").exists() and (tmp_path / "n-verbindingen.csv").exists()


def test_cli_export_keeps_the_rdf_formats(store_path, capsys):
    assert main(["--store", store_path, "export", "--format", "nq"]) == 0
    assert "<https://w3id.org/overhoop/graph/" in capsys.readouterr().out


@pytest.fixture(scope="module")
def client(store_path):
    return TestClient(create_app(store_path))


def test_api_report_has_summary_nodes_communities_and_sectors(client):
    data = client.get("/api/analysis/report", params={"network": "organisaties"}).json()
    assert data["summary"]["nodes"] == len(data["nodes"])
    assert data["communities"] and data["sectors"]["matrix"]


def test_api_measures_are_ranked(client):
    nodes = client.get("/api/analysis/measures", params={"sort": "pagerank", "limit": 5}).json()["nodes"]
    assert len(nodes) == 5
    assert [n["pagerank"] for n in nodes] == sorted((n["pagerank"] for n in nodes), reverse=True)


def test_api_measures_follow_the_ranking_of_the_analysis_page(client):
    nodes = client.get("/api/analysis/report").json()["nodes"]
    measured = client.get("/api/analysis/measures", params={"sort": "degree", "limit": 100_000}).json()["nodes"]
    assert [n["iri"] for n in measured] == [n["iri"] for n in ranked(nodes, "degree", None, every_node=True)]


def test_api_ranks_by_distinct_partners(client):
    nodes = client.get("/api/analysis/measures", params={"sort": "partners", "limit": 5}).json()["nodes"]
    assert [n["partners"] for n in nodes] == sorted((n["partners"] for n in nodes), reverse=True)


def test_api_gives_every_sector_and_the_primary_one(client):
    node = client.get("/api/analysis/measures", params={"limit": 1}).json()["nodes"][0]
    assert node["sector"] and node["sector"] in node["sectors"].split("|")


def test_api_report_of_a_two_mode_network_leaves_clustering_undefined(client):
    data = client.get("/api/analysis/report", params={"network": "organisatie-praktijk"}).json()
    assert data["nodes"] and {n["clustering"] for n in data["nodes"]} == {None}
    kinds = {k["name"]: k["two_mode_side"] for k in client.get("/api/analysis/networks").json()}
    assert kinds["organisatie-praktijk"] == "praktijk" and kinds["organisaties"] is None


def test_api_names_the_download_of_the_whole_graph_all_of_flanders_and_beyond(client):
    response = client.get("/api/analysis/export/graphml")
    assert 'filename="overhoop-organisaties-vlaanderen-en-daarbuiten.graphml"' in response.headers["content-disposition"]


def test_api_refuses_an_unknown_zone_with_404(client):
    response = client.get("/api/analysis/summary", params={"zone": "nergens"})
    assert response.status_code == 404 and "bestaat niet" in response.json()["detail"]


def test_api_gives_the_sparql_behind_a_network(client):
    queries = client.get("/api/analysis/sparql", params={"network": "doorverwijzing"}).json()["queries"]
    assert [q["name"] for q in queries] == ["network_organisations", "network_sectors_per_type", "network_referrals"]


def test_api_exports_gexf_as_a_download(client):
    response = client.get("/api/analysis/export/gexf", params={"zone": "gent"})
    assert response.status_code == 200
    assert 'filename="overhoop-organisaties-gent.gexf"' in response.headers["content-disposition"]
    assert nx.read_gexf(io.BytesIO(response.content)) is not None


def test_api_zone_profile(client):
    data = client.get("/api/analysis/zone-profile", params={"zone": "gent"}).json()
    assert data["zone"].endswith("/gent") and data["median"]["cells"] == data["figures"]["cells"]


def test_the_report_of_a_network_without_nodes_says_so_under_who_holds_it_together(capsys):
    print_report(analyse(nx.Graph()), 5)
    table = capsys.readouterr().out.split("Wie houdt het netwerk samen?")[1].split("Gemeenschappen")[0]
    assert table.strip().splitlines()[1:] == ["Dit netwerk heeft hier geen knopen."]
