"""Searching as people type: case, accents, hyphens and "&" versus "en" do not matter, and a
postcode leads to its municipality and zone. On the real graph."""

import pytest

from graph import lookup
from graph.imports import apply, preview
from graph.textnorm import search_key
from tests.api_fixtures import store_with
from tests.import_helpers import csv_bytes

GENT = "https://data.vlaanderen.be/id/gemeente/44021"


def organisation_labels(store, text: str) -> list[str]:
    found = lookup.search_organisations(store, lookup.Filters(text=text), limit=100)
    return [item["label"] for item in found["items"]]


def test_search_key_ignores_case_accents_hyphens_and_ampersand():
    assert search_key("Sint-Niklaas") == search_key("sint niklaas")
    assert search_key("Kind & Gezin") == search_key("kind en gezin") == search_key("KIND&GEZIN")
    assert search_key("Emmaüs") == search_key("emmaus")


def test_space_instead_of_hyphen_finds_the_organisation(built_store):
    assert "OverKop-huis Sint-Niklaas" in organisation_labels(built_store, "Sint Niklaas")


def test_hyphen_instead_of_space_finds_the_organisation(built_store):
    assert "OverKop-huis Sint-Niklaas" in organisation_labels(built_store, "overkop huis sint-niklaas")


def test_en_finds_an_organisation_written_with_ampersand(built_store):
    assert "Kind & Gezin" in organisation_labels(built_store, "Kind en Gezin")


def test_ampersand_finds_an_organisation_written_with_ampersand(built_store):
    assert "Kind & Gezin" in organisation_labels(built_store, "kind&gezin")


def test_accents_do_not_matter(built_store):
    assert "Jeugdzorg Emmaüs Antwerpen" in organisation_labels(built_store, "jeugdzorg emmaus")


def test_practice_search_ignores_hyphens_too(built_store):
    hyphenated = lookup.search_practices(built_store, lookup.Filters(text="consultatiebureau-artsen"))
    spaced = lookup.search_practices(built_store, lookup.Filters(text="consultatiebureau artsen"))
    assert hyphenated["total"] and spaced["total"] == hyphenated["total"]


def test_en_finds_an_imported_organisation_written_with_ampersand(fresh_store):
    # Imports write the search text from the name's slug, which drops the "&".
    organisations = "naam;type;sector;gemeente;postcode;fictief\nFictief Kind & Gezin Zonnedorp;;;Leuven;;ja\n"
    apply(fresh_store, preview(fresh_store, csv_bytes(organisations), "organisaties.csv"))
    assert "Fictief Kind & Gezin Zonnedorp" in organisation_labels(fresh_store, "kind en gezin zonnedorp")


def test_zone_is_found_with_a_space_instead_of_a_hyphen(built_store):
    assert [zone["label"] for zone in lookup.find_zones(built_store, "noord limburg")] == ["Noord-Limburg"]


def test_text_without_words_finds_no_zone(built_store):
    assert lookup.find_zones(built_store, " & ") == []


def test_municipality_is_found_with_a_space_instead_of_a_hyphen(built_store):
    assert lookup.find_municipality(built_store, "sint niklaas") == lookup.find_municipality(built_store, "Sint-Niklaas")


def test_name_shared_with_a_ceased_municipality_finds_the_current_one(built_store):
    found = lookup.municipality_zones(built_store, lookup.slug_of(lookup.find_municipality(built_store, "Hasselt")))
    assert not found["replaced"] and found["current"]["label"] == "Hasselt"


def test_postcode_finds_its_municipality_and_zone(built_store):
    assert lookup.find_municipality(built_store, "9000") == GENT
    assert [zone["id"] for zone in lookup.municipality_zones(built_store, "44021")["zones"]] == ["gent"]


def test_postcode_of_a_merged_municipality_finds_the_new_one(built_store):
    found = lookup.municipality_zones(built_store, lookup.slug_of(lookup.find_municipality(built_store, "2150")))
    assert found["current"]["label"] == "Antwerpen"


def test_postcode_of_two_municipalities_names_both(built_store):
    with pytest.raises(lookup.NotFound, match="Brussel.*Etterbeek"):
        lookup.find_municipality(built_store, "1040")


def test_postcode_outside_flanders_and_brussels_says_so(built_store):
    with pytest.raises(lookup.NotFound, match="niet in Vlaanderen of Brussel"):
        lookup.find_municipality(built_store, "4000")


def test_unknown_postcode_says_so(built_store):
    with pytest.raises(lookup.NotFound, match="bestaat niet in België"):
        lookup.find_municipality(built_store, "0001")


def test_zone_picker_takes_a_postcode(client):
    response = client.get("/zone?gemeente=9000", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zone/gent"


def test_search_page_shows_the_municipality_of_a_postcode(client):
    text = client.get("/zoeken?q=3000").text
    assert "Leuven" in text and "/eerstelijnszone/leuven\"" in text


def test_organisation_list_filters_by_postcode(built_store):
    by_postcode = lookup.search_organisations(built_store, lookup.Filters(municipality="9000"))
    by_code = lookup.search_organisations(built_store, lookup.Filters(municipality="44021"))
    assert by_postcode["total"] and by_postcode == by_code


def test_search_page_lists_a_zone_typed_with_a_space_for_its_hyphen(client):
    assert 'href="/id/eerstelijnszone/noord-limburg"' in client.get("/zoeken", params={"q": "noord limburg"}).text


def test_zones_are_listed_by_name_whatever_the_case(built_store):
    labels = [zone["label"] for zone in lookup.list_zones(built_store)]
    assert labels.index("Regio Aalst") < labels.index("RITS")
    assert labels == sorted(labels, key=str.casefold)


def test_a_name_in_which_the_word_starts_a_word_comes_before_one_that_holds_it_inside_a_word():
    store = store_with("""
o:a-kinderopvang-zonnetje a org:Organization ; skos:prefLabel "Kinderopvang Zonnetje"@nl ;
    oh:searchText "kinderopvang zonnetje" .
o:z-opvang-de-wiekslag a org:Organization ; skos:prefLabel "Opvang De Wiekslag"@nl ;
    oh:searchText "opvang de wiekslag" .
""")
    assert organisation_labels(store, "opvang") == ["Opvang De Wiekslag", "Kinderopvang Zonnetje"]
    assert organisation_labels(store, "zon") == ["Kinderopvang Zonnetje"]
