"""``/api/partners``: the partner finder, ranked suggestions with reasons in Dutch and English."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.deps import get_store
from api.errors import PROBLEMS, answer
from api.kept import kept_json
from api.models import Partners
from api.routes_catalogue import ID_PATTERN
from graph.partners import find_partners, partner_parts
from graph.store import Store

router = APIRouter(prefix="/api", tags=["partners"], responses=PROBLEMS)


@router.get("/partners", response_model=Partners,
            summary="Wie kan jouw organisatie versterken? / Who could strengthen your organisation?",
            description="Geef je organisatie (org), of als ze nog niet in de graaf staat je gemeente en type. "
                        "Elke suggestie heeft een score en redenen. / Give your organisation, or your "
                        "municipality and type if it is not in the graph yet.")
def partners(
    request: Request,
    org: Annotated[str | None, Query(pattern=ID_PATTERN, description="Jouw organisatie (id).",
                                     examples=["huis-van-het-kind-gent"])] = None,
    gemeente: Annotated[str | None, Query(min_length=2, max_length=100, description="Jouw gemeente (NIS-code, "
                                          "postcode of naam), als je organisatie niet in de graaf staat of de graaf "
                                          "nog geen plaats voor haar heeft.", examples=["Gent"])] = None,
    type: Annotated[str | None, Query(pattern=ID_PATTERN, description="Jouw organisatietype (id).",
                                      examples=["huis-van-het-kind"])] = None,
    sector: Annotated[str | None, Query(pattern=ID_PATTERN, description="Jouw sector (id).")] = None,
    doelgroep: Annotated[list[str] | None, Query(description="Doelgroep(en) die je beter wil bereiken (id).",
                                                 examples=[["prenataal"]])] = None,
    leeftijd: Annotated[str | None, Query(max_length=40, description="Leeftijd die je beter wil bereiken: "
                                          "0-3 (jaar) of -9m-24m (maanden).")] = None,
    zone: Annotated[str | None, Query(pattern=ID_PATTERN, description="Zoek in deze zone i.p.v. de jouwe.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Hoeveel suggesties van elke soort.")] = 20,
    store: Store = Depends(get_store),
) -> Response:
    return kept_json(request, Partners, lambda: answer(
        find_partners, store, org=org, municipality=gemeente, organisation_type=type, sector=sector,
        doelgroepen=doelgroep, age=leeftijd, zone=zone, limit=limit),
        about=partner_parts(store, org, gemeente, type, sector, zone))

