"""The coverage matrix of a zone counts what the search lists: a doelgroep includes its narrower ones."""

import pytest

from graph import lookup
from graph.analysis.zone_profile import zone_profile
from graph.coverage import coverage_matrix
from tests.api_fixtures import store_with

GENT = "https://w3id.org/overhoop/id/eerstelijnszone/gent"
DOELGROEP = "https://w3id.org/overhoop/id/concept/doelgroep/"
BOUWSTEEN = "https://w3id.org/overhoop/id/concept/bouwsteen/"

# Three practices of one organisation in Gent, each naming narrower doelgroepen only.
NARROWER_ONLY = """
o:creche-de-wieg a org:Organization ; skos:prefLabel "Crèche De Wieg"@nl ; dct:spatial gem:44021 .
pr:peuterpraat a oh:Practice ; skos:prefLabel "Peuterpraat"@nl ; oh:buildingBlock bs:b2 ;
    dct:audience dg:0-3-jaar , dg:3-6-jaar ; oh:initiatedBy o:creche-de-wieg .
pr:samen-sterk a oh:Practice ; skos:prefLabel "Samen sterk"@nl ; oh:buildingBlock bs:b6 ;
    dct:audience dg:autisme ; oh:initiatedBy o:creche-de-wieg .
pr:papa-cafe a oh:Practice ; skos:prefLabel "Papa-café"@nl ; oh:buildingBlock bs:b4 ;
    dct:audience dg:vaders ; oh:initiatedBy o:creche-de-wieg .
"""


@pytest.fixture(scope="module")
def small():
    return store_with(NARROWER_ONLY)


def cell(matrix: dict, doelgroep: str, bouwsteen: str) -> dict:
    return next(c for c in matrix["cells"]
                if c["doelgroep"] == DOELGROEP + doelgroep and c["bouwsteen"] == BOUWSTEEN + bouwsteen)


def test_a_parent_doelgroep_counts_the_practices_of_its_narrower_ones(small):
    matrix = coverage_matrix(small, GENT)
    assert cell(matrix, "0-3-jaar", "b2")["count"] == 1
    assert cell(matrix, "leeftijd", "b2")["practices"] == ["https://w3id.org/overhoop/id/praktijk/peuterpraat"]
    assert cell(matrix, "ouders", "b4")["count"] == 1


def test_a_parent_row_counts_a_practice_once_when_it_names_two_narrower_doelgroepen(small):
    leeftijd = cell(coverage_matrix(small, GENT), "leeftijd", "b2")
    assert (leeftijd["count"], leeftijd["local"]) == (1, 1)


def test_a_doelgroep_two_levels_down_counts_for_the_top_row(small):
    matrix = coverage_matrix(small, GENT)
    assert [cell(matrix, name, "b6")["count"] for name in ("autisme", "beperking", "specifieke-situatie")] == [1, 1, 1]


def test_a_parent_row_with_narrower_practices_is_not_listed_as_a_gap(small):
    empty = coverage_matrix(small, GENT)["empty"]
    assert {"doelgroep": DOELGROEP + "specifieke-situatie", "bouwsteen": BOUWSTEEN + "b6"} not in empty
    assert {"doelgroep": DOELGROEP + "specifieke-situatie", "bouwsteen": BOUWSTEEN + "b4"} in empty


def test_the_counts_do_not_spill_into_other_rows_or_columns(small):
    counted = {(c["doelgroep"].removeprefix(DOELGROEP), c["bouwsteen"].removeprefix(BOUWSTEEN))
               for c in coverage_matrix(small, GENT)["cells"] if c["count"]}
    assert counted == {("leeftijd", "b2"), ("0-3-jaar", "b2"), ("3-6-jaar", "b2"),
                       ("specifieke-situatie", "b6"), ("beperking", "b6"), ("autisme", "b6"),
                       ("ouders", "b4"), ("vaders", "b4")}


def test_the_zone_profile_counts_parent_rows_as_covered(small):
    profile = zone_profile(small, GENT)
    assert profile["figures"]["covered_cells"] == 8
    assert {"doelgroep": DOELGROEP + "ouders", "bouwsteen": BOUWSTEEN + "b4", "count": 1,
            "median": 0} in profile["cells"]


def test_leuven_specific_situations_under_b6_counts_the_13_practices_the_search_finds(built_store):
    found = lookup.search_practices(built_store, lookup.Filters(zone="leuven", doelgroep="specifieke-situatie",
                                                                bouwsteen="b6"), limit=100)
    specific = cell(coverage_matrix(built_store, "leuven"), "specifieke-situatie", "b6")
    assert specific["count"] == found["total"] == 13
    assert specific["practices"] == sorted(item["iri"] for item in found["items"])


@pytest.mark.parametrize("zone", ["leuven", "gent", "amalo"])
def test_every_cell_counts_the_practices_its_search_link_lists(built_store, zone):
    matrix = coverage_matrix(built_store, zone)
    searched = [lookup.search_practices(built_store, lookup.Filters(zone=zone, doelgroep=c["doelgroep"],
                                                                    bouwsteen=c["bouwsteen"]), limit=0)["total"]
                for c in matrix["cells"]]
    assert [c["count"] for c in matrix["cells"]] == searched
    assert any(searched)
