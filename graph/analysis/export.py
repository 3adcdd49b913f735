"""Networks and their measures in the files researchers open: GraphML and GEXF (Gephi, igraph,
networkx, Cytoscape), CSV node and edge lists (spreadsheets, R, pandas) and node-link JSON (D3).

GraphML and GEXF hold neither empty values nor lists: a missing measure is left out of that
node's attributes (the tool shows it empty) and a list becomes text joined by ``|``. GraphML keeps
the graph's provenance (network, zone, seed, SPARQL) and, for a two-mode network, the node kind on
one side (``two_mode_side``) as graph attributes; GEXF has none, so there they go in ``<meta>``, as
keywords and description, where Gephi shows them. A CSV list has no place for facts about the
whole graph: there ``two_mode_side`` is a column of its own, the same on every row. In CSV
every cell that a spreadsheet would read as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is prefixed with a quote (OWASP's defence against CSV
injection), since labels come from contributed data.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.analysis.networks import WHOLE_GRAPH_NL

EXPORT_FORMATS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "nodes.csv": ("text/csv; charset=utf-8", "knopen.csv"),
    "edges.csv": ("text/csv; charset=utf-8", "verbindingen.csv"),
    "json": ("application/json", "json"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    """A value GraphML and GEXF can hold, or ``None`` when it should be left out."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(sorted(str(v) for v in value))
    if hasattr(value, "item"):
        value = value.item()  # numpy scalars (np.float64 passes for float) become plain Python
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def for_files(G: nx.Graph) -> nx.Graph:
    """Return a copy of ``G`` whose node, edge and graph attributes GraphML and GEXF can hold.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Same nodes and edges; ``None`` and NaN left out, lists joined by ``|``, numpy numbers
        made plain Python numbers.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> G.nodes["a"].update(constraint=None, zones=["gent", "aalst"])
    >>> for_files(G).nodes["a"]
    {'zones': 'aalst|gent'}
    """
    F = G.__class__()
    F.graph.update({k: v for k, v in ((k, _plain(v)) for k, v in G.graph.items()) if v is not None})
    for node, data in G.nodes(data=True):
        F.add_node(node, **{k: v for k, v in ((k, _plain(v)) for k, v in data.items()) if v is not None})
    for u, v, data in G.edges(data=True):
        F.add_edge(u, v, **{k: x for k, x in ((k, _plain(x)) for k, x in data.items()) if x is not None})
    return F


def to_graphml(G: nx.Graph) -> bytes:
    """Return ``G`` as GraphML (UTF-8), every attribute typed.

    Examples
    --------
    >>> b"<graphml" in to_graphml(nx.path_graph(2))
    True
    """
    buffer = io.BytesIO()
    nx.write_graphml(for_files(G), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


def gexf_meta(graph: dict) -> dict[str, str]:
    """Return the GEXF ``<meta>`` keywords and description that say where a network comes from.

    Parameters
    ----------
    graph : dict
        ``G.graph`` of a network of :func:`graph.analysis.report.analysed_network`: ``network``,
        ``zone`` (an IRI, empty for the whole graph: all of Flanders and beyond), ``queries``,
        ``seed``, ``resolution``, ``sparql`` and, for a two-mode network, ``two_mode_side``.

    Returns
    -------
    dict
        ``keywords`` and ``description`` (Dutch); empty for a graph that is no OverHoop network.

    Examples
    --------
    >>> meta = gexf_meta({"network": "organisaties", "queries": "network_organisations", "seed": 42,
    ...                   "zone": "https://w3id.org/overhoop/id/eerstelijnszone/gent"})
    >>> meta["keywords"]
    'OverHoop, organisaties, gent, seed 42, network_organisations.rq'
    >>> gexf_meta({"network": "praktijk-doelgroep", "two_mode_side": "praktijk"})["keywords"]
    'OverHoop, praktijk-doelgroep, heel Vlaanderen en daarbuiten, two_mode_side praktijk'
    >>> gexf_meta({})
    {}
    """
    if not graph.get("network"):
        return {}
    zone = str(graph.get("zone") or "")
    zone_name = zone.rsplit("/", 1)[-1] if zone else WHOLE_GRAPH_NL
    files = [f"{name}.rq" for name in str(graph.get("queries", "")).split()]
    keywords = ["OverHoop", graph["network"], zone_name]
    parts = [f"OverHoop-netwerk {graph['network']}, "
             + (f"eerstelijnszone {zone_name} ({zone})" if zone else zone_name)]
    side = graph.get("two_mode_side")
    if side:
        # named as GraphML's graph attribute, so one search finds it in either file
        keywords.append(f"two_mode_side {side}")
        parts.append(f"tweeledig netwerk (two_mode_side {side}): de ene kant zijn de knopen met kind "
                     f"{side}, de andere kant de overige; verbindingen lopen enkel tussen de twee kanten")
    if "seed" in graph:
        keywords.append(f"seed {graph['seed']}")
        parts.append(f"seed {graph['seed']} en resolutie {graph.get('resolution', 1.0)} "
                     "voor steekproef en Louvain")
    parts.append(f"knopen en verbindingen uit de SPARQL-query's {', '.join(files)} (graph/queries/)")
    description = "; ".join(parts) + "."
    if graph.get("sparql"):
        # the full text, as in GraphML's ``sparql`` attribute, so the file alone reproduces it
        description += "\n\n" + graph["sparql"]
    return {"keywords": ", ".join([*keywords, *files]), "description": description}


def to_gexf(G: nx.Graph) -> bytes:
    """Return ``G`` as GEXF 1.2 (UTF-8), the native format of Gephi, with its provenance in ``<meta>``.

    Examples
    --------
    >>> b"<gexf" in to_gexf(nx.path_graph(2))
    True
    """
    F = for_files(G)
    for node, data in F.nodes(data=True):
        # Gephi shows the ``label`` attribute as the node's name
        data.setdefault("label", str(node))
    # nx.write_gexf writes of G.graph only ``name`` and ``mode``, and a fixed ``<meta>`` (creator,
    # date). Its own writer is used here, as write_gexf does, to add keywords and description to
    # that element before it is written, rather than parsing the written file again (26 MB for
    # all of Flanders).
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    for tag, text in gexf_meta(G.graph).items():
        ET.SubElement(meta, tag).text = text
    writer.add_graph(F)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def safe_cell(value) -> str:
    """Return a CSV cell that no spreadsheet runs as a formula.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-0.5), safe_cell(None), safe_cell(True)
    ('\\'=HYPERLINK("http://x")', "'-0.5", '', 'true')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = _plain(value)
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _graph_columns(G: nx.Graph) -> dict:
    """The facts about the whole graph that a CSV list repeats on every row: the two-mode marker."""
    return {"two_mode_side": G.graph["two_mode_side"]} if G.graph.get("two_mode_side") else {}


def nodes_csv(G: nx.Graph) -> bytes:
    """Return the node list as CSV: ``id``, every node attribute, then ``two_mode_side`` for a two-mode network.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> G.nodes["a"]["label"] = "+32 Huis"
    >>> nodes_csv(G).decode().splitlines()
    ['id,label', "a,'+32 Huis", 'b,']
    """
    columns = list(dict.fromkeys(key for _, data in G.nodes(data=True) for key in data))
    whole = _graph_columns(G)
    return _csv(["id", *columns, *whole], ([node, *(data.get(c) for c in columns), *whole.values()]
                                           for node, data in G.nodes(data=True)))


def edges_csv(G: nx.Graph) -> bytes:
    """Return the edge list as CSV: ``source``, ``target``, every edge attribute, then
    ``two_mode_side`` for a two-mode network.

    Examples
    --------
    >>> B = nx.Graph([("o", "p", {"weight": 2})], two_mode_side="praktijk")
    >>> edges_csv(B).decode().splitlines()
    ['source,target,weight,two_mode_side', 'o,p,2,praktijk']
    """
    columns = list(dict.fromkeys(key for _, _, data in G.edges(data=True) for key in data))
    whole = _graph_columns(G)
    return _csv(["source", "target", *columns, *whole],
                ([u, v, *(data.get(c) for c in columns), *whole.values()] for u, v, data in G.edges(data=True)))


def to_node_link(G: nx.Graph) -> bytes:
    """Return ``G`` as node-link JSON (``nodes`` and ``edges`` lists, as networkx and D3 read it).

    Examples
    --------
    >>> json.loads(to_node_link(nx.Graph([("a", "b")])))["edges"]
    [{'source': 'a', 'target': 'b'}]
    """
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")


def export(G: nx.Graph, fmt: str) -> bytes:
    """Return ``G`` in one of ``EXPORT_FORMATS``: graphml, gexf, nodes.csv, edges.csv or json.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> export(nx.path_graph(2), "edges.csv").decode().splitlines()[0]
    'source,target'
    """
    writers = {"graphml": to_graphml, "gexf": to_gexf, "nodes.csv": nodes_csv, "edges.csv": edges_csv,
               "json": to_node_link}
    if fmt not in writers:
        raise ValueError(f"Onbekend exportformaat {fmt!r}; kies uit: {', '.join(writers)}.")
    return writers[fmt](G)
