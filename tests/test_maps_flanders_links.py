"""The maps draw what a coordinator imported, and only what still runs: the detailed map of Flanders
draws the links between organisations (every kind) and the memberships as a zone map does, a link
or membership whose records have all ended is left off every map of links (and the legend says
so), and the overview per zone counts links, not the lines it draws."""

from __future__ import annotations

import json

import pytest

from graph import map_data
from graph.imports import apply, preview
from tests.api_fixtures import store_with
from tests.import_helpers import csv_bytes
from viz.maps import map_fragment

ORG = "https://w3id.org/overhoop/id/organisatie/"
ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
KIND = "https://w3id.org/overhoop/id/concept/verbinding/"
ENDED, RUNNING = '"2025-12-31"^^xsd:date', '"2099-12-31"^^xsd:date'

# Four organisations in Gent, one of them a partnership, and a practice. A and B work together,
# A refers to C, C offers jointly with A (until 2099), B refers to A (one record ended, one runs);
# B's information exchange with C ended, and so did A's membership of the partnership. C's
# membership ended too, but C is also simply a member (org:memberOf, without a date).
LINKED = f"""
o:a a org:Organization ; skos:prefLabel "A"@nl ; dct:spatial gem:44021 .
o:b a org:Organization ; skos:prefLabel "B"@nl ; dct:spatial gem:44021 .
o:c a org:Organization ; skos:prefLabel "C"@nl ; dct:spatial gem:44021 ; org:memberOf o:partner .
o:partner a org:Organization, org:OrganizationalCollaboration ; skos:prefLabel "Partner"@nl ; dct:spatial gem:44021 .
pr:p a oh:Practice ; skos:prefLabel "Praktijk P"@nl ; oh:initiatedBy o:a .
ref:a-b a oh:Referral ; oh:referrer o:a ; oh:referredTo o:b ; oh:referralKind <{KIND}samenwerking> .
ref:a-c a oh:Referral ; oh:referrer o:a ; oh:referredTo o:c .
ref:c-a a oh:Referral ; oh:referrer o:c ; oh:referredTo o:a ; oh:referralKind <{KIND}gezamenlijk-aanbod> ;
    <https://schema.org/endDate> {RUNNING} .
ref:b-a-1 a oh:Referral ; oh:referrer o:b ; oh:referredTo o:a ; <https://schema.org/endDate> {ENDED} .
ref:b-a-2 a oh:Referral ; oh:referrer o:b ; oh:referredTo o:a ; oh:referralKind <{KIND}doorverwijzing> .
ref:b-c a oh:Referral ; oh:referrer o:b ; oh:referredTo o:c ; oh:referralKind <{KIND}informatie-uitwisseling> ;
    <https://schema.org/startDate> "2022-01-01"^^xsd:date ; <https://schema.org/endDate> {ENDED} .
<https://w3id.org/overhoop/id/lidmaatschap/a> a org:Membership ; org:member o:a ; org:organization o:partner ;
    <https://schema.org/endDate> {ENDED} .
<https://w3id.org/overhoop/id/lidmaatschap/b> a org:Membership ; org:member o:b ; org:organization o:partner .
<https://w3id.org/overhoop/id/lidmaatschap/c> a org:Membership ; org:member o:c ; org:organization o:partner ;
    <https://schema.org/endDate> {ENDED} .
"""

DRAWN = {("a", "b", "samenwerking"), ("a", "c", "refersTo"), ("c", "a", "gezamenlijk-aanbod"), ("b", "a", "refersTo"),
         ("b", "partner", "collaborates"), ("c", "partner", "collaborates"), ("a", "p", "initiates")}


@pytest.fixture(scope="module")
def linked():
    return store_with(LINKED)


def _lines(data: dict) -> set[tuple[str, str, str]]:
    return {(e["source"].rsplit("/", 1)[1], e["target"].rsplit("/", 1)[1], e["relation"]) for e in data["edges"]}


def _island(html: str) -> dict:
    return json.loads(str(html).split("data-map-data>")[1].split("</script>")[0])


def test_the_detailed_map_of_flanders_draws_every_kind_of_link_and_the_memberships(linked):
    data = map_data.flanders_map(linked)
    assert "overview" not in data
    assert _lines(data) == DRAWN


def test_the_map_of_flanders_draws_the_same_lines_as_the_zone_map(linked):
    assert _lines(map_data.flanders_map(linked)) == _lines(map_data.zone_map(linked, ZONE + "gent"))


def test_the_map_of_flanders_names_the_lines_as_the_zone_map_does(linked):
    html = str(map_fragment(map_data.flanders_map(linked), title="Vlaanderen"))
    for words in ("werkt samen met", "verwijst door naar", "biedt samen aan met", "werkt samen in",
                  "initieert (praktijk)"):
        assert words in html, words


def test_an_organisation_without_practices_counts_its_links_on_the_map_of_flanders(linked):
    island = _island(map_fragment(map_data.flanders_map(linked), title="Vlaanderen"))
    titles = {node["label"]: node["title"] for node in island["nodes"]}
    # B: A works with B, B refers to A, B is a member of the partnership; the ended exchange with C not
    assert titles["B"].endswith("Verbindingen: 3")
    assert titles["Partner"].endswith("Verbindingen: 2")


def test_a_membership_that_ended_is_left_off_the_zone_map_and_its_table(linked):
    data = map_data.zone_map(linked, ZONE + "gent")
    assert ("a", "partner", "collaborates") not in _lines(data)
    html = str(map_fragment(data, title="Gent"))
    table = html.split("<caption>Verbindingen")[1]
    assert "<tr><td>A</td><td>werkt samen in</td><td>Partner</td></tr>" not in table
    assert "<tr><td>B</td><td>werkt samen in</td><td>Partner</td></tr>" in table


def test_a_link_between_organisations_that_ended_is_left_off_the_maps(linked):
    assert ("b", "c", "informatie-uitwisseling") not in _lines(map_data.zone_map(linked, ZONE + "gent"))
    assert all(e["relation"] != "informatie-uitwisseling"
               for e in map_data.edges_touching(linked, [ORG + "b"]))


def test_a_membership_is_found_from_the_member_and_from_the_partnership(linked):
    def lines(nodes):
        return _lines({"edges": map_data.edges_touching(linked, [ORG + n for n in nodes])})

    assert ("b", "partner", "collaborates") in lines(["b"])
    assert ("b", "partner", "collaborates") in lines(["partner"])
    assert ("b", "partner", "collaborates") in lines(["a", "b", "c", "partner"])


def test_a_link_with_a_record_that_still_runs_is_drawn(linked):
    lines = _lines(map_data.zone_map(linked, ZONE + "gent"))
    assert ("b", "a", "refersTo") in lines  # one of its two records ended
    assert ("c", "partner", "collaborates") in lines  # its membership ended, org:memberOf stays
    assert ("c", "a", "gezamenlijk-aanbod") in lines  # ends in 2099


def test_a_link_ending_today_still_runs(linked):
    ends_today = map_data.ended_links(linked, today="2025-12-31")
    ended = map_data.ended_links(linked, today="2026-01-01")
    assert ends_today == frozenset()
    assert {(s.rsplit("/", 1)[1], t.rsplit("/", 1)[1], r) for s, t, r in ended} == {
        ("b", "c", "informatie-uitwisseling"), ("a", "partner", "collaborates")}


def test_the_legend_says_how_many_ended_links_it_left_out(linked):
    assert map_data.zone_map(linked, ZONE + "gent")["ended"] == 2
    assert "2 beëindigde verbindingen (einddatum voorbij) zijn niet getekend." in str(
        map_fragment(map_data.zone_map(linked, ZONE + "gent"), title="Gent"))
    english = str(map_fragment(map_data.flanders_map(linked, "en"), title="Flanders", lang="en"))
    assert "2 ended links (end date passed) are not drawn." in english


def test_a_map_without_ended_links_still_says_it_would_leave_them_out():
    store = store_with('o:x a org:Organization ; skos:prefLabel "X"@nl ; dct:spatial gem:44021 .')
    html = str(map_fragment(map_data.zone_map(store, ZONE + "gent"), title="Gent"))
    assert "Beëindigde verbindingen (einddatum voorbij) worden niet getekend." in html


def test_the_ego_map_does_not_follow_a_link_that_ended(linked):
    data = map_data.ego_map(linked, ORG + "c", 1)
    assert ORG + "b" not in {node["id"] for node in data["nodes"]}
    assert data["ended"] == 1  # B's exchange with C; C's ended membership record not: org:memberOf runs


def test_a_membership_imported_with_an_end_date_in_the_past_is_left_off_the_zone_map():
    store = store_with("")
    organisations = """
naam;type;sector;gemeente;fictief
Fictief Huis van het Kind Testdorp;huis-van-het-kind;kinderopvang;Leuven;ja
Fictieve School Testdorp;school;onderwijs;Leuven;ja
Fictief CAW Testdorp;caw;welzijn;Leuven;ja
"""
    memberships = """
samenwerkingsverband;lid;rol;sinds;tot
Fictief Huis van het Kind Testdorp;Fictieve School Testdorp;partner;01/09/2022;31/12/2025
Fictief Huis van het Kind Testdorp;Fictief CAW Testdorp;partner;2021-01-01;
"""
    for data, name in ((csv_bytes(organisations), "organisaties.csv"), (csv_bytes(memberships), "samenwerkingen.csv")):
        plan = preview(store, data, name, agent="coordinator")
        assert plan.ok, plan.summary()
        apply(store, plan)
    leuven = map_data.zone_map(store, ZONE + "leuven")
    members = {e["source"].rsplit("/", 1)[1] for e in leuven["edges"] if e["relation"] == "collaborates"}
    assert members == {"fictief-caw-testdorp"}
    assert leuven["ended"] == 1


THREE_ZONES = """
o:gent-a a org:Organization ; skos:prefLabel "Gent A"@nl ; dct:spatial gem:44021 ; oh:refersTo o:brugge, o:leuven, o:gent-b .
o:gent-b a org:Organization ; skos:prefLabel "Gent B"@nl ; dct:spatial gem:44021 ; oh:refersTo o:brugge, o:leuven .
o:brugge a org:Organization ; skos:prefLabel "Brugge"@nl ; dct:spatial gem:31005 ; oh:refersTo o:leuven .
o:leuven a org:Organization ; skos:prefLabel "Leuven"@nl ; dct:spatial gem:24062 .
pr:samen a oh:Practice ; skos:prefLabel "Samen"@nl ; oh:initiatedBy o:gent-a, o:brugge .
"""


def test_the_overview_counts_a_zone_s_links_not_the_lines_it_draws():
    data = map_data.zone_overview(store_with(THREE_ZONES), ties_per_zone=1)
    gent = next(node for node in data["nodes"] if node["id"] == ZONE + "gent")
    # Gent-Brugge: 2 referrals and a practice set up together; Gent-Leuven: 2 referrals
    assert (gent["links_inside"], gent["links_between"]) == (1, 5)
    html = str(map_fragment(data, title="Vlaanderen"))
    assert "60 zones, 2 lijnen tussen zones" in html
    row = next(line for line in html.splitlines() if ">Gent</a></td>" in line)
    assert "<td>6</td>" in row
    title = next(node["title"] for node in _island(html)["nodes"] if node["label"] == "Gent")
    assert "1 verbinding binnen de zone" in title and "5 verbindingen met andere zones" in title


def test_the_overview_names_its_lines_and_the_links_they_sum_up_apart():
    data = map_data.zone_overview(store_with(THREE_ZONES), ties_per_zone=1)
    html = str(map_fragment(data, title="Vlaanderen"))
    assert "sterkste lijnen op de kaart (2 van de 3 paren zones met verbindingen)" in html
    assert "3 verbindingen: 2 rechtstreekse verbindingen (doorverwijzing, samenwerking, gezamenlijk aanbod, " \
           "informatie-uitwisseling); 1 keer samen een praktijk opgezet" in html
    assert "Beëindigde verbindingen (einddatum voorbij) worden niet getekend." in html  # nor counted
