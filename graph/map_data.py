"""The nodes and links of each kind of network map, read from the store.

Every function returns a plain ``dict`` with ``nodes``, ``edges`` and ``concepts`` (the names of
the doelgroepen, bouwstenen and sectors the nodes mention, for the map's filters), ready for
:func:`viz.maps.render_map`. Nodes are dicts with the keys ``id`` (IRI), ``label``, ``kind``
(``organisatie``, ``persoon``, ``praktijk``, ``samenwerking``, ``doelgroep`` or ``ander``),
``type``, ``type_label``, ``sector``, ``sector_label``, ``place``, ``summary``, ``doelgroepen``,
``bouwstenen`` and ``outside`` (true for a neighbour outside the zone of a zone map); edges are
dicts with ``source``, ``target`` and ``relation`` (``initiates``, ``offers`` (locally),
``collaborates``, ``refersTo``, the other kinds of link between organisations by their ids in the list 'verbinding'
(``samenwerking``, ``gezamenlijk-aanbod``, ``informatie-uitwisseling``), ``audience`` or a free
label from a SPARQL result).

Links that have ended are not drawn: a link between organisations or a membership all of whose
records have an end date (``schema:endDate``, the column 'tot' of an import) before today
(:func:`ended_links`). The maps of links (zone, ego, Flanders) say how many they left out in
``ended``, for the legend.

A map of a zone, around an organisation, of a bouwsteen or of a SPARQL result shows at most
:data:`MAP_MAX_NODES` nodes, the best-connected ones (:func:`best_connected`), and then says how
many of how many in ``capped`` (``{"shown", "total"}``).

The map of all of Flanders is the exception once the network is too large to read node by node:
:func:`zone_overview` sums it up with one node (kind ``zone``) per first-line zone and one
weighted edge (relation ``zone_links``) between zones whose organisations are linked.

Maps are read with a few flat queries whose rows come back as CSV: a zone of a large graph has
thousands of nodes and links, and aggregating in SPARQL or parsing SPARQL JSON cost more than
the engine's work itself (see ``map_node_facts.rq``).
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter

from rdflib import URIRef

from graph.analysis.networks import flanders_size
from graph.cache import per_state
from graph.dates import local_today
from graph.lookup import list_zones, zone_iri
from graph.namespaces import CV, DCTERMS, FOAF, OH, ORG, RDF, RDFS, SKOS, concept, node_kind
from graph.queries import prepared, term
from graph.side_by_side import side_by_side
from graph.store import Store
from graph.zone_counts import ZoneCounts, linked_zones, zone_counts

_TYPE, _PREF_LABEL, _FOAF_NAME, _RDFS_LABEL = str(RDF.type), str(SKOS.prefLabel), str(FOAF.name), str(RDFS.label)
_CLASSIFICATION, _SECTOR, _SPATIAL = str(ORG.classification), str(CV.sector), str(DCTERMS.spatial)
_ABSTRACT, _AUDIENCE, _BUILDING_BLOCK = str(DCTERMS.abstract), str(DCTERMS.audience), str(OH.buildingBlock)
# The facts that point at something whose name the map shows.
_NAMED_VALUES = (_CLASSIFICATION, _SECTOR, _SPATIAL)
# Where a node's names in the language of the map are kept among its facts.
_OWN_NAME = "own name"
# A map with fewer nodes reads their facts in one query; a bigger one in one slice per processor.
NODES_PER_READ = 1000
# The most node descriptions kept per state of the graph and language; beyond it they start over.
MAX_KEPT_DESCRIPTIONS = 20_000
# Above this many organisations and practices the map of Flanders is an overview per zone.
FLANDERS_DETAIL_LIMIT = 500
# A map of a zone, around an organisation, of a bouwsteen or of a query result shows at most this
# many nodes, the best-connected ones: nobody reads more on one map, and a browser draws them
# slowly (the largest zone at 100,000 organisations: 10,000 nodes and a 15 MB page).
MAP_MAX_NODES = 1000
# The lines from an organisation to a practice: it initiates it, or offers it locally. Either
# gives the organisation the practice's doelgroepen and bouwstenen for the map's filters.
PRACTICE_RELATIONS = ("initiates", "offers")
# The overview per zone keeps each zone's strongest ties to other zones, this many.
TIES_PER_ZONE = 3
# Relation names of graph.analysis.networks -> those of the maps.
# The kinds of link between organisations, as an analysis tie names them (after _ANALYSIS_RELATIONS).
_LINK_KINDS = frozenset({"refersTo", "samenwerking", "gezamenlijk-aanbod", "informatie-uitwisseling"})
_ANALYSIS_RELATIONS = {"initiatief": "initiates", "lidmaatschap": "collaborates", "doorverwijzing": "refersTo",
                       "co-initiatief": "collaborates", "doelgroep": "audience", "projectie": "tie"}


def _edges(rows) -> list[dict]:
    """Links from ``(source, target, relation)`` rows, each once."""
    return [{"source": source, "target": target, "relation": relation}
            for source, target, relation in dict.fromkeys(tuple(row) for row in rows)]


def _csv_rows(store: Store, sparql: str) -> list[list[str]]:
    """The rows of a SELECT as lists of lexical values, without the header row."""
    # CSV rather than Store.select: a big map has tens of thousands of facts, and SPARQL JSON
    # costs twice as much to write and read again for values we only need as text.
    rows = csv.reader(io.StringIO(store.query(sparql, "csv").decode("utf-8"), newline=""))
    next(rows, None)
    return list(rows)


def _iri_list(values) -> list[URIRef]:
    """The IRIs among ``values`` (a CSV result does not say which values are IRIs)."""
    iris = []
    for value in values:
        try:
            term(URIRef(value))
        except ValueError:
            continue
        iris.append(URIRef(value))
    return iris


@per_state(copy_result=False)
def _dated_links(store: Store) -> dict[tuple[str, str, str], tuple[str, int]]:
    """The latest end date of each link that has a record with one, and its number of dated
    records, by ``(source, target, relation)``.

    Shared by every caller (not copied): read it, do not change it.
    """
    dated: dict[tuple[str, str, str], tuple[str, int]] = {}
    for _record, source, target, relation, end in _csv_rows(store, prepared("map_dated_links")):
        if relation:  # a kind outside the list 'verbinding' has no line on a map
            key = (source, target, relation)
            latest, records = dated.get(key, (end, 0))
            dated[key] = (max(latest, end), records + 1)
    return dated


@per_state(copy_result=False)
def _running_links(store: Store, sources: frozenset[str]) -> frozenset[tuple[str, str, str]]:
    """The links from ``sources`` that have a record without an end date."""
    return frozenset((source, target, relation) for source, target, relation in _csv_rows(
        store, prepared("map_running_links", source=[URIRef(iri) for iri in sorted(sources)])) if relation)


def ended_links(store: Store, today: str | None = None) -> frozenset[tuple[str, str, str]]:
    """Return the links that have ended: every record of them has an end date before ``today``.

    A link is what a map draws as one line (see ``map_edges.rq``): a link between two
    organisations of one kind (``refersTo``, ``samenwerking``, ``gezamenlijk-aanbod``,
    ``informatie-uitwisseling``; the derived shortcut, one per pair and kind, cannot know its
    dates) or a membership of a partnership (``collaborates``). It has ended when it has a
    record with an end date, all its end dates lie before ``today``, and no record of it goes
    without an end date (an ``org:memberOf`` never has one). A link ending today still runs.

    The dated records are read once per state of the graph and are usually few; the records
    without a date are looked for (``map_running_links.rq``, among the links of the organisations
    concerned) only once a dated record has ended.

    Parameters
    ----------
    store : Store
    today : str, optional
        ``YYYY-MM-DD``; today in Brussels by default.

    Returns
    -------
    frozenset of (str, str, str)
        ``(source, target, relation)`` of every ended link, relation named as in ``map_edges.rq``.

    Examples
    --------
    >>> from graph.store import open_store
    >>> ended_links(open_store("memory"), "2026-01-01")
    frozenset()
    """
    today = today or local_today().isoformat()
    candidates = {link for link, (end, _records) in _dated_links(store).items() if end < today}
    if not candidates:
        return frozenset()
    return frozenset(candidates - _running_links(store, frozenset(source for source, _t, _r in candidates)))


def _current(edges: list[dict], ended: frozenset) -> tuple[list[dict], set[tuple[str, str, str]]]:
    """``edges`` without the ended links, and the ended links left out."""
    kept, left_out = [], set()
    for edge in edges:
        link = (edge["source"], edge["target"], edge["relation"])
        if link in ended:
            left_out.add(link)
        else:
            kept.append(edge)
    return kept, left_out


def _touching(store: Store, nodes: list[str]) -> tuple[list[dict], set[tuple[str, str, str]]]:
    """The running links that start or end at one of ``nodes``, and the ended ones left out."""
    if not nodes:
        return [], set()
    iris = [URIRef(n) for n in nodes]
    starting, ending = side_by_side(lambda end: _csv_rows(store, prepared("map_edges", **{end: iris})),
                                    ("source", "target"))
    return _current(_edges(starting + ending), ended_links(store))


def edges_touching(store: Store, nodes: list[str]) -> list[dict]:
    """Return the links (initiates, refersTo, collaborates, ...) that start or end at one of ``nodes``.

    Links that have ended (:func:`ended_links`) are left out.

    Parameters
    ----------
    store : Store
    nodes : list of str
        Node IRIs.

    Returns
    -------
    list of dict
        ``{"source", "target", "relation"}`` per link, without repeats.
    """
    return _touching(store, nodes)[0]


def describe_nodes(store: Store, nodes: list[str], lang: str = "nl") -> dict[str, dict]:
    """Return what a map shows about each node: name, kind, type, sector, place, summary.

    Parameters
    ----------
    store : Store
    nodes : list of str
        Node IRIs.
    lang : str
        ``"nl"`` or ``"en"``: the language of the names of concepts.

    Returns
    -------
    dict
        Node dict (see the module docstring) by IRI, each the caller's own copy; IRIs that are
        not in the store get their IRI as label and kind ``ander``. A node is read from the
        store once until the next write (at most :data:`MAX_KEPT_DESCRIPTIONS` are kept).

    Examples
    --------
    >>> from graph.store import open_store
    >>> describe_nodes(open_store("memory"), ["https://x.org/a"])["https://x.org/a"]["kind"]
    'ander'
    """
    kept = _kept_descriptions(store, lang)
    found = {node: kept.get(node) for node in nodes}
    missing = [node for node, description in found.items() if description is None]
    if missing:
        read = _read_descriptions(store, missing, lang)
        if len(kept) + len(read) > MAX_KEPT_DESCRIPTIONS:
            kept.clear()
        # A map bigger than the bound on its own (a network of all Flanders) is not kept.
        if len(read) <= MAX_KEPT_DESCRIPTIONS:
            kept.update(read)
        found.update(read)
    # Copies, lists too: the maps add to their nodes (their practices' doelgroepen, whether they
    # lie outside).
    return {node: {**description, "doelgroepen": list(description["doelgroepen"]),
                   "bouwstenen": list(description["bouwstenen"])} for node, description in found.items()}


def _read_descriptions(store: Store, nodes: list[str], lang: str) -> dict[str, dict]:
    """The descriptions of ``nodes``, read from the store (see :func:`describe_nodes`)."""
    facts: dict[str, dict[str, list[str]]] = {}
    # A big map's nodes are read in one slice per processor, side by side; each node's facts come
    # from one slice, in the order the store gives them.
    size = max(NODES_PER_READ, -(-len(nodes) // (os.cpu_count() or 1)))
    slices = side_by_side(lambda part: _csv_rows(store, prepared("map_node_facts", node=[URIRef(n) for n in part])),
                          [nodes[start:start + size] for start in range(0, len(nodes), size)])
    for rows in slices:
        for node, prop, value, value_lang in rows:
            found = facts.setdefault(node, {})
            found.setdefault(prop, []).append(value)
            if prop == _PREF_LABEL and value_lang == lang:
                found.setdefault(_OWN_NAME, []).append(value)
    named = {value for found in facts.values() for prop in _NAMED_VALUES for value in found.get(prop, ())}
    names: dict[tuple[str, str], str] = {}
    if named:
        for resource, name, name_lang in _csv_rows(store, prepared("map_names", resource=_iri_list(sorted(named)))):
            names.setdefault((resource, name_lang), name)
    described = {node: _description(node, found, names, lang) for node, found in facts.items() if _TYPE in found}
    unknown = {"kind": "ander", "type": None, "type_label": None, "sector": None, "sector_label": None,
               "place": None, "summary": None, "doelgroepen": [], "bouwstenen": [], "outside": False}
    return {node: described.get(node) or {"id": node, "label": node, **unknown} for node in nodes}


@per_state(copy_result=False)
def _kept_descriptions(store: Store, lang: str) -> dict[str, dict]:
    """The nodes described so far in this state of the graph, by IRI.

    The maps of different zones and organisations share many nodes (the Flanders-wide
    practices, partners across a zone's border), so each is read from the store once per state.
    Unlike other kept answers it grows: :func:`describe_nodes` adds what it reads, and hands
    out copies.
    """
    return {}


def _first_name(things: list[str], names: dict[tuple[str, str], str], lang: str) -> str | None:
    return next((names[thing, lang] for thing in things if (thing, lang) in names), None)


def _description(node: str, found: dict[str, list[str]], names: dict[tuple[str, str], str], lang: str) -> dict:
    """One node of a map from its facts (property -> values) and the names of what they point at."""
    label = next(iter(found.get(_OWN_NAME) or found.get(_PREF_LABEL) or found.get(_FOAF_NAME)
                      or found.get(_RDFS_LABEL) or [node]))
    types, sectors = found.get(_CLASSIFICATION, []), found.get(_SECTOR, [])
    return {
        "id": node, "label": label, "kind": node_kind(found[_TYPE]),
        "type": types[0] if types else None, "type_label": _first_name(types, names, lang),
        "sector": sectors[0] if sectors else None, "sector_label": _first_name(sectors, names, lang),
        # A municipality has no English name; a province, region or country has.
        "place": _first_name(found.get(_SPATIAL, []), names, lang) or _first_name(found.get(_SPATIAL, []), names, "nl"),
        "summary": found[_ABSTRACT][0] if _ABSTRACT in found else None,
        "doelgroepen": sorted(set(found.get(_AUDIENCE, ()))), "bouwstenen": sorted(set(found.get(_BUILDING_BLOCK, ()))),
        "outside": False,
    }


def best_connected(node_ids: list[str], edges: list[dict], always: tuple[str, ...] = (),
                   most: int | None = None) -> tuple[list[str], list[dict], dict | None]:
    """Keep a map readable: at most ``most`` nodes, those with the most links.

    Parameters
    ----------
    node_ids : list of str
        The nodes of the map (the ends of ``edges`` are nodes too).
    edges : list of dict
        Links ``{"source", "target", "relation"}``.
    always : tuple of str
        Nodes kept whatever their links (the centre of a map around an organisation).
    most : int, optional
        The most nodes kept (default :data:`MAP_MAX_NODES`).

    Returns
    -------
    tuple of (list of str, list of dict, dict or None)
        The nodes kept, in their order; the links between them; and ``{"shown", "total"}`` when
        nodes were left out, else ``None``. Ties go to the first in IRI order.

    Examples
    --------
    >>> edges = [{"source": "a", "target": "b", "relation": "refersTo"},
    ...          {"source": "a", "target": "c", "relation": "refersTo"}]
    >>> best_connected(["d"], edges, most=2)
    (['a', 'b'], [{'source': 'a', 'target': 'b', 'relation': 'refersTo'}], {'shown': 2, 'total': 4})
    """
    most = MAP_MAX_NODES if most is None else most
    ordered = list(dict.fromkeys([*node_ids, *(e["source"] for e in edges), *(e["target"] for e in edges)]))
    if len(ordered) <= most:
        return node_ids, edges, None
    links = Counter(end for edge in edges for end in (edge["source"], edge["target"]))
    kept = set(sorted(ordered, key=lambda node: (node not in always, -links[node], node))[:most])
    return ([node for node in ordered if node in kept],
            [edge for edge in edges if edge["source"] in kept and edge["target"] in kept],
            {"shown": len(kept), "total": len(ordered)})


def assemble(store: Store, node_ids: list[str], edges: list[dict], lang: str = "nl") -> dict:
    """Describe ``node_ids`` and return the map data: nodes, edges and filter concepts.

    An actor takes over the doelgroepen and bouwstenen of the practices it initiates on the map,
    so that filtering the map by doelgroep keeps the organisations working for it.

    Parameters
    ----------
    store : Store
    node_ids : list of str
        Every node of the map (endpoints of ``edges`` are added).
    edges : list of dict
        Links ``{"source", "target", "relation"}``.
    lang : str
        ``"nl"`` or ``"en"``.

    Returns
    -------
    dict
        ``{"nodes": [...], "edges": [...], "concepts": {iri: label}}``.
    """
    ordered = list(dict.fromkeys([*node_ids, *(e["source"] for e in edges), *(e["target"] for e in edges)]))
    nodes = describe_nodes(store, ordered, lang)
    for edge in edges:
        if edge["relation"] in PRACTICE_RELATIONS:
            actor, practice = nodes[edge["source"]], nodes[edge["target"]]
            actor["doelgroepen"] = sorted(set(actor["doelgroepen"]) | set(practice["doelgroepen"]))
            actor["bouwstenen"] = sorted(set(actor["bouwstenen"]) | set(practice["bouwstenen"]))
    mentioned = sorted({c for n in nodes.values() for c in [*n["doelgroepen"], *n["bouwstenen"]]})
    concepts = {iri: node["label"] for iri, node in describe_nodes(store, mentioned, lang).items()}
    concepts.update({n["sector"]: n["sector_label"] or n["sector"] for n in nodes.values() if n["sector"]})
    return {"nodes": list(nodes.values()), "edges": edges, "concepts": concepts}


@per_state(about=lambda zone, *_args, **_kwargs: zone_iri(zone))
def zone_map(store: Store, zone: str, lang: str = "nl") -> dict:
    """The alliance map of a first-line zone: its organisations and their direct links.

    Partners and practices outside the zone that the zone's organisations are linked with are
    on the map too, marked ``outside`` (practices are not marked: they have no place). Links
    that have ended are left out; ``ended`` says how many.

    Parameters
    ----------
    store : Store
    zone : str
        Zone IRI.
    lang : str

    Returns
    -------
    dict
        Map data, see :func:`assemble`, and ``ended``: the ended links of the zone's
        organisations, not drawn. Of more than :data:`MAP_MAX_NODES` nodes only the
        best-connected are drawn, and ``capped`` says how many of how many
        (:func:`best_connected`).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> data = zone_map(store, "https://w3id.org/overhoop/id/eerstelijnszone/antwerpen-centrum")
    >>> any("antwerpen" in node["id"] for node in data["nodes"]), data["ended"]
    (True, 0)
    """
    actors = [row["actor"] for row in store.select(prepared("zone_actors", zone=URIRef(zone)))]
    edges, ended = _touching(store, actors)
    inside = set(actors)
    described_outside = {e[end] for e in edges for end in ("source", "target")} - inside
    shown, edges, capped = best_connected(actors, edges)
    data = assemble(store, shown, edges, lang)
    for node in data["nodes"]:
        node["outside"] = node["id"] in described_outside and node["kind"] != "praktijk"
    data["ended"] = len(ended)
    if capped:
        data["capped"] = capped
    return data


@per_state()
def ego_map(store: Store, actor: str, steps: int = 1, lang: str = "nl") -> dict:
    """The ego map of an organisation (or practice): everything within ``steps`` links of it.

    Parameters
    ----------
    store : Store
    actor : str
        IRI of the centre.
    steps : int
        1 or 2 (more is allowed but quickly covers the whole network).
    lang : str

    Returns
    -------
    dict
        Map data, see :func:`assemble`; the centre is the first node. Links that have ended are
        neither drawn nor followed; ``ended`` says how many were met. Capped as
        :func:`zone_map` is (``capped``), the centre always kept.
    """
    reached, frontier, edges, ended = {actor}, [actor], [], set()
    for _ in range(max(1, steps)):
        new_edges, new_ended = _touching(store, frontier)
        edges.extend(new_edges)
        ended |= new_ended
        frontier = [n for e in new_edges for n in (e["source"], e["target"]) if n not in reached]
        reached.update(frontier)
        frontier = list(dict.fromkeys(frontier))
    shown, edges, capped = best_connected([actor], _edges((e["source"], e["target"], e["relation"]) for e in edges),
                                          always=(actor,))
    data = assemble(store, shown, edges, lang)
    data["ended"] = len(ended)
    if capped:
        data["capped"] = capped
    return data


@per_state()
def bouwsteen_map(store: Store, bouwsteen: str | int, lang: str = "nl") -> dict:
    """The map of a bouwsteen: its practices, their initiators and their doelgroepen.

    Parameters
    ----------
    store : Store
    bouwsteen : str or int
        The number (1 to 8) or the IRI of a bouwsteen.
    lang : str

    Returns
    -------
    dict
        Map data, see :func:`assemble`.
    """
    iri = str(bouwsteen) if str(bouwsteen).startswith("http") else str(concept("bouwsteen", f"b{bouwsteen}"))
    practices = [r["practice"] for r in store.select(prepared("bouwsteen_practices", bouwsteen=URIRef(iri)))]
    if not practices:
        return assemble(store, [], [], lang)
    iris = [URIRef(p) for p in practices]
    initiators = [e for e in _edges(_csv_rows(store, prepared("map_edges", target=iris)))
                  if e["relation"] in PRACTICE_RELATIONS]
    audiences = _edges(_csv_rows(store, prepared("practice_audiences", source=iris)))
    shown, edges, capped = best_connected(practices, initiators + audiences)
    data = assemble(store, shown, edges, lang)
    if capped:
        data["capped"] = capped
    return data


@per_state()
def flanders_map(store: Store, lang: str = "nl", limit: int = FLANDERS_DETAIL_LIMIT) -> dict:
    """The whole network: every organisation and practice and how they are linked, or its overview.

    Up to ``limit`` organisations and practices the map shows them all (the nodes of the
    analysis network ``organisatie-praktijk``) with every line a zone map draws between them:
    who initiates which practice, the links between organisations by kind and the memberships
    of partnerships (links that have ended left out, counted in ``ended``). Above that nobody
    can read the map any more (and a browser hardly draws it): it becomes the overview per
    first-line zone of :func:`zone_overview`, from which each zone's own map is one click away.

    Parameters
    ----------
    store : Store
    lang : str
    limit : int
        The most nodes shown one by one.

    Returns
    -------
    dict
        Map data, see :func:`assemble`, with ``ended`` (the ended links between its nodes, not
        drawn); the overview has ``overview`` instead (it counts links per zone, see
        :func:`zone_overview`).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> "overview" in flanders_map(store), "overview" in flanders_map(store, limit=10)
    (False, True)
    """
    size = flanders_size(store)
    if size <= limit:
        return _flanders_detail(store, lang)
    data = zone_overview(store, lang)
    data["overview"]["nodes"] = size
    return data


def _flanders_detail(store: Store, lang: str) -> dict:
    """Every organisation and practice, and every line between two of them (see :func:`flanders_map`)."""
    found, lines = side_by_side(lambda name: _csv_rows(store, prepared(name)), ("map_network_nodes", "map_edges"))
    # Organisations first, then practices, each in IRI order (as the analysis network has them).
    order = {"organisatie": 0, "praktijk": 1}
    nodes = list(dict.fromkeys(node for node, _kind in sorted(found, key=lambda row: (order[row[1]], row[0]))))
    known = set(nodes)
    # A person or a group of actors that initiates a practice is no node of this map.
    edges, ended = _current([e for e in _edges(lines) if e["source"] in known and e["target"] in known],
                            ended_links(store))
    data = assemble(store, nodes, edges, lang)
    data["ended"] = len(ended)
    return data


def zone_overview(store: Store, lang: str = "nl", ties_per_zone: int = TIES_PER_ZONE) -> dict:
    """The network of all of Flanders summed up per first-line zone.

    One node per zone (kind ``zone``) with the number of its ``organisations``, the
    ``practices`` they initiate, the links between them (``links_inside``) and those with the
    organisations of other zones (``links_between``: all of them, not only the lines drawn); one
    undirected edge (relation ``zone_links``) between two zones whose organisations are linked,
    with ``weight`` (how many links) and ``counts`` (how many of each kind: ``refersTo`` for a
    link between organisations of any kind, ``collaborates`` for a membership of a partnership,
    ``co-initiates``). Only each zone's ``ties_per_zone`` strongest ties are kept: between zones
    nearly everything is linked to everything by a few referrals. As on the maps of links, links
    that have ended (:func:`ended_links`) are left out of the counts (kept per zone by
    :mod:`graph.zone_counts`), and counted in ``ended``.

    Parameters
    ----------
    store : Store
    lang : str
        Not used: zones have Dutch names only; kept so all map functions are called alike.
    ties_per_zone : int

    Returns
    -------
    dict
        Map data (see :func:`assemble`), ``ended`` and ``overview``: ``{"ties"`` (pairs of linked zones),
        ``"shown"`` (edges on the map), ``"ties_per_zone"}``; :func:`flanders_map` adds
        ``"nodes"`` (organisations and practices of the whole network).
    """
    zones, counted, nothing = list_zones(store), zone_counts(store), ZoneCounts()
    ended = ended_links(store)
    left_out = _ended_between_zones(store, ended)
    inside: dict[str, Counter] = {}
    ties: dict[tuple[str, str], Counter] = {}
    for zone, found in counted.items():
        for (other, relation), links in found.links.items():
            links -= left_out[zone, other, relation]
            if links <= 0:
                continue
            counts = inside.setdefault(zone, Counter()) if other == zone else \
                ties.setdefault(tuple(sorted((zone, other))), Counter())
            counts[relation] += links
    for counts in [*ties.values(), *inside.values()]:
        if "co-initiates" in counts:
            # each pair of co-initiators is counted from both ends
            counts["co-initiates"] //= 2
    weight = {pair: sum(counts.values()) for pair, counts in ties.items()}
    between = Counter()
    for (a, b), links in weight.items():
        between[a] += links
        between[b] += links
    by_zone: dict[str, list[tuple[str, str]]] = {}
    for pair in weight:
        for zone in pair:
            by_zone.setdefault(zone, []).append(pair)
    strongest = {pair for pairs in by_zone.values()
                 for pair in sorted(pairs, key=lambda pair: (-weight[pair], pair))[:ties_per_zone]}
    nodes = [{"id": zone["iri"], "label": zone["label"], "kind": "zone", "type": None, "type_label": None,
              "sector": None, "sector_label": None, "place": None, "summary": None, "doelgroepen": [],
              "bouwstenen": [], "outside": False,
              "organisations": counted.get(zone["iri"], nothing).organisations,
              "practices": counted.get(zone["iri"], nothing).practices,
              "links_inside": sum(inside.get(zone["iri"], Counter()).values()),
              "links_between": between[zone["iri"]]}
             for zone in zones]
    edges = [{"source": a, "target": b, "relation": "zone_links", "weight": weight[a, b], "counts": dict(ties[a, b])}
             for a, b in sorted(strongest, key=lambda pair: (-weight[pair], pair))]
    return {"nodes": nodes, "edges": edges, "concepts": {}, "ended": len(ended),
            "overview": {"ties": len(ties), "shown": len(edges), "ties_per_zone": ties_per_zone}}


def _ended_between_zones(store: Store, ended: frozenset[tuple[str, str, str]]) -> Counter:
    """How many of the links :mod:`graph.zone_counts` counts have ended, by ``(zone, other zone,
    relation)`` as it names them: one per link between organisations, one per record of a
    membership."""
    left_out: Counter = Counter()
    if not ended:
        return left_out
    actors = sorted({end for source, target, _relation in ended for end in (source, target)})
    zones_of: dict[str, list[str]] = {}
    for zone, actor in _csv_rows(store, prepared("zone_actors", actor=[URIRef(actor) for actor in actors])):
        zones_of.setdefault(actor, []).append(zone)
    dated = _dated_links(store)
    for source, target, relation in ended:
        records = dated[source, target, relation][1] if relation == "collaborates" else 1
        counted = relation if relation == "collaborates" else "refersTo"
        for zone, other in linked_zones(zones_of.get(source, ()), zones_of.get(target, ())):
            left_out[zone, other, counted] += records
    return left_out


def _map_relation(relation: str, directed: bool, link_kinds: str = "") -> str:
    """The map's relation for an analysis tie; ties of several kinds take the strongest.

    A tie of the network of links between organisations (``doorverwijzing``) is drawn as the kind
    of its links (``link_kinds``, the tie's ``referral_kinds``): a referral if any of them is one.
    """
    parts = [_ANALYSIS_RELATIONS.get(part, part) for part in relation.split("|")]
    # An undirected network has lost the direction of its links: no arrow then.
    if not directed and set(parts) & _LINK_KINDS:
        return "tie"
    if "refersTo" in parts:
        kinds = [kind for kind in link_kinds.split("|") if kind]
        return "refersTo" if not kinds or "doorverwijzing" in kinds else kinds[0]
    return parts[0]


def network_map(store: Store, G, lang: str = "nl", communities=(), ties_only: bool = False,
                limit: int | None = None) -> dict:
    """The map of an analysis network (:func:`graph.analysis.networks.build_network`).

    Ties point from organisation to practice to doelgroep or bouwsteen; an undirected tie that
    includes a referral becomes relation ``tie`` (its direction is not in the network).

    Parameters
    ----------
    store : Store
    G : networkx.Graph or networkx.DiGraph
        Nodes are IRIs; edges carry ``relation``.
    lang : str
    communities : sequence of graph.analysis.communities.Community, optional
        When given, every node gets ``community`` (its number) and ``community_label`` (the
        name of its community), for :func:`viz.maps.map_fragment` with ``colour_by="community"``.
    ties_only : bool
        Leave out the nodes without any tie.
    limit : int, optional
        At most this many nodes: whole communities, largest first (needs ``communities``), so a
        big network stays drawable.

    Returns
    -------
    dict
        Map data, see :func:`assemble`.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.store import open_store
    >>> G = nx.Graph([("https://x.org/a", "https://x.org/b", {"relation": "co-initiatief"})])
    >>> [e["relation"] for e in network_map(open_store("memory"), G)["edges"]]
    ['collaborates']
    """
    keep = [node for node in G if not ties_only or G.degree(node) > 0]
    if limit is not None and len(keep) > limit and communities:
        wanted, chosen = set(keep), []
        for community in communities:
            members = [m for m in community.members if m in wanted]
            if len(chosen) + len(members) > limit:
                break
            chosen.extend(members)
        keep = chosen
    kept = set(keep)
    rank = {"organisatie": 0, "praktijk": 1, "doelgroep": 2, "bouwsteen": 2}
    edges = []
    for u, v, attributes in G.edges(data=True):
        if u not in kept or v not in kept:
            continue
        if not G.is_directed() and rank.get(G.nodes[u].get("kind"), 0) > rank.get(G.nodes[v].get("kind"), 0):
            u, v = v, u
        edges.append({"source": u, "target": v,
                      "relation": _map_relation(attributes.get("relation") or "link", G.is_directed(),
                                                attributes.get("referral_kinds", ""))})
    data = assemble(store, keep, edges, lang)
    named = {m: (c.number, c.name) for c in communities for m in c.members}
    for node in data["nodes"]:
        if node["id"] in named:
            node["community"], node["community_label"] = named[node["id"]]
    return data


def result_map(store: Store, rows: list[dict], lang: str = "nl") -> dict:
    """The map of a SPARQL result with ``?source ?target`` (and optional labels and ``?type``).

    Nodes that are IRIs in the store get their names from the store unless the result gives
    ``?sourceLabel`` / ``?targetLabel``.

    Parameters
    ----------
    store : Store
    rows : list of dict
        Result rows as from :meth:`Store.select`.
    lang : str

    Returns
    -------
    dict
        Map data, see :func:`assemble`.

    Raises
    ------
    ValueError
        If the result has no ``?source`` and ``?target`` columns.
    """
    usable = [r for r in rows if r.get("source") and r.get("target")]
    if rows and not usable:
        raise ValueError("Het resultaat heeft geen kolommen ?source en ?target; "
                         "alleen zo'n resultaat kan als netwerk getoond worden.")
    shown, edges, capped = best_connected([], _edges((r["source"], r["target"], r.get("type") or "link")
                                                     for r in usable))
    data = assemble(store, shown, edges, lang)
    if capped:
        data["capped"] = capped
    labels = {}
    for row in usable:
        for end in ("source", "target"):
            if row.get(f"{end}Label"):
                labels[row[end]] = row[f"{end}Label"]
    for node in data["nodes"]:
        node["label"] = labels.get(node["id"], node["label"])
    return data
