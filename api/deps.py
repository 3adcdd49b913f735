"""FastAPI dependencies: the store and the settings of the running app.

They are ``async`` although they do not wait for anything: FastAPI hands a plain ``def``
dependency to the thread pool, a hop of about 0.1 ms per request for reading an attribute.
"""

from fastapi import Request

from api.settings import Settings
from graph.store import Store


async def get_store(request: Request) -> Store:
    """Return the app's store."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    return request.app.state.settings
