"""Who is central in a network: degree, betweenness, closeness, eigenvector, PageRank, k-core,
clustering and articulation points.

Every function takes a networkx graph and returns a dict from node to value, in node order.
Path measures (betweenness, closeness) count hops and ignore weights: a weight here says how
strong a tie is, not how long. The costly ones run in python-igraph (C); the tests check that
they give networkx's numbers on small graphs.

In a two-mode network (:func:`graph.analysis.networks.two_mode_sides`; these are undirected)
betweenness and closeness take Borgatti and Everett's two-mode normalisation, as
``networkx.algorithms.bipartite`` does: a node is compared with the most a node on its own side
could reach, since a practice never lies between two practices nor next to another practice.
The clustering coefficient is left undefined there (``None``): a two-mode network has no
triangles, so it would be 0 by construction.

Betweenness is exact up to ``EXACT_BETWEENNESS_MAX_NODES`` nodes. Above that it is estimated
from ``BETWEENNESS_SAMPLES`` source nodes drawn with a fixed seed (Brandes & Pich 2007), exactly
as ``networkx.betweenness_centrality(G, k, seed=seed)`` does, only faster. Measured on the
2-core reference machine (STACK.md §6): exact betweenness of a 10,000-node, 48,000-edge graph
takes 338 s in networkx and about 7 s in igraph; the estimate from 500 sources takes well under
a second, so a full analysis of such a graph stays within a minute.
"""

from __future__ import annotations

import math
import random
from collections import Counter

import networkx as nx
import numpy as np
from scipy.sparse.linalg import eigsh

from graph.analysis.igraph_convert import to_igraph
from graph.analysis.networks import two_mode_sides, undirected

EXACT_BETWEENNESS_MAX_NODES = 5_000
BETWEENNESS_SAMPLES = 500
DEFAULT_SEED = 42


def degrees(G: nx.Graph, weight: str = "weight") -> dict:
    """Return the degree, in-degree, out-degree, weighted degree and partners of every node.

    In a directed network the degree counts ties (in + out), so a partner tied both ways counts
    twice; ``partners`` counts every neighbour once, whatever the direction.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str
        Edge attribute summed for the weighted degree (missing values count 1).

    Returns
    -------
    dict
        node -> {"degree": int, "in_degree": int, "out_degree": int, "weighted_degree": float,
        "partners": int}; in an undirected graph in- and out-degree and partners equal the degree.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1, 215-239.

    Examples
    --------
    >>> D = nx.DiGraph([("a", "b", {"weight": 2}), ("c", "b", {"weight": 1}), ("b", "a", {"weight": 1})])
    >>> degrees(D)["b"]
    {'degree': 3, 'in_degree': 2, 'out_degree': 1, 'weighted_degree': 4.0, 'partners': 2}
    """
    directed = G.is_directed()
    result = {}
    for node in G:
        result[node] = {
            "degree": G.degree(node),
            "in_degree": G.in_degree(node) if directed else G.degree(node),
            "out_degree": G.out_degree(node) if directed else G.degree(node),
            "weighted_degree": float(G.degree(node, weight=weight)),
            "partners": len(set(G.predecessors(node)) | set(G.successors(node))) if directed else len(G[node]),
        }
    return result


def betweenness(G: nx.Graph, exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
                samples: int = BETWEENNESS_SAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """Return the normalised betweenness centrality of every node (hops, weights ignored).

    Exact for graphs of at most ``exact_max_nodes`` nodes; above, estimated from ``samples``
    source nodes drawn with ``random.Random(seed)``, giving the same numbers as
    ``nx.betweenness_centrality(G, k=samples, seed=seed)``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    exact_max_nodes : int
        Largest graph computed exactly.
    samples : int
        Number of source nodes of the estimate.
    seed : int
        Seed of the sample: the same graph and seed give the same numbers.

    Returns
    -------
    dict
        node -> share of shortest paths between other nodes that pass through it, in [0, 1]. In
        a two-mode network the number of paths through it is divided by the most that a node on
        its side can have [4]_ (``networkx.bipartite.betweenness_centrality``), not by the
        ``(n-1)(n-2)/2`` pairs of a one-mode network.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40, 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25, 163-177.
    .. [3] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17, 2303-2318.
    .. [4] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks 19, 243-269.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    nodes = list(G)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    H = to_igraph(G, weight=None)
    # igraph counts an undirected pair once where networkx sums both directions
    pairs = 1.0 if G.is_directed() else 2.0
    if n <= exact_max_nodes or samples >= n:
        raw = H.betweenness(directed=G.is_directed())
        values = {v: pairs * b / ((n - 1) * (n - 2)) for v, b in zip(nodes, raw)}
    else:
        sources = sample_sources(G, samples, seed)
        index = {node: i for i, node in enumerate(nodes)}
        raw = H.betweenness(directed=G.is_directed(), sources=[index[s] for s in sources], targets=None)
        chosen = set(sources)
        # a source cannot lie on its own paths: it is scaled by the other k-1 sources (as networkx 3.6)
        values = {v: pairs * b / (((samples - 1) if v in chosen else samples) * (n - 2))
                  for v, b in zip(nodes, raw)}
    sides = two_mode_sides(G)
    if sides is None:
        return values
    # back to paths through the node (the one-mode maximum times its share), then a share of
    # the two-mode maximum of its side
    one_mode_most = (n - 1) * (n - 2) / pairs
    side, other = sides
    scale = {True: _scale(one_mode_most, _most_between(len(side), len(other))),
             False: _scale(one_mode_most, _most_between(len(other), len(side)))}
    return {v: b * scale[v in side] for v, b in values.items()}


def _most_between(same: int, other: int) -> float:
    """The most shortest paths (pairs of other nodes) that a node on a side of ``same`` nodes can
    lie on, facing ``other`` nodes (Borgatti & Everett 1997, as networkx.bipartite)."""
    if not same or not other:
        return 0.0
    s, t = divmod(same - 1, other)
    return (other**2 * (s + 1) ** 2 + other * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2


def _scale(one_mode_most: float, most: float) -> float:
    # a side whose nodes can lie on no path at all (one node facing them) keeps 0
    return one_mode_most / most if most else 0.0


def sample_sources(G: nx.Graph, samples: int = BETWEENNESS_SAMPLES, seed: int = DEFAULT_SEED) -> list:
    """Return the source nodes of the sampled path measures: ``random.Random(seed).sample(list(G), samples)``.

    Examples
    --------
    >>> sample_sources(nx.path_graph(10), samples=3, seed=1) == sample_sources(nx.path_graph(10), samples=3, seed=1)
    True
    """
    return random.Random(seed).sample(list(G), min(samples, len(G)))


def closeness(G: nx.Graph, exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
              samples: int = BETWEENNESS_SAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """Return the closeness centrality of every node, as ``networkx.closeness_centrality``.

    For a graph in pieces, the Wasserman-Faust correction scales each node's closeness by the
    share of the graph it can reach; in a directed graph the distance counted is the one
    towards the node (how easily others reach it). Above ``exact_max_nodes`` nodes the mean
    distance and the reach are estimated from the distances of ``samples`` source nodes
    (Eppstein & Wang), the same sources as sampled betweenness.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    exact_max_nodes : int
        Largest graph computed exactly.
    samples : int
        Number of source nodes of the estimate.
    seed : int
        Seed of the sample.

    Returns
    -------
    dict
        node -> (least possible total distance from the nodes that reach it) / (their total
        distance) * (r - 1) / (n - 1), where r is the number of nodes that reach it (itself
        included); 0 for a node no one reaches. The least possible distance is 1 per node; in a
        two-mode network 2 for a node on its own side [4]_, which for a connected network gives
        ``networkx.bipartite.closeness_centrality`` (that one exceeds 1 in a network in pieces).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1, 215-239.
    .. [2] Wasserman, S. & Faust, K. (1994). Social Network Analysis. Cambridge University Press.
    .. [3] Eppstein, D. & Wang, J. (2004). Fast approximation of centrality. Journal of Graph
       Algorithms and Applications 8, 39-45.
    .. [4] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks 19, 243-269.

    Examples
    --------
    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    nodes = list(G)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    H = to_igraph(G, weight=None)
    sides = two_mode_sides(G)
    on_side = [v in sides[0] for v in nodes] if sides else None
    if n <= exact_max_nodes or samples >= n:
        # igraph gives (r - 1) / total distance, the closeness among the nodes that reach it
        raw = H.closeness(mode="in", normalized=True)
        if G.is_directed():
            reach = H.neighborhood_size(order=n, mode="in")
            least = [r - 1 for r in reach]
        else:
            membership = H.connected_components().membership
            size = Counter(membership)
            reach = [size[c] for c in membership]
            least = [size[c] - 1 for c in membership]
            if sides:
                # the others on its own side of its piece are two steps away at least
                same = Counter(zip(membership, on_side))
                least = [x + same[c, s] - 1 for x, c, s in zip(least, membership, on_side)]
        return {v: 0.0 if r < 2 or math.isnan(c) else c * x / (n - 1)
                for v, c, r, x in zip(nodes, raw, reach, least)}
    index = {node: i for i, node in enumerate(nodes)}
    sources = [index[s] for s in sample_sources(G, samples, seed)]
    distances = np.array(H.distances(source=sources, mode="out"), dtype=float)
    distances[np.arange(len(sources)), sources] = np.inf  # a source does not reach itself
    finite = np.isfinite(distances)
    reached = finite.sum(axis=0)
    least = reached
    if sides:
        side = np.array(on_side)
        least = reached + (finite & (side[sources][:, None] == side[None, :])).sum(axis=0)
    others = len(sources) - np.isin(np.arange(n), sources)
    total = np.where(finite, distances, 0.0).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(reached > 0, (least / total) * (reached / others), 0.0)
    return {v: float(x) for v, x in zip(nodes, value)}


def eigenvector(G: nx.Graph, weight: str = "weight") -> dict:
    """Return the eigenvector centrality of every node (a directed graph is read undirected).

    A node is central when its neighbours are central: the leading eigenvector of the
    (weighted) adjacency matrix, scaled to unit length as networkx does. In a network in pieces
    it is that of the piece with the largest eigenvalue; every other node gets 0. Referral networks are
    often nearly acyclic, where the directed measure is zero almost everywhere; PageRank is the
    directed counterpart.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Edge attribute used as tie strength.

    Returns
    -------
    dict
        node -> value in [0, 1]; the squares add up to 1.

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. American Journal
       of Sociology 92, 1170-1182.

    Examples
    --------
    >>> {k: round(v, 3) for k, v in eigenvector(nx.path_graph(3)).items()}
    {0: 0.5, 1: 0.707, 2: 0.5}
    """
    U = undirected(G)
    result = dict.fromkeys(U, 0.0)
    # In a graph in pieces the leading eigenvector lives on the piece with the largest
    # eigenvalue (networkx's power iteration tends to 0 elsewhere). A piece's eigenvalue is at
    # most its largest weighted degree, so pieces that cannot beat the best so far are skipped.
    pieces = [U.subgraph(c) for c in nx.connected_components(U) if len(c) > 1]
    bound = {id(P): max(d for _, d in P.degree(weight=weight)) for P in pieces}
    # A piece lists its nodes in hash order; the network's own order makes the matrix, and so
    # the last digits, the same in every process.
    position = {v: i for i, v in enumerate(U)}
    best, best_value = None, 0.0
    for P in sorted(pieces, key=lambda P: (-bound[id(P)], min(map(str, P)))):
        if bound[id(P)] <= best_value:
            break
        nodes = sorted(P, key=position.__getitem__)
        value, values = _leading_eigenpair(P, nodes, weight)
        if value > best_value + 1e-12:
            best, best_value = (nodes, values), value
    if best is not None:
        nodes, values = best
        norm = math.sqrt(sum(x * x for x in values)) or 1.0
        result.update({v: float(abs(x) / norm) for v, x in zip(nodes, values)})
    return result


def _leading_eigenpair(P: nx.Graph, nodes: list, weight: str | None) -> tuple[float, list]:
    """Largest eigenvalue and its eigenvector (in the order of ``nodes``) of a connected piece.

    ARPACK starts from the all-ones vector (not a random one), so the result is reproducible.
    """
    A = nx.to_scipy_sparse_array(P, nodelist=nodes, weight=weight, dtype=float)
    if A.shape[0] <= 64:
        values, vectors = np.linalg.eigh(A.toarray())
        return float(values[-1]), list(vectors[:, -1])
    values, vectors = eigsh(A, k=1, which="LA", v0=np.ones(A.shape[0]))
    return float(values[0]), list(vectors[:, 0])


def pagerank(G: nx.Graph, weight: str = "weight", alpha: float = 0.85) -> dict:
    """Return the PageRank of every node (networkx, computed with scipy).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Edge attribute used as tie strength.
    alpha : float
        Damping factor.

    Returns
    -------
    dict
        node -> value; the values add up to 1.

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the web. Stanford InfoLab.

    Examples
    --------
    >>> round(pagerank(nx.star_graph(2))[0], 3)
    0.486
    """
    if G.number_of_nodes() == 0:
        return {}
    return {v: float(x) for v, x in nx.pagerank(G, alpha=alpha, weight=weight).items()}


def k_core(G: nx.Graph) -> dict:
    """Return the core number of every node: the largest k such that it lies in the k-core.

    The k-core is the largest subgraph in which every node has at least k neighbours;
    a directed graph is read undirected.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    dict
        node -> int.

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree. Social Networks 5,
       269-287.

    Examples
    --------
    >>> k_core(nx.lollipop_graph(3, 1))
    {0: 2, 1: 2, 2: 2, 3: 1}
    """
    # igraph's coreness, in C: networkx's took 37 s for all of Flanders at 100,000 organisations.
    U = undirected(G)
    H = to_igraph(U, weight=None)
    H.simplify(multiple=False, loops=True)
    return {v: int(core) for v, core in zip(U, H.coreness())}


def clustering(G: nx.Graph) -> dict:
    """Return the local clustering coefficient of every node (unweighted, read undirected).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    dict
        node -> share of pairs of its neighbours that are linked themselves; 0 below two
        neighbours (as networkx). ``None`` for every node of a two-mode network, whose
        neighbours are never linked to each other (Latapy's two-mode clustering,
        ``networkx.bipartite.clustering``, took 3 s for the practices and doelgroepen of
        10,000 organisations and grows with the square of the practices: compute it from a
        download when needed).

    References
    ----------
    .. [1] Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. Nature 393, 440-442.

    Examples
    --------
    >>> clustering(nx.lollipop_graph(3, 1))[2]
    0.3333333333333333
    """
    if two_mode_sides(G):
        return dict.fromkeys(G)
    U = undirected(G)
    H = to_igraph(U, weight=None)
    return {v: float(c) for v, c in zip(U, H.transitivity_local_undirected(mode="zero"))}


def articulation_points(G: nx.Graph) -> set:
    """Return the nodes whose removal splits their part of the network (cut vertices).

    For a coordinator: the organisations without which the alliance falls apart.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph (read undirected)

    Returns
    -------
    set

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. Communications of the ACM 16, 372-378.

    Examples
    --------
    >>> articulation_points(nx.path_graph(4)) == {1, 2}
    True
    """
    return set(nx.articulation_points(undirected(G)))
