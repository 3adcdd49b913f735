"""The analysis page (/analyse, /analyse/zone/{id}): it names who holds the network together,
draws the communities on the map, shows the sector bridges, and says so in Dutch first.

Expected values are computed with the analysis functions on the same store, never typed in.
"""

from __future__ import annotations

import html
import json
import re
import time
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages_analysis import PENDING_REFRESH_S
from api.settings import Settings
from graph.analysis.report import analysed_network
from graph.build import build
from graph.cache import StillComputing
from graph.store import open_store
from graph.synth import synthesise
from tests.test_pages import EVIL, add_evil_organisation, visitor_of_own_graph
from viz.maps import UNKNOWN_COLOUR, community_colours, map_fragment


@pytest.fixture(scope="module")
def store():
    """The built graph plus one organisation whose name is HTML (it co-initiates a practice)."""
    built = open_store("memory")
    build(built, progress=lambda *_: None)
    add_evil_organisation(built)
    return built


@pytest.fixture(scope="module")
def client(store):
    app = create_app("memory")
    app.state.store = store
    return TestClient(app)


def map_island(page: str) -> dict:
    """The JSON data island of the (only) map on a page."""
    return json.loads(re.search(r"<script type=\"application/json\" data-map-data>(.*?)</script>", page, re.S).group(1))


def first_row_of(page: str, heading: str) -> str:
    """The name in the first row of the ranked table under ``heading``."""
    table = page[page.index(heading):]
    return html.unescape(re.search(r"<tbody><tr><td>1</td><td>(?:<a [^>]*>)?(.*?)<", table).group(1))


def test_page_answers_in_dutch_with_the_summary_explained(client):
    response = client.get("/analyse")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Netwerkanalyse: heel Vlaanderen" in response.text
    assert "Het deel van alle mogelijke verbindingen dat er echt is" in response.text
    assert "<script>" not in response.text  # no inline script under CSP 'self'


def test_english_is_one_parameter_away(client):
    response = client.get("/analyse?lang=en")
    assert '<html lang="en">' in response.text
    assert "Network analysis: all of Flanders" in response.text
    assert "Who holds the network together?" in response.text


@pytest.mark.parametrize("path, zone, network", [
    ("/analyse", None, "organisaties"),
    ("/analyse/zone/antwerpen-centrum?netwerk=kenniskaart", "antwerpen-centrum", "kenniskaart"),
])
def test_the_top_broker_heads_the_betweenness_table(client, store, path, zone, network):
    _, analysis = analysed_network(store, network, zone)
    top = max(row["betweenness"] for row in analysis.nodes)
    brokers = {row["label"] for row in analysis.nodes if row["betweenness"] == top}
    page = client.get(path).text
    assert top > 0
    assert first_row_of(page, "Makelaars: liggen het vaakst tussen twee anderen") in brokers


def value_of_first_row(page: str, heading: str) -> str:
    """The value in the first row of the ranked table under ``heading``."""
    table = page[page.index(heading):]
    return html.unescape(re.search(r'<tbody><tr>.*?<td class="num">(.*?)</td>', table, re.S).group(1))


@pytest.fixture(scope="module")
def synthetic():
    """A store with synthetic referrals (the real graph has none), and a client over it."""
    made = open_store("memory")
    build(made, progress=lambda *_: None)
    synthesise(made, organisations=300, referrals=1500, seed=5)
    app = create_app("memory")
    app.state.store = made
    return made, TestClient(app)


def test_most_partners_counts_a_partner_tied_both_ways_once(synthetic):
    store, client = synthetic
    _, analysis = analysed_network(store, "doorverwijzing")
    assert any(row["partners"] < row["degree"] for row in analysis.nodes)
    top = max(analysis.nodes, key=lambda row: (row["partners"], row["weighted_degree"]))
    page = client.get("/analyse?netwerk=doorverwijzing").text
    assert value_of_first_row(page, "Meeste partners") == f"{top['partners']} ({top['weighted_degree']:.0f})"
    assert "wie in beide richtingen met dit knooppunt verbonden is, telt één keer" in page


def test_the_sector_bridges_say_where_an_organisation_in_several_sectors_counts(synthetic):
    store, client = synthetic
    _, analysis = analysed_network(store, "doorverwijzing")
    assert any("|" in row["sectors"] for row in analysis.nodes)
    page = client.get("/analyse?netwerk=doorverwijzing").text
    bridges = page[page.index("Bruggen tussen sectoren</h2>"):]
    assert "haar hoofdsector" in bridges and "de sector die het vaakst voorkomt bij organisaties van haar type" in bridges
    assert "its primary sector" in client.get("/analyse?netwerk=doorverwijzing&lang=en").text


def test_a_two_mode_network_says_which_measures_take_their_two_mode_form(client):
    two_mode = client.get("/analyse?netwerk=organisatie-praktijk").text
    assert 'id="tweeledig"' in two_mode and "Borgatti en Everett" in two_mode
    assert "De clusteringcoëfficiënt wordt niet berekend" in two_mode
    assert 'id="tweeledig"' not in client.get("/analyse").text


def test_the_whole_graph_is_called_all_of_flanders_and_beyond_and_says_why(client):
    dutch, english = client.get("/analyse").text, client.get("/analyse?lang=en").text
    assert "Netwerkanalyse: heel Vlaanderen en daarbuiten" in dutch and "in het buitenland" in dutch
    assert "Network analysis: all of Flanders and beyond" in english and "abroad" in english
    assert "in het buitenland" not in client.get("/analyse/zone/gent").text


def test_cut_points_are_called_out_as_where_the_network_falls_apart(client, store):
    _, analysis = analysed_network(store)
    cut = sorted(row["label"] for row in analysis.nodes if row["articulation_point"])
    page = client.get("/analyse").text
    callout = page[page.index('id="snijpunten"'):page.index('class="rankings"')]
    assert "zonder deze organisatie valt het netwerk uiteen" in page
    assert sorted(html.unescape(name) for name in re.findall(r"<li><a [^>]*>(.*?)</a></li>", callout)) == cut


def test_each_community_has_its_own_colour_on_the_map(client, store):
    _, analysis = analysed_network(store)
    largest, second = analysis.communities[0], analysis.communities[1]
    island = map_island(client.get("/analyse").text)
    colour = {node["id"]: node["color"] for node in island["nodes"]}
    assert {colour[m] for m in largest.members} == {colour[largest.centre]}
    assert {colour[m] for m in second.members} == {colour[second.centre]}
    assert colour[largest.centre] != colour[second.centre]
    assert UNKNOWN_COLOUR not in (colour[largest.centre], colour[second.centre])


def test_the_map_legend_names_communities_after_their_most_central_member(client, store):
    _, analysis = analysed_network(store)
    page = client.get("/analyse").text
    legend = page[page.index('class="oh-legend"'):page.index("</aside>")]
    assert "Kleur: gemeenschap" in legend
    assert html.escape(analysis.communities[0].name) in legend


def test_community_colouring_leaves_lone_nodes_grey():
    nodes = [{"id": n, "label": n, "kind": "organisatie", "community": c, "community_label": f"groep {c}"}
             for n, c in (("a", 1), ("b", 1), ("c", 2))]
    fragment = map_fragment({"nodes": nodes, "edges": [{"source": "a", "target": "b", "relation": "tie"}]},
                            title="t", colour_by="community")
    colours = {node["id"]: node["color"] for node in map_island(fragment)["nodes"]}
    assert colours["a"] == colours["b"] == community_colours(nodes)[1]
    assert colours["c"] == UNKNOWN_COLOUR
    assert "groep 1" in fragment and "overige gemeenschappen en losse knooppunten" in fragment


def test_sector_matrix_marks_every_missing_bridge(client, store):
    _, analysis = analysed_network(store)
    page = client.get("/analyse").text
    matrix = page[page.index('class="gap sectors"'):page.index("</table>", page.index('class="gap sectors"'))]
    assert matrix.count('<td class="empty"') == 2 * len(analysis.missing_bridges) > 0
    assert "E-I-index" in matrix
    assert "Sectoren zonder enige brug" in page


def test_brokerage_roles_are_shown_with_their_dutch_names(client):
    page = client.get("/analyse").text
    for role in ("coördinator", "poortwachter", "vertegenwoordiger", "consulent", "verbinder"):
        assert f"<th scope=\"col\" class=\"num\">{role}</th>" in page


def test_every_download_link_answers(client):
    page = client.get("/analyse/zone/gent").text
    links = [html.unescape(h) for h in re.findall(r'href="(/api/analysis/export/[^"]+)"', page)]
    assert len(links) == 5
    for href in links:
        response = client.get(href)
        assert response.status_code == 200 and response.content
        assert parse_qs(urlparse(href).query)["zone"] == ["gent"]


def test_the_sparql_link_selects_the_nodes_of_the_network(client, store):
    _, analysis = analysed_network(store, "organisaties", "gent")
    page = client.get("/analyse/zone/gent").text
    href = html.unescape(re.search(r'href="(/sparql-pagina\?[^"]+)"><code>network_organisations', page).group(1))
    query = parse_qs(urlparse(href).query)["query"][0]
    assert len(store.select(query)) == analysis.summary["nodes"] > 0


def test_names_made_of_html_stay_text(client):
    page = client.get("/analyse").text
    assert html.escape(EVIL) in page
    assert EVIL not in page


def test_zone_page_links_to_its_analysis(client):
    assert 'href="/analyse/zone/gent"' in client.get("/zone/gent").text


def test_the_form_sends_a_zone_choice_to_the_zone_address(client):
    response = client.get("/analyse?zone=gent&netwerk=doorverwijzing", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/analyse/zone/gent?netwerk=doorverwijzing"


def test_unknown_zone_gets_a_dutch_404_with_the_zone_list(client):
    response = client.get("/analyse/zone/nergens")
    assert response.status_code == 404
    assert "Er is geen eerstelijnszone ‘nergens’" in response.text
    assert 'href="/analyse/zone/gent"' in response.text


def test_a_resolution_that_is_no_number_gets_a_sentence_not_a_traceback(client):
    response = client.get("/analyse?resolutie=veel")
    assert response.status_code == 400
    assert "De resolutie moet een getal zijn" in response.text


NEW_CONTRIBUTION = ("https://w3id.org/overhoop/graph/bijdrage-test",
                    "<https://w3id.org/overhoop/id/organisatie/nieuw> a <http://www.w3.org/ns/org#Organization> .")


def test_after_an_import_the_flanders_analysis_says_it_describes_the_graph_before_it():
    own, visitor = visitor_of_own_graph()
    assert "describes the graph as of" not in visitor.get("/analyse?lang=en").text
    own.replace_graph(*NEW_CONTRIBUTION)
    page = visitor.get("/analyse?lang=en").text
    assert "describes the graph as of" in page and "follows within a minute" in page


def test_the_analysis_api_tells_whether_its_answer_is_up_to_date():
    own, api = visitor_of_own_graph()
    before = api.get("/api/analysis/communities").json()
    own.replace_graph(*NEW_CONTRIBUTION)
    after = api.get("/api/analysis/communities").json()
    assert before["up_to_date"] is True
    assert after["up_to_date"] is False and after["computed_at"] == before["computed_at"]


@pytest.fixture
def impatient_client():
    """A server that waits no time at all for a first analysis of all of Flanders."""
    built = open_store("memory")
    build(built, progress=lambda *_: None)
    app = create_app("memory", Settings(store="memory", analysis_wait_s=0))
    app.state.store = built
    return TestClient(app)


def test_a_first_analysis_of_flanders_not_ready_in_time_gives_a_page_that_looks_again(impatient_client):
    response = impatient_client.get("/analyse")
    assert response.status_code == 202
    assert f'<meta http-equiv="refresh" content="{PENDING_REFRESH_S}">' in response.text
    assert "De analyse van heel Vlaanderen en daarbuiten wordt berekend sinds" in response.text
    assert 'href="/analyse/zone/gent"' in response.text


def test_the_page_that_looks_again_shows_the_analysis_once_it_is_ready(impatient_client):
    statuses = [impatient_client.get("/analyse").status_code]
    deadline = time.monotonic() + 60
    while statuses[-1] == 202 and time.monotonic() < deadline:
        time.sleep(0.1)
        statuses.append(impatient_client.get("/analyse").status_code)
    assert statuses[0] == 202 and statuses[-1] == 200
    assert "Netwerkanalyse: heel Vlaanderen" in impatient_client.get("/analyse").text


def test_a_zone_is_analysed_at_once_while_all_of_flanders_is_being_computed(impatient_client):
    assert impatient_client.get("/analyse").status_code == 202
    assert impatient_client.get("/analyse/zone/gent").status_code == 200


def test_the_api_asks_to_come_back_while_the_first_analysis_of_flanders_is_computed(impatient_client):
    response = impatient_client.get("/api/analysis/summary")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "30"
    assert "wordt nog berekend" in response.json()["detail"]


# 21:47 UTC on 30 November is 22:47 in Brussels.
STARTED_UTC = datetime(2026, 11, 30, 21, 47, tzinfo=timezone.utc)


def still_computing(*_args, **_kwargs):
    raise StillComputing(STARTED_UTC)


def test_the_page_that_looks_again_says_since_when_in_brussels_time(client, monkeypatch):
    monkeypatch.setattr("api.pages_analysis.analysed_network", still_computing)
    dutch, english = client.get("/analyse").text, client.get("/analyse?lang=en").text
    assert "wordt berekend sinds 22.47 uur." in dutch
    assert "has been computing since 22:47." in english


def test_the_api_asking_to_come_back_says_since_when_in_brussels_time(client, monkeypatch):
    monkeypatch.setattr("api.routes_analysis.analysed_network", still_computing)
    detail = client.get("/api/analysis/summary").json()["detail"]
    assert "(sinds 22.47 uur)" in detail and "(since 22:47)" in detail
