"""``/sparql``: the public SPARQL 1.1 endpoint (Protocol: query operation), read-only and limited.

Queries arrive by GET ``?query=``, by POST form-encoded, or by POST ``application/sparql-query``.
The default graph is the union of all named graphs, unless the query has its own ``FROM`` or
``FROM NAMED``; ``default-graph-uri`` and ``named-graph-uri`` replace either. The answer format
follows ``Accept``, or ``?format=`` for links. Every query runs in the sandbox
(``graph/sandbox.py``): time limit, row cap, no SERVICE, no updates. Without a query the
endpoint describes itself (SPARQL Service Description), or shows the query page to a browser once
the pages register ``app.state.sparql_page_renderer`` (a callable ``renderer(request) -> Response``).
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from api.negotiation import negotiate, vary_with_accept
from graph.cache import cached
from graph.sandbox import (
    NotAcceptable,
    QuerySandbox,
    QueryTimeout,
    SandboxBusy,
    ServiceRefused,
)
from graph.service_description import service_description
from graph.store import GRAPH_FORMATS, QueryError, StoreError

router = APIRouter(tags=["SPARQL"])

SOLUTION_OFFERS = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
GRAPH_OFFERS = [
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/x-turtle", "ttl"),
    ("text/plain", "nt"),
    ("application/json", "jsonld"),
    ("application/xml", "rdfxml"),
    ("text/xml", "rdfxml"),
]
# ?format= short names: (format for SELECT/ASK, format for CONSTRUCT/DESCRIBE).
FORMAT_NAMES = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "ttl": (None, "ttl"), "turtle": (None, "ttl"), "nt": (None, "nt"), "ntriples": (None, "nt"),
    "n-triples": (None, "nt"), "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers":
        "OverHoop-Truncated, OverHoop-Row-Limit"}

_TEXT = {"text/plain": {"schema": {"type": "string"}}}
RESPONSES = {
    200: {"description": "Het resultaat, in het gevraagde formaat. / The result.",
          "content": {media: {} for media, _ in SOLUTION_OFFERS + GRAPH_OFFERS}},
    400: {"description": "Ongeldige query, of een update. / Malformed query, or an update.",
          "content": _TEXT},
    403: {"description": "SERVICE is niet toegestaan. / SERVICE is refused.", "content": _TEXT},
    406: {"description": "Geen aanvaardbaar formaat. / No acceptable format.", "content": _TEXT},
    415: {"description": "Onbekend type van de body. / Unsupported body type.", "content": _TEXT},
    503: {"description": "Tijdslimiet overschreden, of alle plaatsen bezet. / Time limit reached, "
          "or all slots busy.", "content": _TEXT},
}
_sandbox_lock = threading.Lock()


def get_sandbox(app) -> QuerySandbox:
    """Return the app's query sandbox, starting it (and its workers) on first use."""
    with _sandbox_lock:
        sandbox = getattr(app.state, "sparql_sandbox", None)
        if sandbox is None:
            settings = app.state.settings
            sandbox = QuerySandbox(app.state.store, timeout_s=settings.query_timeout_s,
                                   max_rows=settings.max_rows,
                                   workers=getattr(settings, "sparql_workers", 2))
            app.state.sparql_sandbox = sandbox
        return sandbox


def _error(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers={**CORS, **(headers or {})})


def _formats(request: Request, format_name: str | None) -> tuple[str | None, str | None]:
    """Return the formats (SELECT/ASK, CONSTRUCT/DESCRIBE) asked by ?format= or by Accept."""
    if format_name:
        name = format_name.strip().lower()
        if name in FORMAT_NAMES:
            return FORMAT_NAMES[name]
        if "/" in name:
            return negotiate(name, SOLUTION_OFFERS), negotiate(name, GRAPH_OFFERS)
        raise ValueError(
            f"Onbekend formaat {format_name!r}; kies uit {', '.join(FORMAT_NAMES)} of een "
            "mediatype. / Unknown format."
        )
    accept = request.headers.get("accept")
    return negotiate(accept, SOLUTION_OFFERS), negotiate(accept, GRAPH_OFFERS)


def answer(request: Request, queries: list[str], default_graphs: list[str], named_graphs: list[str],
           format_name: str | None) -> Response:
    """Answer one protocol request: run the query, or describe the service when there is none."""
    if len(queries) > 1:
        return _error(400, "Geef precies één query (de parameter 'query' kwam meer dan eens voor). "
                      "/ Give exactly one query.")
    if not queries:
        return describe(request, format_name)
    renderer = getattr(request.app.state, "sparql_page_renderer", None)
    # A link to a query opened in a browser shows the query page with its answer as a table; the
    # page is offered last, so that "*/*" and every data format keep the data.
    if renderer and not format_name and negotiate(request.headers.get("accept"),
                                                  SOLUTION_OFFERS + [("text/html", "html")]) == "html":
        return vary_with_accept(renderer(request, queries[0]))
    try:
        solution_format, graph_format = _formats(request, format_name)
    except ValueError as error:
        return _error(400, str(error))
    if solution_format is None and graph_format is None:
        offered = ", ".join(sorted({media for media, _ in SOLUTION_OFFERS + GRAPH_OFFERS}))
        return _error(406, f"Geen van de gevraagde formaten is beschikbaar; wel: {offered}. / None "
                      "of the requested formats is available.")
    sandbox = get_sandbox(request.app)
    try:
        result = sandbox.run(queries[0], solution_format, graph_format, default_graphs, named_graphs)
    except ServiceRefused as error:
        return _error(403, str(error))
    except QueryError as error:  # an update too; the sandbox words each as a sentence in Dutch and English
        return _error(400, str(error))
    except NotAcceptable as error:
        return _error(406, str(error))
    except QueryTimeout as error:
        return _error(503, str(error))
    except SandboxBusy as error:
        return _error(503, str(error), {"Retry-After": "2"})
    except StoreError as error:
        return _error(503, str(error))
    headers = {**CORS, "Vary": "Accept"}
    if result.truncated:
        headers["OverHoop-Truncated"] = "true"
        headers["OverHoop-Row-Limit"] = str(sandbox.max_rows)
    return Response(result.body, media_type=result.media_type, headers=headers)


def describe(request: Request, format_name: str | None) -> Response:
    """The service description in the negotiated RDF format, or the query page for a browser."""
    renderer = getattr(request.app.state, "sparql_page_renderer", None)
    offers = GRAPH_OFFERS + ([("text/html", "html")] if renderer else [])
    if format_name:
        choice = FORMAT_NAMES.get(format_name.strip().lower(), (None, None))[1]
    else:
        choice = negotiate(request.headers.get("accept"), offers)
    if choice == "html":
        return vary_with_accept(renderer(request))
    if choice is None:
        return _error(406, "De beschrijving van het endpoint bestaat als Turtle, N-Triples, JSON-LD "
                      "of RDF/XML. / The service description is available as RDF only.")
    settings, store = request.app.state.settings, request.app.state.store
    # Counting every graph takes a quarter of a second at 10,000 organisations: once per state
    # of the store, not once per client that reads the description.
    sizes = cached(store, "service_description_graph_sizes", store.graph_sizes)
    graph = service_description(str(request.url_for("sparql_get")), sizes,
                                settings.query_timeout_s, settings.max_rows)
    body = graph.serialize(format=RDFLIB_FORMATS[choice], encoding="utf-8")
    return Response(body, media_type=GRAPH_FORMATS[choice][0], headers={**CORS, "Vary": "Accept"})


@router.get("/sparql", name="sparql_get", responses=RESPONSES, response_class=Response,
            summary="SPARQL-query (GET) of de beschrijving van het endpoint")
def sparql_get(
    request: Request,
    query: str | None = Query(None, description="De SPARQL-query. Zonder: de beschrijving van het "
                              "endpoint (SPARQL Service Description)."),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri",
                                         description="Graaf of grafen die samen de standaardgraaf vormen."),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri",
                                       description="Benoemde grafen die de query met GRAPH mag zien."),
    format: str | None = Query(None, description="Formaat zonder Accept-header: json, xml, csv, tsv, "
                               "ttl, nt, jsonld, rdfxml."),
) -> Response:
    """Run a read-only SPARQL query (SPARQL 1.1 Protocol) within the time limit and row cap.

    Nederlands: voer een SPARQL-query uit; SERVICE, LOAD en updates worden geweigerd.
    """
    return answer(request, request.query_params.getlist("query"), default_graph_uri, named_graph_uri,
                  format)


@router.post(
    "/sparql", responses=RESPONSES, response_class=Response,
    summary="SPARQL-query (POST: formulier of application/sparql-query)",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["query"], "properties": {
                "query": {"type": "string"},
                "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                "named-graph-uri": {"type": "array", "items": {"type": "string"}},
            }}},
        "application/sparql-query": {"schema": {"type": "string"}},
    }}},
)
async def sparql_post(request: Request) -> Response:
    """Run a read-only SPARQL query sent in the body (SPARQL 1.1 Protocol).

    Nederlands: dezelfde query als met GET, maar in de body (voor lange query's).
    """
    params = request.query_params
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            return _error(400, "Dit endpoint voert geen updates uit (parameter 'update'); het is "
                          "alleen-lezen. / This endpoint is read-only.")
        queries = [str(value) for value in form.getlist("query")]
        if not queries:
            return _error(400, "Het formulier bevat geen parameter 'query'. / The form has no 'query'.")
        default_graphs = [str(value) for value in form.getlist("default-graph-uri")]
        named_graphs = [str(value) for value in form.getlist("named-graph-uri")]
    elif media_type == "application/sparql-query":
        try:
            queries = [(await request.body()).decode("utf-8")]
        except UnicodeDecodeError:
            return _error(400, "De query is geen geldige UTF-8-tekst. / The query is not valid UTF-8.")
        default_graphs = params.getlist("default-graph-uri")
        named_graphs = params.getlist("named-graph-uri")
    elif media_type == "application/sparql-update":
        return _error(400, "Dit endpoint voert geen updates uit; het is alleen-lezen. / This endpoint "
                      "is read-only.")
    else:
        return _error(415, "Stuur de query als application/x-www-form-urlencoded (query=...) of als "
                      "application/sparql-query. / Unsupported content type.")
    return await run_in_threadpool(answer, request, queries, default_graphs, named_graphs,
                                   params.get("format"))


@router.options("/sparql", include_in_schema=False)
def sparql_preflight() -> Response:
    """Let browser-based SPARQL clients on other sites POST queries (CORS preflight)."""
    return Response(status_code=204, headers={
        **CORS, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"})
