"""``/api/import``, ``/api/imports`` and ``/api/templates``: contributions over HTTP.

Reading the list of contributions and the templates is open; importing and withdrawing need the
write token (see :mod:`api.write_access`). Uploads are refused by size before they are read: by
``Content-Length`` when the client sends it, else while the body streams in.
"""

from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError

from api.write_access import READ_ONLY_MESSAGE, writable, writer_agent
from graph.imports import (
    ImportBusy,
    ImportRefused,
    WithdrawalBlocked,
    apply,
    list_contributions,
    preview_files,
    withdraw,
)
from graph.imports.readers import SUPPORTED, size_problem, suffix_of
from graph.imports.rows import KINDS, ORDER
from graph.imports.templates import template_bytes

router = APIRouter(tags=["bijdragen"])
MAX_FILES = 10


class ProblemModel(BaseModel):
    """One problem of an import: where, what, how to fix (nl, en)."""

    message_nl: str
    message_en: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


class CandidateModel(BaseModel):
    iri: str
    name: str
    similarity: float


class MatchModel(BaseModel):
    """How an organisation of the file was matched."""

    name: str
    status: str = Field(description="nieuw, gekoppeld of twijfel")
    iri: str = ""
    how: str = Field("", description="Hoe gekoppeld, in het Nederlands: KBO-nummer, naam en gemeente, ...")
    how_en: str = Field("", description="How it was matched, in English: KBO number, name and municipality, ...")
    candidates: list[CandidateModel] = []


class ChangeModel(BaseModel):
    iri: str
    kind: str = Field(description="Wat het is, in het Nederlands: organisatie, lidmaatschap, deelname, "
                      "of de soort verbinding (doorverwijzing, samenwerking, ...)")
    label: str
    sheet: str
    row: int | None = None
    triples: int
    kind_en: str = Field("", description="The kind in English: organisation, membership, ...")


class FileModel(BaseModel):
    name: str
    sha256: str
    bytes: int


class PlanModel(BaseModel):
    """What the import does (or would do, in a preview)."""

    ok: bool
    files: list[FileModel]
    agent: str
    triples: int
    new_triples: int
    changes_nothing: bool
    already: str
    problems: list[ProblemModel]
    notices: list[ProblemModel]
    matches: list[MatchModel]
    added: list[ChangeModel]
    changed: list[ChangeModel]


class ContributionModel(BaseModel):
    """A contribution: one import, its own named graph."""

    id: str
    graph: str
    title: str
    agent: str
    time: str
    files: list[str]
    checksum: str
    triples: int
    created: bool = True


class ImportResult(BaseModel):
    """The answer to an import or a preview (``dry_run``)."""

    dry_run: bool
    plan: PlanModel
    contribution: ContributionModel | None = None


class ImportList(BaseModel):
    """The contributions in the store, and whether this server accepts writes."""

    writable: bool
    message: str
    contributions: list[ContributionModel]


Row = dict[str, str | int | float | bool | None]


class JsonImport(BaseModel):
    """Rows as JSON, with the Dutch column names of the templates as keys."""

    organisaties: list[Row] = []
    samenwerkingen: list[Row] = []
    verbindingen: list[Row] = []
    praktijken: list[Row] = []


async def _limited_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit():
        too_big = size_problem(int(length), "De upload", limit)
        if too_big:
            raise HTTPException(413, too_big.message_nl + " / " + too_big.message_en)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            too_big = size_problem(len(body), "De upload", limit)
            raise HTTPException(413, too_big.message_nl + " / " + too_big.message_en)
    return bytes(body)


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "ja", "yes", "on")


async def _run(request: Request, files: list[tuple[bytes, str]], agent: str, dry_run: bool):
    store = request.app.state.store
    plan = await run_in_threadpool(preview_files, store, files, agent,
                                   request.app.state.settings.max_upload_bytes)
    if not plan.ok:
        result = ImportResult(dry_run=dry_run, plan=PlanModel(**plan.to_dict()))
        return JSONResponse(result.model_dump(), status_code=422)
    contribution = None
    if not dry_run:
        try:
            done = await run_in_threadpool(apply, store, plan, agent)
        except ImportBusy as busy:
            raise HTTPException(409, str(busy)) from busy
        except ImportRefused as refused:
            result = ImportResult(dry_run=False, plan=PlanModel(**plan.to_dict()))
            return JSONResponse(result.model_dump() | {"detail": str(refused)}, status_code=422)
        contribution = ContributionModel(**done.to_dict())
    return ImportResult(dry_run=dry_run, plan=PlanModel(**plan.to_dict()), contribution=contribution)


_UPLOAD_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                 "description": "Een of meer bestanden (CSV, XLSX, Turtle, TriG, JSON-LD)"},
        "dry_run": {"type": "boolean", "description": "Alleen een voorbeeld; niets schrijven"},
    }}}}}}


# An async endpoint, unlike the others: it must see the body as it streams in, to refuse an
# upload above the limit before reading it all. The heavy work runs in the thread pool.
@router.post("/api/import", response_model=ImportResult, openapi_extra=_UPLOAD_SCHEMA,
             summary="Voer een ingevuld sjabloon of RDF-bestand in (of bekijk het voorbeeld)",
             responses={401: {"description": "Geen of fout token"},
                        403: {"description": "Alleen-lezen: geen token ingesteld"},
                        409: {"description": "Er loopt al een invoer"},
                        413: {"description": "Bestand te groot"},
                        422: {"description": "Fouten in het bestand; niets geschreven"}})
async def import_upload(request: Request, agent: str = Depends(writer_agent), dry_run: bool = False):
    limit = request.app.state.settings.max_upload_bytes
    body = await _limited_body(request, limit)

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=MAX_FILES, max_fields=20)
    except Exception as error:  # starlette raises MultiPartException or assertion errors
        raise HTTPException(400, "Stuur de bestanden als multipart/form-data in het veld 'file'. "
                            "/ Send the files as multipart/form-data in the field 'file'.") from error
    uploads = [item for item in form.getlist("file") if hasattr(item, "filename")]
    if not uploads:
        raise HTTPException(400, "Geen bestand ontvangen in het veld 'file'. / No file received "
                            "in the field 'file'.")
    files = []
    for item in uploads:
        name = (item.filename or "upload").rsplit("/", 1)[-1]
        if suffix_of(name) not in SUPPORTED:
            raise HTTPException(415, f"{name}: kies een CSV-, XLSX-, Turtle-, TriG- of "
                                "JSON-LD-bestand. / Choose a CSV, XLSX, Turtle, TriG or JSON-LD file.")
        files.append((await item.read(), name))
    dry_run = dry_run or _truthy(form.get("dry_run", ""))
    return await _run(request, files, agent, dry_run)


@router.post("/api/import/json", response_model=ImportResult,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": JsonImport.model_json_schema(ref_template="#/components/schemas/{model}")}}}},
             summary="Voer rijen in als JSON (zelfde kolomnamen als de sjablonen), voor scripts",
             responses={401: {"description": "Geen of fout token"},
                        403: {"description": "Alleen-lezen"}, 409: {"description": "Bezet"},
                        413: {"description": "Te groot"}, 422: {"description": "Fouten"}})
async def import_json(request: Request, agent: str = Depends(writer_agent), dry_run: bool = False):
    body = await _limited_body(request, request.app.state.settings.max_upload_bytes)
    try:
        data = JsonImport.model_validate(json.loads(body or b"null"))
    except (ValueError, ValidationError) as error:
        raise HTTPException(422, "Verwacht een JSON-object met lijsten 'organisaties', "
                            "'samenwerkingen', 'verbindingen' of 'praktijken' van rijen "
                            "(kolomnaam: waarde). / Expected a JSON object with lists of rows.") from error
    files = [(_rows_as_csv(kind, rows), f"{kind}.csv")
             for kind in ORDER if (rows := getattr(data, kind))]
    if not files:
        raise HTTPException(422, "Geen rijen ontvangen. / No rows received.")
    return await _run(request, files, agent, dry_run)


def _rows_as_csv(kind: str, rows: list[Row]) -> bytes:
    """Write JSON rows as the CSV of a template, so that they go through the same checks."""
    columns = [c.name for c in KINDS[kind].columns]
    extra = sorted({key for row in rows for key in row} - set(columns))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns + extra)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else
                         ("ja" if row[c] is True else "nee" if row[c] is False else str(row[c]))
                         for c in columns + extra])
    return out.getvalue().encode("utf-8")


@router.get("/api/imports", response_model=ImportList, summary="Welke bijdragen zijn ingevoerd?")
def imports_list(request: Request) -> ImportList:
    settings = request.app.state.settings
    open_for_writes = writable(settings)
    return ImportList(
        writable=open_for_writes,
        message="Schrijven kan met een token. / Writing is possible with a token."
        if open_for_writes else READ_ONLY_MESSAGE,
        contributions=[ContributionModel(**c.to_dict())
                       for c in list_contributions(request.app.state.store)])


@router.delete("/api/imports/{contribution_id}", response_model=ContributionModel,
               summary="Trek een bijdrage in: de graaf wordt zoals ervoor",
               responses={401: {"description": "Geen of fout token"},
                          403: {"description": "Alleen-lezen"},
                          404: {"description": "Onbekende bijdrage"},
                          409: {"description": "Bezet"}})
def imports_withdraw(contribution_id: str, request: Request,
                     agent: str = Depends(writer_agent)) -> ContributionModel:
    try:
        return ContributionModel(**withdraw(request.app.state.store, contribution_id).to_dict())
    except KeyError as error:
        raise HTTPException(404, error.args[0]) from error
    except (ImportBusy, WithdrawalBlocked) as busy:
        raise HTTPException(409, str(busy)) from busy


@router.get("/api/templates/{name}", summary="Download een invulsjabloon (CSV of XLSX)",
            response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-"
                                         "officedocument.spreadsheetml.sheet": {}}},
                       404: {"description": "Onbekend sjabloon"}})
def template_download(name: str) -> Response:
    try:
        data = template_bytes(name)
    except KeyError as error:
        raise HTTPException(404, error.args[0]) from error
    media = "text/csv; charset=utf-8" if name.endswith(".csv") else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
