"""The overview of Flanders counts a link between two organisations that share a zone within that
zone, also when one of them lies in several zones: the city of Antwerp lies in four zones, and a
link between two organisations in Antwerp is no tie between Antwerpen Centrum and Antwerpen Zuid.
Links that have ended are left out, as on every map of links."""

import pytest

from graph.imports import apply, preview
from graph.map_data import zone_overview
from graph import zone_counts as zone_counts_module
from graph.zone_counts import count_all, zone_counts
from tests.api_fixtures import store_with
from tests.import_helpers import csv_bytes
from viz.maps import map_fragment

ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
ANTWERP_ZONES = [ZONE + slug for slug in ("antwerpen-centrum", "antwerpen-oost", "antwerpen-zuid", "noord-antwerpen")]
OOST, GENT = ZONE + "antwerpen-oost", ZONE + "gent"

# Two organisations in Antwerp (11002), one in Wommelgem (Antwerpen Oost only), one in Gent.
ANTWERP = """
o:caw-antwerpen a org:Organization ; skos:prefLabel "CAW Antwerpen"@nl ; dct:spatial gem:11002 .
o:kinderopvang-antwerpen a org:Organization ; skos:prefLabel "Kinderopvang Antwerpen"@nl ; dct:spatial gem:11002 .
o:huis-wommelgem a org:Organization ; skos:prefLabel "Huis Wommelgem"@nl ; dct:spatial gem:11052 .
o:caw-gent a org:Organization ; skos:prefLabel "CAW Gent"@nl ; dct:spatial gem:44021 .
ref:caw--kinderopvang a oh:Referral ; oh:referrer o:caw-antwerpen ; oh:referredTo o:kinderopvang-antwerpen .
"""
FROM_WOMMELGEM = "ref:wommelgem--caw a oh:Referral ; oh:referrer o:huis-wommelgem ; oh:referredTo o:caw-antwerpen ."
FROM_GENT = "ref:gent--caw a oh:Referral ; oh:referrer o:caw-gent ; oh:referredTo o:caw-antwerpen ."


def _overview(turtle: str) -> tuple[dict, dict]:
    """The links inside each zone and the ties between zones of the overview of ``turtle``."""
    overview = zone_overview(store_with(turtle), ties_per_zone=60)
    inside = {node["id"]: node["links_inside"] for node in overview["nodes"] if node["links_inside"]}
    ties = {frozenset((edge["source"], edge["target"])): edge["weight"] for edge in overview["edges"]}
    return inside, ties


def test_a_link_between_two_organisations_in_antwerp_counts_inside_each_antwerp_zone():
    inside, ties = _overview(ANTWERP)
    assert inside == {zone: 1 for zone in ANTWERP_ZONES}
    assert ties == {}


def test_a_link_from_wommelgem_to_antwerp_counts_inside_antwerpen_oost_only():
    inside, ties = _overview(ANTWERP + FROM_WOMMELGEM)
    assert inside == {**{zone: 1 for zone in ANTWERP_ZONES}, OOST: 2}
    assert ties == {}


def test_a_link_from_gent_to_antwerp_is_a_tie_with_every_antwerp_zone():
    _, ties = _overview(ANTWERP + FROM_GENT)
    assert ties == {frozenset((GENT, zone)): 1 for zone in ANTWERP_ZONES}


@pytest.fixture
def antwerp():
    return store_with(ANTWERP)


def test_counting_the_zones_an_import_touched_equals_counting_all_zones(antwerp, monkeypatch):
    recounted = []
    recount = zone_counts_module._recount
    monkeypatch.setattr(zone_counts_module, "_recount", lambda *args: recounted.append(args[2]) or recount(*args))
    zone_counts(antwerp)
    links = "van;naar;soort;doelgroepen\nHuis Wommelgem;Kinderopvang Antwerpen;samenwerking;ouders\n" \
            "CAW Gent;Kinderopvang Antwerpen;doorverwijzing;ouders"
    plan = preview(antwerp, csv_bytes(links), "verbindingen.csv", agent="coordinator")
    assert plan.ok, plan.summary()
    apply(antwerp, plan)
    assert zone_counts(antwerp) == count_all(antwerp)
    assert recounted and GENT in recounted[0]


ENDED = """
ref:gent--wommelgem a oh:Referral ; oh:referrer o:caw-gent ; oh:referredTo o:huis-wommelgem ;
    <https://schema.org/endDate> "2020-12-31"^^xsd:date .
o:huis-wommelgem org:memberOf o:caw-gent .
[] org:member o:caw-gent ; org:organization o:kinderopvang-antwerpen ; <https://schema.org/endDate> "2021-06-30"^^xsd:date .
"""


def test_links_that_have_ended_are_left_out_of_the_overview_and_counted():
    overview = zone_overview(store_with(ANTWERP + ENDED), ties_per_zone=60)
    ties = {frozenset((edge["source"], edge["target"])): edge["counts"] for edge in overview["edges"]}
    # the ended referral is gone, the running membership of the same pair stays
    assert ties == {frozenset((GENT, OOST)): {"collaborates": 1}}
    assert overview["ended"] == 2


def test_a_line_of_one_link_says_so_in_the_singular():
    html = str(map_fragment(zone_overview(store_with(ANTWERP + FROM_GENT), ties_per_zone=60), title="Vlaanderen"))
    assert "1 verbinding: 1 rechtstreekse verbinding (doorverwijzing" in html
