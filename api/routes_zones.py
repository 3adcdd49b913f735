"""``/api/zones`` and ``/api/municipalities``: the first-line zones, their content and their gaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from api.deps import get_store
from api.errors import PROBLEMS, answer
from api.kept import kept_json
from api.models import Coverage, MunicipalityZones, ZoneDetail, ZoneItem
from api.routes_catalogue import Limit, Offset
from graph import lookup
from graph.coverage import coverage_matrix
from graph.store import Store

router = APIRouter(prefix="/api", tags=["eerstelijnszones"], responses=PROBLEMS)
ZoneId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$", examples=["amalo"],
                             description="Id van de zone (het laatste deel van haar IRI), zie /api/zones.")]


@router.get("/zones", response_model=list[ZoneItem], summary="Alle eerstelijnszones / All first-line zones")
def zones(request: Request, store: Store = Depends(get_store)) -> Response:
    return kept_json(request, list[ZoneItem], lambda: lookup.list_zones(store))


@router.get("/zones/{zone_id}", response_model=ZoneDetail,
            summary="Een zone: gemeenten, organisaties, praktijken en de dekkingsmatrix / One zone with its gap matrix",
            description="De organisaties en praktijken van de zone geteld (per sector en per type), met één "
                        "pagina van elk (limit, offset); de volledige lijsten, met filters, zijn "
                        "/api/organisations?zone=ID en /api/practices?zone=ID. / The zone's organisations and "
                        "practices counted, with one page of each; the whole lists are /api/organisations?zone=ID "
                        "and /api/practices?zone=ID.")
def zone(request: Request, zone_id: ZoneId, limit: Limit = 50, offset: Offset = 0,
         store: Store = Depends(get_store)) -> Response:
    def detail() -> dict:
        found = answer(lookup.zone_detail, store, zone_id, limit, offset)
        found["coverage"] = coverage_matrix(store, found["iri"])
        return found

    return kept_json(request, ZoneDetail, detail, about=answer(lookup.zone_iri, zone_id))


@router.get("/zones/{zone_id}/coverage", response_model=Coverage,
            summary="De dekkingsmatrix doelgroep x bouwsteen van een zone / A zone's gap matrix")
def coverage(request: Request, zone_id: ZoneId, store: Store = Depends(get_store)) -> Response:
    return kept_json(request, Coverage, lambda: answer(coverage_matrix, store, zone_id),
                     about=answer(lookup.zone_iri, zone_id))


@router.get("/municipalities/{nis}", response_model=MunicipalityZones,
            summary="De zone(s) van een gemeente, ook met een NIS-code van voor de fusies van 2025")
def municipality(nis: Annotated[str, Path(pattern=r"^[0-9]{5}$", examples=["11007"],
                                          description="NIS-code (vijf cijfers) / NIS code.")],
                 store: Store = Depends(get_store)) -> dict:
    return answer(lookup.municipality_zones, store, nis)
