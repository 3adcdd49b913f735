"""Shared fixtures: a built graph in memory, the app over it, and a real `oxigraph serve` on a
loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.build import build
from graph.store import open_store

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20.0) -> None:
    """Poll ``url`` until it answers, or fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {seconds} s")


@pytest.fixture(scope="session")
def built_store():
    """The real graph (reference data and the note), built once into an in-memory store.

    Tests must not write to it; use ``fresh_store`` for that.
    """
    store = open_store("memory")
    build(store)
    return store


@pytest.fixture(scope="module")
def client(built_store):
    """A client of the app over the real graph (``built_store``: read only). A test module that
    needs an app over other data defines its own ``client``."""
    app = create_app("memory")
    app.state.store = built_store
    return TestClient(app)


@pytest.fixture
def fresh_store():
    """A newly built in-memory store that a test may change."""
    store = open_store("memory")
    build(store)
    return store


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real ``oxigraph serve`` on a free loopback port, with the union default graph.

    Yields the base URL (``http://127.0.0.1:PORT``); the server is stopped afterwards.
    """
    binary = VENV_BIN / "oxigraph"
    if not binary.exists():
        binary = Path(shutil.which("oxigraph") or "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path / "oxigraph"),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
