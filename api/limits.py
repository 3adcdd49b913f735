"""Request size limits, app-wide: an oversized request is refused before it is read.

- a query string longer than ``max_query_bytes`` gets 414;
- a body of a SPARQL query or update, or of a form (``application/sparql-query``,
  ``application/sparql-update``, ``application/x-www-form-urlencoded``), larger than
  ``max_query_bytes`` gets 413;
- any other body (uploads: spreadsheets, RDF files, JSON) larger than ``max_upload_bytes``
  gets 413.

A declared ``Content-Length`` above the limit is refused at once, without reading the body; a
body sent without a length (chunked) is counted as it arrives and cut off at the limit.
"""

from __future__ import annotations

import json

from fastapi import HTTPException

QUERY_BODY_TYPES = ("application/sparql-query", "application/sparql-update",
                    "application/x-www-form-urlencoded")


class _BodyTooLarge(HTTPException):
    """Raised from ``receive`` so that FastAPI's body parsing passes it on unchanged."""


def _too_large_message(limit: int) -> str:
    return (f"Het verzoek is te groot: hoogstens {limit} bytes. Deel een groot bestand op, of "
            f"vraag de beheerder de limiet te verhogen. / Request too large: at most {limit} bytes.")


def _uri_too_long_message(limit: int) -> str:
    return (f"De URL is te lang: de query-string mag hoogstens {limit} bytes zijn. Stuur een lange "
            f"SPARQL-query met POST. / URI too long: at most {limit} bytes; POST long queries.")


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    """ASGI middleware that refuses oversized query strings and bodies early.

    Parameters
    ----------
    app : ASGI app
    max_query_bytes : int
        Limit of the query string and of SPARQL and form bodies.
    max_upload_bytes : int
        Limit of every other body.
    """

    def __init__(self, app, max_query_bytes: int, max_upload_bytes: int):
        self.app = app
        self.max_query_bytes = max_query_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query_bytes:
            await _refuse(send, 414, _uri_too_long_message(self.max_query_bytes))
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        media_type = headers.get(b"content-type", b"").split(b";")[0].strip().decode("latin-1").lower()
        limit = self.max_query_bytes if media_type in QUERY_BODY_TYPES else self.max_upload_bytes
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await _refuse(send, 400, "Ongeldige Content-Length. / Invalid Content-Length.")
                return
            if length > limit:
                await _refuse(send, 413, _too_large_message(limit))
                return
        received = 0
        started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(413, _too_large_message(limit))
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge as error:
            if started:
                raise
            await _refuse(send, 413, error.detail)
