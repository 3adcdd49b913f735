"""The query suite: every ``.rq`` of the app, bound with the benchmark's parameters, timed.

It runs in a child process (``python -m bench.suite``) so that a query that runs away can be
stopped: a pyoxigraph query cannot be interrupted from Python (STACK.md section 11), and rdflib
at medium size takes up to 16 s for one query. The child prints one JSON line per query; the
parent (:func:`run_suite`) kills it when a query overruns and goes on in a fresh child.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench.measure import digest, query_form, repeat, stats
from bench.params import Parameters, app_queries, bindings
from graph.build import build
from graph.queries import bind, load_query
from graph.store import Store, open_store
from graph.synth import synthesise

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class QueryTimeout(BaseException):
    """A query ran past its time budget (a BaseException, so no ``except Exception`` in a store
    or in rdflib swallows it)."""


@contextmanager
def _alarm(seconds: float):
    """Interrupt pure-Python work (rdflib) after ``seconds``; Rust code is stopped by the parent."""
    def ring(_signum, _frame):
        raise QueryTimeout()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_query(store: Store, sparql: str):
    """Run a query and return its result as rows (for the digest).

    A SELECT is read as SPARQL JSON into rows, as ``Store.select`` does. The app reads its long
    lists of IRIs as TSV or CSV instead (``graph.lookup.iri_column``, ``graph.map_data``), which
    costs less: for those queries the time here is an upper bound.
    """
    form = query_form(sparql)
    if form == "ASK":
        return store.ask(sparql)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return [line for line in store.query(sparql, "nt").decode("utf-8").splitlines() if line.strip()]
    # Blank node labels are each engine's own: compare them as one placeholder, as for CONSTRUCT.
    return [{var: "_:b" if value["type"] == "bnode" else value["value"] for var, value in row.items()}
            for row in store.select_terms(sparql)]


def time_query(store: Store, name: str, params: Parameters, warmup: int, times: int,
               budget_s: float, timeout_s: float) -> dict:
    """Time one query file, bound with ``params``; return its statistics and result digest."""
    values, unbound = bindings(name, params)
    sparql = bind(load_query(name), **values)
    row = {"name": name, "unbound": unbound}
    try:
        with _alarm(timeout_s):
            samples, result = repeat(lambda: run_query(store, sparql), warmup, times, budget_s)
    except QueryTimeout:
        return {**row, "error": f"timeout > {timeout_s:g} s", "timeout": True}
    except Exception as error:  # a broken query is reported, not fatal to the benchmark
        return {**row, "error": f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}"}
    rows = 1 if isinstance(result, bool) else len(result)
    return {**row, **stats(samples), "rows": rows, "digest": digest(result)}


def _emit(payload: dict) -> None:
    print(json.dumps(payload), flush=True)


def child(argv: list[str] | None = None) -> int:
    """Entry point of the child process: load, then time each query, one JSON line each."""
    parser = argparse.ArgumentParser(prog="python -m bench.suite")
    parser.add_argument("--store", required=True)
    parser.add_argument("--build", action="store_true", help="build the real graph first")
    parser.add_argument("--synth", nargs=3, type=int, metavar=("ORGS", "REFERRALS", "SEED"))
    parser.add_argument("--params", type=Path, help="JSON of Parameters (else chosen from the store)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--budget", type=float, default=3.0, help="seconds of timed runs per query")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a query is given up")
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--read-copy-mb", type=int, default=0,
                        help="answer from a copy in memory of an on-disk store, as the server does")
    args = parser.parse_args(argv)
    store = open_store(args.store, read_copy_mb=args.read_copy_mb)
    loaded: dict = {"event": "loaded"}
    started = time.perf_counter()
    loaded["read_copy"] = store.wait_for_read_copy()
    loaded["read_copy_s"] = round(time.perf_counter() - started, 2)
    if args.build:
        started = time.perf_counter()
        build(store)
        loaded["build_s"] = round(time.perf_counter() - started, 3)
    if args.synth:
        summary = synthesise(store, *args.synth)
        loaded.update(generate_s=round(summary.generate_seconds, 3), load_s=round(summary.load_seconds, 3),
                      triples=summary.triples)
    params = (Parameters(**json.loads(args.params.read_text())) if args.params
              else Parameters.from_store(store))
    _emit(loaded)
    for name in app_queries():
        if name not in args.skip:
            _emit({"event": "query", **time_query(store, name, params, args.warmup, args.repeat,
                                                   args.budget, args.timeout)})
    _emit({"event": "done"})
    store.close()
    return 0


def run_suite(store_spec: str, params: Parameters, workdir: Path, *, build_first: bool = False,
              synth: tuple[int, int, int] | None = None, warmup: int = 1, times: int = 10,
              budget_s: float = 3.0, timeout_s: float = 30.0, load_timeout_s: float = 600.0,
              total_timeout_s: float = 1800.0, read_copy_mb: int = 0, log=lambda line: None) -> dict:
    """Run the suite in child processes; return ``{"loaded": {...}, "queries": {name: row}}``.

    A child that stays silent past ``timeout_s`` plus its budget (a runaway query in Rust code)
    is killed; the query is recorded as a timeout and a fresh child continues with the rest.
    """
    params_file = workdir / "params.json"
    params_file.write_text(json.dumps(params.as_dict()))
    result: dict = {"loaded": {}, "queries": {}}
    deadline = time.monotonic() + total_timeout_s
    expected = app_queries()
    while [q for q in expected if q not in result["queries"]] and time.monotonic() < deadline:
        command = [sys.executable, "-m", "bench.suite", "--store", store_spec, "--params", str(params_file),
                   "--warmup", str(warmup), "--repeat", str(times), "--budget", str(budget_s),
                   "--timeout", str(timeout_s), "--read-copy-mb", str(read_copy_mb), "--skip", *result["queries"]]
        if build_first:
            command.append("--build")
        if synth:
            command += ["--synth", *map(str, synth)]
        if not _one_child(command, result, expected, timeout_s + budget_s * 2 + 5, load_timeout_s, deadline,
                          workdir / "suite-stderr.log", log):
            break
    for name in expected:
        result["queries"].setdefault(name, {"name": name, "error": "not run (time budget of the run spent)"})
    return result


def _one_child(command: list[str], result: dict, expected: list[str], query_wait: float,
               load_wait: float, deadline: float, stderr_path: Path, log) -> bool:
    """Run one child until it finishes or hangs; return True if another child should go on."""
    with stderr_path.open("a") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                   cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout] + [lines.put("")],
                     daemon=True).start()
    loaded, wait = False, load_wait
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.1, min(wait, deadline - time.monotonic())))
            except queue.Empty:
                if not loaded:
                    result["loaded"]["error"] = f"loading took more than {load_wait:g} s"
                    return False
                stuck = next((q for q in expected if q not in result["queries"]), None)
                if stuck:
                    result["queries"][stuck] = {"name": stuck, "timeout": True,
                                                "error": f"timeout > {query_wait:g} s (stopped)"}
                    log(f"  {stuck}: stopped after {query_wait:g} s")
                return time.monotonic() < deadline
            if not line:
                crashed = next((q for q in expected if q not in result["queries"]), None)
                if crashed and loaded:
                    result["queries"][crashed] = {"name": crashed, "error": f"the child process died (see {stderr_path})"}
                return bool(crashed and loaded)
            event = json.loads(line)
            if event["event"] == "loaded":
                loaded = True
                result["loaded"] = {k: v for k, v in event.items() if k != "event"}
            elif event["event"] == "query":
                result["queries"][event["name"]] = {k: v for k, v in event.items() if k != "event"}
                log(f"  {event['name']}: {event.get('median_ms', event.get('error'))}")
            elif event["event"] == "done":
                return False
            wait = query_wait
    finally:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(child())
