"""Coordinators' imports: what a file becomes, matching, idempotence, withdrawal, concurrency."""

import threading

import pytest
from fastapi.testclient import TestClient
from rdflib import URIRef

from api.app import create_app

from graph.imports import apply, list_contributions, preview, preview_files, withdraw
from graph.imports.problems import ImportRefused
from graph.namespaces import OH, instance
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes, snapshot


def _import(store, text, name="organisaties.csv", agent="coordinator-leuven", encoding="utf-8"):
    plan = preview(store, csv_bytes(text, encoding), name, agent=agent)
    assert plan.ok, plan.summary()
    return apply(store, plan)


def test_windows_1252_file_with_semicolons_is_read_with_its_accents(fresh_store):
    text = "naam;gemeente;toelichting;fictief\nFictief Café Zonnedorp;Leuven;Crèche en speelhoek;ja"
    _import(fresh_store, text, encoding="cp1252")
    rows = fresh_store.select(
        "SELECT ?n WHERE { <https://w3id.org/overhoop/id/organisatie/fictief-cafe-zonnedorp> skos:prefLabel ?n }")
    assert rows == [{"n": "Fictief Café Zonnedorp"}]


def test_old_municipality_and_postcode_find_todays_municipality(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    rows = fresh_store.select(
        "SELECT ?o ?gemeente WHERE { ?o oh:fictional true ; dct:spatial ?gemeente }")
    places = {row["o"].rsplit("/", 1)[-1]: row["gemeente"].rsplit("/", 1)[-1] for row in rows}
    assert places == {"fictief-gezinscentrum-zonnedorp": "24062",
                      "fictieve-basisschool-de-regenboog": "24062",
                      "fictief-caw-zonnedorp": "11002"}  # Borsbeek merged into Antwerpen in 2025


def test_file_with_ten_errors_reports_all_ten_and_writes_nothing(fresh_store):
    before = snapshot(fresh_store)
    text = """
naam;type;sector;gemeente;postcode;website;kbo-nummer;fictief
Fictief A;geen-type;welzijn;Nergensdorp;;;;ja
Fictief B;caw;geen-sector;Leuven;;www spatie.be;;ja
Fictief C;caw;welzijn;;9999;;0411.905.848;ja
Fictief D;caw;welzijn;Leuven;;;;misschien
=Fictief E;caw;welzijn;Leuven;;;;ja
Fictief F;caw;welzijn;Namur;;;;ja
Fictief G;caw;welzijn;Leuven;2000;;;ja
"""
    plan = preview(fresh_store, csv_bytes(text), "organisaties.csv")
    assert [(p.row, p.column) for p in plan.problems] == [
        (2, "gemeente"), (2, "type"), (3, "sector"), (3, "website"), (4, "postcode"),
        (4, "kbo-nummer"), (5, "fictief"), (6, "naam"), (7, "gemeente"), (8, "gemeente")]
    assert all(p.message_nl and p.message_en for p in plan.problems)
    with pytest.raises(ImportRefused):
        apply(fresh_store, plan)
    assert snapshot(fresh_store) == before


def test_doubtful_match_is_reported_and_needs_a_decision(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    similar = "naam;gemeente;fictief\nFictief Gezinscentrum Zonnedorpp;Leuven;ja"
    plan = preview(fresh_store, csv_bytes(similar), "organisaties.csv")
    assert not plan.ok
    assert plan.problems[0].column == "koppelen aan"
    assert plan.matches[0].status == "twijfel"
    assert plan.matches[0].candidates[0][0] == str(instance("organisatie", "fictief-gezinscentrum-zonnedorp"))


def test_decision_new_resolves_a_doubtful_match_into_a_new_organisation(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    decided = "naam;gemeente;koppelen aan;fictief\nFictief Gezinscentrum Zonnedorpp;Leuven;nieuw;ja"
    plan = preview(fresh_store, csv_bytes(decided), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [c.iri.rsplit("/", 1)[-1] for c in plan.added] == ["fictief-gezinscentrum-zonnedorpp"]


def test_same_name_in_same_municipality_is_matched_not_duplicated(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    again = "naam;gemeente;website;fictief\nfictief gezinscentrum ZONNEDORP;Leuven;https://zonnedorp.example;ja"
    plan = preview(fresh_store, csv_bytes(again), "andere.csv")
    assert plan.matches[0].status == "gekoppeld"
    assert [c.iri for c in plan.changed] == [str(instance("organisatie", "fictief-gezinscentrum-zonnedorp"))]
    assert plan.added == []


def test_second_import_of_the_same_file_changes_nothing(fresh_store):
    first = _import(fresh_store, ORGANISATIONS)
    after_first = snapshot(fresh_store)
    second = _import(fresh_store, ORGANISATIONS)
    assert first.created and not second.created
    assert snapshot(fresh_store) == after_first


def test_withdrawal_leaves_every_graph_as_before(fresh_store):
    before = snapshot(fresh_store)
    contribution = apply(fresh_store, preview_files(
        fresh_store, [(csv_bytes(ORGANISATIONS), "organisaties.csv"), (csv_bytes(LINKS), "verbindingen.csv")],
        agent="coordinator-leuven"))
    assert fresh_store.ask("ASK { ?a oh:refersTo ?b }")
    withdraw(fresh_store, contribution.id)
    assert snapshot(fresh_store) == before


def test_contribution_is_listed_with_who_when_file_and_checksum(fresh_store):
    contribution = _import(fresh_store, ORGANISATIONS)
    listed = list_contributions(fresh_store)
    assert [(c.id, c.agent, c.files) for c in listed] == [
        (contribution.id, "coordinator-leuven", ["organisaties.csv"])]
    assert len(listed[0].checksum) == 64 and listed[0].time


def test_link_stated_by_both_sides_is_confirmed(fresh_store):
    _import(fresh_store, ORGANISATIONS, agent="coordinator-leuven")
    _import(fresh_store, LINKS, "verbindingen.csv", agent="coordinator-leuven")
    other_side = ("van;naar;soort;doelgroepen\n"
                  "Fictief Gezinscentrum Zonnedorp;Fictief CAW Zonnedorp;samenwerking;ouders")
    _import(fresh_store, other_side, "verbindingen.csv", agent="caw-zonnedorp")
    confirmed = {row["r"].rsplit("/", 1)[-1] for row in fresh_store.select(
        "SELECT ?r WHERE { ?r a oh:Referral ; oh:confirmed true }")}
    assert confirmed == {"fictief-caw-zonnedorp--fictief-gezinscentrum-zonnedorp--samenwerking",
                         "fictief-gezinscentrum-zonnedorp--fictief-caw-zonnedorp--samenwerking"}


def test_every_link_is_attributed_to_its_contributor(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    _import(fresh_store, LINKS, "verbindingen.csv", agent="Coördinator Leuven")
    agents = {row["a"] for row in fresh_store.select(
        "SELECT DISTINCT ?a WHERE { ?r a oh:Referral ; prov:wasAttributedTo ?a }")}
    assert agents == {str(instance("agent", "coordinator-leuven"))}


def test_practice_offered_locally_becomes_a_participation(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    offer = "organisatie;praktijk;sinds\nFictief Gezinscentrum Zonnedorp;handle with care;2024-03-01"
    _import(fresh_store, offer, "praktijken.csv")
    assert fresh_store.ask("""ASK { <https://w3id.org/overhoop/id/praktijk/handle-with-care>
        cv:hasParticipation [ cv:hasParticipant ?org ; cv:role ?rol ] .
        ?org skos:prefLabel "Fictief Gezinscentrum Zonnedorp"@nl }""")


def test_partnership_membership_has_role_and_start(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    members = ("samenwerkingsverband;lid;rol;sinds\n"
               "Fictief Gezinscentrum Zonnedorp;Fictief CAW Zonnedorp;partner;2021-01-01")
    _import(fresh_store, members, "samenwerkingen.csv")
    rows = fresh_store.select("SELECT ?rol ?sinds WHERE { ?m a org:Membership ; org:role ?rol ; schema:startDate ?sinds }")
    assert rows == [{"rol": "https://w3id.org/overhoop/id/concept/rol/partner", "sinds": "2021-01-01"}]


def test_two_imports_at_once_both_succeed_and_nothing_is_lost(fresh_store):
    files = [ORGANISATIONS, "naam;gemeente;fictief\nFictieve Speelotheek Zonnedorp;Herent;ja"]
    plans = [preview(fresh_store, csv_bytes(text), f"bestand{i}.csv") for i, text in enumerate(files)]
    results, errors = [], []

    def run(plan):
        try:
            results.append(apply(fresh_store, plan))
        except Exception as error:  # collected to fail the test with the real error
            errors.append(error)

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(list_contributions(fresh_store)) == 2
    names = fresh_store.select("SELECT (COUNT(?o) AS ?n) WHERE { ?o oh:fictional true ; a org:Organization }")
    assert names == [{"n": "4"}]


def test_readers_during_an_import_see_all_of_it_or_none(fresh_store):
    many = "naam;gemeente;fictief\n" + "\n".join(
        f"Fictieve Organisatie {i};Leuven;ja" for i in range(400))
    plan = preview(fresh_store, csv_bytes(many), "veel.csv")
    seen = set()
    done = threading.Event()

    def read():
        while not done.is_set():
            seen.add(fresh_store.select(
                "SELECT (COUNT(?o) AS ?n) WHERE { ?o oh:fictional true }")[0]["n"])

    reader = threading.Thread(target=read)
    reader.start()
    apply(fresh_store, plan)
    done.set()
    reader.join()
    assert seen <= {"0", "400"}


def test_rdf_contribution_in_turtle_is_imported(fresh_store):
    turtle = b"""@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix oh: <https://w3id.org/overhoop/ns#> .
    <https://w3id.org/overhoop/id/organisatie/fictief-rdf-huis> a org:Organization ;
        skos:prefLabel "Fictief RDF-huis"@nl ; oh:fictional true ."""
    plan = preview(fresh_store, turtle, "huis.ttl")
    assert plan.ok, plan.summary()
    apply(fresh_store, plan)
    assert fresh_store.ask("ASK { <https://w3id.org/overhoop/id/organisatie/fictief-rdf-huis> a org:Organization }")


def test_imported_links_appear_in_the_derived_graph(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    _import(fresh_store, LINKS, "verbindingen.csv")
    source = URIRef(instance("organisatie", "fictief-gezinscentrum-zonnedorp"))
    assert fresh_store.ask(f"ASK {{ GRAPH g:afgeleid {{ <{source}> <{OH.refersTo}> ?to }} }}")


def test_fictional_example_alliance_imports_and_is_marked_fictional(fresh_store):
    from pathlib import Path
    folder = Path(__file__).resolve().parent.parent / "data" / "examples" / "zonnedorp"
    files = [(path.read_bytes(), path.name) for path in sorted(folder.glob("*.csv"))]
    plan = preview_files(fresh_store, files, agent="voorbeeld")
    assert plan.ok, plan.summary()
    apply(fresh_store, plan)
    organisations = fresh_store.select(
        "SELECT ?n ?f WHERE { GRAPH ?g { ?o a org:Organization ; skos:prefLabel ?n } "
        "FILTER(STRSTARTS(STR(?g), STR(g:bijdrage-))) OPTIONAL { ?o oh:fictional ?f } }")
    assert len(organisations) == 6
    assert all(row.get("f") == "true" and row["n"].startswith("Fictie") for row in organisations)


CAW = "https://w3id.org/overhoop/id/organisatie/fictief-caw-zonnedorp"


def test_organisation_links_report_the_kind_of_an_imported_link(fresh_store):
    from graph.lookup import organisation_links
    _import(fresh_store, ORGANISATIONS)
    _import(fresh_store, LINKS, "verbindingen.csv")
    assert [(link["id"], link["kind"], link["direction"]) for link in organisation_links(fresh_store, CAW)] == [
        ("fictief-gezinscentrum-zonnedorp", "samenwerking", "uit")]


def test_organisation_page_shows_the_kind_of_an_imported_link(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    _import(fresh_store, LINKS, "verbindingen.csv")
    app = create_app("memory")
    app.state.store = fresh_store
    page = TestClient(app).get("/organisatie/fictief-caw-zonnedorp")
    assert page.status_code == 200
    # A collaboration goes both ways: its kind, without a direction.
    assert "samenwerking met" in page.text and "uitgaand" not in page.text
    assert "doorverwijzing, uitgaand" not in page.text


def test_preview_names_each_link_by_its_kind_in_dutch(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    plan = preview(fresh_store, csv_bytes(LINKS), "verbindingen.csv")
    assert sorted(change.kind for change in plan.added) == ["doorverwijzing", "samenwerking"]


def test_preview_names_the_two_ends_of_a_link(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    plan = preview(fresh_store, csv_bytes(LINKS), "verbindingen.csv")
    assert "Fictief CAW Zonnedorp → Fictief Gezinscentrum Zonnedorp" in [change.label for change in plan.added]


def test_preview_names_the_kind_of_a_changed_practice_in_dutch(fresh_store):
    _import(fresh_store, ORGANISATIONS)
    text = "organisatie;praktijk;gemeente\nFictief Gezinscentrum Zonnedorp;Handle with care;Leuven"
    plan = preview(fresh_store, csv_bytes(text), "praktijken.csv")
    assert [(change.kind, change.label) for change in plan.changed] == [("praktijk", "Handle with care")]
    assert "~ praktijk: Handle with care" in plan.summary()


def test_a_link_to_an_organisation_whose_own_row_failed_points_to_that_row(fresh_store):
    organisations = ORGANISATIONS.replace("Fictief CAW Zonnedorp;caw;welzijn;Borsbeek", "Fictief CAW Zonnedorp;caw;welzijn;Brugggge")
    plan = preview_files(fresh_store, [(csv_bytes(organisations), "organisaties.csv"),
                                       (csv_bytes(LINKS), "verbindingen.csv")])
    link_problems = [p.message_nl for p in plan.problems if p.sheet == "verbindingen"]
    assert link_problems == ["'Fictief CAW Zonnedorp' staat op het blad organisaties (rij 4), maar die rij heeft een "
                             "fout: verbeter eerst die rij."]


def test_a_municipality_written_with_a_space_for_its_hyphen_is_found(fresh_store):
    plan = preview(fresh_store, csv_bytes("naam;gemeente;fictief\nFictief Huis aan de Schelde;sint niklaas;ja"),
                   "organisaties.csv")
    assert plan.ok, plan.summary()
    places = {o for _s, p, o in plan.graph if p == URIRef("http://purl.org/dc/terms/spatial")}
    assert URIRef("https://data.vlaanderen.be/id/gemeente/46021") in places  # Sint-Niklaas


def test_an_imported_address_is_shown_on_the_organisation_page(fresh_store):
    _import(fresh_store, "naam;gemeente;postcode;adres;fictief\nFictief Huis met adres;Gent;9000;Kerkstraat 1;ja")
    app = create_app("memory")
    app.state.store = fresh_store
    page = TestClient(app).get("/organisatie/fictief-huis-met-adres")
    assert "Kerkstraat 1, 9000 Gent" in page.text
