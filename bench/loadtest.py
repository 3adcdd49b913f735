"""Load test: N clients for S seconds of mixed reads (and a few imports) against a loopback server.

``make loadtest`` runs ``python -m bench.loadtest --clients 50 --seconds 60``: it starts the app
over the store (``OVERHOOP_STORE`` or ``oxigraph:var/store``; build it first, and stop a running
``make run``, which holds the store), or, with ``--url``, loads a server already running on
127.0.0.1. It never talks to any other host. It prints requests per second, errors and the
50th/95th/99th percentile latency, and the server's peak memory when it started the server.

The client should cost the machine less than the server it measures, as ``wrk`` does: each
simulated visitor keeps one connection of its own, and bodies are read as they arrive, without
unzipping them (the server sends the same bytes either way). With one shared pool of 20
connections and unzipped bodies, the client itself spent about 5 ms of processor per request,
more than twice the server's 2 ms: on two cores it measured mostly itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sys
import time
from pathlib import Path

import httpx

from bench.http import BENCH_TOKEN, Endpoint, discover, page_routes, peak_rss_mb, start_server, stop_server
from bench.measure import percentile
from bench.params import Parameters
from graph.store import DEFAULT_STORE, StoreError, open_store

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# How often each main endpoint is asked, relative to any other GET endpoint (weight 1).
WEIGHTS = {"zone page": 4, "zone API": 4, "organisation search": 6, "partner finder": 4,
           "SPARQL endpoint": 2, "zone map": 2}
# Network analysis recomputes measures on request: asked now and then, not by every visitor.
RARE = ("/api/analysis/",)
IMPORT_EVERY_S = 5.0


def weight(endpoint: Endpoint) -> float:
    """How often the mixed load asks an endpoint, relative to an ordinary GET (1)."""
    if endpoint.category:
        return WEIGHTS.get(endpoint.category, 1)
    return 0.1 if any(part in endpoint.route for part in RARE) else 1.0


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _import_body(run: str, number: int) -> dict:
    """One fictional organisation to import: small, valid, clearly marked as fictional."""
    # The names look alike, so the import would rightly ask whether number 2 is number 1;
    # "koppelen aan: nieuw" is the coordinator's answer: a new organisation. The run's own tag
    # makes every import new, also on a store that an earlier run wrote to (otherwise that
    # import changes nothing, writes nothing and the load would be measured without writes).
    return {"organisaties": [{"naam": f"Belastingstest organisatie {run}-{number} (fictief)", "gemeente": "Gent",
                              "type": "vzw-ngo", "sector": "welzijn", "fictief": "ja",
                              "koppelen aan": "nieuw"}]}


async def _client(base: str, urls: list[str], weights: list[float], until: float,
                  latencies: list[float], errors: dict, rng: random.Random) -> None:
    # One keep-alive connection per visitor, as a browser tab has: httpx's shared pool costs
    # the client more processor per request the more connections it holds.
    one_connection = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=one_connection) as client:
        while time.monotonic() < until:
            url = rng.choices(urls, weights)[0]
            started = time.perf_counter()
            try:
                async with client.stream("GET", url) as response:
                    async for _chunk in response.aiter_raw():
                        pass
                if response.status_code >= 400:
                    errors[f"{response.status_code} {url[:80]}"] = errors.get(f"{response.status_code} {url[:80]}", 0) + 1
            except httpx.HTTPError as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            latencies.append(time.perf_counter() - started)


async def _importer(base: str, path: str, token: str, until: float, outcome: dict) -> None:
    number, run = 0, time.strftime("%Y%m%d%H%M%S")
    # A new connection per import: one kept idle for IMPORT_EVERY_S would meet the server's
    # keep-alive timeout (uvicorn: 5 s) and could be closed just as the next import is sent.
    fresh_connections = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=fresh_connections) as client:
        while time.monotonic() + IMPORT_EVERY_S < until:
            await asyncio.sleep(IMPORT_EVERY_S)
            number += 1
            await _import_once(client, path, token, _import_body(run, number), outcome)


async def _import_once(client: httpx.AsyncClient, path: str, token: str, body: dict, outcome: dict) -> None:
    started = time.perf_counter()
    try:
        response = await client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
        written = response.status_code < 300 and (response.json().get("contribution") or {}).get("created")
        key = "ok" if written else "niets geschreven / nothing written" if response.status_code < 300 \
            else f"status {response.status_code}"
    except httpx.HTTPError as error:
        key = type(error).__name__
    outcome[key] = outcome.get(key, 0) + 1
    outcome.setdefault("seconds", []).append(round(time.perf_counter() - started, 3))


async def run_load(base: str, endpoints: list[Endpoint], clients: int, seconds: float,
                   import_path: str | None = None, token: str = BENCH_TOKEN, seed: int = 1) -> dict:
    """Run the load and return throughput, errors and latency percentiles.

    Parameters
    ----------
    base : str
        ``http://127.0.0.1:PORT`` (loopback only).
    endpoints : list of Endpoint
        The GET requests to mix, weighted by their main category.
    clients : int
        Concurrent clients, each on a connection of its own, sending its next request when the
        previous one is answered.
    seconds : float
        How long.
    import_path : str, optional
        ``/api/import/json`` to add one small import every few seconds.
    """
    host = httpx.URL(base).host
    if host not in LOOPBACK:
        raise ValueError(f"De belastingstest draait alleen tegen 127.0.0.1, niet tegen {host}.")
    if not endpoints:
        raise ValueError("Geen enkel GET-eindpunt gevonden om te belasten.")
    urls = [e.url for e in endpoints]
    weights = [weight(e) for e in endpoints]
    latencies: list[float] = []
    errors: dict = {}
    imports: dict = {}
    started, processor_started = time.monotonic(), time.process_time()
    until = started + seconds
    tasks = [_client(base, urls, weights, until, latencies, errors, random.Random(seed + i)) for i in range(clients)]
    if import_path:
        tasks.append(_importer(base, import_path, token, until, imports))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    client_cpu_s = time.process_time() - processor_started
    count = len(latencies)
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": count,
        "requests_per_s": round(count / elapsed, 1) if elapsed else 0.0,
        # A refused import is an error of the run too, not only a failed read.
        "errors": sum(errors.values()) + sum(n for k, n in imports.items() if k not in ("ok", "seconds")),
        "error_kinds": errors,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "client_cpu_ms_per_request": round(1000 * client_cpu_s / count, 2) if count else None,
        "imports": imports if import_path else "niet beschikbaar / not available",
        "mix": {e.route: weight(e) for e in endpoints},
    }


def import_path_of(base: str) -> str | None:
    """Return the JSON import endpoint if the app has one."""
    paths = httpx.get(f"{base}/openapi.json", timeout=30).json().get("paths", {})
    return "/api/import/json" if "post" in paths.get("/api/import/json", {}) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="een draaiende server op 127.0.0.1 (anders start de test er zelf een)")
    parser.add_argument("--store", help=f"store voor de eigen server (standaard OVERHOOP_STORE of {DEFAULT_STORE})")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-imports", action="store_true", help="alleen lezen")
    parser.add_argument("--token", default=BENCH_TOKEN, help="schrijftoken van de server (bij --url)")
    parser.add_argument("--params", type=Path, help="JSON met de parameters (anders gekozen uit de data)")
    parser.add_argument("--json", type=Path, help="schrijf het resultaat ook als JSON naar dit bestand")
    args = parser.parse_args(argv)
    server = None
    try:
        if args.params:
            params = Parameters(**json.loads(args.params.read_text()))
        elif args.url:
            params = Parameters.from_store(open_store(f"sparql:{args.url.rstrip('/')}/sparql"))
        else:
            store = open_store(args.store)
            params = Parameters.from_store(store)
            store.close()
            del store
        if args.url:
            base = args.url.rstrip("/")
        else:
            port = free_port()
            server = start_server(args.store or os.environ.get("OVERHOOP_STORE") or DEFAULT_STORE, port)
            base = f"http://127.0.0.1:{port}"
        endpoints, _main, _unanswered = discover(base, params, page_routes())
        import_path = None if args.no_imports else import_path_of(base)
        result = asyncio.run(run_load(base, endpoints, args.clients, args.seconds, import_path, args.token))
        if server:
            result["server_peak_rss_mb"] = peak_rss_mb(server.pid)
    except (StoreError, ValueError, RuntimeError, httpx.HTTPError) as error:
        print(f"loadtest: {error}", file=sys.stderr)
        return 2
    finally:
        if server:
            stop_server(server)
    print(f"{result['clients']} clients, {result['seconds']} s: {result['requests']} verzoeken, "
          f"{result['requests_per_s']} per seconde, {result['errors']} fouten; "
          f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms; "
          f"processortijd van deze client: {result['client_cpu_ms_per_request']} ms per verzoek; "
          f"invoer: {result['imports']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
