"""A real ``overhoop serve`` on a loopback port, over an on-disk store built for the test."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port, wait_until_up

OVERHOOP = Path(sys.executable).parent / "overhoop"


@contextmanager
def running_app(directory: Path, **env: str):
    """Build the graph into ``directory/store`` and serve it; yield the base URL.

    Parameters
    ----------
    directory : Path
        Where the on-disk store goes.
    **env : str
        Extra environment variables for the server (``OVERHOOP_QUERY_TIMEOUT="2"``).
    """
    spec = f"oxigraph:{directory / 'store'}"
    subprocess.run([str(OVERHOOP), "--store", spec, "build"], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [str(OVERHOOP), "--store", spec, "serve", "--port", str(port)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/health")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
