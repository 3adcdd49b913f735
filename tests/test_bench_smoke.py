"""The benchmark harness on a tiny graph: it runs end to end and every engine agrees.

No timing is asserted here: speed is judged by `make bench`, never by the test suite.
"""

import asyncio
import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from bench import loadtest
from bench.http import discover, processor_seconds, start_server, stop_server, time_endpoints, wait_until_quiet
from bench.params import Parameters, app_queries
from bench.run import main as bench_main
from graph.build import build
from graph.store import open_store
from graph.synth import synthesise


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory):
    """One benchmark run on 60 organisations / 200 referrals: Oxigraph, rdflib and oxigraph serve."""
    out = tmp_path_factory.mktemp("bench")
    assert bench_main(["--sizes", "tiny", "--repeat", "2", "--load-repeats", "1", "--no-real", "--no-http",
                       "--no-extras", "--rdflib-timeout", "20", "--out", str(out)]) == 0
    return json.loads((out / "results-tiny.json").read_text())["sizes"]["tiny"]


@pytest.mark.slow
@pytest.mark.server
def test_the_benchmark_times_every_query_file_of_the_app(tiny_results):
    timed = tiny_results["oxigraph"]["queries"]
    assert sorted(timed) == app_queries()
    assert [name for name, row in timed.items() if "median_ms" not in row] == []


@pytest.mark.slow
@pytest.mark.server
def test_every_query_gives_the_same_result_on_oxigraph_and_rdflib(tiny_results):
    oxigraph, rdflib = tiny_results["oxigraph"]["queries"], tiny_results["rdflib"]["queries"]
    compared = [name for name in oxigraph if "digest" in rdflib.get(name, {})]
    assert len(compared) > len(oxigraph) / 2
    assert [name for name in compared if oxigraph[name]["digest"] != rdflib[name]["digest"]] == []


@pytest.mark.slow
@pytest.mark.server
def test_every_query_gives_the_same_result_through_oxigraph_serve(tiny_results):
    oxigraph, remote = tiny_results["oxigraph"]["queries"], tiny_results["remote"]["queries"]
    assert [name for name in oxigraph if remote[name].get("digest") != oxigraph[name]["digest"]] == []


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    """A server on a loopback port over the real graph and 60 fictional organisations; yields its
    address and the endpoints the benchmark found on it."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('server') / 'store'}"
    store = open_store(spec)
    build(store)
    synthesise(store, 60, 200, seed=1)
    params = Parameters.from_store(store)
    store.close()
    del store
    port = loadtest.free_port()
    server = start_server(spec, port)
    try:
        base = f"http://127.0.0.1:{port}"
        endpoints, _main, _unanswered = discover(base, params)
        yield base, endpoints
    finally:
        stop_server(server)


@pytest.mark.slow
@pytest.mark.server
def test_the_load_test_runs_without_errors_against_a_loopback_server(tiny_server):
    base, endpoints = tiny_server
    result = asyncio.run(loadtest.run_load(base, endpoints, clients=2, seconds=3))
    assert result["requests"] > 0
    assert result["errors"] == 0, result["error_kinds"]
    assert result["client_cpu_ms_per_request"] > 0


@pytest.mark.slow
@pytest.mark.server
def test_endpoint_timings_report_the_answer_unpacked_and_as_sent(tiny_server):
    base, endpoints = tiny_server
    zone_api = [e for e in endpoints if e.route == "GET /api/zones/{zone_id}"]
    row = time_endpoints(base, zone_api, times=3)["GET /api/zones/{zone_id}"]
    unpacked = len(httpx.get(base + row["url"], headers={"Accept-Encoding": "identity"}).content)
    assert row["errors"] == 0 and row["bytes"] == unpacked
    assert 0 < row["sent_bytes"] < unpacked / 3


def test_processor_time_is_read_for_a_running_process_and_none_for_a_finished_one():
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert processor_seconds(os.getpid()) > 0
    assert processor_seconds(finished.pid) is None


def test_the_load_test_refuses_any_host_but_loopback():
    with pytest.raises(ValueError, match="127.0.0.1"):
        asyncio.run(loadtest.run_load("http://example.org", [], clients=1, seconds=1))


def test_waiting_for_a_quiet_server_lasts_as_long_as_it_computes():
    busy = subprocess.Popen([sys.executable, "-c", "import time\nend = time.monotonic() + 3\n"
                                                   "while time.monotonic() < end: pass"])
    try:
        waited = wait_until_quiet(busy.pid, timeout_s=30)
    finally:
        busy.wait()
    assert 2 <= waited < 30


def test_waiting_for_a_quiet_server_ends_at_the_first_look_when_it_is_idle():
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.5)  # past the interpreter's start
        waited = wait_until_quiet(idle.pid, window_s=1.0, timeout_s=30)
    finally:
        idle.kill()
        idle.wait()
    assert waited < 3
