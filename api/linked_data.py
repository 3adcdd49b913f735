"""Linked Data: every IRI ``https://w3id.org/overhoop/id/X`` is served at ``/id/X``.

Content negotiation (``Accept``, or ``?format=`` for links): Turtle (the default), JSON-LD,
N-Triples or RDF/XML with the resource's description; a browser (``text/html``) gets the page
that the pages module registers as ``app.state.html_renderer``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from rdflib import URIRef

from api.deps import get_store
from api.negotiation import negotiate, vary_with_accept
from api.sparql import FORMAT_NAMES, GRAPH_OFFERS
from graph.namespaces import ID
from graph.queries import prepared
from graph.store import GRAPH_FORMATS, Store

router = APIRouter(tags=["linked data"])
# The RDF formats as /sparql offers them (application/json is JSON-LD there too), the page last
# among equals: "*/*" keeps Turtle.
OFFERS = GRAPH_OFFERS + [("text/html", "html"), ("application/xhtml+xml", "html")]
FORMAT_HELP = "ttl, nt, jsonld (= json), rdfxml (= xml), html"


@router.get("/id/{path:path}", summary="Een ding van de graaf als Linked Data (Turtle, JSON-LD) of webpagina",
            responses={200: {"content": {media: {} for media, _ in OFFERS}},
                       400: {"description": "Onbekend formaat / Unknown format"},
                       404: {"description": "Niet in de graaf / Not in the graph"},
                       406: {"description": "Geen van de gevraagde formaten / None of the formats asked for"}})
def thing(request: Request, path: str,
          format: str | None = Query(None, description=f"Formaat, in plaats van de Accept-header: {FORMAT_HELP}."),
          store: Store = Depends(get_store)) -> Response:
    """Describe one thing of the graph in the format the client asks for, or show its page.

    Nederlands: de beschrijving van één ding (Turtle, JSON-LD, N-Triples, RDF/XML) of zijn webpagina.
    """
    iri = f"{ID}{path}"
    choice = _format_named(format) if format else negotiate(request.headers.get("accept"), OFFERS)
    if choice is None:
        raise HTTPException(status_code=406, detail="Dit ding bestaat als Turtle, JSON-LD, N-Triples, RDF/XML of "
                                                    "HTML. / Available as Turtle, JSON-LD, N-Triples, RDF/XML or HTML.")
    renderer = getattr(request.app.state, "html_renderer", None)
    if choice == "html" and renderer is not None:
        return vary_with_accept(renderer(request, iri))
    if choice == "html":
        choice = "ttl"
    try:
        known = store.ask(prepared("resource_exists", resource=URIRef(iri)))
    except ValueError as error:
        raise HTTPException(status_code=404, detail=f"{iri!r} is geen geldige IRI. / Not a valid IRI.") from error
    if not known:
        raise HTTPException(status_code=404, detail=f"De graaf zegt niets over {iri}. Zoek via /api/organisations, "
                                                    "/api/practices of /api/zones. / The graph has nothing on it.")
    body = store.query(prepared("resource_description", resource=URIRef(iri)), choice)
    return Response(body, media_type=GRAPH_FORMATS[choice][0], headers={"Vary": "Accept"})


def _format_named(name: str) -> str:
    """The format of ``?format=``, by the short names /sparql knows (``json`` is JSON-LD), or ``html``."""
    name = name.strip().lower()
    choice = "html" if name == "html" else FORMAT_NAMES.get(name, (None, None))[1]
    if choice is None:
        raise HTTPException(status_code=400, detail=f"Onbekend formaat {name!r}; kies uit {FORMAT_HELP}. "
                                                    f"/ Unknown format {name!r}; choose from {FORMAT_HELP}.")
    return choice
