"""Read what coordinators upload: CSV as Excel writes it, XLSX, and RDF, each with its limits.

Every reader turns bytes into :class:`Table` objects (header and numbered rows of text cells)
or an rdflib ``Dataset``, and reports what it cannot read as :class:`Problem` objects instead of
raising, so that one upload gets one complete list of what is wrong.

Limits, checked before the work they protect:

- the size of the upload (``MAX_FILE_BYTES``), before anything is read;
- for XLSX, the uncompressed size of every member of the zip and the compression ratio,
  from the zip's directory, before openpyxl opens it (a zip bomb of a few hundred kB can
  unpack to gigabytes);
- the number of rows per sheet (``MAX_ROWS``).

The column names are expected in the first row. When a title is typed above them, the readers
look for them in the first ``HEADER_SEARCH_ROWS`` rows with a test given by the caller (which
knows the templates), and keep the numbers of the rows skipped above them (for a notice).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from rdflib import Dataset

from graph.imports.problems import Problem

MAX_FILE_BYTES = 20_000_000
MAX_XLSX_UNCOMPRESSED = 100_000_000
MAX_ZIP_RATIO = 200
MAX_ROWS = 20_000
# The column names are looked for this far down, for a title and a blank row typed above them.
HEADER_SEARCH_ROWS = 10

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
               ".nt": "nt", ".nq": "nquads"}
SUPPORTED = TABLE_SUFFIXES + tuple(RDF_FORMATS)

# A UTF-8 sequence for a Latin letter with an accent (é is C3 A9). Found in a file that is not
# valid UTF-8 as a whole, it means the file mixes encodings (typically pasted from two sources).
_UTF8_ACCENT = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


@dataclass
class Table:
    """One sheet or CSV file: the header and the rows, numbered as the spreadsheet shows them.

    ``header_row`` is the row of the column names, ``skipped`` the non-empty rows above it (a
    title), and ``source`` the name of the file the table was read from.
    """

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1
    skipped: list[int] = field(default_factory=list)
    source: str = ""


@dataclass
class Upload:
    """What was read from one file: tables or an RDF dataset, and the problems met."""

    filename: str
    tables: list[Table] = field(default_factory=list)
    dataset: Dataset | None = None
    problems: list[Problem] = field(default_factory=list)


def suffix_of(filename: str) -> str:
    """Return the lower-case extension of ``filename`` (``.csv``), or ``""``."""
    name = filename.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def size_problem(size: int, filename: str, limit: int = MAX_FILE_BYTES) -> Problem | None:
    """Return a problem when an upload of ``size`` bytes is above ``limit``, else ``None``.

    Called with the size from the file system or the ``Content-Length`` header, so that a
    file too big is refused before it is read.

    Examples
    --------
    >>> size_problem(10, "a.csv") is None
    True
    """
    if size <= limit:
        return None
    return Problem(
        f"{filename} is {size / 1e6:.0f} MB; de grens is {limit / 1e6:.0f} MB. "
        "Splits het bestand, of laat de beheerder de grens (OVERHOOP_MAX_UPLOAD_MB) verhogen.",
        f"{filename} is {size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB. "
        "Split the file, or ask the operator to raise the limit (OVERHOOP_MAX_UPLOAD_MB).",
    )


def read_upload(data: bytes, filename: str, limit: int = MAX_FILE_BYTES,
                is_header: Callable[[list[str]], object] | None = None) -> Upload:
    """Read one uploaded file by its extension.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name; the extension decides the reader (``.csv``, ``.xlsx``, ``.ttl``, ``.trig``,
        ``.jsonld``, ``.nt``, ``.nq``).
    limit : int
        The largest size accepted, in bytes.
    is_header : callable, optional
        Says (truthy or not) whether a row's cells are column names. When a table's first row
        does not hold them, the first of the next rows (up to row ``HEADER_SEARCH_ROWS``) that does
        becomes the header; when none does, or without this test, the first row is the header.

    Returns
    -------
    Upload
        Tables or a dataset, and the problems found while reading.

    Examples
    --------
    >>> upload = read_upload("naam;gemeente\\nFictief Huis;Leuven\\n".encode(), "org.csv")
    >>> upload.tables[0].header, upload.tables[0].rows
    (['naam', 'gemeente'], [(2, ['Fictief Huis', 'Leuven'])])
    >>> titled = "Lijst 2026;\\n;\\nnaam;gemeente\\nFictief Huis;Leuven\\n".encode()
    >>> upload = read_upload(titled, "org.csv", is_header=lambda cells: "naam" in cells)
    >>> upload.tables[0].header_row, upload.tables[0].skipped, upload.tables[0].rows
    (3, [1], [(4, ['Fictief Huis', 'Leuven'])])
    """
    upload = Upload(filename)
    too_big = size_problem(len(data), filename, limit)
    if too_big:
        upload.problems.append(too_big)
        return upload
    suffix = suffix_of(filename)
    if suffix in (".csv", ".txt"):
        _read_csv(data, upload, is_header)
    elif suffix == ".xlsx":
        _read_xlsx(data, upload, is_header)
    elif suffix in RDF_FORMATS:
        _read_rdf(data, RDF_FORMATS[suffix], upload)
    else:
        upload.problems.append(Problem(
            f"{filename}: dit soort bestand kan niet ingevoerd worden. Gebruik CSV, XLSX "
            "(Excel), Turtle (.ttl), TriG (.trig) of JSON-LD (.jsonld).",
            f"{filename}: this kind of file cannot be imported. Use CSV, XLSX (Excel), "
            "Turtle (.ttl), TriG (.trig) or JSON-LD (.jsonld).",
        ))
    return upload


def decode_text(data: bytes, filename: str) -> tuple[str | None, Problem | None]:
    """Decode a text file saved by Excel or an editor: UTF-8 (with or without BOM), UTF-16
    with BOM, or Windows-1252; refuse binary files and files that mix encodings.

    Examples
    --------
    >>> decode_text("Emmaüs".encode("cp1252"), "a.csv")
    ('Emmaüs', None)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None
    if b"\x00" in data[:4096]:
        return None, Problem(
            f"{filename} is geen tekstbestand. Bewaar het in Excel als 'CSV (gescheiden door "
            "lijstscheidingsteken)' of lever het als .xlsx aan.",
            f"{filename} is not a text file. Save it from Excel as 'CSV (delimited)' or upload "
            "it as .xlsx.",
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    if _UTF8_ACCENT.search(data):
        return None, Problem(
            f"{filename} mengt twee tekstcoderingen (UTF-8 en Windows-1252): sommige letters "
            "met accent zouden verminkt worden. Open het in Excel en bewaar het opnieuw als "
            "'CSV UTF-8'.",
            f"{filename} mixes two text encodings (UTF-8 and Windows-1252): some accented "
            "letters would be garbled. Open it in Excel and save it again as 'CSV UTF-8'.",
        )
    return data.decode("cp1252", errors="replace"), None


# Relative IRIs in an uploaded RDF file resolve against this base, which no graph uses: the
# check of the file (graph.imports.rdfinput) then names them as not absolute.
UPLOAD_BASE = "https://upload.invalid/"


def _separator(lines: list[str]) -> str | None:
    """The separator used most in ``lines`` (the first lines of a file: a title above the
    column names may hold a comma, or no separator at all), ``;`` on a tie."""
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (";", ",")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else None


def _read_csv(data: bytes, upload: Upload, is_header) -> None:
    text, problem = decode_text(data, upload.filename)
    if problem:
        upload.problems.append(problem)
        return
    leading = list(islice((line for line in text.splitlines() if line.strip()), HEADER_SEARCH_ROWS))
    first = leading[0] if leading else ""
    if not first:
        upload.problems.append(Problem(
            f"{upload.filename} is leeg. Vul het sjabloon in (de eerste regel zijn de kolomnamen) en "
            "bewaar het opnieuw.",
            f"{upload.filename} is empty. Fill in the template (the first line holds the column names) "
            "and save it again."))
        return
    separator = _separator(leading)
    if separator is None:
        other = next((name for sep, name in (("\t", "tabs"), ("|", "'|'")) if sep in first), None)
        found = f" Het gebruikt {other}." if other else ""
        found_en = f" It uses {other}." if other else ""
        upload.problems.append(Problem(
            f"{upload.filename}: de kolommen zijn niet gescheiden door ';' of ','.{found} "
            "Bewaar het in Excel als CSV, of gebruik het sjabloon.",
            f"{upload.filename}: the columns are not separated by ';' or ','.{found_en} "
            "Save it from Excel as CSV, or use the template.",
            row=1,
        ))
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records = []
    try:
        # Counting records, blank ones included, gives the row numbers Excel shows.
        for number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if len(records) > MAX_ROWS:
                upload.problems.append(_too_many_rows(upload.filename))
                return
            records.append((number, cells))
    except csv.Error as error:
        upload.problems.append(Problem(
            f"{upload.filename} is afgebroken of beschadigd bij regel {reader.line_num} "
            f"({error}): een aanhalingsteken wordt niet gesloten. Controleer het einde van het "
            "bestand, of bewaar het opnieuw vanuit Excel.",
            f"{upload.filename} is truncated or damaged at line {reader.line_num} ({error}): "
            "a quote is never closed. Check the end of the file, or save it again from Excel.",
            row=reader.line_num,
        ))
        return
    table = _table(_table_name(upload.filename), records, upload.filename, is_header)
    if table is not None:
        _check_widths(table, upload, text.endswith(("\n", "\r")))
        upload.tables.append(table)


def _table(name: str, records: list[tuple[int, list[str]]], source: str, is_header) -> Table | None:
    """Make a table of the non-empty rows of a sheet: the header is the first row, or the row
    ``is_header`` finds below a title."""
    if not records:
        return None
    start = 0
    if is_header is not None and not is_header(records[0][1]):
        start = next((position for position, (number, cells) in enumerate(records)
                      if number <= HEADER_SEARCH_ROWS and is_header(cells)), 0)
    header_row, header = records[start]
    return Table(name=name, header=header, rows=records[start + 1:], header_row=header_row,
                 skipped=[number for number, _cells in records[:start]], source=source)


def _check_widths(table: Table, upload: Upload, ends_with_newline: bool) -> None:
    width = len(table.header)
    for position, (number, cells) in enumerate(table.rows):
        if len(cells) > width and any(cells[width:]):
            upload.problems.append(Problem(
                f"Deze rij heeft {len(cells)} cellen, de kop maar {width}. Staat er een ';' of "
                "',' in een tekst? Zet die tekst tussen aanhalingstekens, of kijk of het "
                "scheidingsteken in het hele bestand hetzelfde is.",
                f"This row has {len(cells)} cells but the header only {width}. Is there a ';' "
                "or ',' inside a text? Put that text in quotes, or check that the whole file "
                "uses the same separator.",
                sheet=table.name, row=number,
            ))
        elif len(cells) < width and position == len(table.rows) - 1 and not ends_with_newline:
            upload.problems.append(Problem(
                f"De laatste rij heeft maar {len(cells)} van de {width} cellen en het bestand "
                "eindigt midden in een regel: het lijkt afgebroken. Lever het volledige bestand "
                "aan.",
                f"The last row has only {len(cells)} of {width} cells and the file ends in the "
                "middle of a line: it looks truncated. Upload the complete file.",
                sheet=table.name, row=number,
            ))
        cells.extend([""] * (width - len(cells)))
        del cells[width:]


def _table_name(filename: str) -> str:
    return filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _too_many_rows(name: str) -> Problem:
    return Problem(
        f"{name} heeft meer dan {MAX_ROWS} rijen. Splits het in kleinere bestanden.",
        f"{name} has more than {MAX_ROWS} rows. Split it into smaller files.",
    )


def zip_bomb_problem(data: bytes, filename: str) -> Problem | None:
    """Check an XLSX (a zip) from its directory alone, before anything is unpacked.

    Refuses a file that is not a zip, one whose members unpack to more than
    ``MAX_XLSX_UNCOMPRESSED`` bytes together, or one with a member packed more than
    ``MAX_ZIP_RATIO`` times (a zip bomb).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return Problem(
            f"{filename} is geen geldig Excel-bestand (.xlsx). Open het in Excel en bewaar het "
            "opnieuw, of lever een CSV aan.",
            f"{filename} is not a valid Excel file (.xlsx). Open it in Excel and save it "
            "again, or upload a CSV.",
        )
    total = sum(member.file_size for member in members)
    worst = max((member.file_size / max(member.compress_size, 1) for member in members), default=0)
    if total > MAX_XLSX_UNCOMPRESSED or (worst > MAX_ZIP_RATIO and total > 1_000_000):
        return Problem(
            f"{filename} zou uitgepakt {total / 1e6:.0f} MB worden (tot {worst:.0f} keer "
            "samengeperst): dat is geen gewone spreadsheet en wordt geweigerd. Lever een "
            "kleiner bestand of een CSV aan.",
            f"{filename} would unpack to {total / 1e6:.0f} MB (compressed up to {worst:.0f} "
            "times): that is no ordinary spreadsheet and is refused. Upload a smaller file "
            "or a CSV.",
        )
    return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes, upload: Upload, is_header) -> None:
    bomb = zip_bomb_problem(data, upload.filename)
    if bomb:
        upload.problems.append(bomb)
        return
    from openpyxl import load_workbook  # imported here: only XLSX uploads need it

    try:
        # read_only streams the sheets; data_only=False keeps formulas as "=..." text so that
        # they are refused instead of silently replaced by a cached value.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        upload.problems.append(Problem(
            f"{upload.filename} kan niet gelezen worden als Excel-bestand ({type(error).__name__}). "
            "Open het in Excel en bewaar het opnieuw als .xlsx.",
            f"{upload.filename} cannot be read as an Excel file ({type(error).__name__}). Open it "
            "in Excel and save it again as .xlsx.",
        ))
        return
    try:
        for sheet in workbook.worksheets:
            records = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in values]
                if not any(cells):
                    continue
                if len(records) > MAX_ROWS:
                    upload.problems.append(_too_many_rows(f"{upload.filename} ({sheet.title})"))
                    return
                records.append((number, cells))
            table = _table(sheet.title, records, upload.filename, is_header)
            if table is not None:
                _check_widths(table, upload, ends_with_newline=True)
                upload.tables.append(table)
    finally:
        workbook.close()


def _remote_context(node) -> bool:
    """Return whether a JSON-LD document asks for a context from the network."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import") and _names_url(value):
                return True
            if _remote_context(value):
                return True
    elif isinstance(node, list):
        return any(_remote_context(item) for item in node)
    return False


def _names_url(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_names_url(item) for item in value)
    if isinstance(value, dict):
        return "@import" in value
    return False


def _read_rdf(data: bytes, fmt: str, upload: Upload) -> None:
    if fmt == "json-ld":
        try:
            document = json.loads(data)
        except ValueError as error:
            upload.problems.append(Problem(
                f"{upload.filename} is geen geldige JSON: {error}.",
                f"{upload.filename} is not valid JSON: {error}.",
            ))
            return
        if _remote_context(document):
            upload.problems.append(Problem(
                f"{upload.filename} verwijst naar een @context op het internet; de server haalt "
                "niets van buiten op. Zet de context in het bestand zelf.",
                f"{upload.filename} refers to an @context on the internet; the server fetches "
                "nothing from outside. Put the context inside the file.",
            ))
            return
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt, publicID=UPLOAD_BASE)
    except Exception as error:  # each rdflib parser raises its own exception class
        message = " ".join(str(error).split())[:400].rstrip(".")
        line = re.search(r"line (\d+)", message)
        upload.problems.append(Problem(
            f"{upload.filename} is geen geldige {fmt}: {message}. Verbeter de syntaxis op de "
            "aangegeven plaats.",
            f"{upload.filename} is not valid {fmt}: {message}. Fix the syntax at that place.",
            row=int(line.group(1)) if line else None,
        ))
        return
    upload.dataset = dataset
