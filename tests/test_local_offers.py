"""A practice that an organisation offers locally (the import's sheet 'praktijken') is a practice of
that organisation's zone, with scope 'lokaal', wherever a zone's practices are listed or counted.

A user audit: a coordinator imported "Huis van het Kind Leuven offers 'Handle with care'"; the
organisation and practice pages showed it, but the zone page, the search with a zone filter and
the coverage table did not. The small graph below has that offer, an offer of a Flanders-wide
practice, an offer in a municipality of another zone, and a participation that is no offer.
"""

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.app import create_app
from graph import lookup
from graph.analysis.zone_profile import zone_profile
from graph.coverage import coverage_matrix
from graph.imports import apply, preview, withdraw
from graph.imports.reach import parts_reached
from graph.partners import find_partners
from graph.namespaces import DCTERMS
from graph.queries import prepared
from tests.api_fixtures import store_with
from tests.import_helpers import csv_bytes

ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
PRACTICE = "https://w3id.org/overhoop/id/praktijk/"
DOELGROEP = "https://w3id.org/overhoop/id/concept/doelgroep/"
BOUWSTEEN = "https://w3id.org/overhoop/id/concept/bouwsteen/"
HANDLE_WITH_CARE, OVERAL = PRACTICE + "handle-with-care", PRACTICE + "overal"
UITSTAP, GEFINANCIERD = PRACTICE + "uitstap", PRACTICE + "gefinancierd"
LEUVEN, TIENEN = "24062", "24107"

# Organisations and practices of the note, no offer yet: Handle with care initiated in Brugge.
NOTE = """
@prefix rol: <https://w3id.org/overhoop/id/concept/rol/> .
@prefix d: <https://w3id.org/overhoop/id/deelname/> .
o:stad-brugge a org:Organization ; skos:prefLabel "Stad Brugge"@nl ; dct:spatial gem:31005 .
o:huis-leuven a org:Organization ; skos:prefLabel "Huis van het Kind Leuven"@nl ; dct:spatial gem:24062 .
o:gentse-vzw a org:Organization ; skos:prefLabel "Gentse vzw"@nl ; dct:spatial gem:44021 .
o:agentschap a org:Organization ; skos:prefLabel "Een agentschap"@nl ;
    dct:spatial <https://w3id.org/overhoop/id/gewest/vlaanderen> .
# The note's initiators are participations too, with the role initiatiefnemer.
pr:handle-with-care a oh:Practice ; skos:prefLabel "Handle with care"@nl ; oh:buildingBlock bs:b5 ;
    dct:audience dg:vaders ; oh:initiatedBy o:stad-brugge ; cv:hasParticipation d:handle-with-care--stad-brugge .
d:handle-with-care--stad-brugge a cv:Participation ; cv:hasParticipant o:stad-brugge ; cv:role rol:initiatiefnemer .
pr:overal a oh:Practice ; skos:prefLabel "Overal"@nl ; oh:buildingBlock bs:b2 ; dct:audience dg:ouders ;
    oh:initiatedBy o:agentschap .
pr:uitstap a oh:Practice ; skos:prefLabel "Uitstap"@nl ; oh:buildingBlock bs:b3 ; dct:audience dg:0-3-jaar ;
    oh:initiatedBy o:gentse-vzw .
pr:gefinancierd a oh:Practice ; skos:prefLabel "Gefinancierd"@nl ; oh:buildingBlock bs:b4 ;
    dct:audience dg:autisme ; oh:initiatedBy o:gentse-vzw .
"""
# What the sheet 'praktijken' writes (graph/imports/rows.py), and one participation that is no offer.
OFFERS = """
# The audit's case.
pr:handle-with-care cv:hasParticipation d:huis-leuven--handle-with-care .
d:huis-leuven--handle-with-care a cv:Participation ; cv:hasParticipant o:huis-leuven ; cv:role rol:uitvoerder .
# A Flanders-wide practice offered in Leuven.
pr:overal cv:hasParticipation d:huis-leuven--overal .
d:huis-leuven--overal a cv:Participation ; cv:hasParticipant o:huis-leuven ; cv:role rol:uitvoerder .
# Offered by the Leuven house in Tienen, in the zone Zuidoost-Hageland.
pr:uitstap cv:hasParticipation d:huis-leuven--uitstap .
d:huis-leuven--uitstap a cv:Participation ; cv:hasParticipant o:huis-leuven ; cv:role rol:uitvoerder ;
    dct:spatial gem:24107 .
# Financed, not offered.
pr:gefinancierd cv:hasParticipation d:huis-leuven--gefinancierd .
d:huis-leuven--gefinancierd a cv:Participation ; cv:hasParticipant o:huis-leuven ; cv:role rol:financier .
"""
OFFERED_IN_LEUVEN = {HANDLE_WITH_CARE, OVERAL, UITSTAP}
THE_AUDITS_ROW = "organisatie;praktijk;sinds\nHuis van het Kind Leuven;Handle with care;2024-03-01"


@pytest.fixture(scope="module")
def offers():
    return store_with(NOTE + OFFERS)


def cell(matrix: dict, doelgroep: str, bouwsteen: str) -> dict:
    return next(c for c in matrix["cells"]
                if c["doelgroep"] == DOELGROEP + doelgroep and c["bouwsteen"] == BOUWSTEEN + bouwsteen)


# --- which zones ------------------------------------------------------------------------------

def test_a_practice_an_organisation_of_the_zone_offers_is_local_there(offers):
    assert lookup.zone_practices(offers, "leuven")[HANDLE_WITH_CARE] == "lokaal"


def test_an_offered_practice_is_in_the_zones_of_its_initiator_and_of_its_offer_only(offers):
    having = {zone["id"] for zone in lookup.list_zones(offers)
              if HANDLE_WITH_CARE in lookup.zone_practices(offers, zone["id"])}
    assert having == {"brugge", "leuven"}


def test_a_flanders_wide_practice_offered_in_the_zone_is_local_there_and_flanders_wide_elsewhere(offers):
    assert lookup.zone_practices(offers, "leuven")[OVERAL] == "lokaal"
    assert lookup.zone_practices(offers, "gent")[OVERAL] == "vlaanderen"
    assert OVERAL in lookup.flanders_wide_practices(offers)


def test_an_offer_in_a_municipality_of_another_zone_is_local_in_that_zone_too(offers):
    assert lookup.zone_practices(offers, "zuidoost-hageland")[UITSTAP] == "lokaal"
    assert lookup.zone_practices(offers, "leuven")[UITSTAP] == "lokaal"


def test_a_participation_with_another_role_is_no_local_offer(offers):
    assert GEFINANCIERD not in lookup.zone_practices(offers, "leuven")
    assert GEFINANCIERD not in {item["iri"] for item in lookup.search_practices(
        offers, lookup.Filters(municipality=LEUVEN))["items"]}


# --- the zone page, the search, the coverage table and the profile agree ------------------------

def test_the_zone_page_lists_and_counts_the_offered_practices_as_local(offers):
    detail = lookup.zone_detail(offers, "leuven", limit=50)
    assert {item["iri"]: item["scope"] for item in detail["practices"]} == dict.fromkeys(OFFERED_IN_LEUVEN, "lokaal")
    assert (detail["practices_total"], detail["practices_local"]) == (3, 3)


def test_the_zone_search_finds_what_the_zone_page_lists(offers):
    detail = lookup.zone_detail(offers, "leuven", limit=50)
    found = lookup.search_practices(offers, lookup.Filters(zone="leuven"))
    assert [item["iri"] for item in found["items"]] == [item["iri"] for item in detail["practices"]]
    assert found["total"] == detail["practices_total"]


def test_the_municipality_search_finds_the_practices_an_organisation_there_offers(offers):
    found = lookup.search_practices(offers, lookup.Filters(municipality=LEUVEN))
    assert {item["iri"] for item in found["items"]} == OFFERED_IN_LEUVEN


def test_the_municipality_search_finds_a_practice_offered_in_that_municipality(offers):
    found = lookup.search_practices(offers, lookup.Filters(municipality=TIENEN))
    assert [item["iri"] for item in found["items"]] == [UITSTAP]


def test_the_coverage_cell_of_an_offered_practice_counts_it_as_local(offers):
    matrix = coverage_matrix(offers, "leuven")
    assert [(cell(matrix, d, "b5")["count"], cell(matrix, d, "b5")["local"]) for d in ("vaders", "ouders")] == [
        (1, 1), (1, 1)]
    assert cell(matrix, "vaders", "b5")["practices"] == [HANDLE_WITH_CARE]


@pytest.mark.parametrize("zone", ["leuven", "zuidoost-hageland", "brugge"])
def test_every_coverage_cell_lists_what_its_search_finds(offers, zone):
    matrix = coverage_matrix(offers, zone)
    for c in matrix["cells"]:
        found = lookup.search_practices(offers, lookup.Filters(zone=zone, doelgroep=c["doelgroep"],
                                                               bouwsteen=c["bouwsteen"]))
        assert c["practices"] == [item["iri"] for item in found["items"]], (c["doelgroep"], c["bouwsteen"])
    assert matrix["practices"] == lookup.zone_detail(offers, zone)["practices_total"]


def test_the_zone_profile_counts_the_offered_practices(offers):
    profile = zone_profile(offers, ZONE + "leuven")
    assert profile["figures"]["practices"] == 3
    assert {"doelgroep": DOELGROEP + "vaders", "bouwsteen": BOUWSTEEN + "b5", "count": 1,
            "median": 0} in profile["cells"]


def test_the_json_api_serves_the_zone_its_coverage_and_its_search_alike(offers):
    app = create_app("memory")
    app.state.store = offers
    client = TestClient(app)
    zone = client.get("/api/zones/leuven").json()
    coverage = client.get("/api/zones/leuven/coverage").json()
    found = client.get("/api/practices", params={"zone": "leuven"}).json()
    assert {item["iri"]: item["scope"] for item in zone["practices"]} == dict.fromkeys(OFFERED_IN_LEUVEN, "lokaal")
    assert zone["practices_total"] == zone["practices_local"] == coverage["practices"] == found["total"] == 3
    assert zone["coverage"] == coverage


def test_the_zone_page_tags_the_offered_practice_as_local(offers):
    app = create_app("memory")
    app.state.store = offers
    page = TestClient(app).get("/zone/leuven").text
    assert 'Handle with care</a> <span class="tag">lokaal</span>' in page


def test_practice_scopes_calls_a_practice_offered_in_the_given_places_local(offers):
    rows = offers.select(prepared("practice_scopes", practice=[URIRef(HANDLE_WITH_CARE), URIRef(OVERAL),
                                                                URIRef(GEFINANCIERD)],
                                  place=[URIRef("https://data.vlaanderen.be/id/gemeente/" + LEUVEN)]))
    assert {row["practice"]: (row["local"], row["tied"]) for row in rows} == {
        HANDLE_WITH_CARE: ("1", "1"), OVERAL: ("1", "0"), GEFINANCIERD: ("0", "1")}


# --- what an import declares changed, and the kept answers ----------------------------------------

def test_a_change_to_an_offered_practice_reaches_the_zone_of_the_organisation_offering_it(offers):
    changed = Graph()
    changed.add((URIRef(HANDLE_WITH_CARE), DCTERMS.audience, URIRef(DOELGROEP + "moeders")))
    assert {ZONE + "leuven", ZONE + "brugge"} <= parts_reached(offers, changed)


def _kept_equal_fresh(store, zone: str) -> set[str]:
    """Compare the kept answers about ``zone`` with fresh ones; return the zone's practices."""
    for function, args in ((lookup.zone_practices, (zone,)), (lookup.zone_detail, (zone, 50, 0)),
                           (coverage_matrix, (zone,)),
                           (lookup.search_practices, (lookup.Filters(zone=zone), 50, 0))):
        assert function(store, *args) == function.__wrapped__(store, *args), function.__name__
    return set(lookup.zone_practices(store, zone))


def test_the_audits_import_declares_the_zone_of_the_organisation_offering_the_practice():
    store = store_with(NOTE)
    before = store.cache_token()
    plan = preview(store, csv_bytes(THE_AUDITS_ROW), "praktijken.csv", agent="coordinator-leuven")
    assert plan.ok, plan.summary()
    apply(store, plan)
    assert ZONE + "leuven" in store.parts_written_since(before)
    assert ZONE + "gent" not in store.parts_written_since(before)


def test_kept_zone_answers_show_an_imported_offer_and_lose_it_with_its_withdrawal():
    store = store_with(NOTE)
    assert HANDLE_WITH_CARE not in _kept_equal_fresh(store, "leuven")
    plan = preview(store, csv_bytes(THE_AUDITS_ROW), "praktijken.csv", agent="coordinator-leuven")
    contribution = apply(store, plan)
    assert HANDLE_WITH_CARE in _kept_equal_fresh(store, "leuven")
    withdraw(store, contribution.id)
    assert HANDLE_WITH_CARE not in _kept_equal_fresh(store, "leuven")


def test_the_partner_finder_does_not_suggest_a_practice_the_asker_already_offers(offers):
    suggested = {p["iri"] for p in find_partners(offers, org="huis-leuven", limit=50)["practices"]}
    assert not suggested & OFFERED_IN_LEUVEN
