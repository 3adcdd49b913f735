"""Every measure of one network at once: what the CLI, the API and the exports show."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

import networkx as nx
from rdflib import URIRef

from graph.analysis import brokerage, centrality, structural_holes, summary
from graph.analysis.centrality import DEFAULT_SEED
from graph.analysis.communities import Community, communities, membership
from graph.analysis.networks import DEFAULT_NETWORK, build_network, flanders_size, network_queries, resolve_zone
from graph.apart import run_apart
from graph.cache import cached, per_state
from graph.dates import LOCAL_ZONE
from graph.store import Store

NODE_ATTRIBUTES = ("iri", "label", "kind", "type", "sector", "sectors", "zone")
NODE_MEASURES = ("degree", "in_degree", "out_degree", "weighted_degree", "partners", "betweenness", "closeness",
                 "eigenvector", "pagerank", "constraint", "effective_size", "k_core", "clustering",
                 "articulation_point", "community", *brokerage.ROLES, "brokerage")


@dataclass
class NetworkAnalysis:
    """The measures of one network.

    ``nodes`` holds one dict per node: its ``NODE_ATTRIBUTES`` and ``NODE_MEASURES`` (``None``
    where a measure is undefined), in the network's node order. ``computed_at`` (ISO 8601, in
    Brussels time) and ``graph_state`` (the store's ``cache_token()``) tell which state of the
    graph was analysed.
    """

    network: str
    zone: str
    seed: int
    resolution: float
    summary: dict
    nodes: list[dict]
    communities: list[Community]
    ei_index: dict
    sector_matrix: dict
    missing_bridges: list
    computed_at: str = ""
    graph_state: Hashable = None


def analyse(G: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0,
            sectors: list | None = None) -> NetworkAnalysis:
    """Compute every node measure, the communities, the brokerage and the summary of ``G``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A network of :func:`graph.analysis.networks.build_network`.
    seed : int
        Seed of sampled betweenness (large graphs) and Louvain: same graph and seed, same numbers.
    resolution : float
        Louvain's resolution.
    sectors : list of str, optional
        Sectors for the bridge matrix (all of the scheme, say); by default those in ``G``.

    Returns
    -------
    NetworkAnalysis

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> [row["betweenness"] for row in analyse(G).nodes]
    [0.0, 1.0, 0.0]
    """
    degree = centrality.degrees(G)
    per_measure = {
        "betweenness": centrality.betweenness(G, seed=seed),
        "closeness": centrality.closeness(G, seed=seed),
        "eigenvector": centrality.eigenvector(G),
        "pagerank": centrality.pagerank(G),
        "constraint": structural_holes.constraint(G),
        "effective_size": structural_holes.effective_size(G),
        "k_core": centrality.k_core(G),
        "clustering": centrality.clustering(G),
    }
    cuts = centrality.articulation_points(G)
    found = communities(G, resolution=resolution, seed=seed, centrality=per_measure["pagerank"])
    community_of = membership(found)
    roles = brokerage.brokerage_roles(G)
    nodes = []
    for node, data in G.nodes(data=True):
        row = {name: data.get(name, "") for name in NODE_ATTRIBUTES}
        row["iri"] = row["iri"] or str(node)
        row.update(degree[node])
        row.update({name: values.get(node) for name, values in per_measure.items()})
        row["articulation_point"] = node in cuts
        row["community"] = community_of.get(node)
        row.update({role: roles[node][role] for role in brokerage.ROLES})
        row["brokerage"] = roles[node]["total"]
        nodes.append(row)
    return NetworkAnalysis(
        network=G.graph.get("network", ""), zone=G.graph.get("zone", ""), seed=seed,
        resolution=resolution, summary=summary.summarise(G, seed=seed), nodes=nodes, communities=found,
        ei_index=brokerage.ei_index(G), sector_matrix=brokerage.sector_matrix(G, groups=sectors),
        missing_bridges=brokerage.missing_bridges(G, groups=sectors),
    )


def annotated(G: nx.Graph, analysis: NetworkAnalysis) -> nx.Graph:
    """Return a copy of ``G`` with every measure of ``analysis`` as a node attribute.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> annotated(G, analyse(G)).nodes["a"]["degree"]
    1
    """
    A = G.copy()
    for node, row in zip(G, analysis.nodes):
        A.nodes[node].update({name: row[name] for name in NODE_MEASURES})
    A.graph.update(seed=analysis.seed, resolution=analysis.resolution)
    return A


def analysed_network(store: Store, kind: str = DEFAULT_NETWORK, zone: str | None = None,
                     seed: int = DEFAULT_SEED, resolution: float = 1.0,
                     wait_s: float | None = None) -> tuple[nx.Graph, NetworkAnalysis]:
    """Build a network from the store, analyse it and return it annotated, ready for export.

    The annotated graph carries every measure as a node attribute and, in ``G.graph["sparql"]``,
    the text of the queries that select its nodes and edges, so the export can be reproduced.
    The answer is kept until the next write, per zone whichever way it is named: the page (which
    names a zone by IRI) and the API (by id) share one analysis. The analysis of the whole graph
    may describe the graph before the last write while its successor is being computed:
    ``analysis.computed_at`` says when its graph was read and
    ``graph.cache.is_current(store, analysis.graph_state)`` whether it still is.

    Parameters
    ----------
    store : Store
    kind : str
        A network kind of :data:`graph.analysis.networks.NETWORKS`.
    zone : str, optional
        A zone slug or IRI; ``None`` for the whole graph.
    seed, resolution
        As in :func:`analyse`.
    wait_s : float, optional
        For the whole graph: wait at most this long for a first analysis (at 100,000
        organisations it takes minutes); it goes on in the background meanwhile.

    Returns
    -------
    tuple
        ``(annotated graph, NetworkAnalysis)``.

    Raises
    ------
    ValueError
        For an unknown zone or network kind (a Dutch sentence).
    graph.cache.StillComputing
        With ``wait_s``, when the first analysis of the whole graph is not ready in time.

    Examples
    --------
    >>> from graph.store import open_store
    >>> G, analysis = analysed_network(open_store("memory"), "co-initiatief")
    >>> analysis.summary["nodes"], "network_co_initiation" in G.graph["sparql"]
    (0, True)
    """
    zone_iri = resolve_zone(store, zone)
    if zone_iri is None:
        return _analysed_flanders(store, kind, seed, resolution, wait_s)
    return _analysed_zone(store, kind, str(zone_iri), seed, resolution)


# All of Flanders takes seconds at 10,000 organisations. After an import the previous analysis is
# handed out, with the time of the graph it describes, while one new analysis is computed: the
# alternative, every visitor waiting for it after every import, stalls the whole server. Under a
# stream of imports it is computed at most once a minute.
FLANDERS_RECOMPUTE_S = 60.0
# Above this many nodes the analysis of all of Flanders runs in a process of its own
# (graph/apart.py); below, starting that process (about a second) would take longer than it.
APART_ABOVE_NODES = 2_000


def _analysed_flanders(store: Store, kind: str, seed: int, resolution: float,
                       wait_s: float | None) -> tuple[nx.Graph, NetworkAnalysis]:
    return cached(store, ("analysis of Flanders", kind, seed, resolution),
                  lambda: _analyse_from_store(store, kind, None, seed, resolution,
                                              apart=flanders_size(store) > APART_ABOVE_NODES),
                  stale_while_recomputing=True, recompute_every_s=FLANDERS_RECOMPUTE_S, wait_s=wait_s)


@per_state(copy_result=False, about=lambda kind, zone_iri, *_args, **_kwargs: zone_iri)
def _analysed_zone(store: Store, kind: str, zone_iri: str, seed: int, resolution: float) -> tuple[nx.Graph, NetworkAnalysis]:
    return _analyse_from_store(store, kind, zone_iri, seed, resolution)


def _analyse_from_store(store: Store, kind: str, zone_iri: str | None, seed: int, resolution: float,
                        apart: bool = False) -> tuple[nx.Graph, NetworkAnalysis]:
    # In Brussels time, not the server's: pages show this time as it is written.
    state, started = store.cache_token(), datetime.now(LOCAL_ZONE)
    if apart:
        A, analysis = run_apart(store, _analysed_graph, kind, zone_iri, seed, resolution)
    else:
        A, analysis = _analysed_graph(store, kind, zone_iri, seed, resolution)
    analysis.graph_state, analysis.computed_at = state, started.isoformat(timespec="seconds")
    return A, analysis


def _analysed_graph(store: Store, kind: str, zone_iri: str | None, seed: int,
                    resolution: float) -> tuple[nx.Graph, NetworkAnalysis]:
    zone = URIRef(zone_iri) if zone_iri else None
    G = build_network(store, kind, zone)
    analysis = analyse(G, seed=seed, resolution=resolution)
    A = annotated(G, analysis)
    A.graph["sparql"] = "\n\n".join(f"# --- {name}.rq ---\n{text}"
                                      for name, text in network_queries(kind, zone).items())
    return A, analysis
