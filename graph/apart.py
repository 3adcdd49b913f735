"""Run a long computation over the store in a process of its own, at a lower priority.

An analysis of all of Flanders takes seconds at 10,000 organisations and minutes at 100,000,
nearly all of it in Python (networkx), which holds the interpreter lock: inside the server,
every visitor's request waits its turn for the interpreter meanwhile. A separate process over a
read-only view of the on-disk store (as the SPARQL workers use, see graph/sandbox.py) leaves
the server's interpreter free, gives way to the server for the processor (``nice``), and
returns its peak memory to the system when it ends.

The process is a fresh interpreter, not a fork: a fork would inherit the server's open RocksDB
and its threads.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from graph.store import OxigraphStore, Store

T = TypeVar("T")
logger = logging.getLogger(__name__)
# How much the computation gives way: the server's requests come first.
NICENESS = 10


class ProcessKilled(RuntimeError):
    """The separate process was killed from outside (for memory, most likely)."""


def run_apart(store: Store, compute: Callable[..., T], *args) -> T:
    """Return ``compute(view, *args)``, computed in a separate process where the store allows.

    For an on-disk store ``view`` is a read-only view of it, opened in a new lower-priority
    process; ``compute`` and ``args`` travel there by pickle (so ``compute`` is a module-level
    function) and the answer comes back the same way. Other stores (in memory, remote) cannot
    be opened from another process: there ``compute(store, *args)`` runs here. So does a
    computation whose process failed with an error (it is logged): the answer matters more than
    the place. A process killed from outside (for memory, most likely) is not repeated here.

    Parameters
    ----------
    store : Store
        The store to compute over.
    compute : callable
        ``compute(store, *args)``, defined at module level.
    *args
        Picklable arguments.

    Returns
    -------
    What ``compute`` returns.

    Raises
    ------
    ProcessKilled
        When the separate process was killed (a signal), with a sentence saying so.

    Examples
    --------
    >>> from graph.lookup import list_zones
    >>> from graph.store import open_store
    >>> run_apart(open_store("memory"), list_zones)
    []
    """
    path = getattr(store, "path", None)
    if not isinstance(store, OxigraphStore) or path is None:
        return compute(store, *args)
    request = pickle.dumps((str(path), compute, args), pickle.HIGHEST_PROTOCOL)
    finished = subprocess.run(
        [sys.executable, "-c", "from graph.apart import serve; serve()"],
        input=request, capture_output=True, check=False,
    )
    if finished.returncode == 0:
        return pickle.loads(finished.stdout)
    if finished.returncode < 0:
        # Killed from outside, most likely for memory: the server would not fare better.
        raise ProcessKilled(f"De berekening in een apart proces werd gestopt (signaal {-finished.returncode}; "
                            "te weinig geheugen?); probeer het later opnieuw. / The computation in a separate "
                            "process was killed; try again later.")
    problem = finished.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
    logger.warning("Berekening in een apart proces mislukt (%s); ze loopt nu in de server. / "
                   "A computation in a separate process failed; it runs in the server.", problem[0])
    return compute(store, *args)


def serve() -> None:
    """Be the separate process: read the request on stdin, write the pickled answer on stdout."""
    exit_with_parent(os.getppid())
    os.nice(NICENESS)
    path, compute, args = pickle.loads(sys.stdin.buffer.read())
    answer = compute(OxigraphStore(path, read_only=True), *args)
    sys.stdout.buffer.write(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


def exit_with_parent(parent_pid: int) -> None:
    """Stop this process when the process that started it (the server) is gone, even mid-work."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
