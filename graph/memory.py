"""Memory the C library keeps after big computations, handed back to the system; and the
objects of a long-running process kept out of Python's cyclic garbage collector.

glibc keeps memory that was freed for later use instead of returning it. After one big query
(the networks of all of Flanders: Oxigraph's joins for the referrals held up to 2.7 GB at
1,000,000 referrals) the process kept that peak for the rest of its life, and every computation
after it added to it. On another C library these functions do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

# glibc's M_ARENA_MAX option of mallopt(3).
_M_ARENA_MAX = -8


@lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Let glibc keep at most ``arenas`` memory arenas, unless ``MALLOC_ARENA_MAX`` says otherwise.

    glibc gives each thread of the server's thread pool its own arena, and memory freed after a
    big computation stays fragmented over all of them: at medium size the server's peak was about
    1.06 GB with the default and 0.69 GB with two arenas, at a throughput within the noise of the
    mixed-load benchmark. An operator's own ``MALLOC_ARENA_MAX`` wins.

    Parameters
    ----------
    arenas : int
        The most arenas.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, arenas)


@contextmanager
def startup_objects_frozen() -> Iterator[None]:
    """Keep the objects alive at the start of a server out of the garbage collector's full scans.

    Python's cyclic collector now and then walks every object of the process; in the server those
    are mostly what importing rdflib, networkx, FastAPI and the rest made, and they live as long as
    the process. Reading a big query result (thousands of rows as dicts) sets off such a scan, and
    the request that happened to run it waited: in the mixed-load benchmark at 10,000
    organisations the 99th percentile was 104-113 ms, and 34 ms with the start-up objects frozen
    (``gc.freeze``), at the same throughput and memory. On leaving, they are handed back to the
    collector, so that a process that starts several apps (the tests) keeps collecting them.

    Examples
    --------
    >>> with startup_objects_frozen():
    ...     gc.get_freeze_count() > 0
    True
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def give_back_freed_memory() -> None:
    """Return the memory freed since the last call to the system (glibc's ``malloc_trim``).

    Call it after a computation that briefly needed far more memory than what it keeps, such as
    the queries of a network of all of Flanders: at 1,000,000 referrals the process went from
    2.5 GB to 175 MB.

    Examples
    --------
    >>> give_back_freed_memory()
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
