"""Memory the C library keeps after big computations, handed back to the system.

glibc keeps memory that was freed for later use instead of returning it. After one big query
(the networks of all of Flanders: Oxigraph's joins for the referrals held up to 2.7 GB at
1,000,000 referrals) the process kept that peak for the rest of its life, and every computation
after it added to it. On another C library these functions do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
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
