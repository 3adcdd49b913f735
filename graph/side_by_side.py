"""Store reads that do not depend on each other, run at the same time.

Oxigraph evaluates a query outside Python's interpreter lock, so on a machine with two cores two
reads take about as long as the slower of them. Only for bounded work that one visitor waits for
(a zone's network, every zone's coverage, the partner finder's two rankings, a map's links and the
facts of its nodes, the lists a text search reads, the counts per zone of the overview of
Flanders): the network queries of all of Flanders stay one after another, since each briefly
needs a lot of memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


def side_by_side(compute: Callable[[Item], Answer], items: Iterable[Item]) -> list[Answer]:
    """Return ``[compute(item) for item in items]``, computed in one thread per processor.

    Parameters
    ----------
    compute : callable
        Reads the store for one item; it must not write.
    items : iterable

    Returns
    -------
    list
        The answers in the order of ``items``. The first exception raised by ``compute`` is
        raised here.

    Examples
    --------
    >>> side_by_side(len, ["gent", "aalst"])
    [4, 5]
    """
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(compute, items))
