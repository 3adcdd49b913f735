"""Communities: groups of nodes tied more among themselves than to the rest (Louvain)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.analysis.centrality import DEFAULT_SEED
from graph.analysis.networks import undirected


@dataclass(frozen=True)
class Community:
    """One community: its number (largest first), its name, its most central member, members."""

    number: int
    name: str
    centre: str
    members: tuple
    modularity: float


def communities(G: nx.Graph, resolution: float = 1.0, seed: int = DEFAULT_SEED,
                weight: str = "weight", centrality: dict | None = None) -> list[Community]:
    """Find communities with the Louvain method and name each after its most central member.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph (read undirected, weights summed)
    resolution : float
        Above 1 gives more and smaller communities, below 1 fewer and larger ones.
    seed : int
        Seed of Louvain's node order: the same graph and seed give the same communities.
    weight : str
        Edge attribute used as tie strength.
    centrality : dict, optional
        node -> value used to pick the most central member; by default the weighted degree.
        Ties go to the node with the smallest label.

    Returns
    -------
    list of Community
        Largest first (then by name); ``modularity`` is that of the whole partition.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. Journal of Statistical Mechanics P10008.
    .. [2] Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure in
       networks. Physical Review E 69, 026113.

    Examples
    --------
    Two triangles joined by one tie:

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
    >>> [c.members for c in communities(G)]
    [(1, 2, 3), (4, 5, 6)]
    """
    U = undirected(G, weight)
    if len(U) == 0:
        return []
    parts = nx.community.louvain_communities(U, weight=weight, resolution=resolution, seed=seed)
    quality = nx.community.modularity(U, parts, weight=weight, resolution=resolution) if U.number_of_edges() else 0.0
    score = centrality if centrality is not None else dict(U.degree(weight=weight))
    label = dict(U.nodes(data="label", default=None))

    def name_of(node) -> str:
        return str(label[node] if label[node] else node)

    named = []
    for part in parts:
        centre = min(part, key=lambda v: (-score.get(v, 0), name_of(v)))
        named.append((centre, tuple(sorted(part, key=lambda v: (name_of(v), str(v))))))
    named.sort(key=lambda item: (-len(item[1]), name_of(item[0])))
    return [Community(i, name_of(centre), centre, members, quality)
            for i, (centre, members) in enumerate(named, start=1)]


def membership(found: list[Community]) -> dict:
    """Return node -> community number, from the result of :func:`communities`.

    Examples
    --------
    >>> membership(communities(nx.Graph([(1, 2)])))
    {1: 1, 2: 1}
    """
    return {node: community.number for community in found for node in community.members}
