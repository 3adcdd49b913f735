"""The spreadsheet templates coordinators fill in: one CSV per kind and one XLSX with a sheet
per kind (plus a sheet ``uitleg`` explaining the columns), each with the Dutch column names and
one fictional example row. Generated from :data:`graph.imports.rows.KINDS`, so the templates
always say what the importer reads; the importer refuses the example rows themselves
(:meth:`graph.imports.rows.Kind.is_example`), which a coordinator may leave above their own.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from graph.imports.rows import KINDS, ORDER

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "templates"
XLSX_NAME = "overhoop-sjabloon"
# A fixed timestamp keeps the generated XLSX the same from one run to the next.
_FIXED_TIME = datetime(2026, 1, 1)


def template_names() -> list[str]:
    """Return the names of the templates without extension: the kinds, and the XLSX.

    Examples
    --------
    >>> template_names()
    ['organisaties', 'samenwerkingen', 'verbindingen', 'praktijken', 'overhoop-sjabloon']
    """
    return [*ORDER, XLSX_NAME]


def template_csv(kind: str) -> bytes:
    """Return the CSV template of one kind: UTF-8 with BOM and ``;``, as Excel in Belgium
    opens it directly.

    Raises
    ------
    KeyError
        For an unknown kind.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in KINDS[kind].columns])
    writer.writerows(KINDS[kind].examples())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """Return the XLSX template: one sheet per kind, and a sheet ``uitleg`` (nl and en)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in ORDER:
        sheet = workbook.create_sheet(name)
        columns = KINDS[name].columns
        sheet.append([c.name for c in columns])
        for example in KINDS[name].examples():
            sheet.append([value or None for value in example])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(column.example) + 2)
    help_sheet = workbook.create_sheet("uitleg")
    help_sheet.append(["blad", "kolom", "verplicht", "uitleg", "explanation"])
    for name in ORDER:
        for column in KINDS[name].columns:
            help_sheet.append([name, column.name, "ja" if column.required else "",
                               column.help_nl, column.help_en])
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_bytes(filename: str) -> bytes:
    """Return the template called ``filename`` (``verbindingen.csv``, ``overhoop-sjabloon.xlsx``,
    or ``KIND.xlsx``, which gives the full XLSX too).

    Raises
    ------
    KeyError
        For a name that is no template.
    """
    stem, _, suffix = filename.rpartition(".")
    if suffix == "csv" and stem in KINDS:
        return template_csv(stem)
    if suffix == "xlsx" and stem in template_names():
        return template_xlsx()
    raise KeyError(f"Geen sjabloon '{filename}'. Kies uit: "
                   + ", ".join([f"{k}.csv" for k in ORDER] + [f"{XLSX_NAME}.xlsx"]))


def write_templates(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into ``folder`` (``data/templates/`` by default).

    Returns
    -------
    list of Path
        The files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ORDER:
        path = folder / f"{kind}.csv"
        path.write_bytes(template_csv(kind))
        written.append(path)
    path = folder / f"{XLSX_NAME}.xlsx"
    path.write_bytes(template_xlsx())
    written.append(path)
    return written
