"""``/health``: is the app up, which store does it use, and how big is the graph."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from graph.cache import cached

router = APIRouter(tags=["gezondheid"])


# Counting every triple takes a quarter of a second at 10,000 organisations: a health check must
# stay cheap, also while imports arrive every few seconds, so the counts may be a minute old.
COUNT_AT_MOST_EVERY_S = 60.0


class Health(BaseModel):
    """The state of the app; ``graphs``: triples per named graph, counted at most once a minute;
    ``read_copy``: whether queries read a copy of the store in memory (``ready``), are waiting for
    it (``making``), or read the disk (``off``, ``too-large``, ``failed``)."""

    status: str
    store: str
    read_copy: str
    graphs: dict[str, int]


@router.get("/health", response_model=Health, summary="Draait de app, en hoe groot is de graaf?")
def health(request: Request) -> Health:
    store = request.app.state.store
    graphs = cached(store, "graph_sizes", store.graph_sizes, stale_while_recomputing=True,
                    recompute_every_s=COUNT_AT_MOST_EVERY_S)
    return Health(status="ok", store=store.description, read_copy=store.read_copy_state,
                  graphs=graphs)
