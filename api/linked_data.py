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
from api.negotiation import negotiate
from graph.namespaces import ID
from graph.queries import prepared
from graph.store import GRAPH_FORMATS, Store

router = APIRouter(tags=["linked data"])
OFFERS = [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
          ("application/rdf+xml", "rdfxml"), ("text/html", "html"), ("application/xhtml+xml", "html")]
FORMATS = {"ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "nt": "nt", "rdfxml": "rdfxml",
           "xml": "rdfxml", "html": "html"}


@router.get("/id/{path:path}", summary="Een ding van de graaf als Linked Data (Turtle, JSON-LD) of webpagina",
            responses={200: {"content": {media: {} for media, _ in OFFERS}},
                       404: {"description": "Niet in de graaf / Not in the graph"},
                       406: {"description": "Geen van de gevraagde formaten / None of the formats asked for"}})
def thing(request: Request, path: str,
          format: str | None = Query(None, pattern="^(ttl|turtle|jsonld|json-ld|nt|rdfxml|xml|html)$",
                                     description="Formaat, in plaats van de Accept-header: ttl, jsonld, nt, rdfxml, html."),
          store: Store = Depends(get_store)) -> Response:
    iri = f"{ID}{path}"
    choice = FORMATS[format] if format else negotiate(request.headers.get("accept"), OFFERS)
    if choice is None:
        raise HTTPException(status_code=406, detail="Dit ding bestaat als Turtle, JSON-LD, N-Triples, RDF/XML of "
                                                    "HTML. / Available as Turtle, JSON-LD, N-Triples, RDF/XML or HTML.")
    renderer = getattr(request.app.state, "html_renderer", None)
    if choice == "html" and renderer is not None:
        page = renderer(request, iri)
        # The same address also answers Turtle or JSON-LD, and pages may come gzip-compressed.
        page.headers["Vary"] = "Accept, Accept-Encoding"
        return page
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
