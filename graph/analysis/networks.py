"""Networks for analysis, built from the store with the ``network_*.rq`` queries.

Every network is a networkx graph whose nodes are IRIs and carry the attributes ``iri``,
``label``, ``kind`` (organisatie, praktijk, doelgroep, bouwsteen), ``type`` (organisation type
or bouwsteen, as a concept slug), ``sector`` (sector slug) and ``zone`` (the slugs of the
first-line zones the node lies in, joined by ``|``; empty when unknown). Edges carry ``weight``
(how strong the tie is: shared practices, doelgroepen of a referral, ...) and ``relation``.

A network covers one first-line zone (organisations located in the zone itself or in one of
its municipalities; practices initiated by such an organisation) or, with ``zone=None``, the
whole graph. ``G.graph`` records the network kind, the zone and the names of the queries behind
it; :func:`network_queries` gives their text, so every result can be reproduced in SPARQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rdflib import URIRef

from graph.lookup import list_zones
from graph.namespaces import instance
from graph.memory import give_back_freed_memory
from graph.queries import prepared
from graph.side_by_side import side_by_side
from graph.store import Store

@dataclass(frozen=True)
class NetworkKind:
    """One kind of network that can be built from the store."""

    name: str
    title_nl: str
    title_en: str
    directed: bool
    queries: tuple[str, ...]
    # The node kind on one side of a two-mode network (every other node is on the other side):
    # its density counts only the ties that can exist, between the two sides.
    two_mode_side: str | None = None


_ORG_RELATIONS = {
    "co-initiatief": "network_co_initiation",
    "lidmaatschap": "network_memberships",
    "doorverwijzing": "network_referrals",
}

NETWORKS: dict[str, NetworkKind] = {kind.name: kind for kind in (
    NetworkKind("organisaties", "Organisaties: samen initiatief, lidmaatschap en doorverwijzing",
                "Organisations: co-initiation, membership and referral", False,
                ("network_organisations", "network_co_initiation", "network_memberships",
                 "network_referrals")),
    NetworkKind("co-initiatief", "Organisaties die samen een praktijk opzetten",
                "Organisations co-initiating a practice", False,
                ("network_organisations", "network_co_initiation")),
    NetworkKind("lidmaatschap", "Leden van een samenwerkingsverband (bv. Huis van het Kind)",
                "Members of a partnership", False,
                ("network_organisations", "network_memberships")),
    NetworkKind("doorverwijzing", "Verbindingen tussen organisaties (gericht): doorverwijzing, samenwerking, "
                "gezamenlijk aanbod, informatie-uitwisseling; de soorten staan bij elke band",
                "Links between organisations (directed): referral, collaboration, joint offer, information "
                "exchange; each tie names its kinds", True,
                ("network_organisations", "network_referrals")),
    NetworkKind("organisatie-praktijk", "Organisaties en de praktijken die ze opzetten (tweeledig)",
                "Organisations and their practices (bipartite)", False,
                ("network_organisations", "network_practices", "network_initiatives"), "praktijk"),
    NetworkKind("praktijk-doelgroep", "Praktijken en hun doelgroepen (tweeledig)",
                "Practices and their target groups (bipartite)", False,
                ("network_practices", "network_audiences"), "praktijk"),
    NetworkKind("praktijken-via-organisaties", "Praktijken met een gemeenschappelijke initiatiefnemer",
                "Practices sharing an initiator (projection)", False,
                ("network_organisations", "network_practices", "network_initiatives")),
    NetworkKind("praktijken-via-doelgroepen", "Praktijken met een gemeenschappelijke doelgroep",
                "Practices sharing a target group (projection)", False,
                ("network_practices", "network_audiences")),
    NetworkKind("doelgroepen-via-praktijken", "Doelgroepen die dezelfde praktijken bereiken",
                "Target groups reached by the same practices (projection)", False,
                ("network_practices", "network_audiences")),
    NetworkKind("kenniskaart", "Kenniskaart: organisaties, praktijken, doelgroepen en bouwstenen",
                "Knowledge map: organisations, practices, target groups and building blocks", False,
                ("network_organisations", "network_practices", "network_initiatives",
                 "network_audiences", "network_building_blocks", "network_memberships",
                 "network_referrals")),
)}

DEFAULT_NETWORK = "organisaties"


def network_kind(name: str) -> NetworkKind:
    """Return the network kind called ``name``; raise ValueError (in Dutch) for an unknown one."""
    if name not in NETWORKS:
        raise ValueError(f"Onbekend netwerk {name!r}; kies uit: {', '.join(NETWORKS)}.")
    return NETWORKS[name]


def resolve_zone(store: Store, zone: str | None) -> URIRef | None:
    """Return the IRI of a first-line zone given by slug (``gent``) or IRI; ``None`` stays ``None``.

    Parameters
    ----------
    store : Store
    zone : str or None
        A zone slug such as ``antwerpen-centrum``, or the zone's full IRI.

    Returns
    -------
    rdflib.URIRef or None

    Raises
    ------
    ValueError
        If the store has no such zone (one Dutch sentence that says where to look them up).

    Examples
    --------
    >>> from graph.store import open_store
    >>> resolve_zone(open_store("memory"), None) is None
    True
    """
    if not zone:
        return None
    iri = URIRef(zone) if zone.startswith(("http://", "https://")) else instance("eerstelijnszone", zone)
    if str(iri) not in {zone["iri"] for zone in list_zones(store)}:
        raise ValueError(f"Eerstelijnszone {zone!r} bestaat niet; /api/zones (of `overhoop query "
                         "@graph/queries/zones.rq`) toont alle zones. / Unknown first-line zone.")
    return iri


def network_queries(kind: str = DEFAULT_NETWORK, zone: URIRef | None = None) -> dict[str, str]:
    """Return the SPARQL text of every query behind a network, with the zone bound.

    Running these queries on the store's SPARQL endpoint gives exactly the nodes and edges of
    :func:`build_network` for the same kind and zone.

    Parameters
    ----------
    kind : str
        A key of ``NETWORKS``.
    zone : rdflib.URIRef, optional
        The zone IRI (see :func:`resolve_zone`); ``None`` for the whole graph.

    Returns
    -------
    dict
        Query name to query text.

    Examples
    --------
    >>> sorted(network_queries("co-initiatief"))
    ['network_co_initiation', 'network_organisations']
    """
    return {name: prepared(name, zone=zone) for name in network_kind(kind).queries}


def flanders_size(store: Store) -> int:
    """Return how many organisations and practices the network of all of Flanders counts.

    Examples
    --------
    >>> from graph.store import open_store
    >>> flanders_size(open_store("memory"))
    0
    """
    return int(store.select(prepared("map_network_size"))[0]["nodes"])


def build_network(store: Store, kind: str = DEFAULT_NETWORK, zone: URIRef | None = None) -> nx.Graph:
    """Build one network of the store.

    Parameters
    ----------
    store : Store
    kind : str
        One of ``NETWORKS``: ``organisaties`` (all ties between organisations), ``co-initiatief``,
        ``lidmaatschap``, ``doorverwijzing`` (directed), the bipartite ``organisatie-praktijk`` and
        ``praktijk-doelgroep``, their projections ``praktijken-via-organisaties``,
        ``praktijken-via-doelgroepen`` and ``doelgroepen-via-praktijken``, or ``kenniskaart``.
    zone : rdflib.URIRef, optional
        A first-line zone IRI; ``None`` for the whole graph.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes in IRI order with the attributes listed in the module docstring; ``G.graph`` holds
        ``network``, ``zone`` and ``queries``, and for a two-mode network ``two_mode_side`` (the
        node kind on one side).

    Examples
    --------
    >>> from graph.store import open_store
    >>> G = build_network(open_store("memory"), "co-initiatief")
    >>> G.number_of_nodes(), G.graph["network"]
    (0, 'co-initiatief')
    """
    spec = network_kind(kind)
    G = nx.DiGraph() if spec.directed else nx.Graph()
    def rows_of(name: str) -> list[dict]:
        return _in_iri_order(store.select(prepared(name, zone=zone)))

    if zone is None:
        rows = {}
        for name in spec.queries:
            rows[name] = rows_of(name)
            # The engine's joins for all of Flanders briefly take far more memory than the rows
            # they give: hand it back before the next query and the measures add their own.
            give_back_freed_memory()
    else:
        # The largest zone at 100,000 organisations: 4.9 s one query after another, 2.9 s on 2 cores.
        rows = dict(zip(spec.queries, side_by_side(rows_of, spec.queries)))
    if "network_organisations" in rows:
        _add_nodes(G, rows["network_organisations"], "organisatie")
    if "network_practices" in rows:
        _add_nodes(G, rows["network_practices"], "praktijk")
    relation_of = {query: relation for relation, query in _ORG_RELATIONS.items()}
    for name in spec.queries:
        if name in relation_of:
            _add_org_edges(G, rows[name], relation_of[name])
    if "network_initiatives" in rows:
        _add_edges(G, rows["network_initiatives"], "initiatief")
    if "network_audiences" in rows:
        _add_concept_edges(G, rows["network_audiences"], "doelgroep", "doelgroep")
    if "network_building_blocks" in rows:
        _add_concept_edges(G, rows["network_building_blocks"], "bouwsteen", "bouwsteen")
    projected = {"praktijken-via-organisaties": "praktijk", "praktijken-via-doelgroepen": "praktijk",
                 "doelgroepen-via-praktijken": "doelgroep"}
    if kind in projected:
        G = project(G, projected[kind])
    G.graph.update(network=kind, zone=str(zone) if zone else "", queries=" ".join(spec.queries))
    if spec.two_mode_side and kind not in projected:
        G.graph["two_mode_side"] = spec.two_mode_side
    return G


def project(B: nx.Graph, kind: str) -> nx.Graph:
    """Project a bipartite network onto the nodes of one kind.

    Two nodes of ``kind`` are linked when they share a neighbour; the edge ``weight`` is the
    number of neighbours they share (Newman's simple weighted projection).

    Parameters
    ----------
    B : networkx.Graph
        A bipartite network whose nodes carry ``kind``.
    kind : str
        The kind to keep, for example ``praktijk``.

    Returns
    -------
    networkx.Graph

    References
    ----------
    .. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. Physical Review E 64, 016132.

    Examples
    --------
    >>> B = nx.Graph([("o1", "p1"), ("o1", "p2"), ("o2", "p2")])
    >>> nx.set_node_attributes(B, {"o1": "organisatie", "o2": "organisatie", "p1": "praktijk", "p2": "praktijk"}, "kind")
    >>> sorted(project(B, "organisatie").edges(data="weight"))
    [('o1', 'o2', 1)]
    """
    keep = [n for n, k in B.nodes(data="kind") if k == kind]
    P = nx.Graph()
    P.add_nodes_from((n, B.nodes[n]) for n in keep)
    # networkx refuses a projection with nothing of the other kind to share (a zone without
    # practices, say): that one has no edges
    if len(keep) < B.number_of_nodes():
        # networkx walks sets of neighbours, so its edge order (and with it Louvain's communities
        # for a given seed) changed with Python's hash seed, from one server start to the next
        position = {n: i for i, n in enumerate(keep)}
        edges = [(u, v, data) if position[u] < position[v] else (v, u, data)
                 for u, v, data in nx.bipartite.weighted_projected_graph(B, keep).edges(data=True)]
        P.add_edges_from(sorted(edges, key=lambda edge: (position[edge[0]], position[edge[1]])))
    nx.set_edge_attributes(P, "projectie", "relation")
    P.graph.update(B.graph)
    return P


def _in_iri_order(rows: list[dict]) -> list[dict]:
    """Sort query rows by node, or by source then target: the order the graph is built in.

    The queries leave out ORDER BY (sorting thousands of IRIs costs Oxigraph more than the query);
    a fixed order keeps node order, and so seeded measures such as Louvain, the same.
    """
    return sorted(rows, key=lambda row: (row["node"],) if "node" in row else (row["source"], row["target"]))


def _slug(iri: str | None) -> str:
    return iri.rsplit("/", 1)[1] if iri else ""


def _zones(text: str | None) -> str:
    return "|".join(sorted({_slug(iri) for iri in (text or "").split()}))


def _add_nodes(G: nx.Graph, rows: list[dict], kind: str) -> None:
    for row in rows:
        G.add_node(row["node"], iri=row["node"], label=row.get("label", _slug(row["node"])), kind=kind,
                   type=_slug(row.get("type")), sector=_slug(row.get("sector")), zone=_zones(row.get("zones")))


def _add_org_edges(G: nx.Graph, rows: list[dict], relation: str) -> None:
    """Add organisation ties; ties of several relations between one pair add up their weight."""
    for row in rows:
        source, target = row["source"], row["target"]
        if relation == "co-initiatief":
            weight = int(row["practices"])
        elif relation == "doorverwijzing":
            # a referral counts at least once, even when it names no doelgroep
            weight = max(1, int(row["audiences"]))
        else:
            weight = 1
        if G.has_edge(source, target):
            data = G.edges[source, target]
            data["weight"] += weight
            data["relation"] = "|".join(sorted(set(data["relation"].split("|")) | {relation}))
        else:
            G.add_edge(source, target, weight=weight, relation=relation)
        if relation == "doorverwijzing":
            G.edges[source, target]["referral_kinds"] = "|".join(sorted(_slug(k) for k in row.get("kinds", "").split()))
            G.edges[source, target]["referrals"] = int(row["referrals"])


def _add_edges(G: nx.Graph, rows: list[dict], relation: str) -> None:
    for row in rows:
        G.add_edge(row["source"], row["target"], weight=1, relation=relation)


def _add_concept_edges(G: nx.Graph, rows: list[dict], kind: str, relation: str) -> None:
    for row in rows:
        target = row["target"]
        if target not in G:
            G.add_node(target, iri=target, label=row.get("targetLabel", _slug(target)), kind=kind,
                       type="", sector="", zone="")
        G.add_edge(row["source"], target, weight=1, relation=relation)


def undirected(G: nx.Graph, weight: str = "weight") -> nx.Graph:
    """Return ``G`` without direction: a tie both ways becomes one edge with the summed weight.

    Measures defined on undirected ties (k-core, clustering, structural holes, bridges) use this
    view of a directed network; the sum is Burt's mutual tie strength ``a_ij + a_ji``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str
        The edge attribute to add up (missing values count 1).

    Returns
    -------
    networkx.Graph
        ``G`` itself when it is already undirected.

    Examples
    --------
    >>> D = nx.DiGraph([("a", "b", {"weight": 2}), ("b", "a", {"weight": 1})])
    >>> undirected(D).edges["a", "b"]["weight"]
    3
    """
    if not G.is_directed():
        return G
    U = nx.Graph()
    U.add_nodes_from(G.nodes(data=True))
    for u, v, w in G.edges(data=weight, default=1):
        if U.has_edge(u, v):
            U.edges[u, v][weight] += w
        else:
            U.add_edge(u, v, **{weight: w})
    U.graph.update(G.graph)
    return U
