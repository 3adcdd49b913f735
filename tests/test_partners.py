"""The partner finder: who is suggested, who is left out, and why."""

import pytest

from graph import partners
from graph.lookup import NotFound
from graph.partners import find_askers, find_partners
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
    assert "Werkt met de gevraagde doelgroep: Prenataal (zwangerschap)." in [r["nl"] for r in reasons]


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
    found = find_partners(alliance, org="hvhk-gent", age="-3m-6m")
    codes = {item["id"]: {reason["code"] for reason in item["reasons"]} for item in found["organisations"]}
    assert "leeftijd" in codes["vroedvrouwen-gent"] and "leeftijd" in codes["kinderopvang-vlaanderen"]
    assert "doelgroep" not in codes["vroedvrouwen-gent"]


def test_practices_are_suggested_but_not_the_askers_own(alliance):
    found = find_partners(alliance, org="hvhk-gent", doelgroepen=["prenataal"])
    assert ids(found["practices"])[:2] == ["prenatale-steun", "zwangerschapsbegeleiding"]
    assert "ouderpraat" not in ids(found["practices"])
    by_partner = found["practices"][0]
    assert "Jouw partner CAW Gent is initiatiefnemer." in [reason["nl"] for reason in by_partner["reasons"]]


def test_a_practice_missing_from_the_kept_traits_is_still_ranked(alliance, monkeypatch):
    # As after an import that lands between reading the zone's practices and its kept traits.
    kept = partners._found_partners(alliance, "hvhk-gent", None, None, None, (), None, None, 20)
    monkeypatch.setattr(partners, "_zone_practice_traits", lambda store, zones: {})
    fresh = partners._found_partners(alliance, "hvhk-gent", None, None, None, (), None, None, 20)
    assert fresh["practices"] == kept["practices"] and kept["practices"]


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


# What the note adds around such an alliance: a group it names as initiator (no one to contact),
# a federal body, a Huis van het Kind the graph has no place for, and a second one in Gent.
NOTE_AND_NEWCOMERS = """
o:lokale-besturen a org:Organization, oh:ActorGroup ; skos:prefLabel "lokale besturen"@nl .
pr:buurtwerk-armoede a oh:Practice ; skos:prefLabel "Buurtwerk tegen armoede"@nl ; oh:buildingBlock bs:b3 ;
    dct:audience dg:armoede ; oh:initiatedBy o:lokale-besturen .
o:federale-dienst a org:Organization ; skos:prefLabel "Federale dienst"@nl ; cv:sector sec:overheid ;
    dct:spatial <http://publications.europa.eu/resource/authority/country/BEL> .
pr:leefloon-gezinnen a oh:Practice ; skos:prefLabel "Leefloon voor gezinnen"@nl ; oh:buildingBlock bs:b2 ;
    dct:audience dg:armoede ; oh:initiatedBy o:federale-dienst .
o:hvhk-zonder-plaats a org:Organization ; skos:prefLabel "Huis van het Kind zonder plaats"@nl ;
    org:classification ot:huis-van-het-kind .
"""


@pytest.fixture(scope="module")
def with_the_note():
    return store_with(ALLIANCE + NOTE_AND_NEWCOMERS)


def test_a_group_the_note_names_as_initiator_is_never_suggested(with_the_note):
    found = find_partners(with_the_note, municipality="Gent", organisation_type="caw", doelgroepen=["armoede"])
    assert "lokale-besturen" not in ids(found["organisations"])
    assert "buurtwerk-armoede" in ids(found["practices"]), "its practice still is"


def test_a_group_the_note_names_as_initiator_gets_no_partners_of_its_own(with_the_note):
    with pytest.raises(ValueError, match="groep van organisaties"):
        find_partners(with_the_note, org="lokale-besturen", doelgroepen=["armoede"])


def test_a_body_placed_in_belgium_works_across_belgium_not_only_flanders(with_the_note):
    found = find_partners(with_the_note, municipality="Gent", organisation_type="caw", doelgroepen=["armoede"])
    federal = next(item for item in found["organisations"] if item["id"] == "federale-dienst")
    assert "Werkt in heel België." in [reason["nl"] for reason in federal["reasons"]]
    assert "vlaanderen" not in {reason["code"] for reason in federal["reasons"]}


def test_asking_by_place_and_type_names_who_may_be_the_asker_and_does_not_suggest_it(with_the_note):
    found = find_partners(with_the_note, municipality="Gent", organisation_type="huis-van-het-kind")
    assert ids(found["asker"]["maybe"]) == ["hvhk-gent"]
    assert "hvhk-gent" not in ids(found["organisations"])


def test_an_organisation_without_a_place_is_looked_for_around_the_municipality_given(with_the_note):
    nowhere = find_partners(with_the_note, org="hvhk-zonder-plaats")
    around_gent = find_partners(with_the_note, org="hvhk-zonder-plaats", municipality="9000")
    assert nowhere["asker"]["zones"] == [] and nowhere["organisations"] == []
    assert [zone["id"] for zone in around_gent["asker"]["zones"]] == ["gent"]
    assert "vroedvrouwen-gent" in ids(around_gent["organisations"])


def test_an_age_group_within_the_age_asked_is_the_group_asked_for(alliance):
    found = find_partners(alliance, org="hvhk-gent", age="0-3")
    flemish = next(item for item in found["organisations"] if item["id"] == "kinderopvang-vlaanderen")
    assert "Werkt met de gevraagde doelgroep: Baby's en peuters (0-3 jaar)." in [r["nl"] for r in flemish["reasons"]]


def test_asking_by_place_and_type_leaves_out_every_organisation_of_that_type_there(with_the_note):
    found = find_partners(with_the_note, municipality="Gent", organisation_type="huis-van-het-kind")
    assert found["asker"]["maybe_total"] == len(found["asker"]["maybe"]) == 1


def test_a_name_in_which_every_word_starts_a_word_comes_before_one_that_only_contains_them():
    store = store_with(ALLIANCE + """
o:a-kinderopvang-zonnehuis-gent a org:Organization ; skos:prefLabel "Kinderopvang Het Zonnehuis Gent"@nl ;
    oh:searchText "kinderopvang het zonnehuis gent" .
o:hvhk-gent oh:searchText "huis van het kind gent" .
""")
    assert [item["id"] for item in find_askers(store, "huis van het kind")] == [
        "hvhk-gent", "a-kinderopvang-zonnehuis-gent"]


# Two organisations the graph has no place for: one serving prenatal care, one a partner of the
# asker's partner; and one in Antwerp that is that partner's partner too.
PLACED_NOWHERE = """
o:vroedvrouwenlijn a org:Organization ; skos:prefLabel "Vroedvrouwenlijn"@nl ; dct:audience dg:prenataal .
o:opvoedingslijn a org:Organization ; skos:prefLabel "Opvoedingslijn"@nl .
ref:caw--opvoedingslijn a oh:Referral ; oh:referrer o:caw-gent ; oh:referredTo o:opvoedingslijn ;
    dct:audience dg:ouders .
ref:caw--antwerpen a oh:Referral ; oh:referrer o:caw-gent ; oh:referredTo o:vroedvrouwen-antwerpen ;
    dct:audience dg:ouders .
"""


@pytest.fixture(scope="module")
def with_unplaced():
    return store_with(ALLIANCE + PLACED_NOWHERE)


def test_an_organisation_placed_nowhere_that_serves_the_doelgroep_is_suggested_anywhere(with_unplaced):
    found = find_partners(with_unplaced, org="hvhk-gent", doelgroepen=["prenataal"])
    assert "vroedvrouwenlijn" in ids(found["organisations"])


def test_a_partner_of_a_partner_placed_nowhere_is_suggested_but_not_one_in_another_province(with_unplaced):
    found = find_partners(with_unplaced, org="hvhk-gent", doelgroepen=["prenataal"])
    helpline = next(item for item in found["organisations"] if item["id"] == "opvoedingslijn")
    assert "Partner van jouw partner CAW Gent." in [reason["nl"] for reason in helpline["reasons"]]
    assert "vroedvrouwen-antwerpen" not in ids(found["organisations"])


def test_an_asker_without_a_zone_hears_of_partners_of_partners_wherever_they_are():
    store = store_with(ALLIANCE + PLACED_NOWHERE + """
o:hvhk-zonder-plaats a org:Organization ; skos:prefLabel "Huis van het Kind zonder plaats"@nl .
ref:hvhk--caw-zonder-plaats a oh:Referral ; oh:referrer o:hvhk-zonder-plaats ; oh:referredTo o:caw-gent ;
    dct:audience dg:ouders .
""")
    found = find_partners(store, org="hvhk-zonder-plaats", doelgroepen=["prenataal"])
    assert {"vroedvrouwen-antwerpen", "opvoedingslijn", "school-gent"} <= set(ids(found["organisations"]))
