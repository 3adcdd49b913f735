"""A real server on a loopback port: SIGKILL in the middle of an import, and a 200 MB upload."""

import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from graph.imports import list_contributions
from graph.store import open_store
from tests.conftest import free_port, wait_until_up
from tests.import_helpers import csv_bytes, snapshot

TOKEN = "sigkill-test-token"
pytestmark = pytest.mark.server


def start_server(store_dir, port):
    env = dict(os.environ, OVERHOOP_TOKEN=f"coordinator-test:{TOKEN}")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--store", f"oxigraph:{store_dir}", "serve",
         "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_up(f"http://127.0.0.1:{port}/health", seconds=60)
    return process


def large_file() -> bytes:
    rows = "\n".join(f"Fictieve Organisatie {i};Leuven;https://fictief{i}.example;ja" for i in range(3000))
    return csv_bytes("naam;gemeente;website;fictief\n" + rows)


@pytest.fixture
def built_dir(tmp_path):
    store_dir = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "api.cli", "--store", f"oxigraph:{store_dir}", "build"],
                   check=True, capture_output=True)
    return store_dir


def test_sigkill_during_import_leaves_store_before_or_after_and_import_can_rerun(built_dir):
    store = open_store(f"oxigraph:{built_dir}")
    before = snapshot(store)
    store.close()
    port = free_port()
    server = start_server(built_dir, port)
    url = f"http://127.0.0.1:{port}/api/import"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    data = large_file()

    def send():
        try:
            httpx.post(url, headers=headers, files={"file": ("groot.csv", data)}, timeout=120)
        except httpx.HTTPError:
            pass  # the server is killed under it

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(1.5)  # the preview (matching, SHACL) of 3000 rows is running by now
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    sender.join(timeout=30)

    store = open_store(f"oxigraph:{built_dir}")
    after_kill = snapshot(store)
    contributions = list_contributions(store)
    store.close()
    if contributions:  # the transaction had committed: all of it is there
        assert len(contributions) == 1 and contributions[0].triples > 3000 * 4
    else:
        assert after_kill == before

    server = start_server(built_dir, port)
    try:
        response = httpx.post(url, headers=headers, files={"file": ("groot.csv", data)}, timeout=300)
        assert response.status_code == 200, response.text[:500]
        assert len(httpx.get(f"http://127.0.0.1:{port}/api/imports").json()["contributions"]) == 1
    finally:
        server.terminate()
        stderr = server.communicate(timeout=10)[1]
    assert TOKEN.encode() not in stderr


def test_200_mb_streamed_upload_is_refused_before_it_is_all_sent(built_dir):
    port = free_port()
    server = start_server(built_dir, port)
    sent, answer = 0, b""
    try:
        # A raw socket, so the test sees the server's answer while it is still sending.
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /api/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + f"Authorization: Bearer {TOKEN}\r\n".encode()
                + b"Content-Type: multipart/form-data; boundary=x\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"x" * 1_000_000
            try:
                while sent < 200_000_000 and not select.select([sock], [], [], 0)[0]:
                    sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    sent += len(chunk)
                answer = sock.recv(4096)
            except (BrokenPipeError, ConnectionResetError):
                answer = answer or b"closed"
        assert answer.startswith(b"HTTP/1.1 413") or answer == b"closed"
        assert sent < 200_000_000
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
