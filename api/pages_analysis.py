"""The analysis page: ``/analyse`` (all of Flanders) and ``/analyse/zone/{zone_id}``.

One page answers a coordinator's and a researcher's questions about one network (a kind of
:data:`graph.analysis.networks.NETWORKS`): its shape in plain words, who holds it together
(ranked tables and the cut points), its communities drawn on the map, the bridges between
sectors with the brokerage roles, and the downloads and SPARQL queries behind it. The analysis
runs once per request (:func:`graph.analysis.report.analysed_network`); everything on the page
is read from that one result. Query parameters: ``netwerk``, ``seed``, ``resolutie`` (and
``zone`` on ``/analyse``, which sends the form's choice on to the zone's own address).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from rdflib import URIRef

from api.i18n import STRINGS, label, language, link
from api.kept import kept_page
from api.pages import map_section, render_page, unknown_zone_page
from graph import lookup, map_data
from graph.analysis.brokerage import ROLES
from graph.analysis.centrality import DEFAULT_SEED
from graph.analysis.export import EXPORT_FORMATS
from graph.analysis.networks import DEFAULT_NETWORK, NETWORKS, network_queries
from graph.analysis.ranking import ranked
from graph.analysis.report import NetworkAnalysis, analysed_network
from graph.apart import ProcessKilled
from graph.cache import StillComputing, is_current
from graph.dates import clock_time, local_time
from graph.queries import query_description
from viz import maps

router = APIRouter(include_in_schema=False)
TOP = 10  # rows per ranked table
COMMUNITIES_SHOWN = 24
MEMBERS_SHOWN = 8
# Above this many nodes the map shows whole communities, largest first (the rest is in the downloads).
MAP_LIMIT = 500
MAX_SEED = 2**32 - 1
MAX_RESOLUTION = 10.0
PENDING_REFRESH_S = 15  # how often the "being computed" page looks again


@dataclass(frozen=True)
class Choice:
    """What the reader asked for: a network kind, Louvain's seed and resolution."""

    network: str
    seed: int
    resolution: float


def parse_choice(network: str, seed: str, resolution: str, lang: str) -> Choice:
    """Read the form's ``netwerk``, ``seed`` and ``resolutie``; empty fields take the defaults.

    Raises
    ------
    ValueError
        With one sentence in the page's language that says what to fill in instead.

    Examples
    --------
    >>> parse_choice("", "", "0,5", "nl")
    Choice(network='organisaties', seed=42, resolution=0.5)
    """
    t = STRINGS[lang]
    network = network.strip() or DEFAULT_NETWORK
    if network not in NETWORKS:
        raise ValueError(t["an_unknown_network"].format(network=network))
    try:
        seed_value = int(seed.strip()) if seed.strip() else DEFAULT_SEED
    except ValueError:
        seed_value = -1
    if not 0 <= seed_value <= MAX_SEED:
        raise ValueError(t["an_bad_seed"].format(max=MAX_SEED))
    try:
        resolution_value = float(resolution.strip().replace(",", ".")) if resolution.strip() else 1.0
    except ValueError:
        resolution_value = 0.0
    if not 0 < resolution_value <= MAX_RESOLUTION:
        raise ValueError(t["an_bad_resolution"].format(max=int(MAX_RESOLUTION)))
    return Choice(network, seed_value, resolution_value)


def number(value, lang: str, digits: int = 2, percent: bool = False) -> str:
    """A number as the page's readers write it: decimal comma in Dutch, ``–`` for none.

    Examples
    --------
    >>> number(0.3456, "nl"), number(0.3456, "en", 1, percent=True), number(None, "nl")
    ('0,35', '34.6 %', '–')
    """
    if value is None:
        return "–"
    if percent:
        value = 100 * value
    text = f"{value:.{digits}f}"
    if lang == "nl":
        text = text.replace(".", ",")
    return text + (" %" if percent else "")


def _query_string(choice: Choice) -> dict:
    """The page's parameters, leaving out the defaults so shared links stay short."""
    params = {"netwerk": choice.network if choice.network != DEFAULT_NETWORK else None,
              "seed": choice.seed if choice.seed != DEFAULT_SEED else None,
              "resolutie": choice.resolution if choice.resolution != 1.0 else None}
    return {k: v for k, v in params.items() if v is not None}


def _downloads(choice: Choice, zone: dict | None) -> list[tuple[str, str]]:
    params = {"network": choice.network, "seed": choice.seed, "resolution": choice.resolution}
    if zone:
        params["zone"] = zone["id"]
    return [(fmt, f"/api/analysis/export/{fmt}?{urlencode(params)}") for fmt in EXPORT_FORMATS]


def _sparql_links(analysis: NetworkAnalysis, lang: str) -> list[dict]:
    zone_iri = URIRef(analysis.zone) if analysis.zone else None
    return [{"name": name, "description": query_description(name, lang),
             "url": link("/sparql-pagina", lang, query=text)}
            for name, text in network_queries(analysis.network, zone_iri).items()]


def _communities(analysis: NetworkAnalysis, rows: dict, colours: dict) -> tuple[list[dict], int]:
    """The communities of two or more members (with colour and first members), and how many stand alone."""
    shown = []
    for community in analysis.communities:
        if len(community.members) < 2 or len(shown) == COMMUNITIES_SHOWN:
            continue
        members = sorted(community.members, key=lambda m: (m != community.centre, rows[m]["label"]))
        shown.append({"number": community.number, "name": community.name, "centre": rows[community.centre],
                      "size": len(community.members), "colour": colours.get(community.number),
                      "members": [rows[m] for m in members[:MEMBERS_SHOWN]]})
    alone = sum(1 for c in analysis.communities if len(c.members) == 1)
    return shown, alone


def analysis_page(request: Request, zone_id: str | None, network: str, seed: str, resolution: str) -> HTMLResponse:
    """Render the analysis of one network, for one zone (``zone_id``) or all of Flanders (``None``)."""
    store = request.app.state.store
    lang = language(request.query_params)
    t = STRINGS[lang]
    zone = None
    if zone_id is not None:
        try:
            zone = lookup.zone_info(store, zone_id)
        except lookup.NotFound:
            return unknown_zone_page(request, zone_id, "/analyse/zone/")
    try:
        choice = parse_choice(network, seed, resolution, lang)
    except ValueError as problem:
        return render_page(request, "error.html", status=400, title=t["an_bad_input"], message=str(problem))
    try:
        G, analysis = analysed_network(store, choice.network, zone["iri"] if zone else None, choice.seed,
                                       choice.resolution, wait_s=request.app.state.settings.analysis_wait_s)
    except StillComputing as pending:
        message = t["an_pending"].format(time=clock_time(pending.since, lang), seconds=PENDING_REFRESH_S)
        return render_page(request, "analysis_pending.html", status=202, title=t["an_pending_title"],
                           message=message, refresh_s=PENDING_REFRESH_S, zones=lookup.list_zones(store))
    except ProcessKilled as problem:
        return render_page(request, "error.html", status=503, title=t["an_title"].format(where=t["an_all_flanders"]),
                           message=str(problem))
    # The page shows this analysis: kept with it (a newer analysis of all of Flanders, computed in
    # the background after an import, gets a page of its own).
    return kept_page(request, lambda: _analysis_page(request, store, lang, zone, choice, G, analysis),
                          analysis.graph_state, about=analysis.zone or None)


def _analysis_page(request: Request, store, lang: str, zone: dict | None, choice: Choice, G,
                   analysis: NetworkAnalysis) -> HTMLResponse:
    t = STRINGS[lang]
    where = zone["label"] if zone else t["an_all_flanders"]
    data = map_data.network_map(store, G, lang, analysis.communities, ties_only=True, limit=MAP_LIMIT)
    colours = maps.community_colours(data["nodes"])
    rows = {row["iri"]: row for row in analysis.nodes}
    communities, alone = _communities(analysis, rows, colours)
    sectors = {c["id"]: label(c, lang) for c in lookup.concepts(store, "sector").values()}
    kind = NETWORKS[choice.network]
    map_title = f"{t['an_map']}: {where}"
    connected = sum(1 for _, degree in G.degree() if degree > 0)
    return render_page(
        request, "analysis.html", title=t["an_title"].format(where=where), zone=zone, where=where,
        choice=choice, kind=kind, networks=list(NETWORKS.values()), zones=lookup.list_zones(store),
        analysis=analysis, summary=analysis.summary, num=number, sectors=sectors, roles=ROLES,
        rankings={measure: ranked(analysis.nodes, measure, TOP)
                  for measure in ("betweenness", "partners", "pagerank", "constraint", "brokerage")},
        cut_points=ranked([row for row in analysis.nodes if row["articulation_point"]], "betweenness", None),
        mixed_kinds=len({row["kind"] for row in analysis.nodes}) > 1,
        kinds={**maps.STRINGS[lang]["kinds"], "bouwsteen": t["bouwsteen"].lower()},
        communities=communities, alone=alone,
        modularity=analysis.communities[0].modularity if analysis.communities else 0.0,
        map_html=map_section(request, data, map_title, None, colour_by="community"),
        map_shown=len(data["nodes"]), map_limited=len(data["nodes"]) < connected,
        downloads=_downloads(choice, zone), sparql_links=_sparql_links(analysis, lang),
        params=_query_string(choice), up_to_date=is_current(store, analysis.graph_state, analysis.zone or None),
        computed_at=local_time(analysis.computed_at, lang),
    )


@router.get("/analyse", response_class=HTMLResponse)
def flanders_analysis(request: Request, zone: str = "", netwerk: str = "", seed: str = "", resolutie: str = ""):
    """All of Flanders; the form's zone choice is sent on to that zone's address."""
    if zone.strip():
        lang = language(request.query_params)
        params = {k: v for k, v in (("netwerk", netwerk), ("seed", seed), ("resolutie", resolutie)) if v}
        return RedirectResponse(link("/analyse/zone/" + quote(zone.strip()), lang, **params), status_code=303)
    return analysis_page(request, None, netwerk, seed, resolutie)


@router.get("/analyse/zone/{zone_id}", response_class=HTMLResponse)
def zone_analysis(request: Request, zone_id: str, netwerk: str = "", seed: str = "", resolutie: str = ""):
    return analysis_page(request, zone_id, netwerk, seed, resolutie)
