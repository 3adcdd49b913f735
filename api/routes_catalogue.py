"""``/api/organisations``, ``/api/practices`` and the code lists (``/api/doelgroepen``, ...)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api.deps import get_store
from api.errors import PROBLEMS, answer
from api.kept import kept_json
from api.models import OrganisationDetail, OrganisationPage, PracticeDetail, PracticePage, Scheme
from graph import lookup
from graph.namespaces import concept_scheme
from graph.store import Store

router = APIRouter(prefix="/api", tags=["catalogus"], responses=PROBLEMS)
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,119}$"


def _id(description: str, example: str):
    return Query(pattern=ID_PATTERN, description=description, examples=[example])


async def filters(
    zone: Annotated[str | None, _id("Eerstelijnszone (id, zie /api/zones).", "amalo")] = None,
    gemeente: Annotated[str | None, Query(max_length=80, description="De gemeente: NIS-code, postcode of naam.",
                                          examples=["44021", "9000", "Gent"])] = None,
    doelgroep: Annotated[str | None, _id("Doelgroep (id, zie /api/doelgroepen); ook de smallere.", "ouders")] = None,
    leeftijd: Annotated[str | None, Query(max_length=40, description="Leeftijdsbereik dat overlapt: 0-3 (jaar) of "
                                          "-9m-24m (maanden).", examples=["0-3"])] = None,
    bouwsteen: Annotated[str | None, _id("Bouwsteen (b1..b8) of subthema (id, zie /api/bouwstenen).", "b2")] = None,
    sector: Annotated[str | None, _id("Sector (id, zie /api/sectoren).", "welzijn")] = None,
    type: Annotated[str | None, _id("Organisatietype (id); ook de smallere types.", "huis-van-het-kind")] = None,
    land: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="Land (ISO 3166 alpha-3).",
                                      examples=["BEL"])] = None,
    q: Annotated[str | None, Query(max_length=200, description="Tekst in naam of beschrijving; accenten en "
                                   "hoofdletters maken niet uit.", examples=["creche"])] = None,
) -> lookup.Filters:
    """The filters shared by the organisation and practice lists."""
    return lookup.Filters(zone=zone, municipality=gemeente, doelgroep=doelgroep, age=leeftijd, bouwsteen=bouwsteen,
                          sector=sector, organisation_type=type, country=land, text=q)


Limit = Annotated[int, Query(ge=1, le=500, description="Hoeveel per pagina / Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Vanaf het hoeveelste / Offset.")]


@router.get("/organisations", response_model=OrganisationPage,
            summary="Organisaties, gefilterd en per pagina / Organisations, filtered and paginated")
def organisations(request: Request, chosen: lookup.Filters = Depends(filters), limit: Limit = 50,
                  offset: Offset = 0, store: Store = Depends(get_store)) -> Response:
    return kept_json(request, OrganisationPage, lambda: answer(lookup.search_organisations, store, chosen, limit, offset),
                     about=answer(lookup.filtered_zone, chosen))


@router.get("/organisations/{org_id}", response_model=OrganisationDetail,
            summary="Alles over een organisatie, met de bronpassage uit de nota / One organisation")
def organisation(org_id: Annotated[str, Path(pattern=ID_PATTERN, examples=["similes"])],
                 store: Store = Depends(get_store)) -> dict:
    return answer(lookup.organisation_detail, store, org_id)


@router.get("/practices", response_model=PracticePage,
            summary="Praktijken, gefilterd en per pagina / Practices, filtered and paginated")
def practices(request: Request, chosen: lookup.Filters = Depends(filters), limit: Limit = 50, offset: Offset = 0,
              store: Store = Depends(get_store)) -> Response:
    return kept_json(request, PracticePage, lambda: answer(lookup.search_practices, store, chosen, limit, offset),
                     about=answer(lookup.filtered_zone, chosen))


@router.get("/practices/{practice_id}", response_model=PracticeDetail,
            summary="Alles over een praktijk, met de bronpassage uit de nota / One practice")
def practice(practice_id: Annotated[str, Path(pattern=ID_PATTERN, examples=["forumtheater"])],
             store: Store = Depends(get_store)) -> dict:
    return answer(lookup.practice_detail, store, practice_id)


def _code_list(request: Request, store: Store, scheme: str) -> Response:
    # Kept until an import changes the counts of this code list (graph/imports/reach.py).
    return kept_json(request, Scheme, lambda: answer(lookup.scheme_with_counts, store, scheme),
                     about=str(concept_scheme(scheme)))


@router.get("/doelgroepen", response_model=Scheme, summary="De doelgroepen, met aantallen / Target groups")
def doelgroepen(request: Request, store: Store = Depends(get_store)) -> Response:
    return _code_list(request, store, "doelgroep")


@router.get("/bouwstenen", response_model=Scheme, summary="De bouwstenen en subthema's, met aantallen")
def bouwstenen(request: Request, store: Store = Depends(get_store)) -> Response:
    return _code_list(request, store, "bouwsteen")


@router.get("/sectoren", response_model=Scheme, summary="De sectoren, met aantallen / Sectors")
def sectoren(request: Request, store: Store = Depends(get_store)) -> Response:
    return _code_list(request, store, "sector")


@router.get("/organisatietypes", response_model=Scheme, summary="De organisatietypes, met aantallen")
def organisatietypes(request: Request, store: Store = Depends(get_store)) -> Response:
    return _code_list(request, store, "organisatietype")
