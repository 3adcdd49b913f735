"""``/api/analysis/...``: network measures, communities, sector bridges, zone profiles and exports.

Every endpoint takes ``network`` (a kind of :data:`graph.analysis.networks.NETWORKS`, default
``organisaties``) and ``zone`` (a zone id such as ``gent``; absent: the whole graph, all of
Flanders and beyond, since it holds organisations abroad and without a zone too). The
numbers are computed on request from the store (a few seconds for 10,000 organisations);
``/api/analysis/report`` gives everything a page needs in one call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import get_settings, get_store
from api.kept import gzipped, send_gzipped
from api.settings import Settings
from graph.analysis.centrality import DEFAULT_SEED
from graph.analysis.export import EXPORT_FORMATS, export
from graph.analysis.networks import DEFAULT_NETWORK, NETWORKS, network_queries, resolve_zone
from graph.analysis.ranking import ranked
from graph.analysis.report import NetworkAnalysis, analysed_network
from graph.analysis.zone_profile import zone_profile
from graph.apart import ProcessKilled
from graph.cache import StillComputing, cached, is_current
from graph.dates import clock_time
from graph.lookup import NotFound
from graph.queries import query_description
from graph.store import Store

router = APIRouter(prefix="/api/analysis", tags=["netwerkanalyse"],
                   responses={404: {"description": "Onbekende eerstelijnszone / unknown first-line zone"},
                              503: {"description": "De eerste analyse van heel Vlaanderen en daarbuiten wordt "
                                                   "nog berekend; vraag opnieuw na Retry-After seconden. / The "
                                                   "first analysis of all of Flanders and beyond is still being "
                                                   "computed."}})

NetworkName = Literal[tuple(NETWORKS)]
NETWORK_QUERY = Query(DEFAULT_NETWORK, description="welk netwerk; zie /api/analysis/networks")
ZONE_QUERY = Query(None, description="eerstelijnszone (id zoals gent, of IRI); leeg: heel Vlaanderen en "
                   "daarbuiten (elke organisatie van de graaf, ook die zonder zone of in het buitenland)")
SEED_QUERY = Query(DEFAULT_SEED, description="seed voor steekproef en Louvain: zelfde seed, zelfde cijfers")
RESOLUTION_QUERY = Query(1.0, gt=0, le=10, description="resolutie van Louvain (hoger: kleinere gemeenschappen)")
# How long a client is asked to wait before asking again for an analysis still being computed.
RETRY_AFTER_S = 30


class NetworkKindModel(BaseModel):
    name: str
    title_nl: str
    title_en: str
    directed: bool
    two_mode_side: str | None = Field(description="tweeledig netwerk: de knoopsoort (kind) aan één kant; "
                                      "leeg voor een eenledig netwerk")


class SummaryModel(BaseModel):
    """The shape of the whole network."""

    nodes: int
    edges: int
    directed: bool
    density: float
    components: int
    largest_component: int
    diameter: int | None
    average_path_length: float | None
    distances_sampled: bool = Field(description="afstanden uit een steekproef van bronknopen (grote netwerken)")
    reciprocity: float | None
    assortativity: float | None = Field(description="naar sector")
    bridges: int


class NodeMeasuresModel(BaseModel):
    """One node with its attributes and every measure (``None`` where undefined)."""

    iri: str
    label: str
    kind: str
    type: str
    sector: str = Field(description="hoofdsector: van de sectoren van de organisatie, die het vaakst voorkomt bij "
                        "organisaties van haar type (bij gelijke stand alfabetisch); hierop rusten de sectormaten")
    sectors: str = Field(description="alle sectoren van de organisatie, gescheiden door |")
    zone: str
    degree: int = Field(description="aantal banden; in een gericht netwerk in + uit")
    in_degree: int
    out_degree: int
    weighted_degree: float
    partners: int = Field(description="aantal verschillende buren, in welke richting ook")
    betweenness: float = Field(description="in een tweeledig netwerk genormaliseerd zoals Borgatti & Everett")
    closeness: float = Field(description="in een tweeledig netwerk genormaliseerd zoals Borgatti & Everett")
    eigenvector: float
    pagerank: float
    constraint: float | None
    effective_size: float | None
    k_core: int
    clustering: float | None = Field(description="leeg in een tweeledig netwerk (daar altijd 0: geen driehoeken)")
    articulation_point: bool = Field(description="zonder deze knoop valt zijn deel van het netwerk uiteen")
    community: int | None
    coordinator: int
    gatekeeper: int
    representative: int
    itinerant: int
    liaison: int
    brokerage: int


class CommunityModel(BaseModel):
    number: int
    name: str = Field(description="naam van het meest centrale lid (PageRank)")
    centre: str
    size: int
    members: list[str]


class SectorBridgesModel(BaseModel):
    """How sectors are tied: the bridge matrix, the pairs without any tie and the E-I index."""

    sectors: list[str]
    matrix: dict[str, dict[str, int]]
    missing_bridges: list[list[str]] = Field(description="Sectorparen zonder enige brug, elk als [sector, sector].")
    ei_index: dict[str, float | None]


class AnalysisHeader(BaseModel):
    network: str
    zone: str
    seed: int
    resolution: float
    computed_at: str = Field(description="wanneer de graaf voor deze analyse gelezen werd (ISO 8601)")
    up_to_date: bool = Field(description="false: de graaf is sindsdien gewijzigd (een invoer) en een nieuwe "
                             "analyse wordt berekend; vraag het zo meteen opnieuw. Enkel voor heel Vlaanderen en "
                             "daarbuiten.")


class MeasuresModel(AnalysisHeader):
    nodes: list[NodeMeasuresModel]


class CommunitiesModel(AnalysisHeader):
    modularity: float
    communities: list[CommunityModel]


class ReportModel(AnalysisHeader):
    """Everything about one network at once."""

    summary: SummaryModel
    nodes: list[NodeMeasuresModel]
    modularity: float
    communities: list[CommunityModel]
    sectors: SectorBridgesModel


class QueryTextModel(BaseModel):
    name: str
    description: str
    sparql: str


class SparqlModel(BaseModel):
    network: str
    zone: str
    queries: list[QueryTextModel]


class ZoneProfileModel(BaseModel):
    """A zone's coverage of doelgroepen x bouwstenen beside the median zone."""

    zone: str
    figures: dict[str, float]
    median: dict[str, float]
    cells: list[dict]
    below_median: list[dict]
    matrix: dict


def _analysis(store: Store, settings: Settings, network: str, zone: str | None, seed: int, resolution: float):
    try:
        return analysed_network(store, network, zone, seed, resolution, wait_s=settings.analysis_wait_s)
    except ValueError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except StillComputing as pending:
        since = pending.since
        detail = (f"De netwerkanalyse van heel Vlaanderen en daarbuiten wordt nog berekend (sinds "
                  f"{clock_time(since)}); vraag het opnieuw over {RETRY_AFTER_S} s. / The network analysis of "
                  f"all of Flanders and beyond is still being computed (since {clock_time(since, 'en')}); ask "
                  f"again in {RETRY_AFTER_S} s.")
        raise HTTPException(status_code=503, detail=detail, headers={"Retry-After": str(RETRY_AFTER_S)}) from pending
    except ProcessKilled as problem:
        raise HTTPException(status_code=503, detail=str(problem)) from problem


def _header(analysis: NetworkAnalysis, store: Store) -> dict:
    return {"network": analysis.network, "zone": analysis.zone, "seed": analysis.seed,
            "resolution": analysis.resolution, "computed_at": analysis.computed_at,
            "up_to_date": is_current(store, analysis.graph_state, analysis.zone or None)}


def _communities(analysis: NetworkAnalysis) -> list[CommunityModel]:
    return [CommunityModel(number=c.number, name=c.name, centre=str(c.centre), size=len(c.members),
                           members=[str(m) for m in c.members]) for c in analysis.communities]


def _modularity(analysis: NetworkAnalysis) -> float:
    return analysis.communities[0].modularity if analysis.communities else 0.0


def _sectors(analysis: NetworkAnalysis) -> SectorBridgesModel:
    return SectorBridgesModel(sectors=list(analysis.sector_matrix), matrix=analysis.sector_matrix,
                              missing_bridges=[list(pair) for pair in analysis.missing_bridges], ei_index=analysis.ei_index)


@router.get("/networks", response_model=list[NetworkKindModel], summary="Welke netwerken er zijn")
def networks() -> list[NetworkKindModel]:
    return [NetworkKindModel(name=k.name, title_nl=k.title_nl, title_en=k.title_en, directed=k.directed,
                             two_mode_side=k.two_mode_side) for k in NETWORKS.values()]


@router.get("/report", response_model=ReportModel, summary="Alles over een netwerk in een keer")
def report(request: Request, network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY, seed: int = SEED_QUERY,
           resolution: float = RESOLUTION_QUERY, store: Store = Depends(get_store),
           settings: Settings = Depends(get_settings)) -> Response:
    _, analysis = _analysis(store, settings, network, zone, seed, resolution)
    return _kept_json(request, store, analysis, lambda: ReportModel(
        **_header(analysis, store), summary=SummaryModel(**analysis.summary),
        nodes=[NodeMeasuresModel(**row) for row in analysis.nodes], modularity=_modularity(analysis),
        communities=_communities(analysis), sectors=_sectors(analysis)))


def _kept_json(request: Request, store: Store, analysis: NetworkAnalysis, answer: Callable[[], BaseModel]) -> Response:
    """Send ``answer()`` as JSON, kept gzip-compressed with the analysis it shows until the next write.

    All of Flanders is 10,000 nodes: the report is 7 MB of JSON (150 ms to build and check per
    request), the communities 0.9 MB (13 ms), so the text is built once per analysis and address.
    """
    return _kept(request, store, analysis, "application/json", lambda: answer().model_dump_json().encode())


def _kept(request: Request, store: Store, analysis: NetworkAnalysis, media_type: str,
          body: Callable[[], bytes]) -> Response:
    """Send ``body()``, kept gzip-compressed per address with the analysis it comes from."""
    key = ("analysis answer", request.url.path, request.url.query, analysis.graph_state)
    kept = cached(store, key, lambda: gzipped(body()), about=analysis.zone or None)
    return send_gzipped(request, kept, media_type)


@router.get("/measures", response_model=MeasuresModel, summary="Maten per knoop, gerangschikt")
def measures(request: Request, network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY, seed: int = SEED_QUERY,
             resolution: float = RESOLUTION_QUERY,
             sort: Literal["betweenness", "degree", "partners", "weighted_degree", "pagerank", "eigenvector",
                           "closeness", "constraint", "effective_size", "k_core", "brokerage", "label"] = "betweenness",
             limit: int = Query(100, ge=1, le=100_000), store: Store = Depends(get_store),
             settings: Settings = Depends(get_settings)) -> Response:
    _, analysis = _analysis(store, settings, network, zone, seed, resolution)

    def answer() -> MeasuresModel:
        if sort == "label":
            rows = sorted(analysis.nodes, key=lambda r: (r["label"], r["iri"]))[:limit]
        else:
            rows = ranked(analysis.nodes, sort, limit, every_node=True)
        return MeasuresModel(**_header(analysis, store), nodes=[NodeMeasuresModel(**row) for row in rows])

    return _kept_json(request, store, analysis, answer)


@router.get("/summary", response_model=SummaryModel, summary="Grootte, dichtheid, delen, afstanden, bruggen")
def summary(network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY, seed: int = SEED_QUERY,
            store: Store = Depends(get_store),
            settings: Settings = Depends(get_settings)) -> SummaryModel:
    _, analysis = _analysis(store, settings, network, zone, seed, 1.0)
    return SummaryModel(**analysis.summary)


@router.get("/communities", response_model=CommunitiesModel, summary="Gemeenschappen (Louvain)")
def communities(request: Request, network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY, seed: int = SEED_QUERY,
                resolution: float = RESOLUTION_QUERY, store: Store = Depends(get_store),
                settings: Settings = Depends(get_settings)) -> Response:
    _, analysis = _analysis(store, settings, network, zone, seed, resolution)
    return _kept_json(request, store, analysis, lambda: CommunitiesModel(
        **_header(analysis, store), modularity=_modularity(analysis), communities=_communities(analysis)))


@router.get("/sectors", response_model=SectorBridgesModel, summary="Bruggen tussen sectoren en E-I-index")
def sectors(network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY,
            store: Store = Depends(get_store),
            settings: Settings = Depends(get_settings)) -> SectorBridgesModel:
    _, analysis = _analysis(store, settings, network, zone, DEFAULT_SEED, 1.0)
    return _sectors(analysis)


@router.get("/sparql", response_model=SparqlModel, summary="De SPARQL-query's achter een netwerk")
def sparql(network: NetworkName = NETWORK_QUERY, zone: str | None = ZONE_QUERY,
           store: Store = Depends(get_store)) -> SparqlModel:
    try:
        zone_iri = resolve_zone(store, zone)
    except ValueError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    texts = network_queries(network, zone_iri)
    return SparqlModel(network=network, zone=str(zone_iri or ""), queries=[
        QueryTextModel(name=name, description=query_description(name), sparql=text) for name, text in texts.items()])


@router.get("/zone-profile", response_model=ZoneProfileModel,
            summary="Dekking doelgroepen x bouwstenen van een zone naast de mediaanzone")
def zone_profile_endpoint(zone: str = Query(..., description="eerstelijnszone (id zoals gent, of IRI)"),
                          store: Store = Depends(get_store)) -> ZoneProfileModel:
    try:
        return ZoneProfileModel(**zone_profile(store, zone))
    except NotFound as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


@router.get("/export/{fmt}", summary="Download een netwerk met alle maten (GraphML, GEXF, CSV, JSON)",
            responses={200: {"content": {media: {} for media, _ in EXPORT_FORMATS.values()}}})
def download(request: Request, fmt: Literal[tuple(EXPORT_FORMATS)], network: NetworkName = NETWORK_QUERY,
             zone: str | None = ZONE_QUERY, seed: int = SEED_QUERY, resolution: float = RESOLUTION_QUERY,
             store: Store = Depends(get_store),
             settings: Settings = Depends(get_settings)) -> Response:
    annotated, analysis = _analysis(store, settings, network, zone, seed, resolution)
    media, suffix = EXPORT_FORMATS[fmt]
    where = analysis.zone.rsplit("/", 1)[-1] if analysis.zone else "vlaanderen-en-daarbuiten"
    # Written once per analysis: the GEXF of all of Flanders (10,000 organisations) is 26 MB and
    # took networkx 2.6 s per download; kept compressed it is 1.4 MB.
    response = _kept(request, store, analysis, media, lambda: export(annotated, fmt))
    response.headers["Content-Disposition"] = f'attachment; filename="overhoop-{network}-{where}.{suffix}"'
    return response
