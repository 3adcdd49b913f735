"""``make bench``: the whole benchmark in one run, one table, the numbers as JSON under ``bench/``.

Sizes (``overhoop synth``, seed 1): small 500 organisations / 2,000 referrals, medium 10,000 /
50,000, and with ``--large`` 100,000 / 1,000,000. Side by side on the same data: the embedded
Oxigraph store on disk (the default), rdflib's own engine (the baseline; one run per query with
a time budget, in a child process) and ``oxigraph serve`` (the remote backend, at medium size).
Over HTTP: a real uvicorn server on 127.0.0.1, its routes read from its OpenAPI.

Every number is a median (and 95th percentile) after a warm-up; the targets of issue 8 are
printed next to them with PASS or MISS. These machines are shared and noisy: trust the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.models import page_path
from api.settings import Settings
from bench import http, loadtest
from bench.measure import geometric_mean, machine_speed_ms, repeat, stats
from bench.params import Parameters
from bench.suite import run_suite
from graph.build import build
from graph.store import open_store
from graph.synth import synthesise

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
SIZES = {"tiny": (60, 200), "small": (500, 2_000), "medium": (10_000, 50_000), "large": (100_000, 1_000_000)}
SEED = 1
NOT_AVAILABLE = "niet beschikbaar / not available"

# Targets of issue 8, per size: (median ms, p95 ms) for queries and endpoints.
QUERY_TARGETS = {"medium": (50, 150)}
ENDPOINT_TARGETS = {"real": (300, None), "medium": (50, 150), "large": (500, None)}
BUILD_TARGET_S = 5.0
LARGE_LOAD_TARGET_S = 120.0
RPS_TARGET = 200
RSS_TARGETS_MB = {"medium": 1024, "large": 4096}
RATIO_TARGET = 20.0
OVERHEAD_TARGET = 2.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def verdict(value, limit, lower_is_better: bool = True) -> str:
    """PASS or MISS against a target; "" when there is no target or no number."""
    if limit is None or value is None:
        return ""
    return "PASS" if (value <= limit if lower_is_better else value >= limit) else "MISS"


def bench_build(workdir: Path, times: int) -> dict:
    """``overhoop build`` of the real graph, on a fresh on-disk store each time, and on rdflib."""
    counter = iter(range(1000))

    def once(kind: str):
        spec = f"oxigraph:{workdir / f'build-{next(counter)}'}" if kind == "oxigraph" else "rdflib"
        store = open_store(spec)
        build(store)
        store.close()

    samples, _ = repeat(lambda: once("oxigraph"), warmup=1, times=times, budget_s=60)
    rdflib_samples, _ = repeat(lambda: once("rdflib"), warmup=0, times=max(1, times // 2), budget_s=60)
    for path in workdir.glob("build-*"):
        shutil.rmtree(path, ignore_errors=True)
    return {"oxigraph": stats(samples), "rdflib": stats(rdflib_samples)}


def bench_load(workdir: Path, size: str, times: int) -> tuple[str, dict]:
    """Load a size ``times`` times into fresh on-disk stores; keep the last one for the rest."""
    organisations, referrals = SIZES[size]
    runs = []
    for number in range(times):
        path = workdir / size / f"store-{number}"
        store = open_store(f"oxigraph:{path}")
        build(store)
        started = time.perf_counter()
        summary = synthesise(store, organisations, referrals, SEED)
        total = time.perf_counter() - started
        store.close()
        runs.append({"generate_s": summary.generate_seconds, "load_s": summary.load_seconds,
                     "derive_s": total - summary.generate_seconds - summary.load_seconds, "total_s": total,
                     "triples": summary.triples})
        if number < times - 1:
            shutil.rmtree(path, ignore_errors=True)
    summary = {key: stats([run[key] for run in runs]) for key in ("generate_s", "load_s", "derive_s", "total_s")}
    # stats() reports milliseconds; loading is read in seconds.
    summary = {key: {"median_s": round(v["median_ms"] / 1000, 2), "p95_s": round(v["p95_ms"] / 1000, 2), "n": v["n"]}
               for key, v in summary.items()}
    summary["triples"] = runs[-1]["triples"]
    return f"oxigraph:{workdir / size / f'store-{times - 1}'}", summary


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else (shutil.which("oxigraph") or "oxigraph")


def bench_remote(store_path: str, params: Parameters, workdir: Path, times: int, timeout_s: float) -> dict:
    """The query suite through ``oxigraph serve`` on the same on-disk store (RocksDB is shared)."""
    port = loadtest.free_port()
    server = subprocess.Popen(
        [oxigraph_binary(), "serve-read-only", "--location", store_path, "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        return run_suite(f"sparql:http://127.0.0.1:{port}/query", params, workdir, times=times, budget_s=2.0,
                         timeout_s=timeout_s, total_timeout_s=900, log=log)
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_extras(store_spec: str, params_file: Path, timeout_s: float) -> dict:
    """Analysis measures, maps, search, an import preview and a backup in a child process; what does not
    finish is reported as such."""
    command = [sys.executable, "-m", "bench.extras", "--store", store_spec, "--params", str(params_file)]
    rows: dict = {"analysis": {}, "maps": {}, "search": {}, "import": {}, "backup": {}}
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, cwd=PROJECT_ROOT,
                                env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}).stdout
    except subprocess.TimeoutExpired as expired:
        output = (expired.stdout or b"").decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        rows["stopped"] = f"stopped after {timeout_s:g} s"
    for line in output.splitlines():
        event = json.loads(line)
        if event["section"] in rows:
            rows[event["section"]][event["name"]] = {k: v for k, v in event.items() if k not in ("section", "name")}
    return rows


def bench_http(store_spec: str, params: Parameters, workdir: Path, size: str, clients: int, seconds: float,
               times: int) -> dict:
    """Endpoints over HTTP, the load test from a second process, peak RSS, and the API overhead."""
    port = loadtest.free_port()
    server = http.start_server(store_spec, port)
    tree = http.TreeMemory(server.pid)
    base = f"http://127.0.0.1:{port}"
    result: dict = {}
    try:
        endpoints, main, unanswered = http.discover(base, params, http.page_routes())
        result["main"], result["unanswered"] = main, unanswered
        result["settled_s"] = http.wait_until_quiet(server.pid)
        result["endpoints"] = http.time_endpoints(base, endpoints, times=times)
        result["first_views"] = {
            "organisation page": http.time_first_views(base, [page_path(iri) for iri in params.other_organisations]),
            "zone page": http.time_first_views(base, [page_path(iri) for iri in params.other_zones]),
            "organisation page, same zone": http.time_first_views(base, [page_path(iri) for iri in params.zone_walk]),
        }
        if clients:
            params_file = workdir / f"params-{size}.json"
            params_file.write_text(json.dumps(params.as_dict()))
            out = workdir / f"loadtest-{size}.json"
            server_cpu_before = http.processor_seconds(server.pid)
            subprocess.run([sys.executable, "-m", "bench.loadtest", "--url", base, "--params", str(params_file),
                            "--clients", str(clients), "--seconds", str(seconds), "--json", str(out)],
                           cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                           timeout=seconds + 300, capture_output=True)
            result["loadtest"] = json.loads(out.read_text()) if out.exists() else {"error": "load test failed"}
            server_cpu_after = http.processor_seconds(server.pid)
            if result["loadtest"].get("requests") and None not in (server_cpu_before, server_cpu_after):
                # Less noisy than requests per second on a shared machine: what each request cost the server.
                result["loadtest"]["server_cpu_ms_per_request"] = round(
                    1000 * (server_cpu_after - server_cpu_before) / result["loadtest"]["requests"], 2)
        result["server_peak_rss_mb"] = http.peak_rss_mb(server.pid)
    finally:
        result["tree_peak_rss_mb"] = tree.stop()
        http.stop_server(server)
    # Only where HTTP answered: an endpoint that timed out would block the in-process run too.
    answered = [e for e in endpoints if not result["endpoints"][e.route]["errors"]]
    store_times = http.store_time_per_endpoint(store_spec, answered)
    for route, row in result["endpoints"].items():
        engine = store_times.get(route, {})
        row["store_median_ms"] = engine.get("median_ms")
        row["store_calls"] = engine.get("store_calls")
        if row["median_ms"] and engine.get("median_ms"):
            row["overhead_ratio"] = round(row["median_ms"] / engine["median_ms"], 2)
    return result


def run_size(size: str, workdir: Path, args) -> dict:
    """Everything measured on one size of synthetic data."""
    started = time.monotonic()
    large = size == "large"
    log(f"== {size}: laden / loading {SIZES[size][0]} organisaties, {SIZES[size][1]} doorverwijzingen")
    store_spec, load = bench_load(workdir, size, 1 if large else args.load_repeats)
    result: dict = {"organisations": SIZES[size][0], "referrals": SIZES[size][1], "load": load}
    store = open_store(store_spec)
    params = Parameters.from_store(store)
    store.close()
    del store
    result["parameters"] = params.as_dict()
    log(f"== {size}: query's op Oxigraph, zoals de server leest / queries on Oxigraph, as the server reads")
    suite = {"times": args.repeat, "budget_s": 2.0, "timeout_s": args.oxigraph_timeout * (4 if large else 1),
             "total_timeout_s": 1800, "log": log}
    result["oxigraph"] = run_suite(store_spec, params, workdir, read_copy_mb=Settings().read_copy_mb, **suite)
    if result["oxigraph"]["loaded"].get("read_copy") == "ready":
        log(f"== {size}: dezelfde query's op de schijf / the same queries on disk")
        result["oxigraph_disk"] = run_suite(store_spec, params, workdir, **suite)
    if args.rdflib and not large:
        log(f"== {size}: query's op rdflib (n=1, budget {args.rdflib_timeout:g} s)")
        result["rdflib"] = run_suite("rdflib", params, workdir, build_first=True,
                                     synth=(*SIZES[size], SEED), warmup=0, times=1, budget_s=0.0,
                                     timeout_s=args.rdflib_timeout, load_timeout_s=900,
                                     total_timeout_s=args.rdflib_total, log=log)
        log(f"   rdflib geladen / loaded: {result['rdflib']['loaded']}")
    if args.remote and size in args.remote_sizes:
        log(f"== {size}: query's via oxigraph serve / queries through oxigraph serve")
        result["remote"] = bench_remote(store_spec.split(":", 1)[1], params, workdir, times=max(3, args.repeat // 2),
                                        timeout_s=args.oxigraph_timeout * (4 if large else 1))
    if args.extras:
        log(f"== {size}: analyse en kaarten / analysis and maps")
        params_file = workdir / f"params-{size}.json"
        params_file.write_text(json.dumps(params.as_dict()))
        result["extras"] = bench_extras(store_spec, params_file, timeout_s=900 if large else 300)
    if args.http and size in args.http_sizes:
        log(f"== {size}: eindpunten over HTTP en belastingstest / endpoints and load test")
        result["http"] = bench_http(store_spec, params, workdir, size, args.clients if size != "small" else 0,
                                    args.seconds, times=args.repeat)
    result["minutes"] = round((time.monotonic() - started) / 60, 1)
    log(f"== {size}: klaar in {result['minutes']} min")
    return result


def run_real(workdir: Path, args) -> dict:
    """The real graph: build time, and every endpoint (pages under 300 ms)."""
    log("== echte graaf / real graph: overhoop build")
    result = {"build": bench_build(workdir, args.build_repeats)}
    if args.http:
        store_spec = f"oxigraph:{workdir / 'real'}"
        store = open_store(store_spec)
        build(store)
        store.close()
        del store
        log("== echte graaf / real graph: eindpunten / endpoints")
        store = open_store(store_spec)
        params = Parameters.from_store(store)
        store.close()
        del store
        result["http"] = bench_http(store_spec, params, workdir, "real", 0, 0, times=args.repeat)
    return result


# --- the table ------------------------------------------------------------------------------

def _ms(value) -> str:
    return "–" if value is None else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def _ratio(value) -> str:
    return "–" if value is None else (f"{value:,.0f}x" if value >= 100 else f"{value:.1f}x")


def query_rows(size: str, result: dict) -> tuple[list[list[str]], dict]:
    """Table rows of the query suite, and the summary (geometric mean, misses)."""
    rows, ratios, misses, differ, lower_bounds = [], [], 0, [], 0
    target = QUERY_TARGETS.get(size)
    for name, ox in result["oxigraph"]["queries"].items():
        rd = result.get("rdflib", {}).get("queries", {}).get(name, {})
        rm = result.get("remote", {}).get("queries", {}).get(name, {})
        disk = result.get("oxigraph_disk", {}).get("queries", {}).get(name, {})
        ratio = None
        ratio_text = "–"
        if ox.get("median_ms") and rd.get("median_ms"):
            ratio = rd["median_ms"] / ox["median_ms"]
            ratio_text = _ratio(ratio)
        elif ox.get("median_ms") and rd.get("timeout"):
            # rdflib did not finish within its budget: the budget is a lower bound of its time.
            ratio = float(str(rd["error"]).split("> ")[1].split(" s")[0]) * 1000 / ox["median_ms"]
            ratio_text = f">{_ratio(ratio)}"
            lower_bounds += 1
        if ratio:
            ratios.append(ratio)
        same = ""
        if ox.get("digest") and rd.get("digest"):
            same = "ja" if ox["digest"] == rd["digest"] else "NEE"
            if same == "NEE":
                differ.append(name)
        ok = ""
        if target and ox.get("median_ms") is not None:
            ok = "PASS" if ox["median_ms"] < target[0] and ox["p95_ms"] < target[1] else "MISS"
        elif target:
            ok = "MISS"
        misses += ok == "MISS"
        rows.append([name, str(ox.get("rows", "–")), _ms(ox.get("median_ms")), _ms(ox.get("p95_ms")),
                     _ms(disk.get("median_ms")) if disk else "–",
                     _ms(rd.get("median_ms")) if rd.get("median_ms") else (rd.get("error", "–")[:18] if rd else "–"),
                     ratio_text, _ms(rm.get("median_ms")) if rm else "–", same,
                     ok or ("" if ox.get("median_ms") is not None else ox.get("error", "")[:40]),
                     ",".join(ox.get("unbound", []))])
    return rows, {"geomean_speedup": geometric_mean(ratios), "misses": misses, "differ": differ,
                  "lower_bounds": lower_bounds, "compared": len(ratios)}


def drift_since(previous_file: Path, results: dict) -> dict | None:
    """How many times as long this run took for the same queries as the previous run of the file.

    The code of rdflib's engine is not ours, so its ratio says mostly how the machine changed;
    Oxigraph's also says what our queries did.

    Parameters
    ----------
    previous_file : Path
        The JSON of the previous run with the same sizes, before this run writes over it.
    results : dict
        This run's results.

    Returns
    -------
    dict or None
        ``{"started", "ratios": {engine: [geometric mean, queries]}}`` over the queries that took
        at least 0.5 ms in both runs, at the sizes both measured; ``None`` without a readable
        previous run.
    """
    try:
        previous = json.loads(previous_file.read_text())
    except (OSError, ValueError):
        return None
    ratios: dict[str, list[float]] = {"oxigraph": [], "rdflib": []}
    for size, result in results["sizes"].items():
        for engine, found in ratios.items():
            now = result.get(engine, {}).get("queries", {})
            before = previous.get("sizes", {}).get(size, {}).get(engine, {}).get("queries", {})
            found.extend(now[name]["median_ms"] / before[name]["median_ms"] for name in now.keys() & before.keys()
                         if (now[name].get("median_ms") or 0) >= 0.5 and (before[name].get("median_ms") or 0) >= 0.5)
    if not ratios["oxigraph"]:
        return None
    return {"started": previous.get("meta", {}).get("started", "?"),
            "ratios": {engine: [geometric_mean(found), len(found)] for engine, found in ratios.items() if found}}


def render_table(results: dict) -> str:
    """One plain-text table (Markdown) of the whole run, targets marked PASS or MISS."""
    out: list[str] = []

    def table(header: list[str], rows: list[list[str]]) -> None:
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" for _ in header) + "|")
        out.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
        out.append("")

    meta = results["meta"]
    out.append(f"# OverHoop benchmark ({meta['started']}, {meta['machine']})\n")
    if "speed_at_start" in meta:
        start, end = meta["speed_at_start"], meta.get("speed_at_end", {})
        out.append(f"Snelheid van deze machine / speed of this machine: een lege lus van 10 miljoen rondes "
                   f"{start['loop']} ms bij de start, {end.get('loop', '?')} ms op het einde; een miljoen getallen in "
                   f"een dict en gesorteerd {start['memory']} en {end.get('memory', '?')} ms "
                   f"(`bench.measure.machine_speed_ms`).\n")
    if meta.get("previous_run"):
        previous = meta["previous_run"]
        out.append(f"Tegenover de vorige run in dit bestand ({previous['started']}) duurden dezelfde query's "
                   + ", ".join(f"op {engine} {ratio:.2f}x zo lang ({count} query's)"
                               for engine, (ratio, count) in previous["ratios"].items())
                   + " (geometrisch gemiddelde, query's van minstens 0,5 ms in beide runs). rdflib is niet "
                   "onze code: zijn verhouding is vooral de machine. / Compared with the previous run in this file, the "
                   "same queries took this many times as long.\n")
    real = results.get("real", {})
    if "build" in real:
        b = real["build"]
        out.append("## Echte graaf / real graph: `overhoop build`\n")
        ox_s = b["oxigraph"]["median_ms"] / 1000
        table(["store", "median", "p95", "n", "target", ""],
              [["Oxigraph (schijf/disk)", f"{ox_s:.2f} s", f"{b['oxigraph']['p95_ms'] / 1000:.2f} s",
                b["oxigraph"]["n"], f"< {BUILD_TARGET_S:g} s", verdict(ox_s, BUILD_TARGET_S)],
               ["rdflib (geheugen/memory)", f"{b['rdflib']['median_ms'] / 1000:.2f} s",
                f"{b['rdflib']['p95_ms'] / 1000:.2f} s", b["rdflib"]["n"], "", ""]])
    if "http" in real:
        _endpoint_section(out, table, "real", real["http"])
    for size, result in results["sizes"].items():
        load = result["load"]
        out.append(f"## {size}: {result['organisations']:,} organisaties / {result['referrals']:,} doorverwijzingen "
                   f"({load['triples']:,} triples)\n")
        rd_load = result.get("rdflib", {}).get("loaded", {})
        limit = LARGE_LOAD_TARGET_S if size == "large" else None
        rows = [["Oxigraph: genereren+laden+afleiden / generate+load+derive", f"{load['total_s']['median_s']:.1f} s",
                 f"{load['total_s']['p95_s']:.1f} s", load["total_s"]["n"],
                 f"< {limit:g} s" if limit else "", verdict(load["total_s"]["median_s"], limit)],
                ["  waarvan genereren / of which generate", f"{load['generate_s']['median_s']:.1f} s", "", "", "", ""],
                ["  waarvan bulk load", f"{load['load_s']['median_s']:.1f} s", "", "", "", ""],
                ["  waarvan snelkoppelingen afleiden / derive shortcuts", f"{load['derive_s']['median_s']:.1f} s", "", "", "", ""]]
        if rd_load.get("load_s") is not None:
            ratio = (rd_load["load_s"] + rd_load["generate_s"]) / max(1e-9, load["load_s"]["median_s"] + load["generate_s"]["median_s"])
            rows.append(["rdflib: genereren+laden+afleiden", f"{rd_load['load_s'] + rd_load['generate_s']:.1f} s", "", 1,
                         f"Oxigraph {ratio:.1f}x sneller", ""])
        table(["laden / loading", "median", "p95", "n", "target", ""], rows)
        if "oxigraph" in result:
            rows, summary = query_rows(size, result)
            target = QUERY_TARGETS.get(size)
            out.append(f"### Query's / queries ({size})" + (f": target median < {target[0]} ms en p95 < {target[1]} ms" if target else "") + "\n")
            out.append(_read_copy_line(result) + "\n")
            table(["query (.rq)", "rijen", "Oxigraph median ms", "p95 ms", "schijf / disk ms", "rdflib ms (n=1)", "rdflib ÷ Oxigraph",
                   "oxigraph serve ms", "zelfde resultaat", "target", "ongebonden / unbound"], rows)
            gm = summary["geomean_speedup"]
            line = (f"Geometrisch gemiddelde versnelling t.o.v. rdflib / geometric mean speed-up vs rdflib: "
                    f"**{_ratio(gm)}** over {summary['compared']} query's")
            if summary["lower_bounds"]:
                line += f" ({summary['lower_bounds']} met rdflib boven zijn budget: ondergrens / lower bound)"
            if size == "medium" and gm is not None:
                line += f"; target ≥ {RATIO_TARGET:g}x: **{verdict(gm, RATIO_TARGET, lower_is_better=False)}**"
            out.append(line + ".")
            if summary["differ"]:
                out.append(f"Andere resultaten op rdflib / different results on rdflib: {', '.join(summary['differ'])}.")
            if target:
                out.append(f"Query's boven target / queries over target: **{summary['misses']}** MISS.")
            out.append("")
        if "extras" in result:
            _extras_section(out, table, size, result["extras"])
        if "http" in result:
            _endpoint_section(out, table, size, result["http"])
    return "\n".join(out)


def _read_copy_line(result: dict) -> str:
    """Say where the timed Oxigraph queries read: the copy in memory, as the server, or the disk."""
    loaded = result["oxigraph"].get("loaded", {})
    state = loaded.get("read_copy", "off")
    if state == "ready":
        return (f"Oxigraph leest, zoals de server, uit een kopie in het geheugen (OVERHOOP_READ_COPY_MB; gemaakt "
                f"in {loaded.get('read_copy_s', 0):.1f} s); de kolom schijf: dezelfde query's op de schijf. / "
                "Oxigraph reads, as the server does, from a copy in memory; the disk column: the same queries on disk.")
    why = {"too-large": "groter dan OVERHOOP_READ_COPY_MB", "failed": "mislukt", "making": "niet op tijd klaar"}
    return (f"Oxigraph leest, zoals de server, van de schijf (geen kopie in het geheugen: {why.get(state, 'uit')}). / "
            f"Oxigraph reads from disk, as the server does (copy in memory: {state}).")


def _extras_section(out, table, size, extras) -> None:
    rows = []
    for section in ("analysis", "maps", "search", "import", "backup"):
        for name, row in extras.get(section, {}).items():
            detail = ", ".join(f"{k} {v}" for k, v in row.items() if k in ("nodes", "edges", "triples", "graphs",
                                                                          "megabytes", "organisations"))
            rows.append([section, name, _ms(row.get("median_ms")), _ms(row.get("p95_ms")), row.get("n", ""),
                         row.get("error", "") or detail])
    if extras.get("stopped"):
        rows.append(["", extras["stopped"], "", "", "", ""])
    if rows:
        out.append(f"### Analyse, kaarten, zoeken, invoer en back-up / analysis, maps, search, import and backup ({size})\n")
        table(["", "wat / what", "median ms", "p95 ms", "n", ""], rows)


def _kilobytes(row: dict) -> str:
    """The answer's size, and in brackets what was sent when that was less (gzip)."""
    if "bytes" not in row:
        return ""
    size, sent = row["bytes"] / 1000, row.get("sent_bytes")
    return f"{size:,.1f}" + (f" ({sent / 1000:,.1f})" if sent is not None and sent < row["bytes"] else "")


def _endpoint_verdict(row: dict, median_target, p95_target) -> str:
    """PASS or MISS for timed requests (``median_ms``, ``p95_ms``, ``errors``): both targets, no
    errors; an endpoint that never answered misses. Empty when the size has no target.

    Examples
    --------
    >>> _endpoint_verdict({"median_ms": 20.0, "p95_ms": 160.0, "errors": 0}, 50, 150)
    'MISS'
    """
    if row["errors"] or row["median_ms"] is None:
        return "MISS"
    ok = verdict(row["median_ms"], median_target)
    if p95_target and ok == "PASS" and row["p95_ms"] >= p95_target:
        return "MISS"
    return ok


def _endpoint_section(out, table, size, result) -> None:
    median_target, p95_target = ENDPOINT_TARGETS.get(size, (None, None))
    out.append(f"### Eindpunten over HTTP / endpoints over HTTP ({size})"
               + (f": target median < {median_target} ms" if median_target else "")
               + (f", p95 < {p95_target} ms" if p95_target else "")
               + f"; API-overhead ≤ {OVERHEAD_TARGET:g}x de store-tijd\n")
    rows, misses = [], 0
    for category, route in result["main"].items():
        if not route:
            rows.append([category, NOT_AVAILABLE, "", "", "", "", "", "", ""])
    for route, what in result.get("unanswered", {}).items():
        # Never answered well to any URL tried: timed out or refused. Shown and counted, not dropped.
        misses += 1
        rows.append(["", route, f"geen antwoord / no answer: {what}", "", "", "", "", "", "", "MISS"])
    for route, row in result["endpoints"].items():
        ok = _endpoint_verdict(row, median_target, p95_target)
        misses += ok == "MISS"
        overhead = row.get("overhead_ratio")
        small_store = row.get("store_median_ms") is not None and row["store_median_ms"] < 1.0
        rows.append([row["category"] or "", route, _ms(row.get("first_ms")), _ms(row["median_ms"]), _ms(row["p95_ms"]),
                     _ms(row.get("store_median_ms")),
                     (_ratio(overhead) + (" (store < 1 ms)" if small_store else "")) if overhead else "–",
                     f"{verdict(overhead, OVERHEAD_TARGET)}" if overhead and not small_store else "",
                     _kilobytes(row),
                     ok + (f" ({row['errors']} fouten)" if row["errors"] else "")])
    out.append("*eerste / first*: het eerste antwoord, koud: bij het zoeken naar de eindpunten, kort na de start "
               "van de server (wat een eerder gemeten eindpunt al berekende, wordt hergebruikt) / the first, cold "
               "answer, at discovery.\n")
    if result.get("settled_s") is not None:
        out.append(f"De warme metingen begonnen na {result['settled_s']} s wachten tot de server en zijn "
                   f"werkprocessen stil waren (hoogstens {http.QUIET_TIMEOUT_S:g} s) / warm timings started after "
                   f"waiting {result['settled_s']} s for the server and its workers to be quiet.\n")
    table(["hoofdeindpunt / main", "route", "eerste / first ms", "HTTP median ms", "p95 ms", "store ms",
           "HTTP ÷ store", "≤ 2x", "kB (verstuurd / sent)", "target"], rows)
    for category, views in result.get("first_views", {}).items():
        ok = _endpoint_verdict(views, median_target, p95_target)
        misses += ok == "MISS"
        out.append(f"Eerste bezoek, telkens een andere pagina / first view, a different page each time ({category}, "
                   f"{views['pages']} pagina's): median {_ms(views['median_ms'])} ms, p95 {_ms(views['p95_ms'])} ms, "
                   f"{views['errors']} fouten/errors: {ok}.\n")
    lt = result.get("loadtest")
    rss = result.get("server_peak_rss_mb")
    rss_target = RSS_TARGETS_MB.get(size)
    lines = []
    if lt and "requests_per_s" in lt:
        lines.append(f"Belastingstest / load test: {lt['clients']} clients × {lt['seconds']} s: "
                     f"**{lt['requests_per_s']} req/s** (target ≥ {RPS_TARGET}: "
                     f"{verdict(lt['requests_per_s'], RPS_TARGET, lower_is_better=False) if size == 'medium' else '–'}), "
                     f"{lt['errors']} fouten/errors, p50 {lt['p50_ms']} ms, p95 {lt['p95_ms']} ms, p99 {lt['p99_ms']} ms; "
                     f"processortijd per verzoek / processor time per request: server "
                     f"{lt.get('server_cpu_ms_per_request', '–')} ms, client {lt.get('client_cpu_ms_per_request', '–')} ms; "
                     f"invoer/imports: {lt['imports']}.")
    elif lt:
        lines.append(f"Belastingstest / load test: {lt.get('error')}.")
    tree_rss = result.get("tree_peak_rss_mb")
    if rss is not None:
        lines.append(f"Piekgeheugen serverproces / server process peak RSS: {rss:,.0f} MB.")
    if tree_rss:
        lines.append(f"Piekgeheugen server met zijn werkprocessen (SPARQL, analyse van heel Vlaanderen), elke 0,5 s "
                     f"opgeteld / peak RSS of the server and its worker processes: **{tree_rss:,.0f} MB**"
                     + (f" (target < {rss_target} MB: {verdict(tree_rss, rss_target)})" if rss_target else "") + ".")
    lines.append(f"Eindpunten boven target / endpoints over target: **{misses}** MISS.")
    out.extend(lines)
    out.append("")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="ook de grote maat (100.000 / 1.000.000)")
    parser.add_argument("--sizes", nargs="*", choices=list(SIZES), help="alleen deze maten")
    parser.add_argument("--repeat", type=int, default=20, help="getimede herhalingen per query/eindpunt")
    parser.add_argument("--load-repeats", type=int, default=3)
    parser.add_argument("--build-repeats", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=10.0, help="budget per rdflib-query (s)")
    parser.add_argument("--rdflib-total", type=float, default=300.0, help="budget voor alle rdflib-query's (s)")
    parser.add_argument("--oxigraph-timeout", type=float, default=20.0,
                        help="een Oxigraph-query die langer duurt wordt gestopt (s; x4 bij large)")
    parser.add_argument("--clients", type=int, default=20, help="clients van de belastingstest in de benchmark")
    parser.add_argument("--seconds", type=float, default=20.0, help="duur van de belastingstest in de benchmark")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false")
    parser.add_argument("--no-remote", dest="remote", action="store_false")
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--no-extras", dest="extras", action="store_false")
    parser.add_argument("--no-real", dest="real", action="store_false")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="map voor de JSON-resultaten")
    args = parser.parse_args(argv)
    sizes = args.sizes or (["small", "medium", "large"] if args.large else ["small", "medium"])
    args.remote_sizes = {"medium", "large", "tiny"} if args.sizes else {"medium"}
    args.http_sizes = {"medium", "large", "tiny"}
    started = time.time()
    workdir = Path(tempfile.mkdtemp(prefix="overhoop-bench-"))
    results = {"meta": {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
                        "machine": f"{platform.machine()}, {os.cpu_count()} CPU's, Python {platform.python_version()}",
                        "load_average_at_start": os.getloadavg()[0], "speed_at_start": machine_speed_ms(),
                        "seed": SEED}, "sizes": {}}
    try:
        if args.real:
            results["real"] = run_real(workdir, args)
        for size in sizes:
            results["sizes"][size] = run_size(size, workdir, args)
            shutil.rmtree(workdir / size, ignore_errors=True)
            # Written after each size too, so a run stopped halfway keeps what it measured.
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "results-partial.json").write_text(json.dumps(results, indent=1, default=str))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["meta"]["minutes"] = round((time.time() - started) / 60, 1)
    results["meta"]["load_average_at_end"] = os.getloadavg()[0]
    results["meta"]["speed_at_end"] = machine_speed_ms()
    label = "-".join(sizes)
    results["meta"]["previous_run"] = drift_since(args.out / f"results-{label}.json", results)
    text = render_table(results)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results-{label}.json").write_text(json.dumps(results, indent=1, default=str))
    (args.out / f"results-{label}.md").write_text(text + "\n")
    log(f"Klaar in {results['meta']['minutes']} min; JSON in {args.out / f'results-{label}.json'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
