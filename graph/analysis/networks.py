"""Networks for analysis, built from the store with the ``network_*.rq`` queries.

Every network is a networkx graph whose nodes are IRIs and carry the attributes ``iri``,
``label``, ``kind`` (organisatie, praktijk, doelgroep, bouwsteen), ``type`` (organisation type
or bouwsteen, as a concept slug), ``sectors`` (every sector slug of an organisation, joined by
``|``), ``sector`` (its primary sector, see :func:`primary_sector`: the one group per node that
the sector measures need) and ``zone`` (the slugs of the first-line zones the node lies in,
joined by ``|``; empty when unknown). Edges carry ``weight`` (how strong the tie is: shared
practices, doelgroepen of a referral, ...) and ``relation``: what the tie is (``co-initiatief``,
``lidmaatschap``, ``initiatief``, ``doelgroep``, ``bouwsteen``, ``projectie``, or for a link
between organisations its kinds: ``doorverwijzing``, ``samenwerking``, ``gezamenlijk-aanbod``,
``informatie-uitwisseling``); a tie that is several of these names them all, joined by ``|``.

A network covers one first-line zone (organisations located in the zone itself or in one of
its municipalities; practices initiated by such an organisation) or, with ``zone=None``, the
whole graph: all of Flanders and beyond (:data:`WHOLE_GRAPH_NL`), since the graph also holds
organisations without a zone (placed in a province, a region, Belgium or abroad, such as the
Dutch developers of a method used in Flanders), whose ties belong to the practices and partners
they have here. ``G.graph`` records the network kind, the zone and the names of the queries
behind it; :func:`network_queries` gives their text, so every result can be reproduced in SPARQL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
from rdflib import URIRef

from graph.cache import per_state
from graph.lookup import list_zones
from graph.namespaces import instance
from graph.memory import give_back_freed_memory
from graph.queries import prepared, query_slots
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


# What the network of the whole graph is called: see the module docstring for why it goes beyond Flanders.
WHOLE_GRAPH_NL = "heel Vlaanderen en daarbuiten"
# The counts behind every organisation's primary sector (primary_sector); read for the whole graph
# once per state of the graph, not per network.
SECTORS_PER_TYPE = "network_sectors_per_type"

# The relation the ties of each query carry; a link of network_referrals is named by its kinds
# instead (_add_org_edges).
_ORG_RELATIONS = {
    "co-initiatief": "network_co_initiation",
    "lidmaatschap": "network_memberships",
    "doorverwijzing": "network_referrals",
}

NETWORKS: dict[str, NetworkKind] = {kind.name: kind for kind in (
    NetworkKind("organisaties", "Organisaties: samen initiatief, lidmaatschap en verbindingen (doorverwijzing, "
                "samenwerking, ...)", "Organisations: co-initiation, membership and links (referral, "
                "collaboration, ...)", False,
                ("network_organisations", SECTORS_PER_TYPE, "network_co_initiation",
                 "network_memberships", "network_referrals")),
    NetworkKind("co-initiatief", "Organisaties die samen een praktijk opzetten",
                "Organisations co-initiating a practice", False,
                ("network_organisations", SECTORS_PER_TYPE, "network_co_initiation")),
    NetworkKind("lidmaatschap", "Leden van een samenwerkingsverband (bv. Huis van het Kind)",
                "Members of a partnership", False,
                ("network_organisations", SECTORS_PER_TYPE, "network_memberships")),
    NetworkKind("doorverwijzing", "Verbindingen tussen organisaties (gericht): doorverwijzing, samenwerking, "
                "gezamenlijk aanbod, informatie-uitwisseling; de soorten staan bij elke band",
                "Links between organisations (directed): referral, collaboration, joint offer, information "
                "exchange; each tie names its kinds", True,
                ("network_organisations", SECTORS_PER_TYPE, "network_referrals")),
    NetworkKind("organisatie-praktijk", "Organisaties en de praktijken die ze opzetten (tweeledig)",
                "Organisations and their practices (bipartite)", False,
                ("network_organisations", SECTORS_PER_TYPE, "network_practices", "network_initiatives"),
                "praktijk"),
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
                ("network_organisations", SECTORS_PER_TYPE, "network_practices",
                 "network_initiatives", "network_audiences", "network_building_blocks",
                 "network_memberships", "network_referrals")),
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
    ['network_co_initiation', 'network_organisations', 'network_sectors_per_type']
    """
    return {name: _prepared(name, zone) for name in network_kind(kind).queries}


def _prepared(name: str, zone: URIRef | None) -> str:
    # a query without a zone slot is about the whole graph whatever the zone (SECTORS_PER_TYPE)
    return prepared(name, zone=zone) if "zone" in query_slots(name) else prepared(name)


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

    # the sector counts are the whole graph's, kept from one network to the next (sectors_per_type)
    names = [name for name in spec.queries if name != SECTORS_PER_TYPE]
    if zone is None:
        rows = {}
        for name in names:
            rows[name] = rows_of(name)
            # The engine's joins for all of Flanders briefly take far more memory than the rows
            # they give: hand it back before the next query and the measures add their own.
            give_back_freed_memory()
    else:
        # The largest zone at 100,000 organisations: 4.9 s one query after another, 2.9 s on 2 cores.
        rows = dict(zip(names, side_by_side(rows_of, names)))
    if "network_organisations" in rows:
        _add_nodes(G, rows["network_organisations"], "organisatie",
                   sectors_per_type(store) if SECTORS_PER_TYPE in spec.queries else {})
    if "network_practices" in rows:
        _add_nodes(G, rows["network_practices"], "praktijk", {})
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


@per_state()
def sectors_per_type(store: Store) -> dict[str, Counter]:
    """Return how many organisations of each type hold each sector (``network_sectors_per_type.rq``).

    Counted over the whole graph, so that an organisation has the same primary sector in every
    network, of a zone or of all of Flanders. Kept until the next write. (A zone's analysis, kept
    while writes touch only other zones, keeps the primary sectors of its time: a type's
    commonest sector hardly moves with one import.)

    Parameters
    ----------
    store : Store

    Returns
    -------
    dict
        Organisation type slug (``""`` for organisations without a type) -> Counter of sector
        slug -> number of organisations.

    Examples
    --------
    >>> from graph.store import open_store
    >>> sectors_per_type(open_store("memory"))
    {}
    """
    counts: dict[str, Counter] = {}
    for row in store.select(prepared(SECTORS_PER_TYPE)):
        counts.setdefault(_slug(row.get("type")), Counter())[_slug(row["sector"])] = int(row["organisations"])
    return counts


def primary_sector(sectors: list[str], type_counts: Counter) -> str:
    """Return an organisation's primary sector: the one group per node of the sector measures.

    The rule: of the organisation's own sectors, the one most common among the organisations of
    its type in the whole graph (``type_counts``, from :func:`sectors_per_type`); between sectors
    equally common, the first in alphabetical order. A school in onderwijs and justitie is
    analysed in onderwijs, because most schools are; an organisation with one sector is analysed
    in that one. The measures that need one group per node use it: the Gould-Fernandez brokerage
    roles, the E-I index, the sector bridge matrix and the assortativity by sector. Every sector
    stays in the node attribute ``sectors``.

    Parameters
    ----------
    sectors : list of str
        The organisation's sector slugs.
    type_counts : collections.Counter
        Sector slug -> how many organisations of its type hold it.

    Returns
    -------
    str
        A sector slug; ``""`` for an organisation without a sector.

    Examples
    --------
    >>> primary_sector(["justitie", "onderwijs"], Counter(onderwijs=158, justitie=4))
    'onderwijs'
    >>> primary_sector(["justitie", "onderwijs"], Counter()), primary_sector([], Counter())
    ('justitie', '')
    """
    return min(sectors, key=lambda sector: (-type_counts[sector], sector), default="")


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


def _slugs(text: str | None) -> list[str]:
    """The sorted slugs of a query's space-separated IRIs (a GROUP_CONCAT)."""
    return sorted({_slug(iri) for iri in (text or "").split()})


def _add_nodes(G: nx.Graph, rows: list[dict], kind: str, sector_counts: dict[str, Counter]) -> None:
    for row in rows:
        node_type, sectors = _slug(row.get("type")), _slugs(row.get("sectors"))
        G.add_node(row["node"], iri=row["node"], label=row.get("label", _slug(row["node"])), kind=kind,
                   type=node_type, sector=primary_sector(sectors, sector_counts.get(node_type, Counter())),
                   sectors="|".join(sectors), zone="|".join(_slugs(row.get("zones"))))


def _add_org_edges(G: nx.Graph, rows: list[dict], relation: str) -> None:
    """Add organisation ties; ties of several relations between one pair add up their weight.

    A link between organisations (``network_referrals``) is named by its kinds, not all called a
    referral: a Gephi user who filters on ``relation`` sees collaborations as collaborations.
    """
    for row in rows:
        source, target = row["source"], row["target"]
        if relation == "co-initiatief":
            weight, names = int(row["practices"]), {relation}
        elif relation == "doorverwijzing":
            # a referral counts at least once, even when it names no doelgroep
            weight, names = max(1, int(row["audiences"])), set(_slugs(row["kinds"]))
        else:
            weight, names = 1, {relation}
        if G.has_edge(source, target):
            data = G.edges[source, target]
            data["weight"] += weight
            names |= set(data["relation"].split("|"))
        else:
            G.add_edge(source, target, weight=weight)
        G.edges[source, target]["relation"] = "|".join(sorted(names))
        if relation == "doorverwijzing":
            G.edges[source, target]["referral_kinds"] = "|".join(_slugs(row["kinds"]))
            G.edges[source, target]["referrals"] = int(row["referrals"])


def _add_edges(G: nx.Graph, rows: list[dict], relation: str) -> None:
    for row in rows:
        G.add_edge(row["source"], row["target"], weight=1, relation=relation)


def _add_concept_edges(G: nx.Graph, rows: list[dict], kind: str, relation: str) -> None:
    for row in rows:
        target = row["target"]
        if target not in G:
            G.add_node(target, iri=target, label=row.get("targetLabel", _slug(target)), kind=kind,
                       type="", sector="", sectors="", zone="")
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


def two_mode_sides(G: nx.Graph) -> tuple[set, set] | None:
    """Return the two sides of a two-mode network, or ``None`` for a one-mode network.

    A two-mode network (``organisatie-praktijk``, ``praktijk-doelgroep``) names in
    ``G.graph["two_mode_side"]`` the node kind on one side; every other node is on the other
    side, and ties only join the two sides. The measures that count possible ties or paths
    (density, betweenness, closeness) use this to count only those a two-mode network can have.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    tuple of set or None
        ``(the nodes of that kind, the other nodes)``; either may be empty.

    Examples
    --------
    >>> B = nx.Graph([("o1", "p1"), ("o2", "p1")])
    >>> nx.set_node_attributes(B, {"o1": "organisatie", "o2": "organisatie", "p1": "praktijk"}, "kind")
    >>> B.graph["two_mode_side"] = "praktijk"
    >>> two_mode_sides(B) == ({"p1"}, {"o1", "o2"}), two_mode_sides(nx.path_graph(2))
    (True, None)
    """
    kind = G.graph.get("two_mode_side")
    if not kind:
        return None
    side = {node for node, node_kind in G.nodes(data="kind") if node_kind == kind}
    return side, set(G) - side
