"""A second process that holds an on-disk store open to write, as a running server does."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Opens the store to write (RocksDB's lock), says "ready", then runs one SPARQL update per line
# it reads, answering "done" after each, until its input closes.
HOLDER = """
import sys
from graph.store import open_store
store = open_store(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    store.update(line)
    print("done", flush=True)
store.close()
"""


class Holder:
    """The holding process: ``write`` runs an update in it, committed when it returns."""

    def __init__(self, process: subprocess.Popen):
        self.process = process

    def write(self, update: str) -> None:
        self.process.stdin.write(update.replace("\n", " ") + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "done"


@contextmanager
def holding(spec: str):
    """Hold the store ``spec`` (``oxigraph:DIR``) open to write in another process while inside."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", HOLDER, spec], cwd=ROOT, env=env, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdout.readline().strip() == "ready"
        yield Holder(process)
    finally:
        process.stdin.close()
        process.wait(timeout=30)
