"""A coordinator's audit of importing through /invoeren and withdrawing on /invoeren/bijdragen:
a withdrawal that would leave a nameless organisation behind is refused and says which later
contributions to withdraw first, times are shown as in Brussels, the done page lists only
organisations and links to the zones of a links-only import, and it counts what the preview counted."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from graph.analysis.report import analysed_network
from graph.dates import local_time
from graph.imports import WithdrawalBlocked, apply, list_contributions, preview, withdraw
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes, snapshot
from tests.test_pages_import import TOKEN, confirm_form, make_client, upload

TEMSE = ("naam;type;sector;gemeente;koppelen aan\n"
         "Huis van het Kind Temse;huis-van-het-kind;kinderopvang;Temse;nieuw")
TEMSE_PARTNERSHIP = ("samenwerkingsverband;lid;rol\n"
                     "Huis van het Kind Temse;OverKop-huis Lokeren;partner")
TEMSE_LINK = ("van;naar;soort;doelgroepen\n"
              "Huis van het Kind Temse;OverKop-huis Lokeren;doorverwijzing;ouders")
# The organisation again, with its name, class and a website: withdrawing the first file then
# leaves it named.
TEMSE_AGAIN = b"""@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/overhoop/id/organisatie/huis-van-het-kind-temse> a org:Organization ;
    skos:prefLabel "Huis van het Kind Temse"@nl ; foaf:homepage <https://temse.example/> ."""
WITH_ADDRESS = ("naam;gemeente;adres;fictief\n"
                "Fictief Huis met een Adres;Leuven;Zonnestraat 1;ja")
NEW_ADDRESS = ("naam;gemeente;adres;fictief\n"
               "Fictief Huis met een Adres;Leuven;Maanstraat 2;ja")
BRUSSELS = ZoneInfo("Europe/Brussels")
# 23:30 UTC on 30 November is half past midnight on 1 December in Brussels.
LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)


def _import(store, text, name, agent="coordinator-waasland", now=None):
    plan = preview(store, csv_bytes(text), name, agent=agent)
    assert plan.ok, plan.summary()
    return apply(store, plan, now=now)


def _through_the_form(client, text, name):
    """Upload ``text`` as file ``name`` on /invoeren, then confirm: (preview page, done page)."""
    shown = upload(client, [("bestand", (name, csv_bytes(text), "text/csv"))])
    assert shown.status_code == 200, shown.text
    done = client.post("/invoeren/bevestigen", data={**confirm_form(shown.text), "token": TOKEN})
    assert done.status_code == 200, done.text
    return shown.text, done.text


@pytest.fixture
def client(fresh_store):
    return make_client(fresh_store)


@pytest.fixture
def server_clock_in_utc(monkeypatch):
    """The server's own clock in UTC, as on most servers, whatever this machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# -- 1. a withdrawal that would leave a nameless organisation ------------------------------------

def test_withdrawing_the_organisation_a_later_partnership_is_about_is_refused(fresh_store):
    created = _import(fresh_store, TEMSE, "organisaties.csv")
    partnership = _import(fresh_store, TEMSE_PARTNERSHIP, "samenwerkingen.csv")
    before = snapshot(fresh_store)
    with pytest.raises(WithdrawalBlocked) as refused:
        withdraw(fresh_store, created.id)
    assert snapshot(fresh_store) == before
    message = str(refused.value)
    assert "Huis van het Kind Temse" in message and partnership.id in message
    withdraw(fresh_store, partnership.id)
    withdraw(fresh_store, created.id)
    assert not fresh_store.ask('ASK { ?s ?p ?o FILTER(CONTAINS(STR(?s), "temse")) }')


def test_the_refusal_names_the_later_contribution_by_its_file_and_brussels_time(fresh_store):
    created = _import(fresh_store, TEMSE, "organisaties.csv")
    partnership = _import(fresh_store, TEMSE_PARTNERSHIP, "samenwerkingen.csv", now=LATE_EVENING_UTC)
    with pytest.raises(WithdrawalBlocked) as refused:
        withdraw(fresh_store, created.id)
    dutch, english = str(refused.value).split(" / ")
    assert "de latere bijdrage 'samenwerkingen.csv'" in dutch and "1 december 2026, 0.30 uur" in dutch
    assert partnership.id in dutch and "trek eerst die latere bijdrage in" in dutch and "bijdragen" not in dutch
    assert "the later contribution 'samenwerkingen.csv'" in english and "1 December 2026, 00:30" in english


def test_the_refusal_names_every_later_contribution_in_the_plural(fresh_store):
    created = _import(fresh_store, TEMSE, "organisaties.csv")
    _import(fresh_store, TEMSE_PARTNERSHIP, "samenwerkingen.csv")
    _import(fresh_store, TEMSE_LINK, "verbindingen.csv")
    with pytest.raises(WithdrawalBlocked) as refused:
        withdraw(fresh_store, created.id)
    dutch, english = str(refused.value).split(" / ")
    assert "de latere bijdragen '" in dutch and "trek eerst die latere bijdragen in" in dutch
    assert "'samenwerkingen.csv' van coordinator-waasland" in dutch and "'verbindingen.csv' van" in dutch
    assert "the later contributions '" in english and "withdraw those later contributions first" in english


def test_an_organisation_named_again_by_another_contribution_may_lose_its_first_one(fresh_store):
    created = _import(fresh_store, TEMSE, "organisaties.csv")
    again = preview(fresh_store, TEMSE_AGAIN, "temse.ttl", agent="coordinator-waasland")
    assert again.ok, again.summary()
    apply(fresh_store, again)
    _import(fresh_store, TEMSE_PARTNERSHIP, "samenwerkingen.csv")
    withdraw(fresh_store, created.id)
    assert fresh_store.ask('ASK { <https://w3id.org/overhoop/id/organisatie/huis-van-het-kind-temse> '
                           'a org:Organization ; skos:prefLabel "Huis van het Kind Temse"@nl }')


def test_the_withdraw_page_refuses_and_names_the_later_contribution(client, fresh_store):
    _through_the_form(client, TEMSE, "organisaties.csv")
    _through_the_form(client, TEMSE_PARTNERSHIP, "samenwerkingen.csv")
    first, later = sorted(list_contributions(fresh_store), key=lambda c: c.files != ["organisaties.csv"])
    before = snapshot(fresh_store)
    response = client.post(f"/invoeren/bijdragen/{first.id}/intrekken", data={"token": TOKEN})
    assert response.status_code == 409
    assert "samenwerkingen.csv" in response.text and local_time(later.time) in response.text
    assert snapshot(fresh_store) == before


# -- 2. times as in Brussels ---------------------------------------------------------------------

def test_the_contribution_id_carries_the_brussels_date(fresh_store):
    contribution = _import(fresh_store, ORGANISATIONS, "organisaties.csv", now=LATE_EVENING_UTC)
    assert contribution.id.startswith("bijdrage-2026-12-01-")
    # The graph keeps the moment in UTC.
    assert fresh_store.ask(f"ASK {{ <{contribution.graph}> prov:generatedAtTime ?t "
                           'FILTER(STR(?t) IN ("2026-11-30T23:30:00Z", "2026-11-30T23:30:00+00:00")) }')


def test_contributions_and_withdraw_pages_show_brussels_time_in_words(client, fresh_store):
    contribution = _import(fresh_store, ORGANISATIONS, "organisaties.csv", now=LATE_EVENING_UTC)
    for path in ("/invoeren/bijdragen", f"/invoeren/bijdragen/{contribution.id}/intrekken"):
        dutch, english = client.get(path).text, client.get(path + "?lang=en").text
        assert "1 december 2026, 0.30 uur" in dutch and "UTC" not in dutch, path
        assert "1 December 2026, 00:30" in english and "UTC" not in english, path


def test_the_done_page_shows_the_import_time_as_in_brussels(client, fresh_store):
    _, done = _through_the_form(client, ORGANISATIONS, "organisaties.csv")
    contribution = list_contributions(fresh_store)[0]
    moment = datetime.fromisoformat(contribution.time).astimezone(BRUSSELS)
    assert "UTC" not in done and f"{moment.hour}.{moment.minute:02d} uur" in done


def test_the_analysis_says_when_it_was_computed_in_brussels_time(fresh_store, server_clock_in_utc):
    _graph, analysis = analysed_network(fresh_store, zone="leuven")
    computed = datetime.fromisoformat(analysis.computed_at)
    assert computed.utcoffset() == computed.astimezone(BRUSSELS).utcoffset()


# -- 3. and 4. the done page: organisations only, and the zones of a links-only import ------------

def test_the_done_page_lists_organisations_not_their_address(client):
    _through_the_form(client, WITH_ADDRESS, "organisaties.csv")
    _, done = _through_the_form(client, NEW_ADDRESS, "organisaties.csv")
    listed = done.split("Organisaties in deze bijdrage", 1)[1]
    assert 'href="/id/organisatie/fictief-huis-met-een-adres"' in listed
    assert "/adres" not in listed


def test_the_done_page_of_a_links_only_import_links_to_the_zones_of_both_ends(client):
    _through_the_form(client, ORGANISATIONS, "organisaties.csv")
    _, done = _through_the_form(client, LINKS, "verbindingen.csv")
    assert 'href="/zone/leuven"' in done and 'href="/zone/antwerpen' in done
    assert 'href="/id/organisatie/fictief-caw-zonnedorp"' in done


# -- 5. the done page counts what the preview counted --------------------------------------------

@pytest.mark.parametrize("files", [[(WITH_ADDRESS, "organisaties.csv")],
                                   [(WITH_ADDRESS, "organisaties.csv"), (NEW_ADDRESS, "organisaties.csv")]])
def test_the_done_page_counts_the_new_triples_the_preview_counted(client, files):
    for text, name in files:
        shown, done = _through_the_form(client, text, name)
    new = re.search(r"<strong>(\d+)</strong> nieuwe triple", shown).group(1)
    assert f"Je bijdrage is ingevoerd: {new} triple" in done
