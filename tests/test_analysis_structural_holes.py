"""Burt's constraint and effective size: by hand on small graphs, and igraph against networkx."""

import random

import networkx as nx
import pytest

from graph.analysis.structural_holes import constraint, effective_size


def test_the_centre_of_a_star_is_constrained_one_over_its_ties():
    # each of the 4 leaves takes a quarter of the centre's ties: 4 * (1/4)^2
    assert constraint(nx.star_graph(4))[0] == pytest.approx(0.25)


def test_a_leaf_depends_fully_on_its_one_tie():
    assert constraint(nx.star_graph(4))[1] == pytest.approx(1.0)


def test_in_a_triangle_every_tie_is_redundant():
    # p = 1/2 directly plus 1/2 * 1/2 through the third node: 2 * (3/4)^2
    assert constraint(nx.complete_graph(3))[0] == pytest.approx(9 / 8)


def test_a_node_without_ties_has_no_constraint_nor_effective_size():
    G = nx.Graph()
    G.add_node("alone")
    assert constraint(G)["alone"] is None
    assert effective_size(G)["alone"] is None


def test_effective_size_by_hand():
    assert effective_size(nx.star_graph(4))[0] == 4.0
    assert effective_size(nx.complete_graph(4))[0] == 1.0


@pytest.mark.parametrize("weighted", [False, True])
def test_igraph_constraint_matches_networkx(weighted):
    G = nx.gnp_random_graph(30, 0.15, seed=3)
    rng = random.Random(3)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 4)
    ours = constraint(G, "weight" if weighted else None)
    theirs = nx.constraint(G, weight="weight" if weighted else None)
    assert all(ours[v] == pytest.approx(theirs[v]) for v in G if G.degree(v))


def test_directed_ties_count_with_their_mutual_strength_as_networkx_does():
    D = nx.gnp_random_graph(25, 0.15, seed=4, directed=True)
    nx.set_edge_attributes(D, 1, "weight")
    ours, theirs = constraint(D), nx.constraint(D, weight="weight")
    assert all(ours[v] == pytest.approx(theirs[v]) for v in D if D.degree(v))


def test_effective_size_matches_networkx():
    G = nx.gnp_random_graph(30, 0.15, seed=5)
    ours, theirs = effective_size(G), nx.effective_size(G)
    assert all(ours[v] == pytest.approx(theirs[v]) for v in G if G.degree(v))
