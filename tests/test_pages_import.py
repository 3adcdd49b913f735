"""The import pages: a coordinator uploads a filled-in template, sees a preview, confirms, and
can withdraw it again; without a configured token the app says it is read-only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages_import import UploadHolding
from api.settings import Settings
from graph.imports import list_contributions, preview, preview_files
from tests.import_helpers import csv_bytes, snapshot

TOKEN = "een-lang-geheim-voor-de-test"
EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "zonnedorp"
BROKEN = """
naam;type;sector;gemeente;website
Fictief A;school;onderwijs;Nergensdorp;
Fictief B;bestaatniet;onderwijs;Leuven;
;school;onderwijs;Leuven;
Fictief D;school;sportief;Leuven;geen-url
=HYPERLINK("x");school;onderwijs;Leuven;
"""


def make_client(store, token: str | None = f"coordinator-leuven:{TOKEN}") -> TestClient:
    app = create_app("memory", Settings(write_token=token))
    app.state.store = store
    return TestClient(app)


@pytest.fixture
def client(fresh_store):
    return make_client(fresh_store)


def example_files() -> list:
    return [("bestand", (path.name, path.read_bytes(), "text/csv")) for path in sorted(EXAMPLE.glob("*.csv"))]


def upload(client: TestClient, files, token: str = TOKEN):
    return client.post("/invoeren", files=files, data={"token": token})


def confirm_form(page: str) -> dict:
    """The hidden fields of the preview's confirmation form."""
    return dict(re.findall(r'name="(voorbeeld|controlesom)" value="([^"]*)"', page))


def import_example(client: TestClient):
    preview_page = upload(client, example_files()).text
    return client.post("/invoeren/bevestigen", data={**confirm_form(preview_page), "token": TOKEN})


def test_without_a_configured_token_the_page_says_read_only_and_shows_no_form(fresh_store):
    page = make_client(fresh_store, token=None).get("/invoeren").text
    assert "alleen-lezen" in page and "OVERHOOP_TOKEN" in page
    assert 'type="file"' not in page and 'type="password"' not in page


def test_without_a_configured_token_an_upload_is_refused_and_nothing_written(fresh_store):
    before = snapshot(fresh_store)
    response = upload(make_client(fresh_store, token=None), example_files())
    assert response.status_code == 403 and "alleen-lezen" in response.text
    assert snapshot(fresh_store) == before


def test_import_page_explains_four_steps_and_links_downloadable_templates(client):
    page = client.get("/invoeren").text
    steps = page.split('<ol class="steps">')[1].split("</ol>")[0]
    assert len(re.findall(r"^  <li>", steps, flags=re.M)) == 4
    templates = re.findall(r'href="(/api/templates/[^"]+)"', page)
    assert "/api/templates/overhoop-sjabloon.xlsx" in templates and "/api/templates/organisaties.csv" in templates
    assert all(client.get(href).status_code == 200 for href in templates)


def test_import_page_says_why_the_token_is_asked(client):
    page = client.get("/invoeren").text
    assert 'type="password"' in page and "geen aanmelding" in page


def test_wrong_token_is_refused_with_a_clear_message_and_nothing_written(client, fresh_store):
    before = snapshot(fresh_store)
    response = upload(client, example_files(), token=TOKEN + "x")
    assert response.status_code == 401
    assert "Dit schrijftoken klopt niet; er werd niets ingevoerd." in response.text
    assert "Bevestigen en invoeren" not in response.text
    assert snapshot(fresh_store) == before


def test_preview_of_a_broken_csv_lists_every_error_and_writes_nothing(client, fresh_store):
    expected = preview(fresh_store, csv_bytes(BROKEN), "organisaties.csv").problems
    before = snapshot(fresh_store)
    response = upload(client, [("bestand", ("organisaties.csv", csv_bytes(BROKEN), "text/csv"))])
    assert response.status_code == 422
    table = response.text.split('<table class="results-table problems">')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", table)
    assert len(expected) >= 5
    assert rows == [(p.sheet or "–", str(p.row), p.column or "–") for p in expected]
    assert "Bevestigen en invoeren" not in response.text
    assert snapshot(fresh_store) == before


def test_preview_shows_what_would_be_added_and_writes_nothing(client, fresh_store):
    expected = preview_files(fresh_store, [(data, name) for _, (name, data, _) in example_files()]).added
    before = snapshot(fresh_store)
    page = upload(client, example_files()).text
    assert "Er is nog niets ingevoerd." in page
    assert f"<strong>+ {len(expected)}</strong> Nieuw" in page
    assert all(change.label in page for change in expected)
    assert "Bevestigen en invoeren" in page and set(confirm_form(page)) == {"voorbeeld", "controlesom"}
    assert snapshot(fresh_store) == before


def test_preview_of_a_doubtful_match_asks_for_a_decision(client):
    import_example(client)
    similar = "naam;gemeente;fictief\nFictief Gezinscentrum Zonnedorpp;Leuven;ja"
    page = upload(client, [("bestand", ("organisaties.csv", csv_bytes(similar), "text/csv"))]).text
    assert "Twijfel: beslis zelf" in page and "koppelen aan" in page
    assert 'href="/id/organisatie/fictief-gezinscentrum-zonnedorp"' in page


def test_confirm_writes_and_the_organisations_appear_on_their_zone_page(client, fresh_store):
    assert "Fictief Gezinscentrum Zonnedorp" not in client.get("/zone/leuven").text
    response = import_example(client)
    assert response.status_code == 200 and "Je bijdrage is ingevoerd" in response.text
    assert 'href="/zone/leuven"' in response.text
    assert [c.agent for c in list_contributions(fresh_store)] == ["coordinator-leuven"]
    assert "Fictief Gezinscentrum Zonnedorp" in client.get("/zone/leuven").text


def test_confirm_checks_the_token_again_and_keeps_the_preview(client, fresh_store):
    fields = confirm_form(upload(client, example_files()).text)
    refused = client.post("/invoeren/bevestigen", data={**fields, "token": "fout"})
    assert refused.status_code == 401 and "klopt niet" in refused.text
    assert list_contributions(fresh_store) == []
    assert client.post("/invoeren/bevestigen", data={**fields, "token": TOKEN}).status_code == 200


def test_confirm_refuses_a_checksum_other_than_the_previewed_one(client, fresh_store):
    fields = confirm_form(upload(client, example_files()).text)
    response = client.post("/invoeren/bevestigen", data={**fields, "controlesom": "0" * 64, "token": TOKEN})
    assert response.status_code == 410 and "niets ingevoerd" in response.text
    assert list_contributions(fresh_store) == []


def test_a_preview_is_used_once(client):
    fields = confirm_form(upload(client, example_files()).text)
    client.post("/invoeren/bevestigen", data={**fields, "token": TOKEN})
    assert client.post("/invoeren/bevestigen", data={**fields, "token": TOKEN}).status_code == 410


def test_contributions_page_lists_who_when_files_and_triples(client, fresh_store):
    import_example(client)
    contribution = list_contributions(fresh_store)[0]
    page = client.get("/invoeren/bijdragen").text
    for text in (contribution.id, "coordinator-leuven", contribution.time[:10], "verbindingen.csv",
                 f"<td>{contribution.triples}</td>"):
        assert text in page
    assert f'href="/invoeren/bijdragen/{contribution.id}/intrekken"' in page


def test_withdraw_with_a_wrong_token_keeps_the_contribution(client, fresh_store):
    import_example(client)
    contribution = list_contributions(fresh_store)[0]
    response = client.post(f"/invoeren/bijdragen/{contribution.id}/intrekken", data={"token": "fout"})
    assert response.status_code == 401 and "er werd niets ingetrokken" in response.text
    assert [c.id for c in list_contributions(fresh_store)] == [contribution.id]


def test_withdraw_asks_for_confirmation_then_restores_the_store_graph_by_graph(client, fresh_store):
    before = snapshot(fresh_store)
    import_example(client)
    contribution = list_contributions(fresh_store)[0]
    path = f"/invoeren/bijdragen/{contribution.id}/intrekken"
    question = client.get(path).text
    assert "Ja, trek deze bijdrage in" in question and f'action="{path}"' in question
    response = client.post(path, data={"token": TOKEN})
    assert response.status_code == 200 and "is ingetrokken" in response.text
    assert snapshot(fresh_store) == before


def test_html_in_a_cell_is_shown_as_text_in_the_preview(client):
    evil = "naam;gemeente;fictief\n<img src=x onerror=alert(1)>;Leuven;ja"
    page = upload(client, [("bestand", ("organisaties.csv", csv_bytes(evil), "text/csv"))]).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("path", ["/invoeren", "/invoeren/bijdragen"])
def test_import_pages_have_no_inline_script(client, path):
    page = client.get(path).text
    assert "<script>" not in page and re.search(r"<[^>]+\son[a-z]+=", page) is None


def test_english_is_one_parameter_away_and_the_forms_keep_it(client):
    page = client.get("/invoeren?lang=en").text
    assert '<html lang="en">' in page and "In four steps" in page
    assert 'action="/invoeren?lang=en"' in page


def test_zone_organisation_and_navigation_link_to_the_import_page(client):
    for path in ("/zone/gent", "/organisatie/jeugdzorg-emmaus-antwerpen"):
        assert 'href="/invoeren">Organisaties of verbindingen toevoegen</a>' in client.get(path).text
    assert 'href="/invoeren">Invoeren</a>' in client.get("/").text


def test_holding_area_forgets_an_upload_after_its_time():
    now = [0.0]
    holding = UploadHolding(max_bytes=1000, seconds=60, clock=lambda: now[0])
    key = holding.put([(b"abc", "o.csv")], "sum")
    now[0] = 61.0
    assert holding.get(key, "sum") is None


def test_holding_area_drops_the_oldest_upload_when_full():
    holding = UploadHolding(max_bytes=10)
    first = holding.put([(b"123456", "a.csv")], "a")
    second = holding.put([(b"123456", "b.csv")], "b")
    assert holding.get(first, "a") is None and holding.get(second, "b") is not None
