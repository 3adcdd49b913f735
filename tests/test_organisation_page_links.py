"""What coordinators import shows on the organisation and practice pages: the practices an
organisation offers locally (sheet 'praktijken'), and per link what they filled in (doelgroepen,
dates, confirmation, role, description), two-way kinds without a direction, ended links last."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import lookup
from graph.imports import apply, preview
from tests.api_fixtures import store_with
from tests.import_helpers import csv_bytes

O = "https://w3id.org/overhoop/id/organisatie/"
ORGANISATIONS = "naam;type;sector;gemeente;adres;fictief\n" \
                "Fictief Huis Zonnedorp;huis-van-het-kind;kinderopvang;Leuven;Zonnestraat 1;ja"
OFFER = "organisatie;praktijk;gemeente;sinds;toelichting\n" \
        "Fictief Huis Zonnedorp;Handle with care;Leuven;2024-03-01;Elke dinsdag op school."

# CAW Oost and Crèche De Wieg: a collaboration stated by each side, a referral that ended, a
# membership with a role; Buurtwerk refers to the CAW, with doelgroepen and a description.
LINKS = """
@prefix schema: <https://schema.org/> .
@prefix rol: <https://w3id.org/overhoop/id/concept/rol/> .
@prefix vb: <https://w3id.org/overhoop/id/concept/verbinding/> .
o:caw-oost a org:Organization ; skos:prefLabel "CAW Oost"@nl ; dct:spatial gem:44021 .
o:creche-de-wieg a org:Organization ; skos:prefLabel "Crèche De Wieg"@nl ; dct:spatial gem:44021 .
o:buurtwerk a org:Organization ; skos:prefLabel "Buurtwerk"@nl ; dct:spatial gem:44021 .
ref:caw-oost--creche-de-wieg--samenwerking a oh:Referral ; oh:referrer o:caw-oost ; oh:referredTo o:creche-de-wieg ;
    oh:referralKind vb:samenwerking ; dct:audience dg:ouders ; schema:startDate "2022-01-01"^^xsd:date ;
    oh:confirmed true .
ref:creche-de-wieg--caw-oost--samenwerking a oh:Referral ; oh:referrer o:creche-de-wieg ; oh:referredTo o:caw-oost ;
    oh:referralKind vb:samenwerking ; dct:audience dg:armoede ; schema:startDate "2021-06-01"^^xsd:date ;
    oh:confirmed true .
ref:caw-oost--creche-de-wieg--doorverwijzing a oh:Referral ; oh:referrer o:caw-oost ; oh:referredTo o:creche-de-wieg ;
    oh:referralKind vb:doorverwijzing ; schema:startDate "2019-01-01"^^xsd:date ;
    schema:endDate "2025-12-31"^^xsd:date .
ref:buurtwerk--caw-oost--doorverwijzing a oh:Referral ; oh:referrer o:buurtwerk ; oh:referredTo o:caw-oost ;
    oh:referralKind vb:doorverwijzing ; dct:audience dg:ouders , dg:0-3-jaar ;
    dct:description "Via de wekelijkse zitdag."@nl .
<https://w3id.org/overhoop/id/lidmaatschap/buurtwerk--caw-oost> a org:Membership ; org:member o:buurtwerk ;
    org:organization o:caw-oost ; org:role rol:financier ; schema:startDate "2023-09-01"^^xsd:date .
"""


def _import(store, text, name):
    plan = preview(store, csv_bytes(text), name, agent="coordinator-leuven")
    assert plan.ok, plan.summary()
    apply(store, plan)


def _client(store) -> TestClient:
    app = create_app("memory")
    app.state.store = store
    return TestClient(app)


def _text(html: str) -> str:
    """The words of a page's main part (before its map), on one line, as a reader sees them."""
    main = re.split(r"<main\b[^>]*>", html, maxsplit=1)[1].split('<section class="map-section">', 1)[0]
    words = re.sub(r"<[^>]+>", "", re.sub(r"</?(dt|dd|li|ul|h\d|p|div)\b[^>]*>", " ", main))
    return re.sub(r"\s+", " ", words).replace("&#39;", "'")


@pytest.fixture(scope="module")
def offered():
    """A fictional organisation with an address, offering 'Handle with care' in Leuven."""
    from graph.build import build
    from graph.store import open_store

    store = open_store("memory")
    build(store)
    _import(store, ORGANISATIONS, "organisaties.csv")
    _import(store, OFFER, "praktijken.csv")
    return store


@pytest.fixture(scope="module")
def linked():
    return store_with(LINKS)


def test_a_practice_offered_locally_is_listed_apart_from_the_ones_it_initiates(offered):
    page = _client(offered).get("/organisatie/fictief-huis-zonnedorp")
    words = _text(page.text)
    assert "Praktijken die ze opzet (0)" in words
    assert ("Praktijken die ze lokaal aanbiedt (1) Handle with care · in Leuven · sinds 1 maart 2024 "
            "· Elke dinsdag op school.") in words
    assert 'href="/id/praktijk/handle-with-care"' in page.text


def test_a_practice_page_lists_who_offers_it_locally_and_where(offered):
    page = _client(offered).get("/praktijk/handle-with-care")
    assert "Lokaal aangeboden door Fictief Huis Zonnedorp (Leuven)" in _text(page.text)
    assert 'href="/id/organisatie/fictief-huis-zonnedorp"' in page.text


def test_the_json_of_an_organisation_and_a_practice_carries_the_local_offer(offered):
    client = _client(offered)
    offers = client.get("/api/organisations/fictief-huis-zonnedorp").json()["offers"]
    assert [(item["id"], [place["label"] for place in item["where"]], item["start_date"], item["descriptions"])
            for item in offers] == [("handle-with-care", ["Leuven"], "2024-03-01", ["Elke dinsdag op school."])]
    assert offers[0]["records"][0]["page"] == "/id/deelname/fictief-huis-zonnedorp--handle-with-care"
    providers = client.get("/api/practices/handle-with-care").json()["providers"]
    assert [(item["id"], item["where"][0]["label"]) for item in providers] == [
        ("fictief-huis-zonnedorp", "Leuven")]


def test_the_initiators_of_the_note_are_no_local_providers(built_store):
    detail = lookup.practice_detail(built_store, "handle-with-care")
    assert detail["initiators"] and detail["providers"] == []


def test_a_two_way_link_stated_by_each_side_is_one_link_without_direction(linked):
    links = [link for link in lookup.organisation_links(linked, O + "caw-oost") if link["kind"] == "samenwerking"]
    assert [(link["direction"], link["two_way"], link["start_date"], link["confirmed"], len(link["records"]))
            for link in links] == [("beide", True, "2021-06-01", True, 2)]
    assert [item["id"] for item in links[0]["doelgroepen"]] == ["armoede", "ouders"]


def test_a_link_carries_what_the_coordinator_filled_in(linked):
    by_kind = {link["kind"]: link for link in lookup.organisation_links(linked, O + "buurtwerk")}
    referral, membership = by_kind["doorverwijzing"], by_kind["lidmaatschap"]
    assert (referral["direction"], referral["two_way"], referral["descriptions"]) == (
        "uit", False, ["Via de wekelijkse zitdag."])
    assert sorted(item["id"] for item in referral["doelgroepen"]) == ["0-3-jaar", "ouders"]
    assert ([role["id"] for role in membership["roles"]], membership["start_date"]) == (["financier"], "2023-09-01")


def test_a_link_whose_end_date_has_passed_has_ended_and_comes_last(linked):
    before, after = (lookup.organisation_links(linked, O + "caw-oost", today=day)
                     for day in (date(2025, 12, 31), date(2026, 1, 1)))
    assert [(link["kind"], link["ended"]) for link in before if link["id"] == "creche-de-wieg"] == [
        ("doorverwijzing", False), ("samenwerking", False)]
    assert [(link["id"], link["kind"], link["ended"]) for link in after][-1] == (
        "creche-de-wieg", "doorverwijzing", True)


def test_the_organisation_detail_judges_ended_links_by_the_day_asked(linked):
    ended = {day: [link["ended"] for link in lookup.organisation_detail(linked, "caw-oost", today=day)["links"]]
             for day in (date(2025, 1, 1), date(2026, 1, 1))}
    assert ended == {date(2025, 1, 1): [False] * 4, date(2026, 1, 1): [False] * 3 + [True]}


def test_the_organisation_page_says_what_each_link_is_in_dutch(linked):
    words = _text(_client(linked).get("/organisatie/caw-oost").text)
    assert ("samenwerking met Crèche De Wieg · Gezinnen in armoede, Ouders · sinds 1 juni 2021 · bevestigd"
            in words)
    assert ("krijgt doorverwijzingen van Buurtwerk · Baby's en peuters (0-3 jaar), Ouders "
            "· Via de wekelijkse zitdag.") in words
    assert "heeft als financier Buurtwerk · sinds 1 september 2023" in words
    assert words.index("samenwerking met") < words.index(
        "verwijst door naar Crèche De Wieg · beëindigd sinds 31 december 2025")
    assert "uitgaand" not in words and "inkomend" not in words


def test_the_english_organisation_page_says_what_each_link_is_in_english(linked):
    words = _text(_client(linked).get("/organisatie/buurtwerk?lang=en").text)
    assert "refers to CAW Oost · Babies and toddlers (0-3 years), Parents · Via de wekelijkse zitdag." in words
    assert "is a funder of CAW Oost · since 1 September 2023" in words
    ended = _text(_client(linked).get("/organisatie/creche-de-wieg?lang=en").text)
    assert "collaboration with CAW Oost" in ended and "ended on 31 December 2025" in ended


def test_a_links_doelgroepen_lead_to_the_organisations_for_that_doelgroep(linked):
    page = _client(linked).get("/organisatie/buurtwerk").text
    assert 'href="/zoeken?soort=organisaties&amp;doelgroep=0-3-jaar"' in page


def test_the_organisation_page_shows_one_address(offered):
    words = _text(_client(offered).get("/organisatie/fictief-huis-zonnedorp").text)
    assert "Adres (IRI)" not in words and words.count("Adres") == 1
    assert "Identificatie (IRI) https://w3id.org/overhoop/id/organisatie/fictief-huis-zonnedorp" in words
