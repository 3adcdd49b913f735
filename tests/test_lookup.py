"""Looking things up: zones, municipalities, filtered lists, details and the coverage matrix."""

import pytest

from graph import lookup
from graph.coverage import coverage_matrix
from tests.api_fixtures import store_with

GENT = "https://w3id.org/overhoop/id/eerstelijnszone/gent"

SMALL = """
o:creche-de-wieg a org:Organization ; skos:prefLabel "Crèche De Wieg"@nl ; oh:searchText "creche de wieg" ;
    cv:sector sec:kinderopvang ; org:classification ot:kinderopvang ; dct:spatial gem:44021 .
o:caw-oost a org:Organization ; skos:prefLabel "CAW Oost"@nl ; oh:searchText "caw oost" ;
    cv:sector sec:welzijn ; org:classification ot:caw ; dct:spatial gem:11002 .
pr:zwanger-en-daarna a oh:Practice ; skos:prefLabel "Zwanger en daarna"@nl ; oh:searchText "zwanger en daarna" ;
    oh:buildingBlock bs:b2 ; dct:audience dg:prenataal , dg:0-3-jaar ;
    oh:minAgeMonths -9 ; oh:maxAgeMonths 24 ; oh:initiatedBy o:creche-de-wieg .
pr:tienerpraat a oh:Practice ; skos:prefLabel "Tienerpraat"@nl ; oh:searchText "tienerpraat" ;
    oh:buildingBlock bs:b4 ; dct:audience dg:12-14-jaar ; oh:minAgeMonths 144 ; oh:maxAgeMonths 168 ;
    oh:initiatedBy o:caw-oost .
"""


@pytest.fixture(scope="module")
def small():
    return store_with(SMALL)


def test_there_are_60_zones(built_store):
    assert len(lookup.list_zones(built_store)) == 60


def test_a_municipality_merged_in_2025_still_finds_its_zone(built_store):
    found = lookup.municipality_zones(built_store, "11007")
    assert found["label"] == "Borsbeek" and found["replaced"]
    assert found["current"]["label"] == "Antwerpen"
    assert found["zones"] and all(zone["id"].startswith(("antwerpen", "noord-antwerpen")) for zone in found["zones"])


def test_an_unknown_zone_says_where_to_find_the_ids(small):
    with pytest.raises(lookup.NotFound, match="/api/zones"):
        lookup.zone_info(small, "atlantis")


def test_age_0_to_3_finds_a_practice_from_pregnancy_to_two_years(small):
    found = lookup.search_practices(small, lookup.Filters(age="0-3"))
    assert [item["id"] for item in found["items"]] == ["zwanger-en-daarna"]
    assert (found["items"][0]["min_age_months"], found["items"][0]["max_age_months"]) == (-9, 24)


def test_age_ranges_are_half_open(small):
    assert lookup.search_practices(small, lookup.Filters(age="2-12"))["total"] == 0
    assert lookup.search_practices(small, lookup.Filters(age="2-12.5"))["total"] == 1


@pytest.mark.parametrize("text", ["3-0", "drie jaar", "-2-3", "0-99"])
def test_an_unreadable_or_empty_age_range_is_refused_in_dutch(text):
    with pytest.raises(ValueError, match="Leeftijd"):
        lookup.parse_age_range(text)


def test_search_ignores_accents_and_case(small):
    found = lookup.search_organisations(small, lookup.Filters(text="CRECHE"))
    assert [item["label"] for item in found["items"]] == ["Crèche De Wieg"]


def test_filters_combine(small):
    in_gent = lookup.Filters(zone="gent")
    assert [i["id"] for i in lookup.search_organisations(small, in_gent)["items"]] == ["creche-de-wieg"]
    welfare_in_gent = lookup.Filters(zone="gent", sector="welzijn")
    assert lookup.search_organisations(small, welfare_in_gent)["total"] == 0


def test_a_broad_organisation_type_finds_the_narrower_ones(small):
    found = lookup.search_organisations(small, lookup.Filters(organisation_type="welzijn"))
    assert [item["id"] for item in found["items"]] == ["caw-oost"]


def test_a_doelgroep_finds_practices_of_its_narrower_doelgroepen(small):
    found = lookup.search_practices(small, lookup.Filters(doelgroep="leeftijd"))
    assert found["total"] == 2


def test_pages_slice_the_sorted_list(small):
    first = lookup.search_practices(small, limit=1, offset=0)
    second = lookup.search_practices(small, limit=1, offset=1)
    assert first["total"] == second["total"] == 2
    assert [first["items"][0]["id"], second["items"][0]["id"]] == ["tienerpraat", "zwanger-en-daarna"]


def test_zone_practices_are_local_or_flanders_wide(small):
    scopes = lookup.zone_practices(small, GENT)
    assert scopes["https://w3id.org/overhoop/id/praktijk/zwanger-en-daarna"] == "lokaal"
    assert "https://w3id.org/overhoop/id/praktijk/tienerpraat" not in scopes


def test_coverage_counts_practices_per_doelgroep_and_bouwsteen(small):
    matrix = coverage_matrix(small, GENT)
    assert len(matrix["cells"]) == len(matrix["doelgroepen"]) * len(matrix["bouwstenen"]) == len(matrix["doelgroepen"]) * 8
    counted = {(c["doelgroep"].rsplit("/", 1)[1], c["bouwsteen"].rsplit("/", 1)[1]): c["count"]
               for c in matrix["cells"] if c["count"]}
    # The broad row (leeftijd) counts the practice of its narrower doelgroepen once, as the search does.
    assert counted == {("prenataal", "b2"): 1, ("0-3-jaar", "b2"): 1, ("leeftijd", "b2"): 1}
    assert len(matrix["empty"]) == len(matrix["cells"]) - 3


def test_practice_detail_quotes_its_passage_of_the_note(built_store):
    detail = lookup.practice_detail(built_store, "forumtheater")
    assert detail["sources"], "a practice of the note cites its lines"
    first = detail["sources"][0]
    assert first["to_line"] - first["from_line"] + 1 == len(first["text"].splitlines())
    assert any("Forumtheater" in passage["text"] or "forumtheater" in passage["text"].lower()
               for passage in detail["sources"])


def test_quoted_lines_are_one_based_and_inclusive():
    lines = lookup.SEED_TEXT.read_text(encoding="utf-8").splitlines()
    quoted = lookup.source_passages(["https://w3id.org/overhoop/id/bron/inspiratienota#line=2,3"])
    assert quoted[0]["text"] == "\n".join(lines[1:3])


def test_text_that_tries_to_break_out_of_the_query_changes_nothing(small):
    before = small.graph_sizes()
    found = lookup.search_organisations(small, lookup.Filters(text='x" } ; DROP ALL ; {'))
    assert found["total"] == 0
    assert small.graph_sizes() == before


def test_an_iri_that_tries_to_break_out_is_refused(small):
    before = small.graph_sizes()
    with pytest.raises((ValueError, lookup.NotFound)):
        lookup.zone_detail(small, "gent> } ; DROP ALL ; { <x")
    with pytest.raises((ValueError, lookup.NotFound)):
        lookup.organisation_detail(small, "https://w3id.org/overhoop/id/organisatie/x> ?p ?o } #")
    assert small.graph_sizes() == before


NEW_IN_GENT = """INSERT DATA { GRAPH <https://w3id.org/overhoop/graph/test> {
  <https://w3id.org/overhoop/id/organisatie/buurtwerk-gent> a <http://www.w3.org/ns/org#Organization> ;
    <http://purl.org/dc/terms/spatial> <https://data.vlaanderen.be/id/gemeente/44021> } }"""


def test_an_organisation_added_after_a_search_is_in_the_next_unfiltered_list():
    store = store_with(SMALL)
    assert lookup.search_organisations(store)["total"] == 2
    store.update(NEW_IN_GENT)
    assert "buurtwerk-gent" in [item["id"] for item in lookup.search_organisations(store)["items"]]


def test_an_organisation_added_after_a_search_is_found_in_its_zone():
    store = store_with(SMALL)
    in_gent = lookup.Filters(zone="gent")
    assert lookup.search_organisations(store, in_gent)["total"] == 1
    store.update(NEW_IN_GENT)
    assert [item["id"] for item in lookup.search_organisations(store, in_gent)["items"]] == [
        "buurtwerk-gent", "creche-de-wieg"]


def test_a_text_search_finds_an_organisation_written_after_the_previous_search():
    store = store_with(SMALL)
    assert lookup.search_organisations(store, lookup.Filters(text="buurtwerk"))["total"] == 0
    store.update(NEW_IN_GENT.replace("<http://purl.org/dc/terms/spatial>",
                                     '<https://w3id.org/overhoop/ns#searchText> "buurtwerk gent" ;\n    '
                                     "<http://purl.org/dc/terms/spatial>"))
    assert [item["id"] for item in lookup.search_organisations(store, lookup.Filters(text="Buurtwerk"))["items"]] == [
        "buurtwerk-gent"]


def test_a_text_search_keeps_organisations_and_practices_apart(small):
    assert [item["id"] for item in lookup.search_practices(small, lookup.Filters(text="daarna"))["items"]] == [
        "zwanger-en-daarna"]
    assert lookup.search_organisations(small, lookup.Filters(text="daarna"))["total"] == 0


def test_a_text_search_finds_quoted_words_in_a_practice_description():
    store = store_with(SMALL.replace('oh:searchText "tienerpraat"',
                                     r'oh:searchText "tienerpraat, niet meer \"voor\" maar \"met\" jongeren"'))
    assert [item["id"] for item in lookup.search_practices(store, lookup.Filters(text='"met" jongeren'))["items"]] == [
        "tienerpraat"]


def test_an_organisation_is_in_the_zone_of_its_municipality_or_in_the_zone_it_names():
    store = store_with(SMALL + """
o:zonewerking a org:Organization ; skos:prefLabel "Zonewerking"@nl ;
    dct:spatial <https://w3id.org/overhoop/id/eerstelijnszone/gent> .""")
    iris = [f"https://w3id.org/overhoop/id/organisatie/{slug}" for slug in ("creche-de-wieg", "zonewerking")]
    assert [[zone["id"] for zone in item["zones"]] for item in lookup.organisation_summaries(store, iris)] == [
        ["gent"], ["gent"]]


LINKED = SMALL + """
ref:caw-oost--creche-de-wieg--samenwerking a oh:Referral ; oh:referrer o:caw-oost ; oh:referredTo o:creche-de-wieg ;
    oh:referralKind <https://w3id.org/overhoop/id/concept/verbinding/samenwerking> .
ref:creche-de-wieg--caw-oost a oh:Referral ; oh:referrer o:creche-de-wieg ; oh:referredTo o:caw-oost .
"""


def test_organisation_links_give_the_kind_of_a_link_from_its_referral():
    links = lookup.organisation_links(store_with(LINKED), "https://w3id.org/overhoop/id/organisatie/caw-oost")
    assert [(link["kind"], link["kind_label"], link["kind_label_en"], link["direction"]) for link in links] == [
        ("doorverwijzing", "Doorverwijzing", "Referral", "in"), ("samenwerking", "Samenwerking", "Collaboration", "uit")]


def test_organisation_links_name_a_co_initiative_in_dutch_and_english():
    store = store_with(SMALL + "pr:tienerpraat oh:initiatedBy o:creche-de-wieg .")
    links = lookup.organisation_links(store, "https://w3id.org/overhoop/id/organisatie/caw-oost")
    assert [(link["id"], link["kind"], link["kind_label"], link["kind_label_en"], link["direction"])
            for link in links] == [("creche-de-wieg", "co-initiatief", "Co-initiatief", "Co-initiative", "beide")]
