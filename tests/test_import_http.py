"""Imports over HTTP: the token decides who may write, uploads are limited, every write attributed."""

import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.build import build
from tests.import_helpers import ORGANISATIONS, csv_bytes, snapshot

TOKEN = "zeer-geheim-token-42"


def client(token: str | None) -> TestClient:
    app = create_app("memory", Settings(write_token=token))
    build(app.state.store)
    return TestClient(app)


def upload(http: TestClient, token: str | None = None, dry_run: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.post(f"/api/import?dry_run={str(dry_run).lower()}", headers=headers,
                     files={"file": ("organisaties.csv", csv_bytes(ORGANISATIONS))})


def test_without_a_configured_token_the_app_is_read_only_and_says_so():
    http = client(None)
    before = snapshot(http.app.state.store)
    response = upload(http, "wat-dan-ook")
    assert response.status_code == 403
    assert "alleen-lezen" in response.json()["detail"]
    assert http.get("/api/imports").json()["writable"] is False
    assert snapshot(http.app.state.store) == before


def test_no_token_is_refused():
    http = client(TOKEN)
    assert upload(http).status_code == 401
    assert http.get("/api/imports").json()["contributions"] == []


def test_wrong_token_is_refused():
    http = client(TOKEN)
    assert upload(http, TOKEN + "x").status_code == 401
    assert http.get("/api/imports").json()["contributions"] == []


def test_right_token_writes_and_attributes_to_the_tokens_name():
    http = client(f"coordinator-leuven:{TOKEN}")
    response = upload(http, TOKEN)
    assert response.status_code == 200, response.text
    assert response.json()["contribution"]["agent"] == "coordinator-leuven"
    assert [c["agent"] for c in http.get("/api/imports").json()["contributions"]] == ["coordinator-leuven"]


def test_token_never_appears_in_the_logs(caplog):
    http = client(TOKEN)
    with caplog.at_level(logging.DEBUG):
        upload(http, TOKEN + "fout")
        upload(http, TOKEN)
    assert TOKEN not in caplog.text


def test_preview_shows_what_would_be_added_and_writes_nothing():
    http = client(TOKEN)
    before = snapshot(http.app.state.store)
    response = upload(http, TOKEN, dry_run=True)
    assert response.status_code == 200
    assert len(response.json()["plan"]["added"]) == 3
    assert response.json()["contribution"] is None
    assert snapshot(http.app.state.store) == before


def test_file_with_errors_gets_422_with_every_problem():
    http = client(TOKEN)
    bad = csv_bytes("naam;gemeente\nFictief A;Nergensdorp\nFictief B;Nulgem")
    response = http.post("/api/import", headers={"Authorization": f"Bearer {TOKEN}"},
                         files={"file": ("organisaties.csv", bad)})
    assert response.status_code == 422
    assert [p["row"] for p in response.json()["plan"]["problems"]] == [2, 3]


def test_json_rows_for_scripts_are_imported_and_withdrawn():
    http = client(TOKEN)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    before = snapshot(http.app.state.store)
    response = http.post("/api/import/json", headers=headers, json={
        "organisaties": [{"naam": "Fictief Scripthuis", "gemeente": "Herent", "fictief": True}]})
    assert response.status_code == 200, response.text
    contribution = response.json()["contribution"]["id"]
    assert http.delete(f"/api/imports/{contribution}", headers=headers).status_code == 200
    assert snapshot(http.app.state.store) == before


def test_withdraw_needs_the_token_too():
    http = client(TOKEN)
    upload(http, TOKEN)
    contribution = http.get("/api/imports").json()["contributions"][0]["id"]
    assert http.delete(f"/api/imports/{contribution}").status_code == 401
    assert len(http.get("/api/imports").json()["contributions"]) == 1


def test_upload_declared_above_the_limit_is_refused_with_413():
    http = client(TOKEN)
    response = http.post("/api/import", content=b"x" * 1000, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": "200000000"})
    assert response.status_code == 413


@pytest.mark.parametrize("name", ["verbindingen.csv", "overhoop-sjabloon.xlsx"])
def test_templates_can_be_downloaded(name):
    response = client(None).get(f"/api/templates/{name}")
    assert response.status_code == 200
    assert response.content
