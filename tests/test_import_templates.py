"""The templates in data/templates/ are current; their example rows are valid rows, and refused
when a coordinator leaves them in."""

from openpyxl import load_workbook

from graph.imports import preview, preview_files
from graph.imports.rows import ORDER
from graph.imports.templates import TEMPLATE_DIR, template_csv, template_names, template_xlsx


def sheet_values(data: bytes) -> dict:
    import io
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets}


def test_csv_templates_in_data_are_current():
    for name in template_names()[:-1]:
        assert (TEMPLATE_DIR / f"{name}.csv").read_bytes() == template_csv(name), \
            f"data/templates/{name}.csv is outdated: run `overhoop templates`"


def test_xlsx_template_in_data_is_current():
    stored = (TEMPLATE_DIR / "overhoop-sjabloon.xlsx").read_bytes()
    assert sheet_values(stored) == sheet_values(template_xlsx())


def test_every_example_row_of_the_xlsx_template_is_refused(built_store):
    plan = preview(built_store, template_xlsx(), "overhoop-sjabloon.xlsx")
    assert sorted((p.sheet, p.row) for p in plan.problems) == [
        ("organisaties", 2), ("organisaties", 3), ("praktijken", 2), ("samenwerkingen", 2), ("verbindingen", 2)]
    assert all("voorbeeldrij" in p.message_nl for p in plan.problems)


def test_example_rows_under_other_names_import_without_problems(built_store):
    # What the examples show must be importable: as a coordinator's own rows they are.
    files = [(template_csv(kind).replace(b"Zonnedorp", b"Zonnedorp Eigen").replace(b"Regenboog", b"Regenboog Eigen"),
              f"{kind}.csv") for kind in ORDER]
    plan = preview_files(built_store, files)
    assert plan.ok, plan.summary()
    assert {c.kind for c in plan.added} == {"organisatie", "lidmaatschap", "doorverwijzing", "deelname"}
