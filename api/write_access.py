"""Who may write: reading is open, writing needs a token configured on the server.

``OVERHOOP_TOKEN`` holds one secret, or several named ones, ``naam:geheim,naam2:geheim2``; the
name is the pseudonymous agent every write is attributed to (a plain secret writes as
``beheerder``). A request sends ``Authorization: Bearer <geheim>``. Tokens are compared in
constant time (``hmac.compare_digest``, against every configured token) and never logged or
echoed. Without a configured token the app is read-only and says so.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from api.settings import Settings

DEFAULT_WRITER = "beheerder"
READ_ONLY_MESSAGE = (
    "Deze OverHoop is alleen-lezen: de beheerder heeft geen schrijftoken ingesteld "
    "(OVERHOOP_TOKEN). / This OverHoop is read-only: no write token is configured.")


def configured_writers(settings: Settings) -> list[tuple[str, str]]:
    """Return the ``(agent, secret)`` pairs of ``settings.write_token``.

    Examples
    --------
    >>> configured_writers(Settings(write_token="coord-gent:abc,coord-leuven:def"))
    [('coord-gent', 'abc'), ('coord-leuven', 'def')]
    >>> configured_writers(Settings(write_token="s3cret"))
    [('beheerder', 's3cret')]
    """
    pairs = []
    for entry in (settings.write_token or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        name, sep, secret = entry.partition(":")
        pairs.append((name.strip(), secret) if sep and name.strip() and secret else (DEFAULT_WRITER, entry))
    return pairs


def writable(settings: Settings) -> bool:
    """Whether the app accepts writes at all (a token is configured)."""
    return bool(configured_writers(settings))


def agent_for_token(settings: Settings, given: str) -> str | None:
    """Return the agent whose secret is ``given``, or ``None`` when no configured token matches.

    Examples
    --------
    >>> agent_for_token(Settings(write_token="coord-gent:abc"), "abc")
    'coord-gent'
    >>> agent_for_token(Settings(write_token="coord-gent:abc"), "abd") is None
    True
    """
    given_bytes = given.strip().encode("utf-8")
    agent = None
    # Every configured token is compared, so the time taken does not tell which one matched.
    for name, secret in configured_writers(settings):
        if hmac.compare_digest(given_bytes, secret.encode("utf-8")):
            agent = agent or name
    return agent


def writer_agent(request: Request) -> str:
    """FastAPI dependency: the agent behind the request's bearer token, or 401/403.

    Raises
    ------
    fastapi.HTTPException
        403 when the app is read-only, 401 when the token is missing or wrong.
    """
    settings = request.app.state.settings
    if not writable(settings):
        raise HTTPException(403, READ_ONLY_MESSAGE)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    agent = agent_for_token(settings, given) if scheme.lower() == "bearer" else None
    if agent is None:
        raise HTTPException(
            401, "Schrijven vraagt een geldig token: stuur 'Authorization: Bearer <token>'. "
            "/ Writing needs a valid token: send 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"})
    return agent
