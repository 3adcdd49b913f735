"""Responses kept finished until a write changes them, gzip-compressed: pages and JSON.

The big pages (a zone with its map, an analysis) and the busiest endpoints (a zone, the
organisation search, the partner finder, the code lists) take their data from answers kept by
graph/cache.py, yet rendering a page or validating and serialising a page of fifty organisations
cost more than finding them. Here the finished response is kept, per address, so a repeated
request costs routing and sending only. They are kept compressed (a zone's JSON is 282 kB, 21 kB
compressed; the Flanders-wide analysis report 7.1 MB, 0.9 MB), so that compressing costs once, not
per request, and a coordinator on a slow connection waits for a tenth of the bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter

from graph.cache import cached

# Kept answers are compressed once per state of the graph, so the better ratio is worth its time
# (level 6: 2.8 ms for a zone's 282 kB, against 1.4 ms at level 1, 24% smaller).
KEPT_GZIP_LEVEL = 6


@lru_cache(maxsize=None)
def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)


def kept_json(request: Request, model, compute: Callable[[], object],
              about: str | Iterable[str] | None = None) -> Response:
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
    about : str or iterable of str, optional
        The parts of the graph the answer is about, such as the IRI of one first-line zone: it is
        kept across writes elsewhere (graph/cache.py).

    Returns
    -------
    Response
        ``application/json``.
    """
    adapter = _adapter(model)
    body = cached(request.app.state.store, ("json", request.url.path, request.url.query),
                  lambda: gzipped(adapter.dump_json(adapter.validate_python(compute()))), about=about)
    return send_gzipped(request, body, "application/json")


def kept_page(request: Request, render: Callable[[], HTMLResponse], *key: Hashable,
              about: str | Iterable[str] | None = None) -> Response:
    """Serve the page at this address as rendered for the graph's current state.

    The big pages (a zone with its map, an analysis) cost tens of milliseconds to render and
    change only with the graph, so the rendered page is kept, gzip-compressed, until a write
    changes it, and sent compressed to every browser that accepts it (all do).

    Parameters
    ----------
    request : Request
        The page's address (path and query) is part of what is kept.
    render : callable
        Renders the page; called once per state of the graph (and per ``key``).
    *key : hashable
        Anything else the page depends on, such as the state of an analysis it shows.
    about : str or iterable of str, optional
        The parts of the graph the page is about, such as the IRI of one first-line zone: the
        page is then kept across writes that leave them alone (graph/cache.py).

    Returns
    -------
    Response
        The page, compressed when the browser accepts gzip.
    """
    def compressed() -> tuple[int, bytes]:
        response = render()
        return response.status_code, gzipped(response.body)

    status, body = cached(request.app.state.store, ("page", request.url.path, request.url.query, *key), compressed,
                          about=about)
    return send_gzipped(request, body, "text/html; charset=utf-8", status)


def gzipped(body: bytes) -> bytes:
    """Compress an answer that is about to be kept (see :func:`send_gzipped`).

    Examples
    --------
    >>> import gzip
    >>> gzip.decompress(gzipped(b'{"zones": []}'))
    b'{"zones": []}'
    """
    return gzip.compress(body, compresslevel=KEPT_GZIP_LEVEL)


def send_gzipped(request: Request, body: bytes, media_type: str, status: int = 200) -> Response:
    """Send a kept, :func:`gzipped` answer: as it is when the client accepts gzip (browsers and
    httpx do), unpacked for one that does not.

    Parameters
    ----------
    request : Request
        Its ``Accept-Encoding`` decides.
    body : bytes
        The answer, gzip-compressed.
    media_type : str
    status : int

    Returns
    -------
    Response
        The compressed one with ``Vary: Accept-Encoding``, so a shared cache gives it only to
        clients that unpack gzip.
    """
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body, status_code=status, media_type=media_type,
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    # Anyone can read the unpacked answer; the app's compression step adds the Vary it needs
    # (setting it here too listed Accept-Encoding twice).
    return Response(gzip.decompress(body), status_code=status, media_type=media_type)
