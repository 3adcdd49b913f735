"""Security headers on every response: Content-Security-Policy, nosniff, referrer and framing.

The policy allows only the app's own assets (``'self'``), no inline script and no framing by
other sites, except:

- pages under ``/embed/`` may be framed by any site (``frame-ancestors *``): zones and partners
  put them in their own web pages;
- the OpenAPI page ``/docs`` starts Swagger UI (served by the app itself, see api/app.py) with an
  inline script: there, and only there, that is allowed.

A route that needs another policy (a script hash, a map tile server) sets its own
``Content-Security-Policy`` header, built with :func:`content_security_policy`; the middleware
never overwrites a header a route has set.
"""

from __future__ import annotations

DEFAULT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
EMBED_PREFIX = "/embed/"
DOCS_PATHS = ("/docs",)


def content_security_policy(**directives: str) -> str:
    """Return the app's Content-Security-Policy with some directives replaced or added.

    Parameters
    ----------
    **directives : str
        Directive name with ``_`` for ``-`` (``script_src``) and its full value.

    Returns
    -------
    str
        The header value.

    Examples
    --------
    >>> "frame-ancestors *" in content_security_policy(frame_ancestors="*")
    True
    >>> "script-src 'self' 'sha256-abc='" in content_security_policy(script_src="'self' 'sha256-abc='")
    True
    """
    policy = dict(DEFAULT_POLICY)
    policy.update({name.replace("_", "-"): value for name, value in directives.items()})
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def headers_for_path(path: str) -> dict[str, str]:
    """Return the security headers a response on ``path`` gets by default.

    Examples
    --------
    >>> headers_for_path("/embed/zone/gent")["content-security-policy"].endswith("frame-ancestors *")
    True
    >>> headers_for_path("/")["x-frame-options"]
    'DENY'
    """
    headers = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
    if path.startswith(EMBED_PREFIX):
        headers["content-security-policy"] = content_security_policy(frame_ancestors="*")
    elif path in DOCS_PATHS:
        headers["content-security-policy"] = content_security_policy(
            script_src="'self' 'unsafe-inline'",
            style_src="'self' 'unsafe-inline'",
        )
        headers["x-frame-options"] = "DENY"
    else:
        headers["content-security-policy"] = content_security_policy()
        headers["x-frame-options"] = "DENY"
    return headers


class SecurityHeaders:
    """ASGI middleware that adds :func:`headers_for_path` to every HTTP response.

    Examples
    --------
    >>> from fastapi import FastAPI
    >>> app = FastAPI()
    >>> app.add_middleware(SecurityHeaders)
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        defaults = headers_for_path(scope.get("path", ""))

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.encode(), value.encode()) for name, value in defaults.items()
                         if name.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
