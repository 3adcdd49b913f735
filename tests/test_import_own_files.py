"""Coordinators' own lists, as they really are: extra columns, a helper sheet, a title above the
column names, a dash for "nothing", kinds and dates written loosely. What can be read safely is
imported, with a notice saying what was left out or how it was read; the rest stays an error."""

from __future__ import annotations

import io

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from graph.imports import preview, preview_files
from graph.imports.templates import template_xlsx
from graph.namespaces import OH, SCHEMA, concept
from tests.import_helpers import csv_bytes
from tests.test_pages_import import TOKEN, make_client, upload

ORGANISATIONS = """
naam;gemeente;fictief
Fictief Gezinscentrum Zonnedorp;Leuven;ja
Fictieve Basisschool Zonnedorp;Leuven;ja
"""


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX with one sheet per entry, its rows as given."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def link_plan(store, soort: str = "doorverwijzing", sinds: str = "", tot: str = ""):
    """Preview the two organisations above and one link between them."""
    links = f"""
van;naar;soort;doelgroepen;sinds;tot
Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool Zonnedorp;{soort};ouders;{sinds};{tot}
"""
    return preview_files(store, [(csv_bytes(ORGANISATIONS), "organisaties.csv"),
                                 (csv_bytes(links), "verbindingen.csv")])


def link_dates(plan) -> tuple[str | None, str | None]:
    """The start and end date of the plan's one link."""
    link = plan.graph.value(predicate=RDF.type, object=OH.Referral)
    return tuple(str(day) if day else None for day in (plan.graph.value(link, SCHEMA.startDate),
                                                         plan.graph.value(link, SCHEMA.endDate)))


# -- a column the template does not have ------------------------------------------------------

def test_extra_columns_are_left_out_with_one_notice_and_the_file_imports(built_store):
    text = """
naam;gemeente;fictief;Contactpersoon;Opmerking
Fictief Gezinscentrum Zonnedorp;Leuven;ja;Jan Peeters;bellen na 10u
"""
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added] == ["Fictief Gezinscentrum Zonnedorp"]
    assert [n.message_nl.split(":")[0] for n in plan.notices] == [
        "De kolommen 'Contactpersoon' en 'Opmerking' horen niet bij het sjabloon organisaties en "
        "zijn weggelaten"]


def test_a_left_out_column_with_contact_persons_never_reaches_the_graph(built_store):
    text = "naam;gemeente;fictief;Contactpersoon\nFictief Gezinscentrum Zonnedorp;Leuven;ja;Jan Peeters\n"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert "Jan Peeters" not in plan.graph.serialize(format="nt")
    assert "niet ingevoerd en nergens bewaard" in plan.notices[0].message_nl
    assert "neither imported nor stored" in plan.notices[0].message_en
    assert all("Jan Peeters" not in notice.value for notice in plan.notices)


def test_an_extra_column_close_to_a_known_one_asks_did_you_mean(built_store):
    text = "naam;gemeente;fictief;websit\nFictief Gezinscentrum Zonnedorp;Leuven;ja;https://zonnedorp.example\n"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok
    assert plan.notices[0].message_nl.endswith("Bedoelde je 'website'?")
    assert plan.notices[0].message_en.endswith("Did you mean 'website'?")


def test_a_missing_required_column_is_still_an_error(built_store):
    text = "van;soort;doelgroepen\nFictief Gezinscentrum Zonnedorp;samenwerking;ouders\n"
    plan = preview(built_store, csv_bytes(text), "verbindingen.csv")
    assert not plan.ok
    assert plan.problems[0].message_nl.startswith("Verplichte kolom(men) ontbreken: naar.")


# -- a helper sheet in a workbook ----------------------------------------------------------------

@pytest.mark.parametrize("helper", ["Lijsten", "Lijst organisatietypes"])
def test_a_helper_sheet_next_to_a_template_sheet_is_skipped_with_a_notice(built_store, helper):
    workbook = xlsx_bytes({
        "organisaties": [["naam", "gemeente", "fictief"], ["Fictief Gezinscentrum Zonnedorp", "Leuven", "ja"]],
        helper: [["types"], ["kinderopvang"], ["school"]],
    })
    plan = preview(built_store, workbook, "alliantie.xlsx")
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added] == ["Fictief Gezinscentrum Zonnedorp"]
    assert [(n.sheet, n.message_nl) for n in plan.notices] == [
        ("alliantie.xlsx", f"Het blad '{helper}' past bij geen sjabloon en is overgeslagen; wat erop "
         "staat, wordt niet ingevoerd.")]


def test_a_workbook_without_any_template_sheet_is_refused(built_store):
    workbook = xlsx_bytes({"Lijsten": [["types"], ["kinderopvang"]], "Blad2": [["x", "y"], ["1", "2"]]})
    plan = preview(built_store, workbook, "lijsten.xlsx")
    assert not plan.ok
    assert [p.sheet for p in plan.problems] == ["Lijsten", "Blad2"]
    assert all("niet herkend" in p.message_nl for p in plan.problems)


# -- a title above the column names ---------------------------------------------------------------

def test_column_names_below_a_title_row_are_found_and_the_title_skipped(built_store):
    text = """
Organisaties Zonnedorp - stand 1 maart 2026;;
;;
naam;gemeente;fictief
Fictief Gezinscentrum Zonnedorp;Leuven;ja
"""
    plan = preview(built_store, csv_bytes(text), "titelrij.csv")
    assert plan.ok, plan.summary()
    assert [(c.label, c.row) for c in plan.added] == [("Fictief Gezinscentrum Zonnedorp", 4)]
    assert [(n.row, n.message_nl) for n in plan.notices] == [
        (3, "De kolomnamen staan op rij 3; rij 1 erboven is overgeslagen.")]


def test_a_title_row_above_an_xlsx_sheet_is_skipped_too(built_store):
    workbook = xlsx_bytes({"organisaties": [["Organisaties Zonnedorp"], ["naam", "gemeente", "fictief"],
                                            ["Fictief Gezinscentrum Zonnedorp", "Leuven", "ja"]]})
    plan = preview(built_store, workbook, "alliantie.xlsx")
    assert plan.ok, plan.summary()
    assert [(c.label, c.row) for c in plan.added] == [("Fictief Gezinscentrum Zonnedorp", 3)]
    assert [n.message_en for n in plan.notices] == ["The column names are on row 2; row 1 above them was skipped."]


def test_the_explanation_sheet_of_the_template_gives_no_notice(built_store):
    plan = preview(built_store, template_xlsx(), "overhoop-sjabloon.xlsx")
    assert plan.notices == []


def test_a_title_with_a_comma_above_semicolon_columns_is_read(built_store):
    text = "Organisaties Zonnedorp, stand maart\nnaam;gemeente;fictief\nFictief Gezinscentrum Zonnedorp;Leuven;ja\n"
    plan = preview(built_store, csv_bytes(text), "titelrij.csv")
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added] == ["Fictief Gezinscentrum Zonnedorp"]


def test_a_file_without_template_columns_says_the_first_row_must_hold_them(built_store):
    text = "Organisaties Zonnedorp;;\n;;\nwie;waar;wat\nFictief Gezinscentrum Zonnedorp;Leuven;ja\n"
    plan = preview(built_store, csv_bytes(text), "titelrij.csv")
    assert not plan.ok
    assert [(p.row, p.message_nl) for p in plan.problems] == [(1, (
        "Blad of bestand 'titelrij' niet herkend: de eerste rij moet de kolomnamen van een sjabloon "
        "(organisaties, samenwerkingen, verbindingen, praktijken) bevatten, maar bevat "
        "'Organisaties Zonnedorp'; zet de kolomnamen uit het sjabloon in de eerste rij."))]


# -- a dash for "nothing" -----------------------------------------------------------------------

@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014"])
def test_a_lone_dash_counts_as_an_empty_cell(built_store, dash):
    text = f"naam;gemeente;website;toelichting;fictief\nFictief Gezinscentrum Zonnedorp;Leuven;{dash};{dash};ja\n"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added] == ["Fictief Gezinscentrum Zonnedorp"]
    assert plan.graph.value(predicate=FOAF.homepage) is None
    assert plan.graph.value(predicate=DCTERMS.description) is None


def test_a_cell_starting_with_a_dash_and_more_is_still_refused_as_a_formula(built_store):
    text = "naam;gemeente;toelichting;fictief\nFictief Gezinscentrum Zonnedorp;Leuven;-2+3;ja\n"
    plan = preview(built_store, csv_bytes(text), "organisaties.csv")
    assert [(p.column, p.value) for p in plan.problems] == [("toelichting", "-2+3")]
    assert "formule" in plan.problems[0].message_nl


# -- English pages -----------------------------------------------------------------------------

def _kinds_in_preview(page: str) -> list[str]:
    table = page.split('<table class="results-table changes">')[1].split("</table>")[0]
    return [cells.split("</td>")[0] for cells in table.split('<td class="sign">+</td><td>')[1:]]


def test_english_preview_names_the_kinds_in_english(built_store):
    files = [("bestand", ("organisaties.csv", csv_bytes(ORGANISATIONS), "text/csv"))]
    page = make_client(built_store).post("/invoeren?lang=en", files=files, data={"token": TOKEN}).text
    assert _kinds_in_preview(page) == ["organisation", "organisation"]


def test_dutch_preview_names_the_kinds_in_dutch(built_store):
    files = [("bestand", ("organisaties.csv", csv_bytes(ORGANISATIONS), "text/csv"))]
    page = upload(make_client(built_store), files).text
    assert _kinds_in_preview(page) == ["organisatie", "organisatie"]


def test_a_link_kind_has_its_english_name_in_the_plan(built_store):
    plan = link_plan(built_store, soort="informatie-uitwisseling")
    assert [(c.kind, c.kind_en) for c in plan.added if c.sheet == "verbindingen"] == [
        ("informatie-uitwisseling", "information exchange")]


# -- kinds and dates written loosely ---------------------------------------------------------------

@pytest.mark.parametrize("written, meant", [("info-uitwisseling", "informatie-uitwisseling"),
                                            ("Info uitwisseling", "informatie-uitwisseling"),
                                            ("verwijzing", "doorverwijzing")])
def test_a_loosely_written_link_kind_is_understood(built_store, written, meant):
    plan = link_plan(built_store, soort=written)
    assert plan.ok, plan.summary()
    assert set(plan.graph.objects(None, OH.referralKind)) == {concept("verbinding", meant)}


def test_the_loose_link_kinds_are_alternative_labels_in_the_vocabulary(built_store):
    rows = built_store.select(
        "SELECT ?label WHERE { ?c skos:inScheme <https://w3id.org/overhoop/id/conceptscheme/verbinding> ; "
        "skos:altLabel ?label }")
    assert {"Info-uitwisseling", "Verwijzing"} <= {row["label"] for row in rows}


def test_an_unknown_link_kind_is_still_refused_with_the_possible_kinds(built_store):
    plan = link_plan(built_store, soort="vriendschap")
    assert [p.column for p in plan.problems] == ["soort"]
    assert "Mogelijk: doorverwijzing, gezamenlijk-aanbod" in plan.problems[0].message_nl


def test_a_year_alone_in_sinds_is_read_as_the_first_of_january_with_a_notice(built_store):
    plan = link_plan(built_store, sinds="2023")
    assert plan.ok, plan.summary()
    assert link_dates(plan) == ("2023-01-01", None)
    assert [(n.column, n.row, n.message_nl) for n in plan.notices] == [(
        "sinds", 2, "In kolom 'sinds' staat op rij 2 alleen een jaar; dat wordt gelezen als 1 januari van dat "
        "jaar. Schrijf de volledige datum als je een andere dag bedoelt.")]


def test_a_year_alone_in_tot_is_read_as_the_last_of_december(built_store):
    plan = link_plan(built_store, sinds="2023-09-01", tot="2024")
    assert plan.ok, plan.summary()
    assert link_dates(plan) == ("2023-09-01", "2024-12-31")
    assert "read as 31 December of that year" in plan.notices[0].message_en


def test_years_alone_in_many_rows_of_a_column_give_one_notice_naming_the_rows(built_store):
    links = """
van;naar;soort;doelgroepen;sinds
Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool Zonnedorp;doorverwijzing;ouders;2021
Fictieve Basisschool Zonnedorp;Fictief Gezinscentrum Zonnedorp;samenwerking;;2022
Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool Zonnedorp;informatie-uitwisseling;;2023
"""
    plan = preview_files(built_store, [(csv_bytes(ORGANISATIONS), "organisaties.csv"),
                                       (csv_bytes(links), "verbindingen.csv")])
    assert plan.ok, plan.summary()
    assert [n.message_nl for n in plan.notices] == [
        "In kolom 'sinds' staat op de rijen 2, 3 en 4 alleen een jaar; dat wordt gelezen als 1 januari van dat jaar. "
        "Schrijf de volledige datum als je een andere dag bedoelt."]


@pytest.mark.parametrize("written", ["23", "september 2023", "2023-13"])
def test_a_date_that_cannot_be_read_is_still_refused(built_store, written):
    plan = link_plan(built_store, sinds=written)
    assert [p.column for p in plan.problems] == ["sinds"]


def test_english_preview_says_in_english_how_an_organisation_was_matched(built_store):
    rows = "naam;gemeente\nOverKop-huis Sint-Niklaas;Sint-Niklaas"
    files = [("bestand", ("organisaties.csv", csv_bytes(rows), "text/csv"))]
    page = make_client(built_store).post("/invoeren?lang=en", files=files, data={"token": TOKEN}).text
    assert "<td>name and municipality</td>" in page and "naam en gemeente" not in page


def test_a_template_example_row_is_refused_in_a_sheet_with_the_coordinators_own_columns(built_store):
    rows = ("naam;type;sector;gemeente;postcode;adres;website;Contactpersoon\n"
            "Fictief Gezinscentrum Zonnedorp;huis-van-het-kind;kinderopvang;Leuven;3000;Zonnestraat 1;"
            "https://zonnedorp.example;Jan\n")
    plan = preview(built_store, csv_bytes(rows), "lijst.csv")
    assert [(p.row, "voorbeeldrij" in p.message_nl) for p in plan.problems] == [(2, True)]


def test_a_practices_file_named_otherwise_is_read_as_practices(built_store):
    rows = "organisatie;praktijk;sinds\nOverKop-huis Sint-Niklaas;Handle with care;2024-03-01\n"
    plan = preview(built_store, csv_bytes(rows), "lijst.csv")
    assert plan.ok, plan.summary()
    assert [c.kind for c in plan.added] == ["deelname"]


def test_a_row_of_dashes_is_skipped_as_empty(built_store):
    rows = "naam;gemeente;fictief\nFictief Huis Streepjes;Leuven;ja\n-;-;-\n"
    plan = preview(built_store, csv_bytes(rows), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert [c.label for c in plan.added] == ["Fictief Huis Streepjes"]


def test_an_unknown_link_kind_is_not_also_taken_for_a_referral_without_doelgroepen(built_store):
    links = "van;naar;soort;doelgroepen\nFictief Gezinscentrum Zonnedorp;Fictieve Basisschool Zonnedorp;vriendschap;\n"
    plan = preview_files(built_store, [(csv_bytes(ORGANISATIONS), "organisaties.csv"),
                                       (csv_bytes(links), "verbindingen.csv")])
    assert [p.column for p in plan.problems] == ["soort"]


def test_a_postcode_in_the_municipality_column_finds_its_municipality(built_store):
    rows = "naam;gemeente;fictief\nFictief Huis Postcode;9000;ja\n"
    plan = preview(built_store, csv_bytes(rows), "organisaties.csv")
    assert plan.ok, plan.summary()
    assert set(plan.graph.objects(None, DCTERMS.spatial)) == {URIRef("https://data.vlaanderen.be/id/gemeente/44021")}
