"""Whole-network measures and communities, by hand and against networkx."""

import networkx as nx
import pytest

from graph.analysis.communities import communities, membership
from graph.analysis.networks import build_network
from graph.analysis.summary import assortativity, bridges, summarise
from tests.analysis_fixture import small_store


def test_summary_of_a_path_by_hand():
    s = summarise(nx.path_graph(4))
    assert (s["nodes"], s["edges"], s["components"], s["diameter"], s["bridges"]) == (4, 3, 1, 3, 3)
    assert s["density"] == pytest.approx(0.5)
    assert s["average_path_length"] == pytest.approx(10 / 6)
    assert s["reciprocity"] is None


def test_distances_are_taken_in_the_largest_piece():
    G = nx.path_graph(5)
    G.add_edge("x", "y")
    s = summarise(G)
    assert (s["components"], s["largest_component"], s["diameter"]) == (2, 5, 4)


def test_distances_match_networkx():
    G = nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=2)
    s = summarise(G)
    assert s["diameter"] == nx.diameter(G)
    assert s["average_path_length"] == pytest.approx(nx.average_shortest_path_length(G))


def test_sampled_distances_estimate_the_average_path_length():
    G = nx.connected_watts_strogatz_graph(600, 6, 0.2, seed=3)
    s = summarise(G, exact_max_nodes=100, samples=150, seed=1)
    assert s["distances_sampled"]
    assert s["average_path_length"] == pytest.approx(nx.average_shortest_path_length(G), rel=0.03)
    assert s["diameter"] <= nx.diameter(G)


def test_reciprocity_of_directed_ties():
    assert summarise(nx.DiGraph([(1, 2), (2, 1), (2, 3)]))["reciprocity"] == pytest.approx(2 / 3)


def test_assortativity_is_one_when_sectors_only_tie_inward():
    G = nx.Graph([("a1", "a2"), ("b1", "b2")])
    nx.set_node_attributes(G, {"a1": "a", "a2": "a", "b1": "b", "b2": "b"}, "sector")
    assert assortativity(G) == pytest.approx(1.0)


def test_assortativity_is_undefined_without_ties_between_known_sectors():
    G = nx.Graph([("a", "b")])
    assert assortativity(G) is None


def test_bridges_match_networkx():
    G = nx.gnp_random_graph(80, 0.03, seed=4)
    assert {frozenset(e) for e in bridges(G)} == {frozenset(e) for e in nx.bridges(G)}


def two_triangles():
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    nx.set_node_attributes(G, {v: v.upper() for v in G}, "label")
    G.add_edge("c", "x")  # c becomes the most central of its triangle
    return G


def test_louvain_finds_the_two_triangles_and_names_them_after_their_centre():
    found = communities(two_triangles())
    assert [(c.name, set(c.members)) for c in found] == [("C", {"a", "b", "c", "x"}), ("D", {"d", "e", "f"})]
    assert found[0].modularity > 0.3


def test_the_same_seed_gives_the_same_communities():
    G = nx.connected_watts_strogatz_graph(200, 6, 0.3, seed=5)
    assert membership(communities(G, seed=3)) == membership(communities(G, seed=3))


def test_a_higher_resolution_gives_more_communities():
    G = nx.connected_watts_strogatz_graph(200, 6, 0.3, seed=5)
    assert len(communities(G, resolution=3.0)) > len(communities(G, resolution=0.3))


def test_density_of_a_two_mode_network_counts_only_ties_between_its_sides():
    G = build_network(small_store(), "organisatie-praktijk")
    practices = [n for n, kind in G.nodes(data="kind") if kind == "praktijk"]
    possible = len(practices) * (len(G) - len(practices))
    assert summarise(G)["density"] == pytest.approx(G.number_of_edges() / possible)
