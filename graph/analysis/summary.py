"""The shape of a whole network: size, density, pieces, distances, reciprocity, mixing, bridges."""

from __future__ import annotations

import math

import networkx as nx
from networkx.algorithms.assortativity.correlation import attribute_ac
import numpy as np

from graph.analysis.centrality import BETWEENNESS_SAMPLES, DEFAULT_SEED, EXACT_BETWEENNESS_MAX_NODES, sample_sources
from graph.analysis.igraph_convert import to_igraph
from graph.analysis.networks import two_mode_sides, undirected


def summarise(G: nx.Graph, attribute: str = "sector", exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
              samples: int = BETWEENNESS_SAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """Describe a network with the usual whole-network measures.

    Distances count hops and are taken in the largest component, read undirected (a network in
    pieces has no finite diameter); igraph computes them in C. When that component has more than
    ``exact_max_nodes`` nodes, they are taken from the breadth-first searches of ``samples``
    source nodes drawn with ``seed`` (``distances_sampled`` is then true): the average path
    length is an unbiased estimate and the diameter a lower bound (the longest distance seen).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute for the assortativity (by default the primary sector, see
        :func:`graph.analysis.networks.primary_sector`).
    exact_max_nodes, samples, seed
        When and how distances are sampled, as in :func:`graph.analysis.centrality.betweenness`.

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``directed``, ``density``, ``components`` (weakly connected for a
        directed network), ``largest_component``, ``diameter`` and ``average_path_length`` (of
        the largest component; ``None`` below two nodes), ``distances_sampled``, ``reciprocity`` (share of directed ties
        returned; ``None`` when undirected), ``assortativity`` (by ``attribute``; ``None`` when
        undefined, e.g. one sector only), ``bridges`` (number of ties whose loss splits a piece).

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis. Cambridge University Press.
    .. [2] Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    .. [3] Tarjan, R. (1974). A note on finding the bridges of a graph. Information Processing
       Letters 2, 160-161.

    Examples
    --------
    >>> s = summarise(nx.path_graph(4))
    >>> s["diameter"], s["average_path_length"], s["bridges"]
    (3, 1.6666666666666667, 3)
    """
    U = undirected(G)
    pieces = sorted(nx.connected_components(U), key=len, reverse=True) if len(U) else []
    largest = pieces[0] if pieces else set()
    diameter = average = None
    sampled = len(largest) > exact_max_nodes
    if len(largest) > 1:
        core = U.subgraph(largest)
        H = to_igraph(core, weight=None)
        if sampled:
            index = {node: i for i, node in enumerate(core)}
            sources = [index[s] for s in sample_sources(core, samples, seed)]
            distances = np.array(H.distances(source=sources), dtype=float)
            diameter = int(distances.max())
            average = float(distances.sum() / (distances.size - len(sources)))
        else:
            diameter = int(H.diameter(directed=False))
            average = float(H.average_path_length(directed=False))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "directed": G.is_directed(),
        "density": density(G),
        "components": len(pieces),
        "largest_component": len(largest),
        "diameter": diameter,
        "average_path_length": average,
        "distances_sampled": sampled,
        "reciprocity": nx.reciprocity(G) if G.is_directed() and G.number_of_edges() else None,
        "assortativity": assortativity(G, attribute),
        "bridges": len(bridges(G)),
    }


def density(G: nx.Graph) -> float:
    """Return the share of the possible ties that exist.

    In a two-mode network (``G.graph["two_mode_side"]`` names the node kind on one side) ties can
    only join the two sides, so the possible ties are the products of the sides' sizes [1]_;
    otherwise every pair of nodes (ordered, when directed).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        Between 0 and 1; 0 for fewer than two nodes.

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks 19, 243-269.

    Examples
    --------
    >>> B = nx.Graph([("o1", "p1"), ("o2", "p1")])
    >>> nx.set_node_attributes(B, {"o1": "organisatie", "o2": "organisatie", "p1": "praktijk"}, "kind")
    >>> B.graph["two_mode_side"] = "praktijk"
    >>> density(B), nx.density(B)
    (1.0, 0.6666666666666666)
    """
    if len(G) < 2:
        return 0.0
    sides = two_mode_sides(G)
    return nx.bipartite.density(G, sides[0]) if sides else nx.density(G)


def assortativity(G: nx.Graph, attribute: str = "sector") -> float | None:
    """Return Newman's assortativity of the ties by a node attribute (read undirected).

    +1: ties only within a sector; 0: mixed as by chance; negative: ties across sectors more
    than by chance. Nodes without a value are left out.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str

    Returns
    -------
    float or None
        ``None`` when undefined (no ties, or a single value).

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.

    Examples
    --------
    >>> G = nx.Graph([("a1", "a2"), ("b1", "b2")])
    >>> nx.set_node_attributes(G, {"a1": "a", "a2": "a", "b1": "b", "b2": "b"}, "sector")
    >>> assortativity(G)
    1.0
    """
    U = undirected(G)
    nodes = [v for v, value in U.nodes(data=attribute) if value]
    if U.subgraph(nodes).number_of_edges() == 0:
        return None
    # networkx orders the mixing matrix by a set of the values (hash order, so the last digits
    # differed between processes); a sorted order gives the same number in every process.
    values = sorted({U.nodes[v][attribute] for v in nodes})
    M = nx.attribute_mixing_matrix(U, attribute, nodes=nodes, mapping={x: i for i, x in enumerate(values)})
    value = attribute_ac(M)
    return None if math.isnan(value) else float(value)


def bridges(G: nx.Graph) -> list:
    """Return the ties whose removal splits a piece of the network (read undirected).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    list of tuple
        ``(u, v)`` pairs, each sorted, in sorted order.

    References
    ----------
    .. [1] Tarjan, R. (1974). A note on finding the bridges of a graph. Information Processing
       Letters 2, 160-161.

    Examples
    --------
    >>> bridges(nx.lollipop_graph(3, 1))
    [(2, 3)]
    """
    U = undirected(G)
    nodes = list(U)
    H = to_igraph(U, weight=None)
    ends = H.get_edgelist()
    pairs = (tuple(sorted((nodes[ends[e][0]], nodes[ends[e][1]]), key=str)) for e in H.bridges())
    return sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1])))
