"""What a coordinator importing through the web form ran into (user audit): the template's example
rows, doubts against namesakes in other towns, a renamed organisation linked by hand, the file's
spelling of a matched organisation, and a link row written twice. On the real graph."""

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph import lookup
from graph.imports import apply, preview, preview_files
from graph.imports.templates import template_csv
from tests.import_helpers import csv_bytes

ORG = "https://w3id.org/overhoop/id/organisatie/"
SINT_NIKLAAS_HOUSE = ORG + "overkop-sint-niklaas"


def _template_with_own_row(kind: str, own_row: str) -> bytes:
    return template_csv(kind) + own_row.encode("utf-8") + b"\r\n"


# -- 1. the template's example rows ---------------------------------------------------------------

def test_example_rows_left_in_the_template_are_refused_one_problem_each(built_store):
    data = _template_with_own_row("organisaties", "Fictief Eigen Huis;;;Gent;;;;;;ja;")
    plan = preview(built_store, data, "organisaties.csv")
    assert not plan.ok
    assert [p.row for p in plan.problems] == [2, 3]
    assert all("voorbeeldrij" in p.message_nl and "example row" in p.message_en for p in plan.problems)
    assert {p.value for p in plan.problems} == {"Fictief Gezinscentrum Zonnedorp", "Fictieve Basisschool De Regenboog"}


def test_example_row_saved_again_by_excel_with_its_date_rewritten_is_still_recognised(built_store):
    # Excel in Belgium shows 2023-09-01 as 1/09/2023 and saves it so in a CSV.
    text = template_csv("samenwerkingen").decode("utf-8-sig").replace("2023-09-01", "1/09/2023")
    plan = preview(built_store, text.encode("utf-8"), "samenwerkingen.csv")
    assert [(p.row, "voorbeeldrij" in p.message_nl) for p in plan.problems] == [(2, True)]


def test_a_row_that_differs_from_the_example_in_one_cell_is_no_example(built_store):
    text = template_csv("organisaties").decode("utf-8-sig").replace("Zonnestraat 1", "Zonnestraat 2")
    plan = preview(built_store, text.encode("utf-8"), "organisaties.csv")
    assert [p.row for p in plan.problems] == [3]


def test_own_row_naming_an_example_organisation_points_to_the_example_row(built_store):
    organisations = _template_with_own_row("organisaties", "Fictief Eigen Huis;;;Gent;;;;;;ja;")
    links = "van;naar;soort;doelgroepen\nFictief Eigen Huis;Fictief Gezinscentrum Zonnedorp;doorverwijzing;ouders"
    plan = preview_files(built_store, [(organisations, "organisaties.csv"), (csv_bytes(links), "verbindingen.csv")])
    link_problems = [p.message_nl for p in plan.problems if p.sheet == "verbindingen"]
    assert link_problems == ["'Fictief Gezinscentrum Zonnedorp' staat op het blad organisaties (rij 2), maar die "
                             "rij heeft een fout: verbeter eerst die rij."]


# -- 2. namesakes in other municipalities -----------------------------------------------------------

def test_similar_name_in_another_municipality_is_a_new_organisation(built_store):
    text = "naam;gemeente;postcode\nHuis van het Kind Temse;Temse;\nOverKop-huis Temse;;9140"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [m.status for m in plan.matches] == ["nieuw", "nieuw"]
    assert sorted(c.label for c in plan.added) == ["Huis van het Kind Temse", "OverKop-huis Temse"]


def test_similar_name_in_the_same_municipality_is_still_a_doubt_naming_its_municipality(built_store):
    plan = preview(built_store, csv_bytes("naam;gemeente\nHuis van het Kind Leuven-Noord;Leuven"), "organisaties.csv")
    assert [m.status for m in plan.matches] == ["twijfel"]
    assert "Huis van het Kind Leuven (Leuven) <" in plan.problems[0].message_nl
    assert "Huis van het Kind Leuven (Leuven) <" in plan.problems[0].message_en


def test_similar_name_of_an_organisation_without_a_municipality_is_still_a_doubt(built_store):
    text = "naam;gemeente\nExpertisecentrum Kraamzorg Volle Maan Temse;Temse"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert [m.status for m in plan.matches] == ["twijfel"]
    assert "Expertisecentrum Kraamzorg Volle Maan <" in plan.problems[0].message_nl


def test_same_name_in_another_municipality_is_still_a_doubt_naming_where_the_other_lies(built_store):
    plan = preview(built_store, csv_bytes("naam;gemeente\nHuis van het Kind Leuven;Herent"), "organisaties.csv")
    assert [m.status for m in plan.matches] == ["twijfel"]
    assert "Huis van het Kind Leuven (Leuven) <" in plan.problems[0].message_nl


# -- 3. a renamed organisation linked by hand -------------------------------------------------------

def test_linking_under_another_name_keeps_the_graphs_name_says_so_and_keeps_the_other_name(fresh_store):
    text = f"naam;gemeente;koppelen aan\nOverKop Waasland;Sint-Niklaas;{SINT_NIKLAAS_HOUSE}"
    plan = preview(fresh_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [(n.row, n.message_nl) for n in plan.notices] == [(2, (
        "De naam in de graaf blijft 'OverKop-huis Sint-Niklaas'; de naam 'OverKop Waasland' uit het "
        "bestand wordt als andere naam (skos:altLabel) bewaard."))]
    assert [c.iri for c in plan.changed] == [SINT_NIKLAAS_HOUSE]
    apply(fresh_store, plan)
    house = URIRef(SINT_NIKLAAS_HOUSE)
    assert fresh_store.ask(f"ASK {{ <{house}> <{SKOS.altLabel}> {Literal('OverKop Waasland', lang='nl').n3()} }}")
    assert fresh_store.select(f"SELECT ?n WHERE {{ <{house}> <{SKOS.prefLabel}> ?n }}") == [
        {"n": "OverKop-huis Sint-Niklaas"}]
    found = lookup.search_organisations(fresh_store, lookup.Filters(text="overkop waasland"))
    assert [item["label"] for item in found["items"]] == ["OverKop-huis Sint-Niklaas"]


def test_linking_under_the_same_name_otherwise_spelled_keeps_no_other_name(built_store):
    text = f"naam;gemeente;koppelen aan\nOverkop huis Sint Niklaas;Sint-Niklaas;{SINT_NIKLAAS_HOUSE}"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok and plan.notices == [] and plan.new_triples == 0, plan.summary()


def test_linking_by_the_address_of_the_organisations_page_or_its_id_is_the_same_as_by_its_iri(built_store):
    ways = ("http://127.0.0.1:8000/organisatie/overkop-sint-niklaas?lang=en",
            "https://overhoop.example/id/organisatie/overkop-sint-niklaas", "overkop-sint-niklaas")
    for way in ways:
        plan = preview(built_store, csv_bytes(f"naam;gemeente;koppelen aan\nOverKop Waasland;Sint-Niklaas;{way}"),
                       "organisaties.csv")
        assert plan.ok and [m.iri for m in plan.matches] == [SINT_NIKLAAS_HOUSE], (way, plan.summary())


def test_linking_to_an_address_where_no_organisation_is_says_so_in_the_words_typed(built_store):
    text = "naam;gemeente;koppelen aan\nNiemand;Leuven;http://127.0.0.1:8000/organisatie/bestaat-niet"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert [p.message_nl for p in plan.problems] == [
        "'koppelen aan' wijst naar http://127.0.0.1:8000/organisatie/bestaat-niet, maar daar staat geen "
        "organisatie. Kopieer het adres van de pagina van de organisatie die je bedoelt, of schrijf 'nieuw'."]
    assert "onbekende" not in plan.problems[0].message_en


def test_a_link_row_may_name_its_organisations_by_their_page_address(built_store):
    text = ("van;naar;soort\n"
            "http://127.0.0.1:8000/organisatie/overkop-sint-niklaas;http://127.0.0.1:8000/organisatie/similes;samenwerking")
    plan = preview(built_store, csv_bytes(text), "verbindingen.csv")
    assert plan.ok, plan.summary()


# -- 4. the graph's name for what is matched --------------------------------------------------------

def test_preview_names_a_matched_organisation_as_the_graph_does(built_store):
    text = "naam;gemeente;website\nOverkop huis Sint Niklaas;Sint-Niklaas;https://overkop.example"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert [c.label for c in plan.changed] == ["OverKop-huis Sint-Niklaas (Overkop huis Sint Niklaas)"]
    assert "~ organisatie: OverKop-huis Sint-Niklaas (Overkop huis Sint Niklaas)" in plan.summary()


def test_preview_names_the_ends_of_a_link_as_the_graph_does(built_store):
    organisations = "naam;gemeente\nOverkop huis Sint Niklaas;Sint-Niklaas\nFictief Huis Zonnedorp;Leuven"
    links = "van;naar;soort;doelgroepen\nOverkop huis Sint Niklaas;Fictief Huis Zonnedorp;doorverwijzing;ouders"
    plan = preview_files(built_store, [(csv_bytes(organisations), "organisaties.csv"),
                                       (csv_bytes(links), "verbindingen.csv")])
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added if c.kind == "doorverwijzing"] == [
        "OverKop-huis Sint-Niklaas → Fictief Huis Zonnedorp"]


# -- 5. a link row written twice ----------------------------------------------------------------------

def test_a_link_row_written_twice_is_counted_once_with_a_notice(built_store):
    row = "OverKop-huis Sint-Niklaas;OverKop-huis Lokeren;samenwerking;ouders"
    text = f"van;naar;soort;doelgroepen\n{row}\n{row.replace('samenwerking', 'Samenwerking')}"
    plan = preview(built_store, csv_bytes(text), "verbindingen.csv")
    assert plan.ok, plan.summary()
    assert [(n.sheet, n.row, n.message_nl) for n in plan.notices] == [
        ("verbindingen", 3, "Rij 3 herhaalt rij 2 en telt één keer.")]
    assert len(plan.added) == 1


def test_a_link_row_adding_to_an_earlier_rows_link_says_they_are_merged(built_store):
    text = ("van;naar;soort;doelgroepen\n"
            "OverKop-huis Sint-Niklaas;OverKop-huis Lokeren;samenwerking;ouders\n"
            "OverKop-huis Sint-Niklaas;OverKop-huis Lokeren;samenwerking;armoede")
    plan = preview(built_store, csv_bytes(text), "verbindingen.csv")
    assert plan.ok, plan.summary()
    assert [(n.row, n.message_nl) for n in plan.notices] == [(3, (
        "Rij 3 gaat over dezelfde verbinding als rij 2 (van, naar en soort): hun gegevens worden "
        "samengevoegd tot één verbinding."))]
