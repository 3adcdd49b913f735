"""The endpoints over HTTP: a real uvicorn server on loopback, routes found in its OpenAPI.

Endpoints are being added by other work all the time, so nothing is hard-wired: the routes are
read from ``/openapi.json`` at run time, path and query parameters are filled from the
benchmark's parameters by name (several spellings are tried: slug, IRI, path after ``/id/``), and
a main endpoint that does not exist yet is reported "niet beschikbaar / not available".
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.measure import repeat, stats
from bench.params import Parameters

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_TOKEN = "bench-loadtest-token"
_SKIP_PATHS = re.compile(r"^/(openapi\.json|docs|redoc)|export|dump|download|/static/|template|/update|backup|^/embed/")
# How long discovery waits for an endpoint's first answer (cold: computed from the store).
DISCOVERY_TIMEOUT_S = 60.0
# How long discovery looks again at an answer that is still being computed in the background.
PENDING_TIMEOUT_S = 1200.0
_PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
# The main endpoints of issue 8, each recognised by a pattern over "METHOD path".
MAIN = {
    "zone page": re.compile(r"^GET /(zone|zones|eerstelijnszone)/\{[^}]+\}$"),
    "zone API": re.compile(r"^GET /api/(zones|eerstelijnszones)/\{[^}]+\}$"),
    "organisation search": re.compile(r"^GET /api/(organisations|organisaties)$"),
    "partner finder": re.compile(r"^GET /api/[^ ]*partner[^ ]*$"),
    "SPARQL endpoint": re.compile(r"^GET /sparql$"),
    "zone map": re.compile(r"^GET /[^ ]*(map|maps|kaart)[^ ]*zone[^ ]*$|^GET /[^ ]*zone[^ ]*(map|kaart)[^ ]*$"
                           r"|^GET /(map|maps|kaart)/\{kind\}/\{key\}$"),
}
# The SPARQL endpoint gets query (a) of STACK.md: organisations in the zone serving a doelgroep.
SPARQL_A = """SELECT DISTINCT ?org ?name WHERE {{
  <{zone}> schema:containsPlace ?place .
  ?org dct:spatial ?place ; skos:prefLabel ?name .
  ?practice oh:initiatedBy ?org ; dct:audience <{doelgroep}> .
}} LIMIT 200"""


@dataclass
class Endpoint:
    """One GET request the benchmark times."""

    route: str
    url: str
    category: str = ""
    params: dict = field(default_factory=dict)
    status: int = 0
    # How long its first answer took during discovery: cold, nothing of it kept yet (answers
    # shared with an endpoint discovered before it aside).
    cold_ms: float | None = None


def start_server(store_spec: str, port: int, env: dict | None = None) -> subprocess.Popen:
    """Start ``uvicorn api.app:create_app`` on 127.0.0.1:``port`` over ``store_spec``; wait for it."""
    environment = {**os.environ, "OVERHOOP_STORE": store_spec, "OVERHOOP_TOKEN": BENCH_TOKEN,
                   "PYTHONPATH": str(PROJECT_ROOT), **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"De server stopte meteen: {process.stderr.read()[-2000:]}")
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            # Timed once its queries read what they will keep reading (the copy in memory).
            if health.status_code < 500 and health.json().get("read_copy") != "making":
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("De server kwam niet op binnen 120 s.")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server`."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_rss_mb(pid: int) -> float | None:
    """Return the peak resident memory (VmHWM) of a process in MB, from /proc."""
    peak = _status_mb(pid, "VmHWM")
    return None if peak is None else round(peak, 1)


def processor_seconds(pid: int) -> float | None:
    """Return the processor time (user + system, all threads) a process used so far; None if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_mb(pid: int, field: str) -> float | None:
    """One memory line (``VmHWM``, ``VmRSS``) of /proc/PID/status in MB; None if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


# How long the benchmark waits at most for a quiet server before timing warm requests.
QUIET_TIMEOUT_S = 180.0


def wait_until_quiet(pid: int, busy_below: float = 0.05, window_s: float = 1.0,
                     timeout_s: float = QUIET_TIMEOUT_S) -> float:
    """Wait until a process and all its descendants use less than ``busy_below`` of one processor.

    What the server starts in the background after its first requests (the analysis of all of
    Flanders in a process of its own, answers recomputed behind the ones handed out) would
    otherwise share the two processors with the warm requests being timed.

    Parameters
    ----------
    pid : int
        The server.
    busy_below : float
        Processor seconds per second, summed over the processes, that count as quiet.
    window_s, timeout_s : float
        How long one look lasts; how long to wait at most.

    Returns
    -------
    float
        The seconds waited.
    """
    started = time.monotonic()
    before = {p: processor_seconds(p) for p in _descendants(pid)}
    while time.monotonic() - started < timeout_s:
        time.sleep(window_s)
        now = {p: processor_seconds(p) for p in _descendants(pid)}
        # A process that ended since the last look is left out; one that started counts whole.
        busy = sum((now[p] or 0.0) - (before.get(p) or 0.0) for p in now)
        if busy < busy_below * window_s:
            break
        before = now
    return round(time.monotonic() - started, 1)


class TreeMemory:
    """Samples the resident memory of a process and all its descendants; keeps the peak of the sum.

    The server's own peak (VmHWM) leaves out its SPARQL workers and the process that analyses all
    of Flanders; this counts them, sampled every ``every_s`` seconds (a peak shorter than that
    can be missed).
    """

    def __init__(self, pid: int, every_s: float = 0.5):
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(pid, every_s), daemon=True)
        self._thread.start()

    def _sample(self, pid: int, every_s: float) -> None:
        while not self._stop.wait(every_s):
            self.peak_mb = max(self.peak_mb, sum(_status_mb(p, "VmRSS") or 0.0 for p in _descendants(pid)))

    def stop(self) -> float:
        """Stop sampling; return the peak in MB."""
        self._stop.set()
        self._thread.join()
        return round(self.peak_mb, 1)


def _candidates(name: str, route: str, params: Parameters, schema: dict) -> list[str]:
    """Values to try for one parameter, most likely first."""
    lowered = name.lower()
    enum = schema.get("enum") or []
    if enum:
        return [str(schema.get("default", enum[0]))]

    def forms(iri: str) -> list[str]:
        return [iri.rsplit("/", 1)[1], iri, iri.split("/id/", 1)[-1]]

    if lowered == "kind" and re.search(r"/(map|maps|kaart)/", route):
        return ["zone"]
    if lowered == "key" and re.search(r"/(map|maps|kaart)/", route):
        return forms(params.zone)
    if lowered == "path":
        return [params.org.split("/id/", 1)[-1]]
    if "zone" in lowered or (lowered in ("id", "slug") and "zone" in route):
        return forms(params.zone)
    if any(w in lowered for w in ("org", "actor", "partner", "node", "resource", "centre", "center")) or (
            lowered in ("id", "slug", "iri") and "organis" in route):
        return forms(params.org)
    if "practice" in lowered or "praktijk" in lowered:
        return forms(params.practice)
    if any(w in lowered for w in ("doelgroep", "audience", "target")):
        return forms(params.doelgroep)
    if any(w in lowered for w in ("gemeente", "municipality")):
        return [params.nis, params.gemeente]
    if lowered == "nis":
        return [params.nis]
    if lowered in ("q", "text", "search", "term", "zoek"):
        return ["kind"]
    if "bouwsteen" in lowered:
        return ["3", "b3"]
    if lowered == "query":
        return [SPARQL_A.format(zone=params.zone, doelgroep=params.doelgroep)]
    if schema.get("type") == "integer":
        return [str(schema.get("default", 1))]
    return [str(schema["default"])] if "default" in schema else ["kind"]


def page_routes() -> list[str]:
    """Return the GET routes the app does not list in its OpenAPI: its HTML pages and maps."""
    from api.app import create_app

    app = create_app("memory")
    paths: set[str] = set()

    def walk(routes, prefix: str) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI >= 0.160 wraps routers
            if included is not None:
                walk(included.routes, prefix + (getattr(route.include_context, "prefix", "") or ""))
            elif "GET" in (getattr(route, "methods", None) or ()) and not getattr(route, "include_in_schema", True):
                paths.add(prefix + route.path)

    walk(app.routes, "")
    app.state.store.close()
    return sorted(paths)


def discover(base: str, params: Parameters, pages: list[str] = ()) -> tuple[list[Endpoint], dict[str, str], dict[str, str]]:
    """Find every GET endpoint worth timing, with a working URL; which main endpoints exist; and
    which endpoints timed out or failed (5xx) on every URL tried (a benchmark must show those, not
    drop them; a 3xx or 4xx only says the benchmark had no valid input for the route).

    Parameters
    ----------
    base : str
        The server, ``http://127.0.0.1:PORT``.
    params : Parameters
        The values to fill in.
    pages : list of str
        Routes outside the OpenAPI (pages, see :func:`page_routes`); their path parameters are
        filled like the others.

    Returns
    -------
    tuple of (list of Endpoint, dict, dict)
        The endpoints (each answered 2xx once); main category -> route or "" when missing; and
        route -> what the last failure was (a 5xx status or a timeout) for every route that never
        answered well.
    """
    paths = dict(httpx.get(f"{base}/openapi.json", timeout=30).json().get("paths", {}))
    for page in pages:
        paths.setdefault(_PATH_PARAM.sub(r"{\1}", page), {"get": {"parameters": [
            {"name": name, "in": "path", "required": True, "schema": {}} for name in _PATH_PARAM.findall(page)]}})
    endpoints, main, unanswered = [], {name: "" for name in MAIN}, {}
    with httpx.Client(base_url=base, timeout=DISCOVERY_TIMEOUT_S) as client:
        for path, operations in sorted(paths.items()):
            if "get" not in operations or _SKIP_PATHS.search(path):
                continue
            route = f"GET {path}"
            category = next((name for name, pattern in MAIN.items() if pattern.search(route) and not main[name]), "")
            parameters = operations["get"].get("parameters", [])
            wanted = [p for p in parameters if p.get("required") or p["in"] == "path"
                      or (category and p["in"] == "query" and _is_filter(p["name"]))]
            choices = {p["name"]: (_candidates(p["name"], path, params, p.get("schema", {})), p["in"]) for p in wanted}
            if category == "SPARQL endpoint":
                choices["query"] = (_candidates("query", path, params, {}), "query")
            found = None
            for style in range(3):
                url = path
                query = {}
                for name, (values, where) in choices.items():
                    value = values[min(style, len(values) - 1)]
                    if where == "path":
                        url = url.replace("{" + name + "}", quote(value, safe=""))
                    else:
                        query[name] = value
                started = time.perf_counter()
                try:
                    response = client.get(url, params=query)
                    # 202: "being computed, look again" (the first analysis of all of Flanders);
                    # its first answer is the real one, however long that takes.
                    while response.status_code == 202 and time.perf_counter() - started < PENDING_TIMEOUT_S:
                        time.sleep(1.0)
                        response = client.get(url, params=query)
                except httpx.HTTPError as error:
                    unanswered[route] = f"{type(error).__name__} na/after {DISCOVERY_TIMEOUT_S:g} s"
                    continue
                if response.status_code == 202:
                    unanswered[route] = f"nog berekend na/still computing after {PENDING_TIMEOUT_S:g} s"
                    continue
                if response.status_code >= 500:
                    unanswered[route] = f"status {response.status_code}"
                if response.status_code < 300:
                    found = Endpoint(route, str(httpx.URL(url, params=query)), category, query, response.status_code,
                                     round((time.perf_counter() - started) * 1000, 1))
                    break
            if found:
                unanswered.pop(route, None)
                endpoints.append(found)
                if category:
                    main[category] = route
    return endpoints, main, unanswered


def _is_filter(name: str) -> bool:
    """The filters a main endpoint is timed with: the zone, the doelgroep, the organisation."""
    return any(w in name.lower() for w in ("zone", "doelgroep", "org"))


def time_endpoints(base: str, endpoints: list[Endpoint], warmup: int = 1, times: int = 20,
                   budget_s: float = 2.0, timeout_s: float = 30.0) -> dict[str, dict]:
    """Time each endpoint (median and p95 over up to ``times`` requests after a warm-up).

    The time runs until the last byte has arrived; the body is read as sent, not unpacked (as
    ``wrk`` does, and as the load test does): unzipping is the client's work, and the 7 MB
    analysis report takes the client about 19 ms to unzip. A request that takes longer than
    ``timeout_s`` counts as an error (status 599).
    """
    results = {}
    with httpx.Client(base_url=base, timeout=timeout_s) as client:
        for endpoint in endpoints:
            statuses = []

            def call() -> int:
                try:
                    with client.stream("GET", endpoint.url) as response:
                        sent = sum(len(chunk) for chunk in response.iter_raw())
                except httpx.HTTPError:
                    statuses.append(599)
                    return 0
                statuses.append(response.status_code)
                return sent

            # Answers are kept until the next write, so the median shows a warm app; "first" is the
            # endpoint's cold answer (from discovery, when it has one): what a user meets when
            # nothing of it is kept, after a start or an import that touches it.
            started = time.perf_counter()
            call()
            first_ms = round((time.perf_counter() - started) * 1000, 1)
            samples, sent = repeat(call, max(warmup - 1, 0), times, budget_s)
            errors = sum(1 for s in statuses if s >= 400)
            # Unpacked, once more, beside what was sent: what a coordinator's connection carries.
            size = _unpacked_size(client, endpoint.url) if not errors else 0
            results[endpoint.route] = {"url": endpoint.url, "category": endpoint.category, **stats(samples),
                                       "first_ms": endpoint.cold_ms if endpoint.cold_ms is not None else first_ms,
                                       "bytes": size, "sent_bytes": sent, "errors": errors}
    return results


def time_first_views(base: str, paths: list[str], timeout_s: float = 60.0) -> dict:
    """Open each page once, as a browser asks for it (HTML), and time it until the last byte.

    The warm timings repeat one URL, which the app answers from what it kept; a visitor who
    goes through a zone opens one page after another that nobody asked for since the last start
    or import. Pages of one zone share what the app keeps for that zone, as they do for visitors.

    Parameters
    ----------
    base : str
        The server, ``http://127.0.0.1:PORT``.
    paths : list of str
        Pages never asked for before on this server.
    timeout_s : float
        A page slower than this counts as an error.

    Returns
    -------
    dict
        Median and 95th percentile over the pages that answered (``stats``), ``pages`` and
        ``errors``.
    """
    samples, errors = [], 0
    with httpx.Client(base_url=base, timeout=timeout_s, headers={"Accept": "text/html"},
                      follow_redirects=True) as client:
        for path in paths:
            started = time.perf_counter()
            try:
                with client.stream("GET", path) as response:
                    for _chunk in response.iter_raw():
                        pass
            except httpx.HTTPError:
                errors += 1
                continue
            if response.status_code >= 400:
                errors += 1
                continue
            samples.append(time.perf_counter() - started)
    return {**stats(samples), "pages": len(paths), "errors": errors}


def _unpacked_size(client: httpx.Client, url: str) -> int:
    """The answer's size once unpacked; 0 when this extra request fails (a time-out, say), so that
    the run goes on and its table shows 0 kB rather than stopping."""
    try:
        return len(client.get(url).content)
    except httpx.HTTPError:
        return 0


class StoreClock:
    """Adds up the time a store spends in its query calls: the engine's share of a request.

    The store's own methods are wrapped on the instance, so it stays the class it was (the app
    checks ``isinstance`` of its store).
    """

    _TIMED = ("query", "select", "select_terms", "ask", "construct")

    def __init__(self, store):
        self.spent = 0.0
        self.calls = 0
        self._depth = threading.local()
        for name in self._TIMED:
            setattr(store, name, self._wrap(getattr(store, name)))

    def _wrap(self, method):
        def timed(*args, **kwargs):
            # select() calls select_terms() calls query(): only the outermost call counts.
            depth = getattr(self._depth, "value", 0)
            self._depth.value = depth + 1
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._depth.value = depth
                if depth == 0:
                    self.spent += time.perf_counter() - started
                    self.calls += 1
        return timed


def store_time_per_endpoint(store_spec: str, endpoints: list[Endpoint], times: int = 5,
                            budget_s: float = 2.0) -> dict[str, dict]:
    """Run each endpoint in-process and measure the time its store calls take (median over runs).

    Every endpoint is called once first, then the benchmark waits until this process and its
    workers are quiet, as it does for the warm requests over HTTP: what the first calls start in
    the background (the analysis of all of Flanders in a process of its own) would otherwise share
    the two processors with the store calls being timed, and lengthen them. Then up to ``times``
    runs per endpoint, fewer once ``budget_s`` seconds are spent.

    The store must not be held by another process (an on-disk Oxigraph is locked by its owner).
    """
    from fastapi.testclient import TestClient

    from api.app import create_app

    app = create_app(store_spec)
    store = app.state.store
    store.wait_for_read_copy()
    clock = StoreClock(store)
    results = {}
    with TestClient(app) as client:
        def run_once(endpoint: Endpoint) -> float:
            clock.spent, clock.calls = 0.0, 0
            if endpoint.category == "SPARQL endpoint":
                # The endpoint runs the query in a sandboxed worker process: time it directly.
                store.query(endpoint.params["query"], "json")
            else:
                client.get(endpoint.url)
            return clock.spent

        for endpoint in endpoints:
            run_once(endpoint)
        wait_until_quiet(os.getpid())
        for endpoint in endpoints:
            spent: list[float] = []
            wall, _ = repeat(lambda: spent.append(run_once(endpoint)), warmup=0, times=times, budget_s=budget_s)
            results[endpoint.route] = {**stats(spent[-len(wall):]), "store_calls": clock.calls}
    store.close()
    return results
