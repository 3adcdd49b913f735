"""A query from the public is answered even when a SPARQL worker process is gone.

The workers of an on-disk store are long-lived processes; one that was killed (by the system,
for memory) or never started is replaced, and the query it never saw goes to the new one.
"""

from __future__ import annotations

import json
import os
import select
import signal
from pathlib import Path

import pytest

from graph.sandbox import QuerySandbox
from graph.store import OxigraphStore

ZONE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?zone a oh:FirstLineZone }"


@pytest.fixture
def sandbox(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.update("INSERT DATA { <https://example.org/zone/1> a oh:FirstLineZone . "
                 "<https://example.org/zone/2> a oh:FirstLineZone }")
    sandbox = QuerySandbox(store, timeout_s=20, workers=2)
    yield sandbox
    sandbox.close()
    # Closed now, not whenever it is collected: a test process forked while RocksDB's threads
    # run (the in-memory sandbox forks per query) gives a child that aborts.
    store.close()


def worker_pids() -> list[int]:
    """The SPARQL worker processes started by this test process."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == os.getpid() and b"serve_worker" in command:
            pids.append(int(entry.name))
    return pids


def kill_and_wait(pids: list[int]) -> None:
    """Kill the processes and wait until each has exited (a pidfd turns readable then)."""
    for pid in pids:
        pidfd = os.pidfd_open(pid)
        try:
            os.kill(pid, signal.SIGKILL)
            select.select([pidfd], [], [], 10)
        finally:
            os.close(pidfd)


def zone_count(sandbox: QuerySandbox, variable: str = "n") -> str:
    """Count the zones through the sandbox; another ``variable`` makes a query not kept before."""
    query = ZONE_COUNT.replace("?n", "?" + variable)
    answer = json.loads(sandbox.run(query, "json", None).body)
    return answer["results"]["bindings"][0][variable]["value"]


def test_a_query_is_answered_when_every_worker_died_before_starting(sandbox):
    kill_and_wait(worker_pids())
    assert zone_count(sandbox) == "2"


def test_a_query_is_answered_when_every_worker_died_while_idle(sandbox):
    assert zone_count(sandbox, "before") == "2"
    kill_and_wait(worker_pids())
    assert zone_count(sandbox, "after") == "2"
