"""``/api/partners`` over the real graph, and the JSON API on a remote SPARQL store."""

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import open_store


def test_partner_finder_for_a_newcomer_gives_ranked_reasons(client):
    found = client.get("/api/partners", params={"gemeente": "Gent", "type": "huis-van-het-kind",
                                                "doelgroep": "prenataal", "limit": 5}).json()
    assert found["asker"]["iri"] is None
    scores = [item["score"] for item in found["organisations"]]
    assert scores and scores == sorted(scores, reverse=True)
    assert all(item["reasons"] and item["page"] for item in found["organisations"] + found["practices"])


def test_partner_finder_for_an_organisation_of_the_graph(client):
    found = client.get("/api/partners", params={"org": "similes", "doelgroep": ["0-3-jaar", "prenataal"]}).json()
    assert found["asker"]["label"] == "Similes"
    assert "similes" not in [item["id"] for item in found["organisations"]]


def test_partner_finder_needs_an_organisation_or_a_municipality(client):
    response = client.get("/api/partners", params={"doelgroep": "prenataal"})
    assert response.status_code == 422 and "gemeente" in response.json()["detail"]


def test_partner_finder_says_a_group_of_organisations_is_no_asker(client):
    response = client.get("/api/partners", params={"org": "lokale-besturen"})
    assert response.status_code == 422 and "kies één organisatie uit die groep" in response.json()["detail"]


def test_partner_finder_names_valid_doelgroepen_for_an_unknown_one(client):
    response = client.get("/api/partners", params={"gemeente": "Gent", "doelgroep": "marsmannetjes"})
    assert response.status_code == 404 and "prenataal" in response.json()["detail"]


@pytest.mark.server
def test_the_api_answers_the_same_on_a_remote_sparql_store(built_store, oxigraph_server):
    loaded = httpx.post(oxigraph_server + "/store", content=built_store.dump("nq"),
                        headers={"Content-Type": "application/n-quads"}, timeout=60)
    assert loaded.status_code in (200, 201, 204)
    local_app, remote_app = create_app("memory"), create_app("memory")
    local_app.state.store = built_store
    remote_app.state.store = open_store(f"sparql:{oxigraph_server}/query")
    local, remote = TestClient(local_app), TestClient(remote_app)
    for path, params in [("/api/zones/gent", {}), ("/api/municipalities/11007", {}),
                         ("/api/practices", {"leeftijd": "0-3", "q": "ouders"}),
                         ("/api/partners", {"gemeente": "Gent", "type": "caw", "doelgroep": "prenataal"})]:
        assert remote.get(path, params=params).json() == local.get(path, params=params).json()
