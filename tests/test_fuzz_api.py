"""Fuzzing the API against its own OpenAPI schema: no 500, no response breaking its schema (issue 9).

Schemathesis walks every operation in ``/openapi.json``, so endpoints added later are fuzzed too.
The app runs over the real graph in memory, with a write token nobody knows, so nothing can be
written. Kept small (a few examples per operation) so the whole run takes seconds.
"""

from __future__ import annotations

import secrets

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.settings import Settings
from graph.build import build
from graph.store import open_store

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@schemathesis.serializer("application/sparql-query", "application/sparql-update")
def sparql_text(ctx, value):
    return str(value).encode("utf-8")


# Collected from the schema itself, so every operation added later is a test case of its own.
OPERATIONS = [(method.upper(), path) for path, methods in create_app("memory").openapi()["paths"].items()
              for method in methods]


@pytest.fixture(scope="module")
def api_schema():
    store = open_store("memory")
    build(store)
    app = create_app("memory", Settings(store="memory", query_timeout_s=5.0,
                                        write_token=secrets.token_urlsafe(32)))
    app.state.store = store
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.slow
@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_operation_errors_or_breaks_its_schema(api_schema, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case):
        case.call_and_validate(checks=CHECKS)

    call()
