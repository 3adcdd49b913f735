"""A copy in memory of an on-disk Oxigraph store, to answer queries from.

Oxigraph reads its on-disk store (RocksDB) three to six times slower than the same data in memory:
at 10,000 organisations the network queries of the largest zone took 77-183 ms on disk and 15-38
ms in memory, the derivation of the referral links 757 ms and 192 ms. The disk stays the store of
record (every write goes there first, see ``OxigraphStore``); the copy only answers, and only
while it fits the memory the operator allows (``OVERHOOP_READ_COPY_MB``): the copy of 600,000
quads took 240 MB, so all of Flanders at 100,000 organisations (10 million quads) stays on disk.

The copy is made through an N-Quads file, not quad by quad from Python: Oxigraph writes and reads
a file without holding Python's interpreter lock, so the server keeps answering meanwhile (quad by
quad it held the lock for all 5 s at 600,000 quads; through a file the longest pause was 0.16 s).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

# Memory of the copy per byte of N-Quads: 600,000 quads were a 121 MB file and took 240 MB.
MEMORY_PER_FILE_BYTE = 2


def directory_bytes(path: Path) -> int:
    """Return the size of the files under ``path`` (an on-disk store), in bytes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a").write_bytes(b"12345")
    ...     directory_bytes(Path(folder))
    5
    """
    return sum(file.stat().st_size for file in Path(path).rglob("*") if file.is_file())


def copy_into_memory(disk: ox.Store, path: Path, budget_bytes: int) -> ox.Store | None:
    """Return a copy in memory of the on-disk store ``disk`` kept at ``path``, or ``None`` when it
    would take more than ``budget_bytes`` of memory.

    The caller must keep writers out while the copy is made, or repeat their writes on it.

    Parameters
    ----------
    disk : pyoxigraph.Store
        The store to copy.
    path : Path
        Its folder: the copy is never smaller than the compressed files there, so a store whose
        files alone pass the budget is not copied at all. The N-Quads file is written next to it.
    budget_bytes : int
        The memory the copy may take, estimated from the size of its N-Quads.

    Returns
    -------
    pyoxigraph.Store or None

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     disk = ox.Store(folder)
    ...     disk.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"),
    ...                      ox.Literal("1"), ox.NamedNode("https://example.org/g")))
    ...     copy = copy_into_memory(disk, Path(folder), 10_000_000)
    ...     too_small = copy_into_memory(disk, Path(folder), 10)
    >>> len(copy), too_small
    (1, None)
    """
    if directory_bytes(path) > budget_bytes:
        return None
    # Next to the store, on its disk: a system temp folder may be memory itself (tmpfs). Named
    # after the store, which one process at a time holds: a folder left by a process killed
    # while copying is that store's own and can go.
    prefix = f".{Path(path).name}-read-copy-"
    for left_behind in Path(path).parent.glob(f"{prefix}*"):
        shutil.rmtree(left_behind, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=Path(path).parent) as folder:
        quads = os.path.join(folder, "store.nq")
        disk.dump(quads, format=ox.RdfFormat.N_QUADS)
        if os.path.getsize(quads) * MEMORY_PER_FILE_BYTE > budget_bytes:
            return None
        copy = ox.Store()
        copy.bulk_load(path=quads, format=ox.RdfFormat.N_QUADS)
        return copy
