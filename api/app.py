"""The OverHoop web app: one FastAPI application for pages, JSON API, SPARQL and Linked Data.

Routers live in their own modules (one per resource) and reach the graph only through the
store held in ``app.state.store``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware

from api import health, pages, pages_import, routes_analysis, routes_import, sparql
from api import linked_data, routes_catalogue, routes_partners, routes_zones
from api import pages_analysis
from api.limits import RequestLimits
from api.security import SecurityHeaders
from api.settings import Settings
from api.sparql import get_sandbox
from graph.memory import limit_malloc_arenas, startup_objects_frozen
from graph.store import open_store

# Answers that are not kept (api/kept.py keeps the busiest already compressed) are compressed per
# request, at level 1, the fastest: 0.1 ms for a thing's 23 kB of Turtle, 3 to 6 ms per MB of
# JSON, still 5 to 14 times smaller. Below a kilobyte it gains less than it costs.
GZIP_LEVEL = 1
GZIP_MINIMUM_BYTES = 1024


@asynccontextmanager
async def _lifespan(app: FastAPI):
    # The SPARQL worker processes of an on-disk store start with the server, so that the first
    # visitor of /sparql does not wait for two Python interpreters to start.
    if getattr(app.state.store, "path", None):
        get_sandbox(app)
    with startup_objects_frozen():
        yield
    sandbox = getattr(app.state, "sparql_sandbox", None)
    if sandbox is not None:
        sandbox.close()


def create_app(store_spec: str | None = None, settings: Settings | None = None) -> FastAPI:
    """Create the app over the store named by ``store_spec`` (or ``OVERHOOP_STORE``).

    Parameters
    ----------
    store_spec : str, optional
        ``oxigraph:PATH``, ``memory`` or ``sparql:URL``.
    settings : Settings, optional
        Limits, time-outs and the write token; read from the environment by default.

    Returns
    -------
    fastapi.FastAPI

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> TestClient(create_app("memory")).get("/health").json()["status"]
    'ok'
    """
    # FastAPIOffline serves Swagger UI (/docs) from files of its own package, not from a CDN: the
    # API's description works offline like the rest of the app. No ReDoc: it fetches its logo from
    # the internet whatever it is given.
    app = FastAPIOffline(
        redoc_url=None,
        title="OverHoop-kennisgraaf",
        description="Organisaties, praktijken, doelgroepen, eerstelijnszones en doorverwijzingen "
        "rond ontwikkelingstrauma bij kinderen (OverHoop, Koning Boudewijnstichting).",
        version="0.1.0",
        lifespan=_lifespan,
    )
    limit_malloc_arenas()
    app.state.settings = settings or Settings()
    app.state.store = open_store(store_spec or app.state.settings.store,
                                 read_copy_mb=app.state.settings.read_copy_mb)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(routes_import.router)
    app.include_router(routes_analysis.router)
    for router in (routes_zones.router, routes_catalogue.router, routes_partners.router, linked_data.router):
        app.include_router(router)
    app.include_router(pages_import.router)
    app.include_router(pages_analysis.router)
    pages.setup(app)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(RequestLimits, max_query_bytes=app.state.settings.max_query_bytes,
                       max_upload_bytes=app.state.settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app
