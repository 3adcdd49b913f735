"""Searching by municipality follows the 2025 mergers both ways: today's Antwerpen finds an
organisation still placed in Borsbeek (merged into it), and Borsbeek finds those of Antwerpen."""

import pytest

from graph.lookup import Filters, search_organisations, search_practices
from tests.api_fixtures import store_with

BORSBEEK, ANTWERPEN = "11007", "11002"
MERGED = """
o:huis-borsbeek a org:Organization ; skos:prefLabel "Huis Borsbeek"@nl ; dct:spatial gem:11007 .
o:caw-antwerpen a org:Organization ; skos:prefLabel "CAW Antwerpen"@nl ; dct:spatial gem:11002 .
pr:spel a oh:Practice ; skos:prefLabel "Spel"@nl ; oh:buildingBlock bs:b2 ; dct:audience dg:ouders ;
    oh:initiatedBy o:huis-borsbeek .
"""


@pytest.fixture(scope="module")
def merged():
    return store_with(MERGED)


def _organisations(store, nis: str) -> set[str]:
    return {o["label"] for o in search_organisations(store, Filters(municipality=nis), 50, 0)["items"]}


def test_todays_municipality_finds_the_organisations_of_one_that_merged_into_it(merged):
    assert _organisations(merged, ANTWERPEN) == {"Huis Borsbeek", "CAW Antwerpen"}


def test_a_merged_municipality_still_finds_the_organisations_of_its_successor(merged):
    assert _organisations(merged, BORSBEEK) == {"Huis Borsbeek", "CAW Antwerpen"}


def test_todays_municipality_finds_the_practices_initiated_in_one_that_merged_into_it(merged):
    found = search_practices(merged, Filters(municipality=ANTWERPEN), 50, 0)["items"]
    assert [p["label"] for p in found] == ["Spel"]
