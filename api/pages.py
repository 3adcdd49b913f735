"""The web pages: home, zone (coordinator's dashboard), organisation, practice, search, partner
finder, SPARQL page and network maps, server-rendered in Dutch (English with ``?lang=en``).

Every page calls the graph functions directly (``graph.lookup``, ``graph.coverage``,
``graph.partners``, ``graph.map_data``) and draws maps with ``viz.maps``; no business logic
lives here. A thing's page is also what a browser gets for its IRI under ``/id/...``: the
Linked Data routes call ``app.state.html_renderer(request, iri)``, registered by :func:`setup`.
Pages hold no inline script or style (Content-Security-Policy ``'self'``); map data travels as
a JSON data island read by ``/static/viz/map.js``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from rdflib import Graph

from api.i18n import STRINGS, label, language, link, said
from api.kept import kept_page
from api.models import page_path as page_url
from graph import lookup, map_data
from graph.cache import cached
from graph.coverage import coverage_matrix
from graph.dates import date_text, local_time, local_today
from graph.imports import list_contributions
from graph.namespaces import ID
from graph.partners import find_askers, find_partners
from graph.queries import list_queries, load_query, query_description, query_slots
from graph.sandbox import QueryTimeout, SandboxBusy
from graph.side_by_side import side_by_side
from graph.textnorm import search_key
from graph.store import QueryError
from viz import maps

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
# Templates ship with the code: no need to look at their modification time on every page.
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def age_text(low: int | None, high: int | None, lang: str) -> str:
    """An age range in months as people say it: "zwangerschap", "0 tot 3 jaar", "6 tot 18 maanden".

    Examples
    --------
    >>> age_text(0, 36, "nl"), age_text(-9, 0, "nl"), age_text(6, 18, "en")
    ('0 tot 3 jaar', 'zwangerschap', '6 to 18 months')
    """
    t = STRINGS[lang]
    if low is None or high is None:
        return ""
    if high <= 0:
        return t["prenatal"]
    prefix = t["prenatal"] + " – " if low < 0 else ""
    low = max(low, 0)
    if low % 12 == 0 and high % 12 == 0:
        return prefix + t["years"].format(a=low // 12, b=high // 12)
    return prefix + t["months"].format(a=low, b=high)


_env.globals.update(label=label, link=link, age=age_text, date_text=date_text)
_env.filters["local_time"] = local_time
SHORT_PATHS = {"eerstelijnszone": "/zone/", "organisatie": "/organisatie/", "praktijk": "/praktijk/"}
# The zone page lists this many organisations and practices, then links to the search page for
# the rest: a big zone's thousand organisations made a page of megabytes.
ZONE_PAGE_ITEMS = 40
# The search page shows its results this many at a time, with links to the previous and next
# page: describing 200 organisations took most of the page's time, and nobody reads 200 at once.
SEARCH_PAGE_ITEMS = 50


def render_page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """Render template ``name`` in the request's language (``?lang=en``, Dutch by default).

    Every page gets the UI strings ``t``, ``lang``, ``page_url`` and the link to the page in
    the other language; ``context`` adds the page's own data.
    """
    lang = language(request.query_params)
    html = _env.get_template(name).render(
        t=STRINGS[lang], lang=lang, path=request.url.path, page_url=page_url,
        other_lang_url=_other_language(request, lang), **context)
    return HTMLResponse(html, status_code=status)


def _other_language(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang == "nl":
        params.append(("lang", "en"))
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in params)
    return request.url.path + ("?" + query if query else "")


def _not_found(request: Request, message: str) -> HTMLResponse:
    lang = language(request.query_params)
    return render_page(request, "error.html", status=404, title=STRINGS[lang]["not_found"],
                       message=said(message, lang))


def _wants_page(request: Request) -> bool:
    """A browser asking for a page, not an API client: errors then come as a page, in Dutch."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


async def _no_such_page(request: Request, error: StarletteHTTPException) -> Response:
    """A browser that follows a wrong address (``/partner``) gets a page with a way back, not
    ``{"detail": "Not Found"}``; every other refusal stays as its route made it."""
    if error.status_code != 404 or not _wants_page(request):
        return await http_exception_handler(request, error)
    t = STRINGS[language(request.query_params)]
    return render_page(request, "error.html", status=404, title=t["not_found"], message=t["no_such_page"])


async def _invalid_input(request: Request, error: RequestValidationError) -> Response:
    """A browser that sends a value a page cannot read (``?pagina=abc``) gets a page saying which
    value and what it should be; API clients keep FastAPI's JSON list of errors."""
    if not _wants_page(request):
        return await request_validation_exception_handler(request, error)
    t = STRINGS[language(request.query_params)]
    sentences = [t["bad_value"].format(name=problem["loc"][-1], value=problem.get("input", ""),
                                       expected=t["expected"].get(problem["type"], t["expected"]["other"]))
                 for problem in error.errors()]
    return render_page(request, "error.html", status=400, title=t["bad_input"], message=" ".join(sentences))


def page_link(iri: str, lang: str) -> str | None:
    """The page of one of our IRIs in ``lang`` (an English page's links stay English); ``None``
    for an IRI that is not ours.

    Examples
    --------
    >>> page_link("https://w3id.org/overhoop/id/organisatie/similes", "en")
    '/id/organisatie/similes?lang=en'
    """
    path = page_url(iri)
    return link(path, lang) if path else None


@pass_context
def _page_link_in_template(context, iri: str) -> str:
    return page_link(iri, context["lang"]) or ""


_env.globals["page_link"] = _page_link_in_template


def map_section(request: Request, data: dict, title: str, embed_path: str | None, colour_by: str = "sector"):
    """Return the HTML of a map widget (map, legend, controls, table) for a page's map data."""
    lang = language(request.query_params)
    return maps.map_fragment(data, title=title, lang=lang, heading_level=3,
                             page_url=lambda iri: page_link(iri, lang) or iri,
                             embed_url=link(embed_path, lang) if embed_path else None, colour_by=colour_by)


# --- home, search ------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    store = request.app.state.store
    numbers = cached(store, "key_numbers", lambda: (store.select(load_query("key_numbers")) or [{}])[0])
    building_blocks = sorted((c for c in lookup.concepts(store, "bouwsteen").values() if c["notation"]),
                             key=lambda c: int(c["notation"]))
    return render_page(request, "home.html", title=None, zones=lookup.list_zones(store), numbers=numbers,
                       building_blocks=building_blocks)


@router.get("/zone", response_class=HTMLResponse)
def pick_zone(request: Request, id: str = "", gemeente: str = ""):
    """Go from the home page's pickers (zone id, or a municipality's name or NIS code) to a zone page."""
    lang = language(request.query_params)
    store = request.app.state.store
    if gemeente.strip():
        try:
            nis = lookup.find_municipality(store, gemeente.strip()).rsplit("/", 1)[-1]
            zones = lookup.municipality_zones(store, nis)["zones"]
        except (lookup.NotFound, ValueError) as error:
            return _not_found(request, str(error))
        if len(zones) == 1:
            return RedirectResponse(link("/zone/" + zones[0]["id"], lang), status_code=303)
        return RedirectResponse(link("/zoeken", lang, q=gemeente.strip()), status_code=303)
    if id.strip():
        return RedirectResponse(link("/zone/" + quote(id.strip()), lang), status_code=303)
    return RedirectResponse(link("/", lang), status_code=303)


@router.get("/zoeken", response_class=HTMLResponse)
def search(request: Request, q: str = "", soort: str = "organisaties", zone: str = "", doelgroep: str = "",
           leeftijd: str = "", bouwsteen: str = "", sector: str = "", type: str = "", pagina: int = 1):
    store = request.app.state.store
    filters = lookup.Filters(zone=zone or None, doelgroep=doelgroep or None, age=leeftijd or None,
                             bouwsteen=bouwsteen or None, sector=sector or None, text=q or None)

    def find(kind: str, limit: int, offset: int = 0) -> dict:
        if kind == "praktijken":
            return lookup.search_practices(store, filters, limit=limit, offset=offset)
        return lookup.search_organisations(store, replace(filters, organisation_type=type or None), limit=limit,
                                           offset=offset)

    error, results, other = None, {"total": 0, "items": [], "offset": 0}, None
    soort = "praktijken" if soort == "praktijken" else "organisaties"
    other_kind = "organisaties" if soort == "praktijken" else "praktijken"
    pagina = max(1, pagina)
    try:
        if q.strip() and not search_key(q):
            # "-" or "&" alone: searching for no word at all would list everything.
            raise ValueError(STRINGS[language(request.query_params)]["no_words"])
        results = find(soort, SEARCH_PAGE_ITEMS, (pagina - 1) * SEARCH_PAGE_ITEMS)
        if results["total"] and not results["items"]:
            # A page past the end (an old link, the list shrank after an import): show the last.
            pagina = -(-results["total"] // SEARCH_PAGE_ITEMS)
            results = find(soort, SEARCH_PAGE_ITEMS, (pagina - 1) * SEARCH_PAGE_ITEMS)
        # The home page's box searches organisations and practices alike: say what the other
        # kind has, and show it at once when the asked-for kind has nothing.
        other_total = find(other_kind, 1)["total"] if q.strip() else 0
        if not results["total"] and other_total and "soort" not in request.query_params:
            soort, other_kind = other_kind, soort
            results, other_total = find(soort, SEARCH_PAGE_ITEMS), 0
        other = {"kind": other_kind, "total": other_total} if other_total else None
    except (lookup.NotFound, ValueError) as problem:
        error = said(problem, language(request.query_params))
    all_zones = lookup.list_zones(store)
    zones = lookup.find_zones(store, q)
    municipalities = []
    if q.strip():
        try:
            nis = lookup.find_municipality(store, q.strip()).rsplit("/", 1)[-1]
            municipalities = [lookup.municipality_zones(store, nis)]
        except (lookup.NotFound, ValueError):
            municipalities = []
    options = {scheme: lookup.scheme_order(list(lookup.concepts(store, scheme).values()))
               for scheme in ("doelgroep", "bouwsteen", "sector", "organisatietype")}
    chosen = {"zone": zone, "doelgroep": doelgroep, "leeftijd": leeftijd, "bouwsteen": bouwsteen, "sector": sector,
              "type": type}
    lang = language(request.query_params)
    pages = {number: link("/zoeken", lang, q=q, soort=soort, **chosen, pagina=number if number > 1 else None)
             for number in (pagina - 1, pagina + 1)
             if number >= 1 and (number - 1) * SEARCH_PAGE_ITEMS < results["total"]}
    if other:
        other["url"] = link("/zoeken", lang, q=q, soort=other["kind"], **chosen)
    return render_page(request, "search.html", title=STRINGS[lang]["search"],
                   q=q, soort=soort, chosen=chosen, results=results, error=error, zones=zones,
                   municipalities=municipalities, all_zones=all_zones, options=options, other=other,
                   previous_page=pages.get(pagina - 1), next_page=pages.get(pagina + 1))


# --- zone, organisation, practice ---------------------------------------------------------------

def zone_page(request: Request, zone_id: str) -> Response:
    """The coordinator's dashboard of one first-line zone (kept rendered until a write changes it).

    With ``?volledig=1``, the full dossier: every organisation and practice of the zone, to print.
    """
    try:
        zone = lookup.zone_iri(zone_id)
    except lookup.NotFound:
        zone = None
    today = local_today()
    # Per day (in Brussels) too: a link whose end date has passed leaves its map, and the printed
    # dossier says the day it was printed.
    return kept_page(request, lambda: _zone_page(request, zone_id, today), today, about=zone)


def _zone_page(request: Request, zone_id: str, today: date) -> HTMLResponse:
    store = request.app.state.store
    lang = language(request.query_params)
    full = request.query_params.get("volledig", "").strip() == "1"
    try:
        zone = lookup.zone_info(store, zone_id)
    except lookup.NotFound:
        return unknown_zone_page(request, zone_id, "/zone/")
    # The three parts read the store side by side: a zone seen for the first time (after a start
    # or an import there) in about two thirds of the time (10,000 organisations, medians of 30
    # zones: 51-58 -> 36-37 ms). The full dossier only on request: the largest zone has thousands
    # of organisations.
    detail, matrix, data = side_by_side(lambda read: read(), (
        lambda: lookup.zone_detail(store, zone_id, limit=sys.maxsize if full else ZONE_PAGE_ITEMS),
        lambda: coverage_matrix(store, zone["iri"]), lambda: map_data.zone_map(store, zone["iri"], lang)))
    cells = {(c["doelgroep"], c["bouwsteen"]): c for c in matrix["cells"]}
    title = f"{STRINGS[lang]['alliance_map']}: {detail['label']}"
    map_html = map_section(request, data, title, f"/embed/kaart/zone/{detail['id']}")
    # The state of the data the dossier shows: the latest contribution when the page was made.
    # The page is kept across writes that leave its zone alone, so it is still the zone as it
    # was after that contribution.
    contributions = list_contributions(store)
    return render_page(request, "zone.html", title=detail["label"], zone=detail, matrix=matrix, cells=cells,
                       map_html=map_html, full=full, today=today,
                       data_time=contributions[-1].time if contributions else "")


def unknown_zone_page(request: Request, zone_id: str, zone_path: str) -> HTMLResponse:
    """The answer to a zone id that does not exist: every zone, each linked to ``zone_path`` + id
    (its page, or its analysis)."""
    lang = language(request.query_params)
    t = STRINGS[lang]
    return render_page(request, "unknown_zone.html", status=404, title=t["not_found"],
                       message=t["unknown_zone"].format(zone=zone_id), zone_path=zone_path,
                       zones=lookup.list_zones(request.app.state.store))


def _not_found_with_search(request: Request, message_key: str, wanted: str, kind: str) -> HTMLResponse:
    lang = language(request.query_params)
    t = STRINGS[lang]
    return render_page(request, "error.html", status=404, title=t["not_found"],
                       message=t[message_key].format(id=wanted),
                       search_url=link("/zoeken", lang, q=wanted.replace("-", " "), soort=kind))


def _steps(request: Request) -> int:
    """How far an ego map reaches: ``?stappen=2`` is two links, anything else (a typo in a shared
    link too) the one link it shows by default."""
    return 2 if request.query_params.get("stappen", "").strip() == "2" else 1


def organisation_page(request: Request, org_id: str, steps: int = 1) -> Response:
    """An organisation: type, sector, place, practices, partners, ego map and suggestions (kept
    rendered until the next write, and per day: a link ends on its end date)."""
    return kept_page(request, lambda: _organisation_page(request, org_id, steps), local_today())


def _organisation_page(request: Request, org_id: str, steps: int) -> HTMLResponse:
    store = request.app.state.store
    lang = language(request.query_params)
    try:
        detail = lookup.organisation_detail(store, org_id)
    except lookup.NotFound:
        return _not_found_with_search(request, "unknown_organisation", org_id, "organisaties")
    data = map_data.ego_map(store, detail["iri"], steps, lang)
    try:
        suggestions = find_partners(store, org=detail["iri"], limit=8)
    except (lookup.NotFound, ValueError):  # ValueError: a group ("lokale besturen") has no partners of its own
        suggestions = {"organisations": [], "practices": []}
    title = f"{STRINGS[lang]['ego_map']}: {detail['label']}"
    return render_page(request, "organisation.html", title=detail["label"], org=detail, steps=steps,
                   suggestions=suggestions,
                   map_html=map_section(request, data, title, f"/embed/kaart/organisatie/{detail['id']}?stappen={steps}"))


def practice_page(request: Request, practice_id: str) -> HTMLResponse:
    """A practice: every field of the note, initiators, target groups with ages, source passage."""
    store = request.app.state.store
    try:
        detail = lookup.practice_detail(store, practice_id)
    except lookup.NotFound:
        return _not_found_with_search(request, "unknown_practice", practice_id, "praktijken")
    return render_page(request, "practice.html", title=detail["label"], practice=detail)


@router.get("/zone/{zone_id}", response_class=HTMLResponse)
def zone_route(request: Request, zone_id: str):
    return zone_page(request, zone_id)


@router.get("/organisatie/{org_id}", response_class=HTMLResponse)
def organisation_route(request: Request, org_id: str):
    return organisation_page(request, org_id, _steps(request))


@router.get("/praktijk/{practice_id}", response_class=HTMLResponse)
def practice_route(request: Request, practice_id: str):
    return practice_page(request, practice_id)


def render_thing(request: Request, iri: str) -> Response:
    """The HTML page of any IRI of ours (registered as ``app.state.html_renderer``).

    Zones, organisations and practices get their own page; a doelgroep, bouwsteen or sector
    goes to the practices filtered by it; anything else gets a short page with its IRI.
    """
    lang = language(request.query_params)
    rest = iri[len(str(ID)):] if iri.startswith(str(ID)) else ""
    kind, _, slug = rest.partition("/")
    if kind == "eerstelijnszone":
        return zone_page(request, slug)
    if kind == "organisatie":
        return organisation_page(request, slug, _steps(request))
    if kind == "praktijk":
        return practice_page(request, slug)
    if kind == "concept":
        scheme, _, concept_id = slug.partition("/")
        if scheme in ("doelgroep", "bouwsteen", "sector"):
            return RedirectResponse(link("/zoeken", lang, soort="praktijken", **{scheme: concept_id}), status_code=303)
    try:
        thing = lookup.thing_detail(request.app.state.store, iri)
    except (lookup.NotFound, ValueError):
        return _not_found(request, STRINGS[lang]["unknown_iri"].format(iri=iri))
    return render_page(request, "thing.html", title=thing["label"] or iri, thing=thing)


# --- partner finder ----------------------------------------------------------------------------

# How many organisations "Welke organisatie bedoel je?" offers.
ASKERS_SHOWN = 10


@router.get("/partners", response_class=HTMLResponse)
def partner_finder(request: Request, org: str = "", gemeente: str = "", type: str = "", doelgroep: str = "",
                   leeftijd: str = ""):
    store = request.app.state.store
    t = STRINGS[language(request.query_params)]
    org, gemeente = org.strip(), gemeente.strip()
    found, error, askers, more_askers = None, None, [], False
    try:
        if org:
            # The organisation is typed, as its id or (part of) its name; several matches are
            # offered to choose from.
            # One more than shown, to know whether to say there are more.
            askers = find_askers(store, org, limit=ASKERS_SHOWN + 1)
            more_askers = len(askers) > ASKERS_SHOWN
            askers = askers[:ASKERS_SHOWN]
            if len(askers) == 1:
                org, askers = askers[0]["id"], []
            elif not askers:
                error = t["no_org"].format(name=org)
        if (org or gemeente) and error is None and not askers:
            found = find_partners(store, org=org or None, municipality=gemeente or None,
                                  organisation_type=type or None, doelgroepen=[doelgroep] if doelgroep else None,
                                  age=leeftijd or None, limit=15)
        elif not (org or gemeente) and (type or doelgroep or leeftijd):
            error = t["finder_needs_start"]
    except (lookup.NotFound, ValueError) as problem:
        error = said(problem, language(request.query_params))
    options = {scheme: lookup.scheme_order(list(lookup.concepts(store, scheme).values()))
               for scheme in ("doelgroep", "organisatietype")}
    return render_page(request, "partners.html", title=t["finder_title"],
                   chosen={"org": org, "gemeente": gemeente, "type": type, "doelgroep": doelgroep,
                           "leeftijd": leeftijd},
                   found=found, error=error, options=options, askers=askers, more_askers=more_askers,
                   wider=lookup.broader_concept(store, "doelgroep", doelgroep) if found and doelgroep else None)



# --- SPARQL page -------------------------------------------------------------------------------

# Queries for the benchmark, the synthetic data and the import's own bookkeeping: no questions
# a researcher would ask.
INTERNAL_QUERIES = ("bench_", "synth_", "import_", "map_")
# The app's own bookkeeping (dumps for backups, what the caches and the maps read, the withdrawal's
# checks): as examples they answer nothing a researcher asks, and several dump the whole store.
APP_BOOKKEEPING = frozenset({
    "all_quads", "all_triples", "changes_every_zone", "code_lists_counted", "contribution_dependents",
    "derive_link_shortcuts", "describe_resources", "graph_triples", "graphs_stating", "refers_to_support",
    "resource_exists", "resource_facts", "resource_types", "resources_near", "search_texts", "store_holds_data",
    "zone_links_from",
})


def _examples(lang: str) -> list[dict]:
    return [{"name": name, "description": query_description(name, lang), "text": load_query(name),
             "slots": query_slots(name)}
            for name in list_queries() if not name.startswith(INTERNAL_QUERIES) and name not in APP_BOOKKEEPING]


def _result_table(answer) -> dict:
    """The rows of a sandbox answer as a table: a SELECT's variables, ASK's one cell, or a
    CONSTRUCT's and DESCRIBE's triples as subject, predicate, object."""
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        triples = Graph().parse(data=answer.body, format="nt")
        return {"vars": ["subject", "predicate", "object"], "graph": True,
                "rows": [{"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in triples]}
    parsed = json.loads(answer.body)
    if "boolean" in parsed:
        return {"vars": ["ASK"], "rows": [{"ASK": str(parsed["boolean"]).lower()}]}
    variables = parsed["head"]["vars"]
    return {"vars": variables,
            "rows": [{v: b[v]["value"] for v in variables if v in b} for b in parsed["results"]["bindings"]]}


def sparql_page(request: Request, query: str = "", example: str = "") -> HTMLResponse:
    """The SPARQL editor with the project's example questions; the result as a table."""
    from api.sparql import get_sandbox

    lang = language(request.query_params)
    if example and example in list_queries():
        query = load_query(example)
    result, error, truncated = None, None, False
    if query.strip():
        try:
            answer = get_sandbox(request.app).run(query, "json", "nt")
            truncated = answer.truncated
            result = _result_table(answer)
        except QueryError as problem:
            error = said(problem, lang)
        except Exception as problem:  # the sandbox's time-out, busy and refusal errors carry a message for people
            error = said(problem, lang) or type(problem).__name__
    network = bool(result and {"source", "target"} <= set(result["vars"]))
    return render_page(request, "sparql.html", title=STRINGS[lang]["sparql_title"], query=query,
                   examples=_examples(lang), result=result, error=error, truncated=truncated, network=network,
                   quote=quote)


@router.get("/sparql-pagina", response_class=HTMLResponse)
def sparql_route(request: Request, query: str = "", voorbeeld: str = ""):
    return sparql_page(request, query, voorbeeld)


# --- maps --------------------------------------------------------------------------------------

def _map_data(request: Request, kind: str, key: str, steps: int, query: str) -> tuple[dict, str]:
    """The data and title of a map kind: zone, organisatie, bouwsteen, vlaanderen or sparql."""
    store = request.app.state.store
    lang = language(request.query_params)
    t = STRINGS[lang]
    if kind == "zone":
        zone = lookup.zone_info(store, key)
        return map_data.zone_map(store, zone["iri"], lang), f"{t['alliance_map']}: {zone['label']}"
    if kind == "organisatie":
        org = lookup.organisation_detail(store, key)
        return map_data.ego_map(store, org["iri"], steps, lang), f"{t['ego_map']}: {org['label']}"
    if kind == "bouwsteen":
        block = lookup.concept_iri(store, "bouwsteen", key if key.startswith("b") or key.startswith("http") else f"b{key}")
        name = label(lookup.concepts(store, "bouwsteen")[block], lang)
        return map_data.bouwsteen_map(store, block, lang), f"{t['bouwsteen_map'].format(n=key.lstrip('b'))}: {name}"
    if kind == "vlaanderen":
        return map_data.flanders_map(store, lang), t["whole_network"]
    if kind == "sparql":
        from api.sparql import get_sandbox

        parsed = json.loads(get_sandbox(request.app).run(query, "json", None).body)
        rows = [{v: b[v]["value"] for v in b} for b in parsed.get("results", {}).get("bindings", [])]
        return map_data.result_map(store, rows, lang), t["as_network"]
    raise lookup.NotFound(f"Onbekende kaart {kind!r}. / Unknown map kind.")


def _map_page(request: Request, kind: str, key: str, embed: bool) -> Response:
    if kind == "sparql":
        # A SPARQL result is drawn each time: its query is anyone's.
        return _drawn_map_page(request, kind, key, embed)
    try:
        zone = lookup.zone_iri(key) if kind == "zone" else None
    except lookup.NotFound:
        zone = None
    # A drawn map changes only with the graph (a zone's map only with its zone): the page is kept
    # rendered and compressed, the largest zone's being megabytes of HTML.
    # Per day too: a link whose end date has passed leaves the map.
    return kept_page(request, lambda: _drawn_map_page(request, kind, key, embed), local_today(), about=zone)


def _drawn_map_page(request: Request, kind: str, key: str, embed: bool) -> HTMLResponse:
    steps = _steps(request)
    query = request.query_params.get("query", "")
    lang = language(request.query_params)
    embed_path = "/embed" + request.url.path.removeprefix("/embed")
    params = {"stappen": steps if kind == "organisatie" else None, "query": query or None}
    colour_by = "type" if request.query_params.get("kleur") == "type" else "sector"
    embed_url = link(embed_path, lang, **params)

    def draw() -> tuple[str, str]:
        data, title = _map_data(request, kind, key, steps, query)
        overview = "overview" in data
        links = {"page_url": (lambda iri: _zone_map_url(iri, lang)) if overview else (lambda iri: page_link(iri, lang) or iri),
                 "embed_url": embed_url, "colour_by": colour_by, "size_by": "organisations" if overview else "degree"}
        if embed:
            return title, maps.render_map(data, title=title, lang=lang, standalone=False, asset_base="/static",
                                          embedded=True, **links)
        return title, maps.map_fragment(data, title=title, lang=lang, **links)

    try:
        title, html = draw()
    except QueryError as error:
        return render_page(request, "error.html", status=400, title=STRINGS[lang]["error"],
                           message=STRINGS[lang]["query_error"].format(error=said(error, lang).rstrip(". ")))
    except lookup.NotFound as error:
        return _not_found(request, str(error))
    except ValueError as error:  # a result that is no network, a CONSTRUCT: the query asks too much
        return render_page(request, "error.html", status=400, title=STRINGS[lang]["bad_input"],
                           message=said(error, lang))
    except (QueryTimeout, SandboxBusy) as error:
        return render_page(request, "error.html", status=503, title=STRINGS[lang]["error"], message=said(error, lang))
    if embed:
        return HTMLResponse(html)
    return render_page(request, "map_page.html", title=title, map_html=html)


def _zone_map_url(iri: str, lang: str) -> str:
    """Where a zone of the overview of Flanders leads: the zone's own map (drilling in)."""
    return link("/kaart/zone/" + iri.rsplit("/", 1)[-1], lang)


@router.get("/kaart/vlaanderen", response_class=HTMLResponse)
def flanders_map_page(request: Request):
    return _map_page(request, "vlaanderen", "", embed=False)


@router.get("/kaart/{kind}/{key}", response_class=HTMLResponse)
def map_page(request: Request, kind: str, key: str):
    return _map_page(request, kind, key, embed=False)


@router.get("/kaart/sparql", response_class=HTMLResponse)
def sparql_map_page(request: Request):
    return _map_page(request, "sparql", "", embed=False)


@router.get("/embed/kaart/vlaanderen", response_class=HTMLResponse)
def flanders_map_embed(request: Request):
    return _map_page(request, "vlaanderen", "", embed=True)


@router.get("/embed/kaart/{kind}/{key}", response_class=HTMLResponse)
def map_embed(request: Request, kind: str, key: str):
    return _map_page(request, kind, key, embed=True)


def setup(app: FastAPI) -> None:
    """Add the pages to ``app``: the router, the static files and the two page renderers.

    vis-network is served once, from the copy inside the pyvis package, at ``/static/vis/``;
    the map script and styles at ``/static/viz/``; the pages' own styles at ``/static/``.
    """
    app.include_router(router)
    app.mount("/static/vis", StaticFiles(directory=maps.VIS_NETWORK), name="vis-network")
    app.mount("/static/viz", StaticFiles(directory=maps.STATIC), name="viz-static")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.html_renderer = render_thing
    app.add_exception_handler(RequestValidationError, _invalid_input)
    app.add_exception_handler(StarletteHTTPException, _no_such_page)
    app.state.sparql_page_renderer = lambda request, query="": sparql_page(
        request, query, request.query_params.get("voorbeeld", ""))
