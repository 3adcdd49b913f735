"""The bridge to python-igraph, which computes the costly path measures in C.

networkx stays the graph model of the project; a graph is copied to igraph only to compute a
measure, with vertex ``i`` standing for the ``i``-th node of ``G`` (in ``G``'s node order), so
results map back by position.
"""

from __future__ import annotations

import igraph as ig
import networkx as nx


def to_igraph(G: nx.Graph, weight: str | None = "weight") -> ig.Graph:
    """Copy ``G`` to an igraph graph, keeping direction and (optionally) edge weights.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Edge attribute copied to the igraph edge attribute ``weight`` (missing values count 1);
        ``None`` copies no weights.

    Returns
    -------
    igraph.Graph
        Vertex ``i`` is ``list(G)[i]``.

    Examples
    --------
    >>> to_igraph(nx.path_graph(3)).ecount()
    2
    """
    index = {node: i for i, node in enumerate(G)}
    H = ig.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in G.edges()], directed=G.is_directed())
    if weight is not None:
        H.es["weight"] = [float(w) for _, _, w in G.edges(data=weight, default=1)]
    return H
