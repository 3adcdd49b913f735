"""Every response carries the security headers; only /embed/ pages may be framed (issue 9)."""

from __future__ import annotations

import re

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import content_security_policy
from api.settings import Settings


@pytest.fixture(scope="module")
def app():
    app = create_app("memory", Settings(store="memory", max_query_bytes=1_000))

    @app.get("/embed/test-kaart", include_in_schema=False)
    def embedded_page():
        return HTMLResponse("<p>kaart</p>")

    @app.get("/test-eigen-beleid", include_in_schema=False)
    def page_with_its_own_policy():
        policy = content_security_policy(script_src="'self' 'sha256-abc='")
        return HTMLResponse("<p>x</p>", headers={"Content-Security-Policy": policy})

    return app


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app)


def directives(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("method, path", [
    ("GET", "/health"), ("GET", "/sparql"), ("GET", "/bestaat-niet"), ("GET", "/openapi.json"),
    ("GET", "/sparql?query=SELEC"),
])
def test_every_response_has_nosniff_referrer_policy_and_a_strict_policy(client, method, path):
    response = client.request(method, path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"


def test_a_refused_oversized_request_has_the_headers_too(client):
    response = client.post("/sparql", content="#" * 2_000, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert directives(response)["frame-ancestors"] == "'none'"


def test_embed_pages_may_be_framed_by_any_site(client):
    response = client.get("/embed/test-kaart")
    assert directives(response)["frame-ancestors"] == "*"
    assert "x-frame-options" not in response.headers


def test_embed_pages_still_allow_no_foreign_script(client):
    assert directives(client.get("/embed/test-kaart"))["script-src"] == "'self'"


def test_a_route_that_sets_its_own_policy_keeps_it(client):
    response = client.get("/test-eigen-beleid")
    assert directives(response)["script-src"] == "'self' 'sha256-abc='"


def test_the_openapi_page_may_start_swagger_inline_and_no_other_page_may(client):
    assert directives(client.get("/docs"))["script-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in client.get("/health").headers["content-security-policy"]


def test_the_openapi_page_loads_nothing_from_the_internet(client):
    page = client.get("/docs").text
    assert "https://" not in page
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset
