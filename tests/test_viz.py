"""Network maps drawn by viz/: counts, layout of large maps, and the offline standalone file."""

from __future__ import annotations

import re

import networkx as nx

from graph import map_data
from viz.maps import LARGE_MAP, build_network, from_networkx, render_map

ZONE_GENT = "https://w3id.org/overhoop/id/eerstelijnszone/gent"


def test_network_has_one_vis_node_per_node_and_one_edge_per_link(built_store):
    data = map_data.bouwsteen_map(built_store, 3)
    net, legend = build_network(data["nodes"], data["edges"])
    assert len(net.nodes) == len(data["nodes"]) > 0
    assert len(net.edges) == len(data["edges"]) > 0
    assert {row[1] for row in legend["relations"]} == {"initieert (praktijk)", "richt zich op (doelgroep)"}


def test_small_maps_stabilise_briefly_with_straight_edges():
    nodes, edges = from_networkx(nx.path_graph(10))
    net, _ = build_network(nodes, edges)
    assert net.options["edges"]["smooth"] is False
    assert net.options["physics"]["enabled"] is True
    assert net.options["physics"]["stabilization"]["iterations"] == 100


def test_large_maps_get_fixed_positions_and_no_physics():
    nodes, edges = from_networkx(nx.barabasi_albert_graph(LARGE_MAP + 50, 2, seed=1))
    net, _ = build_network(nodes, edges)
    assert net.options["physics"]["enabled"] is False
    assert all("x" in node and "y" in node for node in net.nodes)
    again, _ = build_network(nodes, edges)
    assert [n["x"] for n in net.nodes] == [n["x"] for n in again.nodes]


def test_standalone_file_loads_no_script_or_style_from_the_web(built_store):
    html = render_map(map_data.zone_map(built_store, ZONE_GENT), title="Gent", standalone=True)
    assert re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', html) == []
    assert "new vis.Network" in html or "vis.Network" in html
    assert "<script src=" not in html


def test_app_version_links_vis_network_instead_of_inlining_it(built_store):
    html = render_map(map_data.zone_map(built_store, ZONE_GENT), title="Gent", standalone=False)
    assert '<script src="/static/vis/vis-network.min.js">' in html
    assert len(html) < 100_000


def test_labels_are_escaped_in_the_table_and_the_data_island():
    nodes = [{"id": "x", "label": "<img src=x onerror=alert(1)>", "kind": "organisatie"}]
    html = render_map({"nodes": nodes, "edges": []}, title="t", standalone=False)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_ego_map_of_two_steps_contains_the_one_step_map(built_store):
    org = "https://w3id.org/overhoop/id/organisatie/jeugdzorg-emmaus-antwerpen"
    one = {n["id"] for n in map_data.ego_map(built_store, org, 1)["nodes"]}
    two = {n["id"] for n in map_data.ego_map(built_store, org, 2)["nodes"]}
    assert org in one and one < two


def test_sparql_result_needs_source_and_target(built_store):
    import pytest

    with pytest.raises(ValueError, match="source"):
        map_data.result_map(built_store, [{"a": "1"}])


def test_map_command_writes_an_offline_file_of_a_zone(tmp_path):
    from api.cli import main
    from graph.build import build
    from graph.store import open_store

    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    build(store)
    store.close()
    out = tmp_path / "gent.html"
    assert main(["--store", f"oxigraph:{tmp_path / 'store'}", "map", "--zone", "gent", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "data-map-data" in html and re.findall(r'<script[^>]+src=', html) == []
    assert main(["--store", f"oxigraph:{tmp_path / 'store'}", "map", "--zone", "bestaat-niet", "-o", str(out)]) == 2
