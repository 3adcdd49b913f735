"""The zone page as a printed dossier: it says the day it was printed and the state of the data,
and a zone with more than a page of organisations can be printed whole (``?volledig=1``) while the
page itself keeps showing the first forty."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages import ZONE_PAGE_ITEMS
from graph import lookup
from graph.imports import apply, preview
from tests.api_fixtures import store_with
from tests.import_helpers import ORGANISATIONS, csv_bytes

# More organisations in Gent (NIS 44021) than the zone page lists.
IN_GENT = ZONE_PAGE_ITEMS + 5
GENT = "".join(f'o:gezinscentrum-{n:02d} a org:Organization ; skos:prefLabel "Gezinscentrum {n:02d}"@nl ; '
               "dct:spatial gem:44021 .\n" for n in range(IN_GENT))


def client_of(store) -> TestClient:
    app = create_app("memory")
    app.state.store = store
    return TestClient(app)


@pytest.fixture(scope="module")
def client():
    return client_of(store_with(GENT))


def printed_heading(page: str) -> str:
    """What the dossier says on paper above its figures, in one line."""
    return html.unescape(" ".join(re.search(r'<p class="print-only">(.*?)</p>', page, re.S).group(1).split()))


def organisations_listed(page: str) -> list[str]:
    listed = re.search(r'<ul class="organisations">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r'href="/id/organisatie/([^"?]+)', listed)


def test_the_zone_page_lists_the_first_organisations_and_links_to_the_full_dossier(client):
    page = client.get("/zone/gent").text
    assert len(organisations_listed(page)) == ZONE_PAGE_ITEMS
    assert '<a href="/zone/gent?volledig=1">Volledig dossier afdrukken' in page


def test_the_full_dossier_lists_every_organisation_of_the_zone(client):
    page = client.get("/zone/gent?volledig=1").text
    assert len(organisations_listed(page)) == IN_GENT
    assert "… en" not in page and 'href="/zone/gent">Terug naar de zonepagina' in page


def test_the_full_dossier_in_english_stays_english(client):
    short, full = client.get("/zone/gent?lang=en").text, client.get("/zone/gent?volledig=1&lang=en").text
    assert 'href="/zone/gent?volledig=1&amp;lang=en">Print the full dossier' in short
    assert "Full dossier: all organisations and practices of the zone." in full
    assert 'href="/zone/gent?lang=en">Back to the zone page' in full


def test_the_printed_page_says_under_a_cut_list_that_the_rest_is_not_printed(client):
    page = client.get("/zone/gent").text
    more = re.search(r"<li><a [^>]*>… en 5 meer</a>(.*?)</li>", page).group(1)
    assert more == '<span class="print-only">Niet afgedrukt: druk het volledige dossier af voor de hele lijst.</span>'


def test_a_zone_whose_lists_fit_on_its_page_offers_no_full_dossier(client):
    assert "volledig=1" not in client.get("/zone/leuven").text


def test_the_printed_dossier_says_the_day_it_was_printed(client, monkeypatch):
    monkeypatch.setattr("api.pages.local_today", lambda: date(2030, 1, 2))
    assert printed_heading(client.get("/zone/gent").text).startswith(
        "Zonedossier, afgedrukt uit de OverHoop-kennisgraaf op 2 januari 2030.")
    assert printed_heading(client.get("/zone/gent?lang=en").text).startswith(
        "Zone dossier, printed from the OverHoop knowledge graph on 2 January 2030.")


def test_the_printed_dossier_of_a_graph_without_contributions_says_it_shows_the_sources(client):
    assert printed_heading(client.get("/zone/gent").text).endswith(
        "Stand van de gegevens: de bronnen van de kennisgraaf, zonder bijdragen van coördinatoren.")


def test_the_printed_dossier_says_until_which_contribution_in_brussels_time():
    store = store_with("")
    plan = preview(store, csv_bytes(ORGANISATIONS), "organisaties.csv", agent="coordinator-leuven")
    # 23:30 UTC on 30 November is half past midnight on 1 December in Brussels.
    apply(store, plan, now=datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc))
    zone = lookup.municipality_zones(store, "24062")["zones"][0]["id"]
    visitor = client_of(store)
    assert printed_heading(visitor.get(f"/zone/{zone}").text).endswith(
        "Stand van de gegevens: met de bijdragen van coördinatoren tot 1 december 2026, 0.30 uur.")
    assert printed_heading(visitor.get(f"/zone/{zone}?lang=en").text).endswith(
        "State of the data: with coordinators' contributions up to 1 December 2026, 00:30.")
