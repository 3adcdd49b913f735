"""The OverHoop web app: one FastAPI application for pages, JSON API, SPARQL and Linked Data.

Routers live in their own modules (one per resource) and reach the graph only through the
store held in ``app.state.store``.
"""

from __future__ import annotations

from fastapi import FastAPI

from api import health
from api.settings import Settings
from graph.store import open_store


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
    app = FastAPI(
        title="OverHoop-kennisgraaf",
        description="Organisaties, praktijken, doelgroepen, eerstelijnszones en doorverwijzingen "
        "rond ontwikkelingstrauma bij kinderen (OverHoop, Koning Boudewijnstichting).",
        version="0.1.0",
    )
    app.state.settings = settings or Settings()
    app.state.store = open_store(store_spec or app.state.settings.store)
    app.include_router(health.router)
    return app
