"""``/health``: is the app up, which store does it use, and how big is the graph."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from graph.cache import cached

router = APIRouter(tags=["gezondheid"])


class Health(BaseModel):
    """The state of the app."""

    status: str
    store: str
    graphs: dict[str, int]


@router.get("/health", response_model=Health, summary="Draait de app, en hoe groot is de graaf?")
def health(request: Request) -> Health:
    store = request.app.state.store
    return Health(status="ok", store=store.description, graphs=cached(store, "graph_sizes", store.graph_sizes))
