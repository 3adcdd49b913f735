"""The templates in data/templates/ are current, and each imports cleanly as it is."""

from openpyxl import load_workbook

from graph.imports import preview
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


def test_xlsx_template_example_rows_import_without_problems(built_store):
    plan = preview(built_store, template_xlsx(), "overhoop-sjabloon.xlsx")
    assert plan.ok, plan.summary()
    assert {c.kind for c in plan.added} == {"organisatie", "lidmaatschap", "doorverwijzing", "deelname"}
