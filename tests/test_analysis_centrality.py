"""Centrality measures: values worked out by hand, and igraph's numbers against networkx's."""

import random

import networkx as nx
import pytest

from graph.analysis import centrality


def weighted_random_graph(seed, directed=False):
    G = nx.gnp_random_graph(40, 0.1, seed=seed, directed=directed)
    rng = random.Random(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 5)
    G.add_node("alone")
    return G


def close(a, b, tol=1e-9):
    return set(a) == set(b) and all(abs(a[v] - b[v]) <= tol for v in a)


def test_degrees_count_in_out_and_weighted_ties():
    D = nx.DiGraph([("a", "b", {"weight": 3}), ("c", "b", {"weight": 1}), ("b", "c", {"weight": 2})])
    assert centrality.degrees(D)["b"] == {"degree": 3, "in_degree": 2, "out_degree": 1, "weighted_degree": 6.0,
                                          "partners": 2}


def test_a_partner_tied_both_ways_counts_once_among_the_partners():
    D = weighted_random_graph(7, directed=True)
    found = centrality.degrees(D)
    assert any(found[v]["partners"] < found[v]["degree"] for v in D)
    assert all(found[v]["partners"] == len(set(D.predecessors(v)) | set(D.successors(v))) for v in D)


def test_partners_of_an_undirected_network_are_its_degree():
    found = centrality.degrees(weighted_random_graph(8))
    assert all(row["partners"] == row["degree"] for row in found.values())


def test_the_centre_of_a_star_lies_on_every_path_between_leaves():
    values = centrality.betweenness(nx.star_graph(4))
    assert values[0] == 1.0
    assert all(values[leaf] == 0.0 for leaf in range(1, 5))


def test_betweenness_of_a_path_by_hand():
    # node 1 of 0-1-2-3 lies on 0-2 and 0-3: 2 of the 3 pairs among the others
    assert centrality.betweenness(nx.path_graph(4))[1] == pytest.approx(2 / 3)


@pytest.mark.parametrize("directed", [False, True])
def test_exact_betweenness_matches_networkx(directed):
    G = weighted_random_graph(1, directed)
    assert close(centrality.betweenness(G), nx.betweenness_centrality(G))


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_betweenness_matches_networkx_with_the_same_seed(directed):
    G = weighted_random_graph(2, directed)
    ours = centrality.betweenness(G, exact_max_nodes=10, samples=12, seed=7)
    assert close(ours, nx.betweenness_centrality(G, k=12, seed=7))


def test_sampled_betweenness_is_the_same_for_the_same_seed():
    G = weighted_random_graph(3)
    first = centrality.betweenness(G, exact_max_nodes=10, samples=12, seed=5)
    assert first == centrality.betweenness(G, exact_max_nodes=10, samples=12, seed=5)
    assert first != centrality.betweenness(G, exact_max_nodes=10, samples=12, seed=6)


@pytest.mark.parametrize("directed", [False, True])
def test_closeness_matches_networkx_on_a_graph_in_pieces(directed):
    G = weighted_random_graph(4, directed)
    assert close(centrality.closeness(G), nx.closeness_centrality(G))


def test_sampled_closeness_estimates_the_exact_value():
    G = nx.connected_watts_strogatz_graph(400, 6, 0.2, seed=1)
    exact = centrality.closeness(G)
    estimate = centrality.closeness(G, exact_max_nodes=100, samples=200, seed=1)
    assert max(abs(exact[v] - estimate[v]) for v in G) < 0.02


def test_eigenvector_matches_networkx_also_in_pieces():
    G = weighted_random_graph(5)
    G.add_edges_from([("t1", "t2"), ("t2", "t3"), ("t1", "t3")], weight=1)
    expected = nx.eigenvector_centrality(G, weight="weight", max_iter=5000, tol=1e-12)
    assert close(centrality.eigenvector(G), expected, tol=1e-6)


def test_pagerank_adds_up_to_one_and_favours_the_hub():
    values = centrality.pagerank(nx.star_graph(3))
    assert sum(values.values()) == pytest.approx(1.0)
    assert values[0] == max(values.values())


def test_k_core_of_a_triangle_with_a_tail():
    assert centrality.k_core(nx.lollipop_graph(3, 2)) == {0: 2, 1: 2, 2: 2, 3: 1, 4: 1}


def test_k_core_agrees_with_networkx_and_ignores_self_loops_and_direction():
    D = nx.gnp_random_graph(60, 0.08, seed=3, directed=True)
    D.add_edges_from([(0, 0), (5, 5)])
    U = nx.Graph(D.to_undirected())
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    assert centrality.k_core(D) == nx.core_number(U)


def test_clustering_matches_networkx():
    G = weighted_random_graph(6)
    assert close(centrality.clustering(G), nx.clustering(G))


def test_articulation_points_are_the_nodes_that_hold_pieces_together():
    assert centrality.articulation_points(nx.barbell_graph(3, 1)) == {2, 3, 4}


def two_mode(graph, side="praktijk"):
    """``graph`` (bipartite, with networkx's ``bipartite`` node attribute) as an OverHoop two-mode network."""
    B = graph.copy()
    nx.set_node_attributes(B, {n: "praktijk" if d["bipartite"] == 0 else "organisatie"
                               for n, d in B.nodes(data=True)}, "kind")
    B.graph["two_mode_side"] = side
    return B, {n for n, kind in B.nodes(data="kind") if kind == side}


def connected_two_mode(seed):
    B = nx.bipartite.random_graph(12, 20, 0.2, seed=seed)
    return two_mode(B.subgraph(max(nx.connected_components(B), key=len)))


def test_two_mode_betweenness_is_networkx_bipartite_betweenness():
    B, practices = connected_two_mode(3)
    assert close(centrality.betweenness(B), nx.bipartite.betweenness_centrality(B, practices))


def test_sampled_two_mode_betweenness_is_the_sampled_one_mode_value_rescaled_as_networkx_bipartite():
    B, practices = connected_two_mode(4)
    one_mode = B.copy()
    del one_mode.graph["two_mode_side"]
    sampled = centrality.betweenness(B, exact_max_nodes=5, samples=10, seed=3)
    sampled_one_mode = centrality.betweenness(one_mode, exact_max_nodes=5, samples=10, seed=3)
    exact, exact_one_mode = nx.bipartite.betweenness_centrality(B, practices), nx.betweenness_centrality(B)
    assert all(sampled[v] == pytest.approx(sampled_one_mode[v] * exact[v] / exact_one_mode[v])
               for v in B if exact_one_mode[v] > 0)


def test_two_mode_closeness_of_a_connected_network_is_networkx_bipartite_closeness():
    B, practices = connected_two_mode(5)
    assert close(centrality.closeness(B), nx.bipartite.closeness_centrality(B, practices))


def test_two_mode_closeness_stays_within_one_in_a_network_in_pieces():
    # networkx's bipartite closeness gives a lone tie in a larger network more than 1
    B, practices = two_mode(nx.bipartite.random_graph(12, 20, 0.1, seed=6))
    assert nx.number_connected_components(B) > 1
    assert max(nx.bipartite.closeness_centrality(B, practices).values()) > 1
    assert 0 < max(centrality.closeness(B).values()) <= 1


def test_sampled_two_mode_closeness_estimates_the_exact_value():
    B, _ = two_mode(nx.bipartite.random_graph(150, 250, 0.03, seed=7))
    exact = centrality.closeness(B)
    estimate = centrality.closeness(B, exact_max_nodes=100, samples=300, seed=1)
    assert max(abs(exact[v] - estimate[v]) for v in B) < 0.03


def test_clustering_is_left_undefined_in_a_two_mode_network():
    B, _ = connected_two_mode(8)
    assert set(centrality.clustering(B).values()) == {None}
