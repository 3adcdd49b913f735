"""JSON answers kept serialised until a write changes them.

The busiest endpoints (a zone, the organisation search, the partner finder, the code lists) take
their data from answers kept by graph/cache.py, yet validating and serialising a page of fifty
organisations cost more than finding them. Here the finished JSON text is kept with the answer,
so a repeated request costs routing and sending only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from fastapi import Request, Response
from pydantic import TypeAdapter

from graph.cache import cached


@lru_cache(maxsize=None)
def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)


def kept_json(request: Request, model, compute: Callable[[], object], zone: str | None = None) -> Response:
    """Answer with ``compute()`` checked and serialised as ``model``, once per state of the graph.

    Parameters
    ----------
    request : Request
        Its path and query string say what is asked.
    model : type
        The endpoint's response model (a pydantic model or a type such as ``list[ZoneItem]``),
        as FastAPI would apply it.
    compute : callable
        Returns the answer; an ``HTTPException`` it raises is answered as usual, not kept.
    zone : str, optional
        The IRI of the one first-line zone the answer is about (kept across writes elsewhere).

    Returns
    -------
    Response
        ``application/json``.
    """
    adapter = _adapter(model)
    body = cached(request.app.state.store, ("json", request.url.path, request.url.query),
                  lambda: adapter.dump_json(adapter.validate_python(compute())), zone=zone)
    return Response(body, media_type="application/json")
