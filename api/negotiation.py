"""Content negotiation: pick the format a client prefers from what a resource can offer.

The ``Accept`` header lists media ranges with quality values (RFC 9110, section 12.5.1); a more
specific range decides for the types it covers (``text/csv;q=0`` beats ``text/*``), and among
equally preferred types the server's order of offers breaks the tie.
"""

from __future__ import annotations

from starlette.responses import Response


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """Return the media ranges of an ``Accept`` header as (range, quality, specificity).

    Parameters
    ----------
    header : str or None
        The header value; ``None`` or empty means "anything".

    Returns
    -------
    list of (str, float, int)
        Lower-case range without parameters, its q-value, and 0 for ``*/*``, 1 for ``type/*``,
        2 for a full type. Malformed quality values count as 1.

    Examples
    --------
    >>> parse_accept("text/turtle;q=0.5, */*;q=0.1")
    [('text/turtle', 0.5, 2), ('*/*', 0.1, 0)]
    """
    ranges = []
    for part in (header or "*/*").split(","):
        media, *params = [piece.strip() for piece in part.split(";")]
        media = media.lower()
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 1.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, specificity))
    return ranges


def quality_of(media_type: str, ranges: list[tuple[str, float, int]]) -> float:
    """Return how much a client with ``ranges`` wants ``media_type`` (0 = not at all)."""
    best_specificity, quality = -1, 0.0
    major = media_type.split("/")[0] + "/*"
    for media, q, specificity in ranges:
        if media in (media_type, major, "*/*") and specificity > best_specificity:
            best_specificity, quality = specificity, q
    return quality


def negotiate(header: str | None, offers: list[tuple[str, str]]) -> str | None:
    """Return the key of the offer the client prefers, or ``None`` if it accepts none.

    Parameters
    ----------
    header : str or None
        The request's ``Accept`` header.
    offers : list of (media type, key)
        What the resource can give, the server's preference first. Several media types may
        share one key (``application/json`` and ``application/sparql-results+json``).

    Returns
    -------
    str or None

    Examples
    --------
    >>> offers = [("application/sparql-results+json", "json"), ("text/csv", "csv")]
    >>> negotiate("text/csv, */*;q=0.1", offers)
    'csv'
    >>> negotiate(None, offers)
    'json'
    >>> negotiate("image/png", offers) is None
    True
    """
    ranges = parse_accept(header)
    best_key, best_quality = None, 0.0
    for media_type, key in offers:
        quality = quality_of(media_type, ranges)
        if quality > best_quality:
            best_key, best_quality = key, quality
    return best_key


def vary_with_accept(page: Response) -> Response:
    """Mark a page whose address answers data too, by ``Accept``, so that caches keep them apart.

    Without ``Vary: Accept`` a shared cache (or the reverse proxy in front of the app) could give
    the page to a SPARQL or Linked Data client. A page sent already compressed (a kept page, see
    api/kept.py) varies with ``Accept-Encoding`` as well; on any other the app's compression
    middleware adds ``Accept-Encoding`` itself, without looking whether it is there already.

    Parameters
    ----------
    page : Response
        The page, as its renderer made it.

    Returns
    -------
    Response
        The same response.

    Examples
    --------
    >>> vary_with_accept(Response("<p>x</p>", media_type="text/html")).headers["vary"]
    'Accept'
    >>> kept = Response(b"...", headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    >>> vary_with_accept(kept).headers["vary"]
    'Accept, Accept-Encoding'
    """
    page.headers["Vary"] = "Accept, Accept-Encoding" if "content-encoding" in page.headers else "Accept"
    return page
