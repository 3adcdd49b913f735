"""Gould-Fernandez brokerage roles, the E-I index and the sector bridges, worked out by hand."""

import itertools
import random

import networkx as nx

from graph.analysis.brokerage import ROLES, _role, brokerage_roles, ei_index, missing_bridges, sector_matrix


def groups(G, mapping):
    nx.set_node_attributes(G, mapping, "sector")
    return G


def hand_example():
    """B brokers between A, C (group x), D, E (group y) and F (group z); D also reaches E directly.

    Open paths through B: A>B>C coordinator; A>B>E and A>B>F representative; D>B>C gatekeeper;
    D>B>F liaison; D>B>E is closed by D>E. H brokers G>H>I as itinerant (G, I in y, H in x).
    """
    D = nx.DiGraph([("A", "B"), ("B", "C"), ("D", "B"), ("B", "E"), ("B", "F"), ("D", "E"),
                    ("G", "H"), ("H", "I")])
    return groups(D, {"A": "x", "B": "x", "C": "x", "D": "y", "E": "y", "F": "z", "G": "y", "H": "x", "I": "y"})


def test_roles_of_the_hand_worked_example():
    roles = brokerage_roles(hand_example())
    assert roles["B"] == {"coordinator": 1, "gatekeeper": 1, "representative": 2, "itinerant": 0,
                          "liaison": 1, "total": 5}
    assert roles["H"]["itinerant"] == 1
    assert roles["A"]["total"] == 0


def test_an_undirected_open_path_counts_both_ways():
    G = groups(nx.Graph([("a", "b"), ("b", "c")]), {"a": "x", "b": "x", "c": "y"})
    assert brokerage_roles(G)["b"] == {"coordinator": 0, "gatekeeper": 1, "representative": 1, "itinerant": 0,
                                       "liaison": 0, "total": 2}


def test_a_node_without_a_sector_brokers_nothing_and_is_never_brokered():
    G = groups(nx.DiGraph([("a", "b"), ("b", "c"), ("b", "d")]), {"a": "x", "b": "x", "c": "x", "d": ""})
    roles = brokerage_roles(G)
    assert roles["b"]["total"] == 1


def brute_force(D):
    group = dict(D.nodes(data="sector"))
    counts = {v: dict.fromkeys(ROLES, 0) for v in D}
    for b in D:
        for a, c in itertools.permutations(D, 2):
            if b in (a, c) or not (D.has_edge(a, b) and D.has_edge(b, c)) or D.has_edge(a, c):
                continue
            counts[b][_role(group[a], group[b], group[c])] += 1
    return counts


def test_counting_by_group_agrees_with_enumerating_every_triad():
    D = nx.gnp_random_graph(30, 0.15, seed=8, directed=True)
    rng = random.Random(8)
    groups(D, {v: rng.choice("xyz") for v in D})
    ours, expected = brokerage_roles(D), brute_force(D)
    assert all({r: ours[v][r] for r in ROLES} == expected[v] for v in D)


def test_an_undirected_network_counts_as_its_ties_in_both_directions():
    G = nx.gnp_random_graph(30, 0.2, seed=5)
    rng = random.Random(5)
    groups(G, {v: rng.choice("xyz") for v in G})
    assert brokerage_roles(G) == brokerage_roles(G.to_directed())


def sectors_example():
    G = nx.Graph([("w1", "w2"), ("w1", "w3"), ("w2", "g1"), ("g1", "g2"), ("o1", "o2")])
    return groups(G, {"w1": "welzijn", "w2": "welzijn", "w3": "welzijn", "g1": "gezondheid",
                      "g2": "gezondheid", "o1": "onderwijs", "o2": "onderwijs"})


def test_ei_index_per_sector_by_hand():
    # welzijn: 2 internal, 1 external -> (1 - 2) / 3; gezondheid: 1 internal, 1 external -> 0
    assert ei_index(sectors_example()) == {"gezondheid": 0.0, "onderwijs": -1.0, "welzijn": -1 / 3}


def test_the_sector_matrix_counts_ties_between_sectors():
    matrix = sector_matrix(sectors_example())
    assert matrix["welzijn"] == {"gezondheid": 1, "onderwijs": 0, "welzijn": 2}
    assert matrix["gezondheid"]["welzijn"] == 1


def test_sector_pairs_without_a_bridge():
    assert missing_bridges(sectors_example()) == [("gezondheid", "onderwijs"), ("onderwijs", "welzijn")]


def test_a_sector_absent_from_the_network_has_no_bridge_to_any_other():
    missing = missing_bridges(sectors_example(), groups=["welzijn", "gezondheid", "justitie"])
    assert missing == [("gezondheid", "justitie"), ("justitie", "welzijn")]
