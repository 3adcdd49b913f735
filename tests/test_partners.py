"""The partner finder: who is suggested, who is left out, and why."""

import pytest

from graph.lookup import NotFound
from graph.partners import find_partners
from tests.api_fixtures import store_with

# A Huis van het Kind in Gent, one partner it already refers to, and organisations around them.
ALLIANCE = """
o:hvhk-gent a org:Organization ; skos:prefLabel "Huis van het Kind Gent"@nl ; org:classification ot:huis-van-het-kind ;
    cv:sector sec:welzijn ; dct:spatial gem:44021 .
pr:ouderpraat a oh:Practice ; skos:prefLabel "Ouderpraat"@nl ; oh:buildingBlock bs:b1 ; dct:audience dg:ouders ;
    oh:initiatedBy o:hvhk-gent .

o:vroedvrouwen-gent a org:Organization ; skos:prefLabel "Vroedvrouwen Gent"@nl ; org:classification ot:vroedvrouw ;
    cv:sector sec:gezondheid ; dct:spatial gem:44021 .
pr:zwangerschapsbegeleiding a oh:Practice ; skos:prefLabel "Zwangerschapsbegeleiding"@nl ; oh:buildingBlock bs:b2 ;
    dct:audience dg:prenataal ; oh:initiatedBy o:vroedvrouwen-gent .

o:caw-gent a org:Organization ; skos:prefLabel "CAW Gent"@nl ; cv:sector sec:welzijn ; dct:spatial gem:44021 .
pr:prenatale-steun a oh:Practice ; skos:prefLabel "Prenatale steun"@nl ; oh:buildingBlock bs:b2 ;
    dct:audience dg:prenataal ; oh:initiatedBy o:caw-gent .
ref:hvhk--caw a oh:Referral ; oh:referrer o:hvhk-gent ; oh:referredTo o:caw-gent ; dct:audience dg:prenataal .

o:school-gent a org:Organization ; skos:prefLabel "Basisschool Gent"@nl ; cv:sector sec:onderwijs ; dct:spatial gem:44021 .
ref:caw--school a oh:Referral ; oh:referrer o:caw-gent ; oh:referredTo o:school-gent ; dct:audience dg:6-12-jaar .

o:vroedvrouwen-antwerpen a org:Organization ; skos:prefLabel "Vroedvrouwen Antwerpen"@nl ; cv:sector sec:gezondheid ;
    dct:spatial gem:11002 .
pr:antwerpse-zwangerschapsgroep a oh:Practice ; skos:prefLabel "Antwerpse zwangerschapsgroep"@nl ;
    oh:buildingBlock bs:b2 ; dct:audience dg:prenataal ; oh:initiatedBy o:vroedvrouwen-antwerpen .

o:kinderopvang-vlaanderen a org:Organization ; skos:prefLabel "Kinderopvang Vlaanderen"@nl ; cv:sector sec:kinderopvang ;
    dct:spatial <https://w3id.org/overhoop/id/gewest/vlaanderen> .
pr:babyklets a oh:Practice ; skos:prefLabel "Babyklets"@nl ; oh:buildingBlock bs:b3 ; dct:audience dg:0-3-jaar ;
    oh:initiatedBy o:kinderopvang-vlaanderen .
"""


@pytest.fixture(scope="module")
def alliance():
    return store_with(ALLIANCE)


def ids(items):
    return [item["id"] for item in items]


def test_already_linked_organisations_are_left_out(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    assert "caw-gent" not in ids(found["organisations"])
    assert "hvhk-gent" not in ids(found["organisations"])


def test_an_organisation_serving_the_doelgroep_in_the_same_zone_comes_first(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    best = found["organisations"][0]
    assert best["id"] == "vroedvrouwen-gent"
    assert {reason["code"] for reason in best["reasons"]} == {"doelgroep", "zone", "sector", "bouwsteen"}
    assert best["score"] == sum(reason["points"] for reason in best["reasons"])


def test_every_reason_is_written_in_dutch_and_english(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    reasons = [reason for item in found["organisations"] + found["practices"] for reason in item["reasons"]]
    assert reasons
    assert all(reason["nl"] and reason["en"] and reason["nl"] != reason["en"] for reason in reasons)
    assert "Werkt met dezelfde doelgroep: Prenataal (zwangerschap)." in [r["nl"] for r in reasons]


def test_a_partner_of_a_partner_is_suggested_and_named(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    school = next(item for item in found["organisations"] if item["id"] == "school-gent")
    assert "Partner van jouw partner CAW Gent." in [reason["nl"] for reason in school["reasons"]]


def test_an_organisation_in_another_zone_and_province_is_left_out(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    assert "vroedvrouwen-antwerpen" not in ids(found["organisations"])
    assert "antwerpse-zwangerschapsgroep" not in ids(found["practices"])


def test_a_flanders_wide_organisation_counts_as_nearby(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["0-3-jaar"])
    flemish = next(item for item in found["organisations"] if item["id"] == "kinderopvang-vlaanderen")
    assert "vlaanderen" in {reason["code"] for reason in flemish["reasons"]}


def test_an_overlapping_age_band_counts_as_a_weaker_reason(alliance):
    found = find_partners(alliance, org="hvhk-gent", age="-9m-6m")
    codes = {item["id"]: {reason["code"] for reason in item["reasons"]} for item in found["organisations"]}
    assert "leeftijd" in codes["vroedvrouwen-gent"] and "leeftijd" in codes["kinderopvang-vlaanderen"]
    assert "doelgroep" not in codes["vroedvrouwen-gent"]


def test_practices_are_suggested_but_not_the_askers_own(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    assert ids(found["practices"])[:2] == ["prenatale-steun", "zwangerschapsbegeleiding"]
    assert "ouderpraat" not in ids(found["practices"])
    by_partner = found["practices"][0]
    assert "Jouw partner CAW Gent is initiatiefnemer." in [reason["nl"] for reason in by_partner["reasons"]]


def test_an_organisation_not_in_the_graph_is_described_by_municipality_and_type(alliance):
    found = find_partners(alliance, municipality="Gent", organisation_type="huis-van-het-kind", sector="welzijn",
                          doelgroepen=["prenataal"])
    assert found["asker"]["iri"] is None and found["asker"]["zones"][0]["id"] == "gent"
    assert ids(found["organisations"])[0] == "vroedvrouwen-gent"
    assert "caw-gent" in ids(found["organisations"]), "nothing is linked to a newcomer yet"


def test_a_municipality_is_also_found_by_its_nis_code(alliance):
    by_code = find_partners(alliance, municipality="44021", organisation_type="caw", doelgroepen=["prenataal"])
    by_name = find_partners(alliance, municipality="gent", organisation_type="caw", doelgroepen=["prenataal"])
    assert ids(by_code["organisations"]) == ids(by_name["organisations"])


def test_an_unknown_asker_gets_a_dutch_message(alliance):
    with pytest.raises(NotFound, match="staat niet in de graaf"):
        find_partners(alliance, org="bestaat-niet", doelgroepen=["prenataal"])
    with pytest.raises(ValueError, match="gemeente en type"):
        find_partners(alliance, doelgroepen=["prenataal"])
