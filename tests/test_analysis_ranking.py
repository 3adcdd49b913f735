"""Ranking the nodes of an analysis: most central first, undefined and empty values left out."""

from __future__ import annotations

import networkx as nx

from graph.analysis.ranking import ranked
from graph.analysis.report import analyse


def star_with_tail():
    """A hub with three spokes, one spoke continuing to a tail node; plus one lone node."""
    G = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("c", "tail")])
    G.add_node("lone")
    nx.set_node_attributes(G, {n: n for n in G}, "label")
    return analyse(G).nodes


def test_the_hub_ranks_first_on_betweenness_and_the_tail_link_second():
    assert [row["label"] for row in ranked(star_with_tail(), "betweenness")] == ["hub", "c"]


def test_nodes_with_nothing_are_left_out_of_a_high_is_central_ranking():
    assert "lone" not in [row["label"] for row in ranked(star_with_tail(), "degree", limit=None)]


def test_constraint_ranks_upwards_and_skips_undefined_values():
    rows = ranked(star_with_tail(), "constraint", limit=None)
    assert rows[0]["label"] == "hub"
    assert [row["constraint"] for row in rows] == sorted(row["constraint"] for row in rows)
    assert "lone" not in [row["label"] for row in rows]


def test_ties_go_to_the_name_so_the_order_never_changes():
    assert [row["label"] for row in ranked(star_with_tail(), "degree", limit=None)][-3:] == ["a", "b", "tail"]


def test_limit_cuts_the_list():
    assert len(ranked(star_with_tail(), "degree", limit=2)) == 2


def test_every_node_keeps_the_left_out_nodes_after_the_ranked_ones():
    ranked_only = [row["label"] for row in ranked(star_with_tail(), "degree", limit=None)]
    every = [row["label"] for row in ranked(star_with_tail(), "degree", limit=None, every_node=True)]
    assert every == ranked_only + ["lone"]
