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
    assert centrality.degrees(D)["b"] == {"degree": 3, "in_degree": 2, "out_degree": 1, "weighted_degree": 6.0}


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
