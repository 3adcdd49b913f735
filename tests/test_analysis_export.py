"""Exports for Gephi and other tools: they open elsewhere, keep every measure and never inject formulas."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import igraph as ig
import networkx as nx
import pytest

from graph.analysis.export import export, for_files, nodes_csv, safe_cell
from graph.analysis.networks import SECTORS_PER_TYPE, network_queries
from graph.analysis.report import NODE_MEASURES, analysed_network


@pytest.fixture(scope="module")
def seed_network(built_store):
    return analysed_network(built_store, "organisaties")[0]


def counts_by_sparql(store, kind):
    """Nodes and edges of a network as its own SPARQL queries select them."""
    queries = network_queries(kind)
    nodes = {row["node"] for name in ("network_organisations", "network_practices") if name in queries
             for row in store.select(queries[name])}
    edges = {frozenset((row["source"], row["target"])) for name, text in queries.items()
             if name not in ("network_organisations", "network_practices", SECTORS_PER_TYPE)
             for row in store.select(text)}
    nodes |= {end for edge in edges for end in edge}
    return len(nodes), len(edges)


def test_the_seed_network_has_organisations_and_ties(seed_network):
    assert seed_network.number_of_nodes() > 100
    assert seed_network.number_of_edges() > 50


def test_graphml_opens_in_networkx_and_igraph_with_the_counts_of_its_sparql(built_store, seed_network, tmp_path):
    path = tmp_path / "netwerk.graphml"
    path.write_bytes(export(seed_network, "graphml"))
    expected = counts_by_sparql(built_store, "organisaties")
    G = nx.read_graphml(path)
    H = ig.Graph.Read_GraphML(str(path))
    assert (G.number_of_nodes(), G.number_of_edges()) == expected
    assert (H.vcount(), H.ecount()) == expected


def test_gexf_opens_in_networkx_and_as_plain_xml_with_the_counts_of_its_sparql(built_store, seed_network, tmp_path):
    # igraph has no GEXF reader; Gephi reads the same <node> and <edge> elements counted here
    path = tmp_path / "netwerk.gexf"
    path.write_bytes(export(seed_network, "gexf"))
    expected = counts_by_sparql(built_store, "organisaties")
    G = nx.read_gexf(path)
    root = ET.parse(path).getroot()
    assert (G.number_of_nodes(), G.number_of_edges()) == expected
    assert (len(root.findall(".//{*}node")), len(root.findall(".//{*}edge"))) == expected


def test_bipartite_graphml_of_the_seed_graph_matches_its_sparql(built_store, tmp_path):
    G, _ = analysed_network(built_store, "organisatie-praktijk")
    path = tmp_path / "tweeledig.graphml"
    path.write_bytes(export(G, "graphml"))
    H = ig.Graph.Read_GraphML(str(path))
    assert (H.vcount(), H.ecount()) == counts_by_sparql(built_store, "organisatie-praktijk")


def test_every_measure_and_attribute_travels_as_a_node_attribute(seed_network):
    G = nx.read_graphml(io.BytesIO(export(seed_network, "graphml")))
    node = next(n for n, d in seed_network.nodes(data=True) if d["degree"] > 1)
    stored = G.nodes[node]
    for name in ("iri", "label", "kind", "sector", "zone", *[m for m in NODE_MEASURES if m != "constraint"]):
        assert name in stored, name
    assert stored["betweenness"] == pytest.approx(seed_network.nodes[node]["betweenness"])


def test_the_sparql_behind_an_export_travels_with_it(seed_network):
    G = nx.read_graphml(io.BytesIO(export(seed_network, "graphml")))
    assert "network_co_initiation.rq" in G.graph["sparql"]


def test_files_hold_no_empty_values_and_lists_become_text():
    G = nx.Graph([("a", "b")])
    G.nodes["a"].update(constraint=None, zones=["gent", "aalst"], ratio=float("nan"))
    assert for_files(G).nodes["a"] == {"zones": "aalst|gent"}
    assert nx.read_gexf(io.BytesIO(export(G, "gexf"))).nodes["a"]["zones"] == "aalst|gent"


@pytest.mark.parametrize("dangerous", ["=1+1", "+32 2 000", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_never_starts_a_formula(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


def test_csv_node_list_neutralises_formulas_in_labels():
    G = nx.Graph([("a", "b")])
    G.nodes["a"]["label"] = '=HYPERLINK("http://evil.example","klik")'
    rows = list(csv.reader(io.StringIO(nodes_csv(G).decode())))
    assert rows[1][1].startswith("'=")


def test_csv_edge_list_has_one_row_per_edge(seed_network):
    rows = list(csv.reader(io.StringIO(export(seed_network, "edges.csv").decode())))
    assert rows[0][:3] == ["source", "target", "weight"]
    assert len(rows) - 1 == seed_network.number_of_edges()


def test_node_link_json_reads_back_into_networkx(seed_network):
    data = json.loads(export(seed_network, "json"))
    G = nx.node_link_graph(data, edges="edges")
    assert (G.number_of_nodes(), G.number_of_edges()) == (seed_network.number_of_nodes(),
                                                         seed_network.number_of_edges())


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Onbekend exportformaat"):
        export(nx.Graph(), "xlsx")


def gexf_meta_of(data: bytes) -> dict[str, str]:
    """The text of each element of a GEXF file's ``<meta>``, by tag."""
    meta = ET.fromstring(data).find("{*}meta")
    return {child.tag.rsplit("}", 1)[-1]: child.text for child in meta}


@pytest.fixture(scope="module")
def gent_network(built_store):
    return analysed_network(built_store, "organisaties", "gent")[0]


def test_the_gexf_of_a_zone_network_names_network_zone_seed_and_sparql_files_in_its_meta(gent_network):
    meta = gexf_meta_of(export(gent_network, "gexf"))
    keywords = meta["keywords"].split(", ")
    assert keywords[:4] == ["OverHoop", "organisaties", "gent", "seed 42"]
    assert keywords[4:] == [f"{name}.rq" for name in gent_network.graph["queries"].split()]
    assert "network_co_initiation.rq" in keywords
    assert meta["description"].startswith("OverHoop-netwerk organisaties, eerstelijnszone gent "
                                          "(https://w3id.org/overhoop/id/eerstelijnszone/gent); seed 42 "
                                          "en resolutie 1.0")


def test_the_gexf_meta_holds_the_full_sparql_text_behind_the_network(gent_network):
    description = gexf_meta_of(export(gent_network, "gexf"))["description"]
    assert description.endswith("\n\n" + gent_network.graph["sparql"])
    assert "VALUES ?zone { <https://w3id.org/overhoop/id/eerstelijnszone/gent> }" in description


def test_the_gexf_of_the_whole_graph_calls_it_all_of_flanders_and_beyond_in_its_meta(seed_network):
    meta = gexf_meta_of(export(seed_network, "gexf"))
    assert meta["keywords"].split(", ")[:3] == ["OverHoop", "organisaties", "heel Vlaanderen en daarbuiten"]
    assert meta["creator"].startswith("NetworkX")


def test_a_gexf_with_its_provenance_still_reads_into_networkx_with_its_ties(gent_network):
    G = nx.read_gexf(io.BytesIO(export(gent_network, "gexf")))
    assert sorted(G.nodes) == sorted(gent_network.nodes)
    assert G.number_of_edges() == gent_network.number_of_edges() == 1


def test_a_graph_that_is_no_overhoop_network_gets_only_the_creator_in_its_gexf_meta():
    assert list(gexf_meta_of(export(nx.path_graph(2), "gexf"))) == ["creator"]


@pytest.fixture(scope="module")
def two_mode_network(built_store):
    return analysed_network(built_store, "organisatie-praktijk")[0]


def test_a_two_mode_network_says_so_in_its_gexf_meta(two_mode_network):
    meta = gexf_meta_of(export(two_mode_network, "gexf"))
    assert "two_mode_side praktijk" in meta["keywords"].split(", ")
    assert "tweeledig netwerk (two_mode_side praktijk)" in meta["description"]


@pytest.mark.parametrize("fmt", ["nodes.csv", "edges.csv"])
def test_a_two_mode_network_says_so_in_a_column_of_its_csv_lists(two_mode_network, fmt):
    rows = list(csv.DictReader(io.StringIO(export(two_mode_network, fmt).decode())))
    assert rows and {row["two_mode_side"] for row in rows} == {"praktijk"}


def test_a_one_mode_network_has_no_two_mode_column(seed_network):
    assert "two_mode_side" not in export(seed_network, "nodes.csv").decode().splitlines()[0].split(",")


def test_every_download_keeps_all_sectors_beside_the_primary_one(seed_network):
    node = next(n for n, d in seed_network.nodes(data=True) if d["sectors"])
    sectors = seed_network.nodes[node]["sectors"]
    assert nx.read_graphml(io.BytesIO(export(seed_network, "graphml"))).nodes[node]["sectors"] == sectors
    assert nx.read_gexf(io.BytesIO(export(seed_network, "gexf"))).nodes[node]["sectors"] == sectors
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(export(seed_network, "nodes.csv").decode()))}
    assert rows[node]["sectors"] == sectors
    linked = nx.node_link_graph(json.loads(export(seed_network, "json")), edges="edges")
    assert linked.nodes[node]["sectors"] == sectors
