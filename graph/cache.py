"""Answers that change only when the graph changes, kept until the next write.

Each store counts its own writes (``Store.cache_token``); an answer computed at one count is
reused until the count moves. Imports, withdrawals and builds all write through the store, so
they invalidate every cached answer at once, with no time-to-live to tune. A remote store can
also be written by others, so its token moves at least once a minute as well.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

from graph.store import Store

T = TypeVar("T")
_answers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed at most once per state of ``store``.

    Parameters
    ----------
    store : Store
        The store the answer comes from.
    key : hashable
        What is asked (a query name and its parameters, say).
    compute : callable
        Computes the answer from the store; called again after any write.

    Returns
    -------
    The answer.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> calls = []
    >>> _ = cached(store, "n", lambda: calls.append(1)); _ = cached(store, "n", lambda: calls.append(1))
    >>> len(calls)
    1
    >>> store.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }")
    >>> _ = cached(store, "n", lambda: calls.append(1)); len(calls)
    2
    """
    token = store.cache_token()
    entries = _answers.setdefault(store, {})
    hit = entries.get(key)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = compute()
    entries[key] = (token, value)
    return value
