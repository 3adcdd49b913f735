"""The JSON API over the real graph: zones, municipalities, organisations, practices, code lists."""

import pytest


def test_api_zones_lists_the_60_zones_each_with_its_page(client):
    zones = client.get("/api/zones").json()
    assert len(zones) == 60
    assert all(zone["page"] == "/id/eerstelijnszone/" + zone["id"] for zone in zones)


def test_a_zone_has_municipalities_organisations_practices_and_a_gap_matrix(client):
    zone = client.get("/api/zones/gent").json()
    assert [m["nis"] for m in zone["municipalities"]] and zone["practices"]
    coverage = zone["coverage"]
    assert len(coverage["cells"]) == len(coverage["doelgroepen"]) * len(coverage["bouwstenen"])
    assert {p["scope"] for p in zone["practices"]} <= {"lokaal", "vlaanderen"}


# One page of a zone's organisations and practices, with their counts; the whole lists are
# /api/organisations?zone= and /api/practices?zone=.
def test_pages_of_a_zone_follow_its_practices_in_id_order(client):
    everything = client.get("/api/practices", params={"zone": "gent", "limit": 500}).json()
    first = client.get("/api/zones/gent", params={"limit": 5}).json()
    second = client.get("/api/zones/gent", params={"limit": 5, "offset": 5}).json()
    paged = [item["id"] for item in first["practices"] + second["practices"]]
    assert paged == [item["id"] for item in everything["items"][:10]]
    assert first["practices_total"] == everything["total"] > 10


def test_a_zone_counts_its_organisations_beyond_the_page(client):
    zone = client.get("/api/zones/gent", params={"limit": 1}).json()
    listed = client.get("/api/organisations", params={"zone": "gent"}).json()
    assert [item["id"] for item in zone["organisations"]] == [listed["items"][0]["id"]]
    assert zone["organisations_total"] == listed["total"] > 1


def test_a_zones_count_per_sector_is_the_length_of_the_filtered_list(client):
    zone = client.get("/api/zones/antwerpen-centrum").json()
    assert zone["organisation_sectors"]
    for sector in zone["organisation_sectors"]:
        listed = client.get("/api/organisations", params={"zone": "antwerpen-centrum", "sector": sector["id"]}).json()
        assert sector["organisations"] == listed["total"]


def test_a_zones_local_practices_are_counted_over_all_pages(client):
    zone = client.get("/api/zones/antwerpen-centrum", params={"limit": 500}).json()
    assert zone["practices_local"] == sum(item["scope"] == "lokaal" for item in zone["practices"]) > 0


def test_a_zone_page_beyond_the_end_is_empty_but_still_counts(client):
    zone = client.get("/api/zones/gent", params={"offset": 10_000}).json()
    assert zone["practices"] == [] and zone["organisations"] == [] and zone["practices_total"] > 0


def test_an_unknown_zone_is_404_with_a_dutch_hint(client):
    response = client.get("/api/zones/atlantis")
    assert response.status_code == 404
    assert "/api/zones" in response.json()["detail"] and "bestaat niet" in response.json()["detail"]


def test_an_old_nis_code_finds_its_zone(client):
    found = client.get("/api/municipalities/11007").json()
    assert found["replaced"] and found["current"]["nis"] == "11002"
    assert found["zones"]


def test_age_filter_finds_practices_whose_range_overlaps(client):
    found = client.get("/api/practices", params={"leeftijd": "1-2", "limit": 500}).json()
    assert found["total"] > 0
    assert all(item["min_age_months"] < 24 and item["max_age_months"] > 12 for item in found["items"])
    assert any(item["min_age_months"] < 0 for item in found["items"]), "a practice from pregnancy on overlaps"


def test_a_bad_age_range_is_422_with_a_clear_message(client):
    response = client.get("/api/practices", params={"leeftijd": "drie"})
    assert response.status_code == 422
    assert "0-3" in response.json()["detail"]


def test_free_text_ignores_accents(client):
    found = client.get("/api/organisations", params={"q": "emmaus"}).json()
    assert any("Emmaüs" in item["label"] for item in found["items"])


def test_list_items_carry_iri_and_page(client):
    found = client.get("/api/organisations", params={"sector": "welzijn", "limit": 5}).json()
    assert found["total"] > 5 and len(found["items"]) == 5
    assert all(item["page"] == item["iri"].replace("https://w3id.org/overhoop", "") for item in found["items"])


def test_organisation_detail_lists_practices_and_quotes_the_note(client):
    detail = client.get("/api/organisations/similes").json()
    assert detail["practices"] and detail["sources"]
    assert all(source["text"] for source in detail["sources"])


def test_practice_detail_gives_every_field_and_the_source_passage(client):
    detail = client.get("/api/practices/forumtheater").json()
    assert detail["goal"] and detail["method"] and detail["audience_description"]
    assert detail["initiators"] and detail["bouwstenen"][0]["id"] == "b1"
    assert any(source["from_line"] <= 1786 <= source["to_line"] for source in detail["sources"])


@pytest.mark.parametrize("path, scheme", [("/api/doelgroepen", "doelgroep"), ("/api/bouwstenen", "bouwsteen"),
                                          ("/api/sectoren", "sector")])
def test_code_lists_come_with_counts(client, path, scheme):
    found = client.get(path).json()
    assert found["id"] == scheme and found["concepts"]
    assert sum(concept["practices"] + concept["organisations"] for concept in found["concepts"]) > 0


def test_bouwstenen_count_22_practices_under_the_first(client):
    b1 = next(c for c in client.get("/api/bouwstenen").json()["concepts"] if c["id"] == "b1")
    assert b1["practices"] == 22


def test_injection_in_free_text_cannot_change_the_query(client, built_store):
    before = built_store.graph_sizes()
    response = client.get("/api/organisations", params={"q": 'x" } ; DROP ALL ; {'})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert built_store.graph_sizes() == before


@pytest.mark.parametrize("path", ["/api/organisations/x>%20%3Fp%20%3Fo", "/api/zones/gent%3E",
                                  "/api/organisations?zone=gent%3E"])
def test_an_id_that_tries_to_end_an_iri_is_refused(client, built_store, path):
    before = built_store.graph_sizes()
    assert client.get(path).status_code in (404, 422)
    assert built_store.graph_sizes() == before


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/zones", "/api/zones/{zone_id}", "/api/municipalities/{nis}", "/api/organisations",
                 "/api/organisations/{org_id}", "/api/practices", "/api/practices/{practice_id}", "/api/doelgroepen",
                 "/api/bouwstenen", "/api/sectoren", "/api/partners", "/id/{path}"):
        assert path in paths


@pytest.mark.parametrize("gemeente", ["44021", "9000", "Gent"])
def test_the_municipality_filter_takes_a_nis_code_a_postcode_or_a_name(client, gemeente):
    response = client.get("/api/organisations", params={"gemeente": gemeente})
    assert response.status_code == 200
    assert response.json()["total"] == client.get("/api/organisations", params={"gemeente": "44021"}).json()["total"] > 0


def test_an_unknown_municipality_in_the_filter_is_refused_in_one_sentence(client):
    response = client.get("/api/organisations", params={"gemeente": "Gentt"})
    assert response.status_code == 404
    assert "Geen gemeente 'Gentt' gevonden" in response.json()["detail"]
