"""FastAPI dependencies: the store and the settings of the running app."""

from fastapi import Request

from api.settings import Settings
from graph.store import Store


def get_store(request: Request) -> Store:
    """Return the app's store."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    return request.app.state.settings
