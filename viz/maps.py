"""Interactive network maps with pyvis and vis-network, drawn from plain nodes and edges.

This module draws; it knows nothing about HTTP or the store. Give it the map data of
:mod:`graph.map_data` (or a networkx graph through :func:`from_networkx`) and it returns HTML:
either a fragment for a page of the app (vis-network and ``map.js`` are then loaded from the
app's static files) or one standalone, offline file with everything inlined.

pyvis builds the node and edge lists and the options, but its own template is not used: it
loads Bootstrap from a CDN and prints the heading twice. The lists are filled directly, since
``Network.add_edge`` and ``from_nx`` take quadratic time. The map data reaches the browser as a
JSON data island (``<script type="application/json">``), so pages need no inline script and
work under ``Content-Security-Policy: default-src 'self'``. The island holds only what
``map.js`` reads, with the edges as node numbers and a shared style (a map of thousands of
nodes is mostly its island and its table). Names are text everywhere: they are escaped in the
HTML, and ``map.js`` turns hover titles into DOM text (vis-network would render a title string
as HTML).
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections import Counter
from pathlib import Path

import igraph
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from pyvis.network import Network

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
VIS_NETWORK = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
# Above this many nodes the browser gets fixed positions and no live physics (STACK.md §7.3:
# 1,000 nodes took 89 s to stabilise with pyvis defaults).
LARGE_MAP = 300
STABILISATION_ITERATIONS = 100
LAYOUT_SEED = 7
# The precomputed layout: rounds of the simulation (within a budget of node-rounds) and the
# space between the separately laid out parts of a map, in pixels.
LAYOUT_MAX_ROUNDS = 200
LAYOUT_MIN_ROUNDS = 50
LAYOUT_WORK = 200_000
LAYOUT_GAP = 60
_layout_lock = threading.Lock()

# Okabe-Ito first (safe for colour-blind readers), then distinct extras.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442",
           "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22", "#1F3A93")
SECTOR_COLOURS = {"welzijn": PALETTE[0], "gezondheid": PALETTE[1], "onderwijs": PALETTE[2],
                  "jeugdwerk": PALETTE[3], "justitie": PALETTE[4], "kinderopvang": PALETTE[5],
                  "overheid": PALETTE[6], "onderzoek": PALETTE[7], "cultuur": PALETTE[9]}
UNKNOWN_COLOUR = "#BBBBBB"
# Grey is left out: on a community map it means "no community of its own".
COMMUNITY_PALETTE = tuple(colour for colour in PALETTE if colour != "#7F7F7F")
KIND_STYLE = {  # shape and fixed colour (None: coloured by sector or type)
    "organisatie": ("dot", None), "samenwerking": ("hexagon", None), "persoon": ("dot", "#9E9E9E"),
    "praktijk": ("square", "#6A3D9A"), "doelgroep": ("triangle", "#B15928"), "ander": ("dot", "#607D8B"),
    "zone": ("dot", "#0072B2"),
}
RELATION_STYLE = {  # colour, dashes, arrow, width
    "initiates": ("#6A3D9A", False, True, 1.5),
    "offers": ("#6A3D9A", [6, 4], True, 1.5),
    "collaborates": ("#2E7D32", [8, 5], False, 2.5),
    "refersTo": ("#C62828", False, True, 3.0),
    # The other kinds of link between two organisations (the list 'verbinding'), by their ids.
    "samenwerking": ("#00897B", False, False, 2.5),
    "gezamenlijk-aanbod": ("#EF6C00", [10, 4], False, 2.5),
    "informatie-uitwisseling": ("#1565C0", [3, 4], True, 2.0),
    "audience": ("#B15928", [2, 5], True, 1.0),
    "tie": ("#455A64", False, False, 2.0),
    "bouwsteen": ("#1F3A93", [2, 5], True, 1.0),
    "zone_links": ("#455A64", False, False, 2.0),
}
# How many links the overview of Flanders counts between two zones, by kind, in this order.
LINK_KINDS = ("refersTo", "collaborates", "co-initiates")
OTHER_RELATION = ("#78909C", False, True, 1.5)

STRINGS = {
    "nl": {
        "kinds": {"organisatie": "organisatie", "samenwerking": "samenwerkingsverband", "persoon": "persoon",
                  "praktijk": "praktijk", "doelgroep": "doelgroep", "ander": "ander", "zone": "eerstelijnszone"},
        "relations": {"initiates": "initieert (praktijk)", "offers": "biedt lokaal aan (praktijk)",
                      "collaborates": "werkt samen in",
                      "refersTo": "verwijst door naar", "samenwerking": "werkt samen met",
                      "gezamenlijk-aanbod": "biedt samen aan met", "informatie-uitwisseling": "wisselt informatie uit met",
                      "audience": "richt zich op (doelgroep)",
                      "tie": "band (zonder richting)", "bouwsteen": "hoort bij bouwsteen",
                      "zone_links": "verbindingen tussen de organisaties van twee zones"},
        "link_kinds": {"refersTo": "{n} rechtstreekse verbindingen (doorverwijzing, samenwerking, gezamenlijk "
                                   "aanbod, informatie-uitwisseling)",
                       "refersTo_one": "{n} rechtstreekse verbinding (doorverwijzing, samenwerking, gezamenlijk "
                                       "aanbod, informatie-uitwisseling)",
                       "collaborates": "{n} lidmaatschappen van een samenwerkingsverband",
                       "collaborates_one": "{n} lidmaatschap van een samenwerkingsverband",
                       "co-initiates": "{n} keer samen een praktijk opgezet",
                       "co-initiates_one": "{n} keer samen een praktijk opgezet"},
        "links_n": "{n} verbindingen", "links_n_one": "{n} verbinding", "zone_counts": "{organisations} organisaties; ze zetten {practices} praktijken op",
        "inside": "{n} verbindingen binnen de zone", "inside_one": "{n} verbinding binnen de zone",
        "between": "{n} verbindingen met andere zones", "between_one": "{n} verbinding met andere zones",
        "open_zone": "Klik voor de alliantiekaart van deze zone.",
        "lines_n": "{n} lijnen tussen zones", "lines_n_one": "{n} lijn tussen zones",
        "zones_n": "{n} zones", "zones_n_one": "{n} zone",
        "ended": "Beëindigde verbindingen (einddatum voorbij) worden niet getekend.",
        "capped": "Deze kaart toont de {shown} knooppunten met de meeste verbindingen, van de {total}: meer kan "
                  "niemand op één kaart lezen, en een browser tekent ze traag. Alle organisaties en praktijken "
                  "staan op de zoekpagina; het hele netwerk kan je downloaden bij de netwerkanalyse (voor Gephi).",
        "ended_n": "{n} beëindigde verbindingen (einddatum voorbij) zijn niet getekend.",
        "ended_n_one": "{n} beëindigde verbinding (einddatum voorbij) is niet getekend.",
        "size_organisations": "Grootte: aantal organisaties", "organisations": "Organisaties",
        "practices": "Praktijken",
        "overview": "Dit netwerk telt {nodes} organisaties en praktijken: te veel om elk apart te tonen. "
                    "De kaart vat het samen per eerstelijnszone (grootte: aantal organisaties). Een lijn "
                    "verbindt twee zones waarvan de organisaties verbindingen met elkaar hebben (een "
                    "doorverwijzing, samenwerking, gezamenlijk aanbod of informatie-uitwisseling, een "
                    "lidmaatschap van een samenwerkingsverband, samen een praktijk opgezet); hoe dikker, hoe "
                    "meer verbindingen. Per zone staan haar {top} sterkste lijnen op de kaart ({shown} van de "
                    "{ties} paren zones met verbindingen). Klik op een zone voor haar alliantiekaart met elke organisatie.",
        "search": "Zoek een knooppunt", "search_button": "Zoek", "doelgroep": "Doelgroep",
        "bouwsteen": "Bouwsteen", "sector": "Sector", "all": "alle", "focus": "Toon rond gevonden knooppunt",
        "focus_off": "hele kaart", "steps": "{n} stappen", "steps_one": "{n} stap", "physics": "Laat de kaart bewegen (physics)",
        "png": "Opslaan als PNG", "permalink": "Link naar deze weergave", "embed": "Insluiten op je eigen website",
        "embed_help": "Kopieer deze code in de HTML van je website:", "legend": "Legende",
        "colour_sector": "Kleur: sector", "colour_type": "Kleur: organisatietype", "shape": "Vorm: soort",
        "colour_community": "Kleur: gemeenschap", "community": "Gemeenschap",
        "other_communities": "overige gemeenschappen en losse knooppunten",
        "line": "Lijn: relatie", "size": "Grootte: aantal verbindingen", "outside": "lichter: buiten het gebied",
        "unknown": "onbekend", "table": "Tabel met dezelfde knooppunten en verbindingen",
        "nodes_table": "Knooppunten", "edges_table": "Verbindingen", "name": "Naam", "kind": "Soort",
        "type": "Type", "place": "Plaats", "degree": "Verbindingen", "from": "Van", "relation": "Relatie",
        "to": "Naar", "nodes_n": "{n} knooppunten", "nodes_n_one": "{n} knooppunt", "empty": "Er is (nog) niets om te tonen op deze kaart.",
        "not_found": "Niet gevonden: {q}", "found": "Gevonden: {label}", "visible": "{n} knooppunten zichtbaar", "visible_one": "{n} knooppunt zichtbaar",
        "map_label": "Netwerkkaart (interactief): {title}. Dezelfde gegevens staan in de tabel.",
        "click_hint": "Tik of klik op een knooppunt om zijn pagina te openen. Met een muis toont een knooppunt een "
                      "samenvatting als je erover beweegt; de tabel onder de kaart geeft dezelfde gegevens.",
        "large": "Grote kaart: posities zijn vooraf berekend, de kaart beweegt niet vanzelf.",
        "made_with": "Gemaakt met de OverHoop-kennisgraaf",
    },
    "en": {
        "kinds": {"organisatie": "organisation", "samenwerking": "partnership", "persoon": "person",
                  "praktijk": "practice", "doelgroep": "target group", "ander": "other", "zone": "first-line zone"},
        "relations": {"initiates": "initiates (practice)", "offers": "offers locally (practice)",
                      "collaborates": "collaborates in",
                      "refersTo": "refers to", "samenwerking": "works with",
                      "gezamenlijk-aanbod": "offers jointly with", "informatie-uitwisseling": "exchanges information with",
                      "audience": "aims at (target group)",
                      "tie": "tie (no direction)", "bouwsteen": "belongs to building block",
                      "zone_links": "links between the organisations of two zones"},
        "link_kinds": {"refersTo": "{n} direct links (referral, collaboration, joint offer, information exchange)",
                       "refersTo_one": "{n} direct link (referral, collaboration, joint offer, information exchange)",
                       "collaborates": "{n} memberships of a partnership",
                       "collaborates_one": "{n} membership of a partnership",
                       "co-initiates": "{n} practices set up together",
                       "co-initiates_one": "{n} practice set up together"},
        "links_n": "{n} links", "links_n_one": "{n} link", "zone_counts": "{organisations} organisations; they initiate {practices} practices",
        "inside": "{n} links within the zone", "inside_one": "{n} link within the zone",
        "between": "{n} links with other zones", "between_one": "{n} link with other zones",
        "open_zone": "Click for the alliance map of this zone.",
        "lines_n": "{n} lines between zones", "lines_n_one": "{n} line between zones",
        "zones_n": "{n} zones", "zones_n_one": "{n} zone",
        "ended": "Ended links (end date passed) are not drawn.",
        "capped": "This map shows the {shown} best-connected nodes of {total}: nobody can read more on one map, "
                  "and a browser draws them slowly. Every organisation and practice is on the search page; the "
                  "whole network can be downloaded from the network analysis (for Gephi).",
        "ended_n": "{n} ended links (end date passed) are not drawn.",
        "ended_n_one": "{n} ended link (end date passed) is not drawn.",
        "size_organisations": "Size: number of organisations", "organisations": "Organisations",
        "practices": "Practices",
        "overview": "This network counts {nodes} organisations and practices: too many to show one by one. "
                    "The map sums it up per first-line zone (size: number of organisations). A line joins "
                    "two zones whose organisations have links with each other (a referral, collaboration, "
                    "joint offer or information exchange, a membership of a partnership, a practice set up "
                    "together); the thicker, the more links. Each zone shows its {top} strongest lines "
                    "({shown} of the {ties} pairs of zones with links). Click a zone for its alliance map "
                    "with every organisation.",
        "search": "Find a node", "search_button": "Find", "doelgroep": "Target group",
        "bouwsteen": "Building block", "sector": "Sector", "all": "all", "focus": "Show around the node found",
        "focus_off": "whole map", "steps": "{n} steps", "steps_one": "{n} step", "physics": "Let the map move (physics)",
        "png": "Save as PNG", "permalink": "Link to this view", "embed": "Embed on your own website",
        "embed_help": "Copy this code into the HTML of your website:", "legend": "Legend",
        "colour_sector": "Colour: sector", "colour_type": "Colour: organisation type", "shape": "Shape: kind",
        "colour_community": "Colour: community", "community": "Community",
        "other_communities": "other communities and lone nodes",
        "line": "Line: relation", "size": "Size: number of links", "outside": "lighter: outside the area",
        "unknown": "unknown", "table": "Table of the same nodes and links",
        "nodes_table": "Nodes", "edges_table": "Links", "name": "Name", "kind": "Kind",
        "type": "Type", "place": "Place", "degree": "Links", "from": "From", "relation": "Relation",
        "to": "To", "nodes_n": "{n} nodes", "nodes_n_one": "{n} node", "empty": "There is nothing to show on this map (yet).",
        "not_found": "Not found: {q}", "found": "Found: {label}", "visible": "{n} nodes visible", "visible_one": "{n} node visible",
        "map_label": "Network map (interactive): {title}. The same data is in the table.",
        "click_hint": "Tap or click a node to open its page. With a mouse, a node shows a summary when you "
                      "hover over it; the table below the map gives the same data.",
        "large": "Large map: positions are precomputed, the map does not move by itself.",
        "made_with": "Made with the OverHoop knowledge graph",
    },
}

# Templates ship with the code: no need to look at their modification time on every page.
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def _slug(iri: str | None) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else ""


def from_networkx(graph) -> tuple[list[dict], list[dict]]:
    """Turn a networkx graph into the nodes and edges this module draws.

    Node attributes with the names of :mod:`graph.map_data` (``label``, ``kind``, ``sector``, ...)
    are kept; missing ones get defaults. An edge's ``relation`` attribute (or ``type``) sets its
    style.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph

    Returns
    -------
    (list of dict, list of dict)
        Nodes and edges.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes, edges = from_networkx(nx.path_graph(3))
    >>> len(nodes), len(edges), nodes[0]["label"]
    (3, 2, '0')
    """
    nodes = []
    for node, attributes in graph.nodes(data=True):
        entry = {"id": str(node), "label": str(node), "kind": "ander", "type": None, "type_label": None,
                 "sector": None, "sector_label": None, "place": None, "summary": None,
                 "doelgroepen": [], "bouwstenen": [], "outside": False}
        entry.update({k: v for k, v in attributes.items() if k in entry or k == "measure"})
        entry["label"] = str(entry["label"])
        nodes.append(entry)
    edges = [{"source": str(u), "target": str(v), "relation": data.get("relation") or data.get("type") or "link"}
             for u, v, data in graph.edges(data=True)]
    return nodes, edges


def precomputed_layout(node_ids: list[str], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Positions for a large map: Fruchterman-Reingold (igraph, grid variant), fixed seed.

    Each connected part of the map is laid out on its own: the largest on top, the others
    (small groups and nodes without links) in rows under it. Simulated together, the parts
    would push each other apart and squeeze the main network into a small knot in the middle
    of a mostly empty map. The simulation gets fewer rounds as a part grows (at most
    :data:`LAYOUT_WORK` node-rounds): beyond a few thousand nodes more rounds no longer change
    what a reader can make out, only how long the map takes.

    Parameters
    ----------
    node_ids : list of str
    edges : list of dict

    Returns
    -------
    dict
        ``(x, y)`` in pixels by node id; the same input always gives the same positions.

    Examples
    --------
    >>> positions = precomputed_layout(["a", "b", "c", "d"], [{"source": "a", "target": "b"},
    ...                                                      {"source": "b", "target": "c"}])
    >>> positions["d"][1] > max(positions[n][1] for n in "abc")
    True
    """
    index = {node: i for i, node in enumerate(node_ids)}
    graph = igraph.Graph(n=len(node_ids), edges=[(index[e["source"]], index[e["target"]]) for e in edges])
    # subgraph() numbers a part's nodes in increasing order: keep each part's list in that order
    parts = sorted((sorted(part) for part in graph.connected_components()), key=lambda part: (-len(part), part[0]))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    width = _side(len(parts[0])) if parts else 0.0
    for number, part in enumerate(parts):
        side = _side(len(part))
        if number > 0 and x > 0 and x + side > width:
            x, y, row_height = 0.0, y + row_height + LAYOUT_GAP, 0.0
        for node, (px, py) in zip(part, _part_layout(graph.subgraph(part), side)):
            positions[node_ids[node]] = (x + px, y + py)
        x += side + LAYOUT_GAP
        row_height = max(row_height, side)
        if number == 0:
            x, y, row_height = 0.0, side + 2 * LAYOUT_GAP, 0.0
    return positions


def _side(nodes: int) -> float:
    """The side of the square a connected part of ``nodes`` nodes is laid out in, in pixels."""
    return 60 * math.sqrt(nodes) if nodes > 2 else 60.0 * (nodes - 1)


def _part_layout(graph, side: float) -> list[tuple[float, float]]:
    """Positions of one connected part inside a ``side`` by ``side`` square."""
    if graph.vcount() <= 2:
        return [(60.0 * i, 0.0) for i in range(graph.vcount())]
    rounds = max(LAYOUT_MIN_ROUNDS, min(LAYOUT_MAX_ROUNDS, LAYOUT_WORK // graph.vcount()))
    # igraph draws from one global random generator: one layout at a time keeps each repeatable.
    with _layout_lock:
        igraph.set_random_number_generator(random.Random(LAYOUT_SEED))
        try:
            layout = graph.layout_fruchterman_reingold(niter=rounds, grid=True)
        finally:
            igraph.set_random_number_generator(random)
    layout.fit_into((0, 0, side, side))
    return [tuple(point) for point in layout]


def community_colours(nodes: list[dict]) -> dict[int, str]:
    """Colour per community number: the palette for the largest communities of two or more nodes.

    Smaller communities and communities beyond the palette get no colour of their own (they
    are drawn in :data:`UNKNOWN_COLOUR`), so every colour on a map names one community.

    Parameters
    ----------
    nodes : list of dict
        Map nodes with ``community`` (a number; missing or ``None`` for none).

    Returns
    -------
    dict
        Community number -> colour.

    Examples
    --------
    >>> community_colours([{"community": 2}, {"community": 1}, {"community": 1}, {"community": 3}])
    {1: '#E69F00'}
    """
    sizes = Counter(n["community"] for n in nodes if n.get("community") is not None)
    ranked = sorted((c for c, size in sizes.items() if size > 1), key=lambda c: (-sizes[c], c))
    return dict(zip(ranked, COMMUNITY_PALETTE))


def _colours(nodes: list[dict], colour_by: str, strings: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Colour per key (sector or type IRI, community number) and the legend rows ``(colour, label)``."""
    if colour_by == "community":
        colours = community_colours(nodes)
        labels = {n["community"]: n.get("community_label") or str(n["community"])
                  for n in nodes if n.get("community") in colours}
        legend = [(colours[c], labels[c]) for c in colours]
        if any(n.get("community") not in colours for n in nodes):
            legend.append((UNKNOWN_COLOUR, strings["other_communities"]))
        return colours, legend
    key = "sector" if colour_by == "sector" else "type"
    labels = {n[key]: n.get(f"{key}_label") or _slug(n[key]) for n in nodes if n.get(key)}
    if key == "sector":
        colours = {iri: SECTOR_COLOURS.get(_slug(iri), UNKNOWN_COLOUR) for iri in labels}
    else:
        ranked = [iri for iri, _ in Counter(n["type"] for n in nodes if n.get("type")).most_common()]
        colours = {iri: PALETTE[i] if i < len(PALETTE) else UNKNOWN_COLOUR for i, iri in enumerate(ranked)}
    legend = sorted(((colours[iri], labels[iri]) for iri in labels), key=lambda row: row[1].lower())
    return colours, legend


def _summary(node: dict, degree: int, strings: dict) -> str:
    lines = [node["label"], strings["kinds"].get(node["kind"], node["kind"])]
    if node.get("kind") == "zone":
        return "\n".join([*lines, strings["zone_counts"].format(organisations=node.get("organisations", 0),
                                                                practices=node.get("practices", 0)),
                          _plural(strings, "inside", node.get("links_inside", 0)),
                          _plural(strings, "between", node.get("links_between", 0)), strings["open_zone"]])
    lines += [value for value in (node.get("type_label"), node.get("sector_label"), node.get("place")) if value]
    if node.get("summary"):
        text = node["summary"]
        lines.append(text if len(text) <= 240 else text[:237].rstrip() + "...")
    if node.get("outside"):
        lines.append(strings["outside"])
    lines.append(f"{strings['degree']}: {degree}")
    return "\n".join(lines)


def _link_counts(edge: dict, strings: dict) -> str:
    """What a summed-up link stands for: "120 verbindingen: 100 rechtstreekse verbindingen (...); ..."."""
    counts = edge.get("counts") or {}
    parts = [_plural(strings["link_kinds"], kind, counts[kind]) for kind in LINK_KINDS if counts.get(kind)]
    return _plural(strings, "links_n", edge["weight"]) + (": " + "; ".join(parts) if parts else "")


def _plural(strings: dict, key: str, n: int) -> str:
    """``strings[key]`` for ``n``, or its singular ``key_one`` when ``n`` is 1."""
    return strings[f"{key}_one" if n == 1 else key].format(n=n)


def build_network(nodes: list[dict], edges: list[dict], *, colour_by: str = "sector", size_by: str = "degree",
                  page_url=None, lang: str = "nl") -> tuple[Network, dict]:
    """Build the pyvis network of a map and its legend.

    Parameters
    ----------
    nodes, edges : list of dict
        As returned by :mod:`graph.map_data` or :func:`from_networkx`. Edges whose ends are not
        among the nodes are left out. An edge with a ``weight`` (a summed-up link of the
        overview of Flanders) is drawn as thick as it is strong, and its hover text says what
        its ``counts`` (links by kind) are.
    colour_by : {"sector", "type", "community"}
        Colour organisations by sector or by organisation type (practices, target groups and
        persons keep the colour of their kind), or every node by its ``community`` (see
        :func:`community_colours`; the legend names each community by ``community_label``).
    size_by : str
        ``"degree"`` or the name of a numeric node attribute (e.g. ``"measure"`` for a centrality).
    page_url : callable, optional
        ``page_url(iri) -> str or None``: where a click on the node goes.
    lang : {"nl", "en"}

    Returns
    -------
    (pyvis.network.Network, dict)
        The network (``nodes``, ``edges`` and ``options`` filled) and the legend
        (``colours``, ``kinds``, ``relations``).

    Examples
    --------
    >>> net, legend = build_network([{"id": "a", "label": "A", "kind": "organisatie"},
    ...                              {"id": "b", "label": "B", "kind": "praktijk"}],
    ...                             [{"source": "a", "target": "b", "relation": "initiates"}])
    >>> len(net.nodes), len(net.edges), net.options["edges"]["smooth"]
    (2, 1, False)
    """
    strings = STRINGS.get(lang, STRINGS["nl"])
    known = {n["id"] for n in nodes}
    edges = [e for e in edges if e["source"] in known and e["target"] in known]
    degree = Counter()
    for edge in edges:
        degree[edge["source"]] += 1
        degree[edge["target"]] += 1
    colours, colour_legend = _colours(nodes, colour_by, strings)
    large = len(nodes) > LARGE_MAP
    positions = precomputed_layout([n["id"] for n in nodes], edges) if large else {}
    measures = [float(n.get(size_by) or 0) for n in nodes] if size_by != "degree" else []
    top = max(measures, default=0) or 1

    net = Network(directed=True)
    for i, node in enumerate(nodes):
        shape, fixed = KIND_STYLE.get(node.get("kind", "ander"), KIND_STYLE["ander"])
        if colour_by == "community":
            # the community is the message: it colours every kind, the shape still tells the kind
            colour = colours.get(node.get("community"), UNKNOWN_COLOUR)
        else:
            key = node.get("sector") if colour_by == "sector" else node.get("type")
            colour = fixed or colours.get(key, UNKNOWN_COLOUR)
        weight = math.sqrt(degree[node["id"]]) if size_by == "degree" else 4 * measures[i] / top
        entry = {
            "id": node["id"], "label": node["label"], "title": _summary(node, degree[node["id"]], strings),
            "shape": shape, "color": colour, "size": round(10 + 5 * weight, 1),
            "url": page_url(node["id"]) if page_url else node["id"],
        }
        # Only what map.js reads, and only when set: a big map's data island is most of its page.
        for field in ("sector", "community"):
            if node.get(field) is not None:
                entry[field] = node[field]
        for field in ("doelgroepen", "bouwstenen"):
            if node.get(field):
                entry[field] = node[field]
        if node.get("outside"):
            entry["opacity"] = 0.45
        if large:
            entry["x"], entry["y"] = (round(value, 1) for value in positions[node["id"]])
        net.nodes.append(entry)
        net.node_ids.append(node["id"])
        net.node_map[node["id"]] = entry
    heaviest = max((e["weight"] for e in edges if e.get("weight")), default=1)
    for edge in edges:
        colour, dashes, arrow, width = RELATION_STYLE.get(edge["relation"], OTHER_RELATION)
        label = strings["relations"].get(edge["relation"], edge["relation"])
        if edge.get("weight"):
            # a summed-up link (overview of Flanders): as thick as it is strong, and what it sums up
            width = round(1 + 7 * math.sqrt(edge["weight"] / heaviest), 1)
            label = _link_counts(edge, strings)
        net.edges.append({"from": edge["source"], "to": edge["target"], "color": colour, "dashes": dashes,
                          "arrows": "to" if arrow else "", "width": width, "title": label,
                          "relation": edge["relation"]})
    net.options = {
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False, "color": {"inherit": False}, "arrows": {"to": {"scaleFactor": 0.6}}},
        "physics": {"enabled": not large, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -4000, "springLength": 110, "avoidOverlap": 0.1},
                    "stabilization": {"enabled": True, "iterations": STABILISATION_ITERATIONS, "updateInterval": 50}},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": large,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": len(nodes) <= 150},
    }
    used_kinds = list(dict.fromkeys(n.get("kind", "ander") for n in nodes))
    legend = {
        "colours": colour_legend,
        "kinds": [(KIND_STYLE[k][0], (KIND_STYLE[k][1] if colour_by != "community" else None) or "#FFFFFF",
                   strings["kinds"][k]) for k in used_kinds],
        "relations": [(RELATION_STYLE.get(r, OTHER_RELATION), strings["relations"].get(r, r))
                      for r in dict.fromkeys(e["relation"] for e in edges)],
        "outside": any(n.get("outside") for n in nodes),
        "size": strings.get(f"size_{size_by}", strings["size"]),
    }
    return net, legend


def _json_island(payload: dict) -> Markup:
    """JSON safe to put inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def map_fragment(data: dict, *, title: str, lang: str = "nl", page_url=None, embed_url: str | None = None,
                 colour_by: str = "sector", size_by: str = "degree", map_id: str = "kaart",
                 heading_level: int = 2) -> Markup:
    """The HTML of one interactive map: controls, canvas, legend, data island and table.

    The page that holds it must load ``vis-network.min.js``, ``vis-network.css``, ``map.css``
    and ``map.js`` (see :func:`render_map` and :data:`STATIC`, :data:`VIS_NETWORK`).

    Parameters
    ----------
    data : dict
        ``{"nodes", "edges", "concepts"}`` as from :mod:`graph.map_data` (``concepts``: names of
        the doelgroep, bouwsteen and sector IRIs, for the filters; optional). With ``overview``
        (:func:`graph.map_data.zone_overview`) the map says above it what it sums up, and its
        table counts each zone's organisations, practices and links (within the zone and with
        other zones, not only the lines drawn). With ``ended`` (a number) the legend says that
        links that have ended are not drawn, and how many. With ``capped`` (``{"shown", "total"}``,
        :func:`graph.map_data.best_connected`) it says above it that it shows the best-connected
        nodes only.
    title : str
        What the map shows, for the screen-reader label and the table caption.
    lang : {"nl", "en"}
    page_url : callable, optional
        ``page_url(iri) -> str``: the page a node links to (default: the IRI itself).
    embed_url : str, optional
        URL of the embeddable version of this map; when given, the embed snippet is offered.
    colour_by, size_by : str
        See :func:`build_network`.
    map_id : str
        HTML id of the map, unique within the page.
    heading_level : int
        Level of the legend's heading (its parts one lower): 2 for a map right under the page's
        ``<h1>``, 3 for a map in a section with an ``<h2>``, so that no level is skipped.

    Returns
    -------
    markupsafe.Markup
    """
    strings = STRINGS.get(lang, STRINGS["nl"])
    net, legend = build_network(data["nodes"], data["edges"], colour_by=colour_by, size_by=size_by,
                                page_url=page_url, lang=lang)
    concepts = data.get("concepts", {})

    def choices(field: str) -> list[tuple[str, str]]:
        used = {c for n in data["nodes"] for c in (n.get(field) or [])}
        return sorted(((c, concepts.get(c, _slug(c))) for c in used), key=lambda row: row[1].lower())

    sectors = sorted({(n["sector"], concepts.get(n["sector"]) or n.get("sector_label") or _slug(n["sector"]))
                      for n in data["nodes"] if n.get("sector")}, key=lambda row: row[1].lower())
    named = {n["community"]: n.get("community_label") or str(n["community"]) for n in data["nodes"]
             if n.get("community") is not None}
    coloured = community_colours(data["nodes"]) if colour_by == "community" else {}
    communities = [(c, named[c]) for c in coloured]
    degree = Counter()
    for edge in net.edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    overview = data.get("overview")
    if overview:
        # a zone's links are those of its organisations, not the few lines the overview draws
        degree = Counter({node["id"]: node.get("links_inside", 0) + node.get("links_between", 0)
                          for node in data["nodes"]})
    # The table rows and the search suggestions are written here rather than in the template: a
    # big map has thousands of rows, and escaping each name once (not once per cell it is in)
    # and skipping the template's per-cell lookups makes drawing it several times faster.
    names = {node["id"]: escape(node["label"]) for node in data["nodes"]}
    kinds = {kind: escape(label) for kind, label in strings["kinds"].items()}
    node_rows = "".join([
        f'<tr><td><a href="{escape(entry["url"])}">{names[node["id"]]}</a></td>'
        f'<td>{kinds.get(node.get("kind")) or escape(node.get("kind") or "")}</td>'
        f'<td>{escape(" / ".join(v for v in (node.get("type_label"), node.get("sector_label")) if v))}</td>'
        f'<td>{escape(node.get("place") or "")}</td><td>{degree[node["id"]]}</td>'
        + (f'<td>{node.get("organisations", "")}</td><td>{node.get("practices", "")}</td>' if overview else "")
        + '</tr>\n'
        for node, entry in zip(data["nodes"], net.nodes)])
    relations = {title: escape(title) for title in {edge["title"] for edge in net.edges}}
    edge_rows = "".join([f'<tr><td>{names[edge["from"]]}</td><td>{relations[edge["title"]]}</td>'
                         f'<td>{names[edge["to"]]}</td></tr>\n' for edge in net.edges])
    options = "".join([f'<option value="{name}">' for name in names.values()])
    payload = {"nodes": net.nodes, **_compact_edges(net), "options": net.options,
               "strings": {k: strings[k] for k in ("not_found", "found", "visible", "visible_one")}}
    note = strings["overview"].format(nodes=overview.get("nodes", len(net.nodes)), top=overview["ties_per_zone"],
                                      shown=overview["shown"], ties=overview["ties"]) if overview else None
    if overview:
        count = f"{_plural(strings, 'zones_n', len(net.nodes))}, {_plural(strings, 'lines_n', len(net.edges))}"
    else:
        count = f"{_plural(strings, 'nodes_n', len(net.nodes))}, {_plural(strings, 'links_n', len(net.edges))}"
    ended = data.get("ended")
    ended_note = None if ended is None else _plural(strings, "ended_n", ended) if ended else strings["ended"]
    capped = data.get("capped")
    capped_note = strings["capped"].format(**capped) if capped else None
    return Markup(_env.get_template("map_widget.html").render(
        map_id=map_id, title=title, s=strings, legend=legend, colour_by=colour_by,
        island=_json_island(payload), large=len(net.nodes) > LARGE_MAP, embed_url=embed_url,
        doelgroepen=choices("doelgroepen"), bouwstenen=choices("bouwstenen"), sectors=sectors,
        communities=communities, node_count=len(net.nodes), edge_count=len(net.edges),
        count=count, node_rows=Markup(node_rows), edge_rows=Markup(edge_rows), options=Markup(options),
        overview=note, capped=capped_note, ended=ended_note, heading=heading_level,
    ))


def _compact_edges(net: Network) -> dict:
    """The edges as ``[from, to, style]`` rows (node and style numbers) and the list of styles.

    A big map has thousands of edges in a handful of styles: spelling out the IRIs and the
    style of each would make its data island three times as large. ``map.js`` expands them.
    """
    index = {node["id"]: i for i, node in enumerate(net.nodes)}
    styles: dict[tuple, int] = {}
    rows = []
    for edge in net.edges:
        style = (edge["color"], tuple(edge["dashes"]) if edge["dashes"] else False, edge["arrows"], edge["width"],
                 edge["title"])
        rows.append([index[edge["from"]], index[edge["to"]], styles.setdefault(style, len(styles))])
    keys = ("color", "dashes", "arrows", "width", "title")
    return {"edges": rows,
            "edgeStyles": [dict(zip(keys, (c, list(d) if d else False, a, w, t))) for c, d, a, w, t in styles]}


def render_map(data: dict, *, title: str, lang: str = "nl", standalone: bool = True, asset_base: str = "/static",
               page_url=None, embed_url: str | None = None, colour_by: str = "sector",
               size_by: str = "degree", embedded: bool = False) -> str:
    """A whole HTML page with one map.

    Parameters
    ----------
    data : dict
        Map data, see :func:`map_fragment`.
    title : str
        Heading and ``<title>``.
    lang : {"nl", "en"}
    standalone : bool
        True: vis-network, ``map.js`` and the styles are inlined, so the file works offline on
        its own (about 700 kB). False: they are loaded from ``asset_base`` (the app).
    asset_base : str
        Where the app serves ``vis/vis-network.min.js``, ``vis/vis-network.css``,
        ``viz/map.js`` and ``viz/map.css``.
    page_url, embed_url, colour_by, size_by
        See :func:`map_fragment`.
    embedded : bool
        For a page shown in an iframe on another site: compact, and a click on a node opens
        its page in a new tab.

    Returns
    -------
    str

    Examples
    --------
    >>> html = render_map({"nodes": [{"id": "a", "label": "<b>A</b>", "kind": "organisatie"}], "edges": []},
    ...                   title="Test")
    >>> "<b>A</b>" in html, "&lt;b&gt;A&lt;/b&gt;" in html, "http://" in html.split("<script")[1][:200]
    (False, True, False)
    """
    fragment = map_fragment(data, title=title, lang=lang, page_url=page_url, embed_url=embed_url,
                            colour_by=colour_by, size_by=size_by)
    inline = {}
    if standalone:
        inline = {
            "vis_js": Markup((VIS_NETWORK / "vis-network.min.js").read_text(encoding="utf-8")),
            "vis_css": Markup((VIS_NETWORK / "vis-network.css").read_text(encoding="utf-8")),
            "map_js": Markup((STATIC / "map.js").read_text(encoding="utf-8")),
            "map_css": Markup((STATIC / "map.css").read_text(encoding="utf-8")),
        }
    return _env.get_template("map.html").render(title=title, lang=lang, fragment=fragment, inline=inline,
                                                asset_base=asset_base, s=STRINGS.get(lang, STRINGS["nl"]),
                                                embedded=embedded)
