"""The import pages: a coordinator brings in a filled-in template through the browser.

``/invoeren`` explains the four steps, links the templates and has the upload form;
uploading shows a preview (nothing written yet); ``/invoeren/bevestigen`` writes exactly the
previewed file; ``/invoeren/bijdragen`` lists the contributions, each with a withdraw button.
All the work is done by :mod:`graph.imports`; these routes only carry files and words.

The app has no login: writing is proven by the write token typed into each form (see
:mod:`api.write_access`). That is also why the POST forms need no CSRF token: a cross-site form
post carries only what its author put in it, and a site that does not know the write token
cannot write. No cookie or session grants anything here.

The uploaded bytes wait for the confirmation in :class:`UploadHolding`, in the server's memory,
under a random id and the files' SHA-256, for :data:`HOLD_SECONDS`. The confirmation previews
them again against the graph as it is then and applies that plan: nothing the browser sends back
is trusted but the id, the checksum and the token.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from api.i18n import STRINGS, language, said
from api.pages import render_page
from api.routes_import import MAX_FILES
from api.write_access import agent_for_token, writable
from graph.imports import (ImportBusy, ImportRefused, WithdrawalBlocked, apply, list_contributions,
                           preview_files, withdraw)
from graph.imports.plan import organisations_in
from graph.imports.readers import SUPPORTED
from graph.imports.rows import ORDER
from graph.imports.templates import XLSX_NAME
from graph.lookup import organisation_summaries

router = APIRouter(include_in_schema=False)
HOLD_SECONDS = 30 * 60
# The holding area keeps at most this many uploads of the largest allowed size.
HOLD_UPLOADS = 3


@dataclass
class HeldUpload:
    """Files uploaded for a preview, waiting for the confirmation."""

    files: list[tuple[bytes, str]]
    checksum: str
    expires: float

    @property
    def size(self) -> int:
        """The number of bytes held."""
        return sum(len(data) for data, _ in self.files)


class UploadHolding:
    """A short-lived, in-memory holding area for previewed uploads, keyed by a random id.

    Entries expire after ``seconds``; when more than ``max_bytes`` are held, the oldest go first.
    Being in memory, it belongs to one server process: after a restart (or on another worker)
    an id is unknown, and the coordinator uploads the file again.

    Parameters
    ----------
    max_bytes : int
        The most bytes held at once.
    seconds : float
        How long an upload waits for its confirmation.
    clock : callable
        Returns the time in seconds (``time.monotonic``).

    Examples
    --------
    >>> holding = UploadHolding(max_bytes=100)
    >>> key = holding.put([(b"naam\\nA\\n", "o.csv")], "abc")
    >>> holding.get(key, "abc").files[0][1], holding.get(key, "wrong") is None
    ('o.csv', True)
    """

    def __init__(self, max_bytes: int, seconds: float = HOLD_SECONDS, clock=time.monotonic):
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.clock = clock
        self._held: dict[str, HeldUpload] = {}
        self._lock = threading.Lock()

    def put(self, files: list[tuple[bytes, str]], checksum: str) -> str:
        """Hold ``files`` (with the checksum of the previewed plan); return their new id."""
        key = secrets.token_urlsafe(18)
        with self._lock:
            self._expire()
            self._held[key] = HeldUpload(list(files), checksum, self.clock() + self.seconds)
            # Dicts keep insertion order, so the first entries are the oldest.
            while sum(h.size for h in self._held.values()) > self.max_bytes and len(self._held) > 1:
                del self._held[next(iter(self._held))]
        return key

    def get(self, key: str, checksum: str) -> HeldUpload | None:
        """Return the upload held under ``key`` if its checksum is ``checksum``, else ``None``."""
        with self._lock:
            self._expire()
            held = self._held.get(key)
        if held is None or not hmac.compare_digest(held.checksum.encode(), checksum.encode()):
            return None
        return held

    def drop(self, key: str) -> None:
        """Forget the upload held under ``key`` (after it was imported)."""
        with self._lock:
            self._held.pop(key, None)

    def _expire(self) -> None:
        now = self.clock()
        for key in [k for k, held in self._held.items() if held.expires <= now]:
            del self._held[key]


def holding(request: Request) -> UploadHolding:
    """The app's holding area, made on first use."""
    state = request.app.state
    if not hasattr(state, "upload_holding"):
        state.upload_holding = UploadHolding(HOLD_UPLOADS * state.settings.max_upload_bytes)
    return state.upload_holding


def _t(request: Request) -> dict:
    return STRINGS[language(request.query_params)]


def _templates() -> dict:
    return {"xlsx": f"/api/templates/{XLSX_NAME}.xlsx",
            "csv": [(kind, f"/api/templates/{kind}.csv") for kind in ORDER]}


def _upload_page(request: Request, status: int = 200, error: str | None = None) -> HTMLResponse:
    return render_page(request, "import.html", status=status, title=_t(request)["imp_title"],
                   writable=writable(request.app.state.settings), templates=_templates(),
                   accept=",".join(SUPPORTED), max_files=MAX_FILES, minutes=HOLD_SECONDS // 60,
                   error=error)


def _preview_page(request: Request, plan, hold_id: str | None, status: int | None = None,
                  error: str | None = None) -> HTMLResponse:
    data = plan.to_dict()
    status = status or (200 if plan.ok else 422)
    return render_page(request, "import_preview.html", status=status, title=_t(request)["imp_preview_title"],
                   plan=data, hold_id=hold_id, checksum=plan.checksum,
                   doubts=[m for m in data["matches"] if m["status"] == "twijfel"],
                   linked=[m for m in data["matches"] if m["status"] == "gekoppeld"],
                   minutes=HOLD_SECONDS // 60, error=error)


def _contributions_page(request: Request, status: int = 200, message: str | None = None,
                        error: str | None = None) -> HTMLResponse:
    return render_page(request, "import_contributions.html", status=status, title=_t(request)["imp_contributions"],
                   writable=writable(request.app.state.settings), message=message, error=error,
                   contributions=list_contributions(request.app.state.store))


@router.get("/invoeren", response_class=HTMLResponse)
def import_page(request: Request):
    return _upload_page(request)


@router.post("/invoeren", response_class=HTMLResponse)
def import_preview(request: Request, bestand: list[UploadFile] = File(default=[]), token: str = Form("")):
    """Check the uploaded file(s) and show what importing would do; write nothing."""
    settings = request.app.state.settings
    t = _t(request)
    if not writable(settings):
        return _upload_page(request, status=403)
    agent = agent_for_token(settings, token)
    if agent is None:
        return _upload_page(request, status=401, error=t["imp_token_wrong"])
    chosen = [item for item in bestand if item.filename]
    if not chosen:
        return _upload_page(request, status=400, error=t["imp_no_file"])
    if len(chosen) > MAX_FILES:
        return _upload_page(request, status=400, error=t["imp_too_many"].format(n=MAX_FILES))
    files = [(item.file.read(), item.filename.replace("\\", "/").rsplit("/", 1)[-1]) for item in chosen]
    plan = preview_files(request.app.state.store, files, agent, settings.max_upload_bytes)
    hold_id = holding(request).put(files, plan.checksum) if plan.ok and not plan.changes_nothing else None
    return _preview_page(request, plan, hold_id)


@router.post("/invoeren/bevestigen", response_class=HTMLResponse)
def import_confirm(request: Request, voorbeeld: str = Form(""), controlesom: str = Form(""),
                   token: str = Form("")):
    """Import exactly the previewed file(s), after checking the token again."""
    settings = request.app.state.settings
    store = request.app.state.store
    t = _t(request)
    if not writable(settings):
        return _upload_page(request, status=403)
    held = holding(request).get(voorbeeld, controlesom)
    if held is None:
        return _upload_page(request, status=410, error=t["imp_expired"].format(minutes=HOLD_SECONDS // 60))
    agent = agent_for_token(settings, token)
    if agent is None:
        plan = preview_files(store, held.files, limit=settings.max_upload_bytes)
        return _preview_page(request, plan, voorbeeld, status=401, error=t["imp_token_wrong"])
    plan = preview_files(store, held.files, agent, settings.max_upload_bytes)
    if not plan.ok:
        holding(request).drop(voorbeeld)
        return _preview_page(request, plan, None)
    try:
        contribution = apply(store, plan, agent)
    except ImportBusy as busy:
        return _preview_page(request, plan, voorbeeld, status=409, error=str(busy))
    except ImportRefused as refused:
        holding(request).drop(voorbeeld)
        plan.problems = refused.problems
        return _preview_page(request, plan, None)
    holding(request).drop(voorbeeld)
    summaries = organisation_summaries(store, organisations_in(store, plan))
    zones = {zone["id"]: zone for org in summaries for zone in org["zones"]}
    return render_page(request, "import_done.html", title=t["imp_done_title"], contribution=contribution,
                   new_triples=plan.new_triples, organisations=summaries,
                   zones=sorted(zones.values(), key=lambda z: z["label"] or ""))


@router.get("/invoeren/bijdragen", response_class=HTMLResponse)
def contributions_page(request: Request):
    return _contributions_page(request)


def _find(request: Request, contribution_id: str):
    return next((c for c in list_contributions(request.app.state.store) if c.id == contribution_id), None)


@router.get("/invoeren/bijdragen/{contribution_id}/intrekken", response_class=HTMLResponse)
def withdraw_page(request: Request, contribution_id: str):
    """Ask for the confirmation (and the token) before withdrawing a contribution."""
    found = _find(request, contribution_id)
    if found is None:
        return _contributions_page(request, 404, error=_t(request)["imp_unknown"].format(id=contribution_id))
    return render_page(request, "import_withdraw.html", title=_t(request)["imp_withdraw_title"], contribution=found,
                   writable=writable(request.app.state.settings))


@router.post("/invoeren/bijdragen/{contribution_id}/intrekken", response_class=HTMLResponse)
def withdraw_contribution(request: Request, contribution_id: str, token: str = Form("")):
    """Withdraw a contribution: the graph is as it was before its import."""
    settings = request.app.state.settings
    t = _t(request)
    found = _find(request, contribution_id)
    if found is None:
        return _contributions_page(request, 404, error=t["imp_unknown"].format(id=contribution_id))
    if not writable(settings):
        return _contributions_page(request, 403)
    if agent_for_token(settings, token) is None:
        return render_page(request, "import_withdraw.html", status=401, title=t["imp_withdraw_title"],
                       contribution=found, writable=True, error=t["imp_token_wrong_withdraw"])
    try:
        withdraw(request.app.state.store, contribution_id)
    except KeyError:
        return _contributions_page(request, 404, error=t["imp_unknown"].format(id=contribution_id))
    except ImportBusy as busy:
        return _contributions_page(request, 409, error=str(busy))
    except WithdrawalBlocked as blocked:
        return _contributions_page(request, 409, error=said(blocked, language(request.query_params)))
    return _contributions_page(request, message=t["imp_withdrawn"].format(id=contribution_id))
