"""Answers that change only when the graph changes, kept until the next write.

Each store counts its own writes (``Store.cache_token``); an answer computed at one count is
reused until the count moves. Imports, withdrawals and builds all write through the store, so
they invalidate every cached answer at once, with no time-to-live to tune. A remote store can
also be written by others, so its token moves at least once a minute as well.

An answer can say which parts of the graph it is about (``about=``): one first-line zone (its
page, map, analysis, search within it), a code list (the counts per doelgroep), the zones,
wider places and code lists a partner finder's answer reads, or an asker's zones (the profiles
and traits the partner finder ranks there). It then survives the writes that
declared they could not change those parts (``Store.parts_to_declare``, used by imports and
withdrawals, see graph/imports/reach.py). An import in Gent no longer makes every visitor of
Antwerpen wait.
"""

from __future__ import annotations

import functools
import logging
import pickle
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from typing import TypeVar

from graph.dates import clock_time
from graph.store import Store

T = TypeVar("T")
logger = logging.getLogger(__name__)
# Keys hold user input (a zone, a seed, a doelgroep), so the number kept per store is bounded:
# the least recently used answer goes first.
MAX_ANSWERS_PER_STORE = 256
_answers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_in_flight: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_state_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class StillComputing(Exception):
    """An answer is being computed and was not ready within the time its caller would wait.

    ``since`` is when its computation started (an aware :class:`datetime.datetime`); the message
    says it as the clock in Brussels shows it.
    """

    def __init__(self, since: datetime):
        super().__init__(f"Dit antwoord wordt nog berekend (sinds {clock_time(since)}); probeer het zo "
                         f"opnieuw. / This answer is still being computed (since {clock_time(since, 'en')}); "
                         "try again shortly.")
        self.since = since


class _Flight:
    """One computation under way: for which state, since when, and whether it is done."""

    def __init__(self, token: Hashable):
        self.token = token
        self.started = datetime.now().astimezone()
        self.done = threading.Event()
        self.value = None
        self.error: BaseException | None = None


def cached(store: Store, key: Hashable, compute: Callable[[], T], stale_while_recomputing: bool = False,
           about: str | Iterable[str] | Callable[[T], str | Iterable[str] | None] | None = None,
           recompute_every_s: float = 0.0,
           keep_if: Callable[[T], bool] | None = None, wait_s: float | None = None) -> T:
    """Return ``compute()``, computed at most once per state of ``store``.

    When several threads ask the same cold question at once, one computes it and the others
    wait for that answer, instead of all paying the full cost together (which, after an
    import, would otherwise multiply the slowest queries by the number of visitors).

    Parameters
    ----------
    store : Store
        The store the answer comes from.
    key : hashable
        What is asked (a query name and its parameters, say).
    compute : callable
        Computes the answer from the store; called again after any write.
    stale_while_recomputing : bool
        For answers that take seconds (a network analysis of all of Flanders): after a write,
        hand out the previous answer at once while one background thread computes the new
        one. Without a previous answer, the caller waits as usual. Callers that show such an
        answer should say how old it is (see :func:`is_current`).
    about : str, iterable of str or callable, optional
        The IRI of the only part of the graph the answer is about (a first-line zone, say), or
        the IRIs of all of them: the answer is kept across writes that declared they leave those
        parts alone. By default an answer is about everything. A callable is given the answer
        and returns its parts (or ``None``), for answers that are themselves a list of parts.
    recompute_every_s : float
        With ``stale_while_recomputing``: start a new computation at most this often. Under a
        stream of imports (one every few seconds) an answer that takes seconds would otherwise
        be recomputed without pause, taking a processor from every other visitor.
    keep_if : callable, optional
        Keep only the answers for which this says yes (say, not the largest); callers waiting
        for an answer that is not kept compute it themselves.
    wait_s : float, optional
        Wait at most this long for an answer that is not there yet: it is then computed in a
        background thread, and a caller who would wait longer gets :class:`StillComputing`
        (a page can say so and look again later) while the computation goes on.

    Returns
    -------
    The answer.

    Raises
    ------
    StillComputing
        With ``wait_s``, when the answer was not ready in time.

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
    parts = about if callable(about) else _parts(about)
    while True:
        token = store.cache_token()
        with _lock:
            entries = _answers.setdefault(store, OrderedDict())
            _forget_other_states(store, entries, token)
            hit = entries.get(key)
            if hit is not None and hit[0] != token and _still_valid(store, hit, token):
                hit = entries[key] = (token, *hit[1:])
            if hit is not None and hit[0] == token:
                entries.move_to_end(key)
                return hit[1]
            flights = _in_flight.setdefault(store, {})
            flight = flights.get(key)
            if hit is not None and stale_while_recomputing:
                if flight is None and time.monotonic() - hit[4] >= recompute_every_s:
                    flight = flights[key] = _Flight(token)
                    threading.Thread(target=_compute_in_background, daemon=True,
                                     args=(store, key, compute, token, flight)).start()
                entries.move_to_end(key)
                return hit[1]
            if flight is None or flight.token != token:
                flight = flights[key] = _Flight(token)
                if wait_s is None:
                    break
                threading.Thread(target=_compute_in_background, daemon=True,
                                 args=(store, key, compute, token, flight, stale_while_recomputing, parts,
                                       keep_if)).start()
        # Someone is computing this answer for this state: wait, then read it (or, if that
        # computation failed or the store moved on, compute it ourselves).
        if not flight.done.wait(wait_s):
            raise StillComputing(flight.started)
        if wait_s is not None:
            if flight.error is not None:
                raise flight.error  # failed in the background: say so rather than start another
            return flight.value
    # Computed outside the lock: the app's threads keep answering other questions meanwhile.
    return _compute_and_keep(store, key, compute, token, flight, stale_while_recomputing, parts, keep_if)


def forget(store: Store) -> None:
    """Drop every answer kept for ``store``, as a write would, without writing.

    The benchmark times a zone's map as a visitor meets it after a start or an import: without
    this, every timing after the first would time the kept answer.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> calls = []
    >>> _ = cached(store, "n", lambda: calls.append(1)); forget(store)
    >>> _ = cached(store, "n", lambda: calls.append(1)); len(calls)
    2
    """
    with _lock:
        _answers.pop(store, None)


def is_current(store: Store, state: Hashable, about: str | Iterable[str] | None = None) -> bool:
    """Tell whether an answer computed at ``state`` (``store.cache_token()``) is still current.

    With ``about``, an answer about those parts of the graph only (as in :func:`cached`): still
    current when the writes since ``state`` declared they leave them alone.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> state = store.cache_token()
    >>> store.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }")
    >>> is_current(store, state)
    False
    """
    if store.cache_token() == state:
        return True
    parts = _parts(about)
    written = store.parts_written_since(state) if parts is not None else None
    return written is not None and not parts & written


def _parts(about: str | Iterable[str] | None) -> frozenset[str] | None:
    if about is None:
        return None
    return frozenset([about] if isinstance(about, str) else about)


def _still_valid(store: Store, entry: tuple, token: Hashable) -> bool:
    """Whether a kept answer (state, value, keep, parts, when) computed before ``token`` still holds."""
    state, parts = entry[0], entry[3]
    return parts is not None and is_current(store, state, parts)


def _compute_and_keep(store: Store, key: Hashable, compute: Callable[[], T], token: Hashable,
                      flight: _Flight, keep_when_stale: bool, parts: frozenset[str] | Callable | None = None,
                      keep_if: Callable[[T], bool] | None = None) -> T:
    try:
        value = flight.value = compute()
        if keep_if is not None and not keep_if(value):
            return value
        if callable(parts):
            parts = _parts(parts(value))
        with _lock:
            entries = _answers.setdefault(store, OrderedDict())
            entries[key] = (token, value, keep_when_stale, parts, time.monotonic())
            entries.move_to_end(key)
            while len(entries) > MAX_ANSWERS_PER_STORE:
                entries.popitem(last=False)
        return value
    except BaseException as error:
        flight.error = error
        raise
    finally:
        with _lock:
            flights = _in_flight.setdefault(store, {})
            if flights.get(key) is flight:
                del flights[key]
        flight.done.set()


def _compute_in_background(store: Store, key: Hashable, compute: Callable, token: Hashable, flight: _Flight,
                           keep_when_stale: bool = True, parts: frozenset[str] | Callable | None = None,
                           keep_if: Callable | None = None) -> None:
    try:
        _compute_and_keep(store, key, compute, token, flight, keep_when_stale, parts, keep_if)
    except Exception:  # the previous answer (if any) stays; the next caller tries again
        logger.exception("Herberekenen van %r mislukt / recomputing %r failed", key, key)


def _forget_other_states(store: Store, entries: OrderedDict, token: Hashable) -> None:
    # After a write, the answers of the old state are never asked again: free their memory at
    # once instead of waiting for the least-recently-used bound, except those kept on purpose
    # and those about parts the write left alone.
    if _state_seen.get(store) == token:
        return
    _state_seen[store] = token
    for key, entry in list(entries.items()):
        if entry[0] == token:
            continue
        if _still_valid(store, entry, token):
            entries[key] = (token, *entry[1:])
        elif not entry[2]:
            del entries[key]


def per_state(copy_result: bool = True, stale_while_recomputing: bool = False,
              about: Callable[..., str | Iterable[str] | None] | None = None, recompute_every_s: float = 0.0):
    """Decorate ``f(store, *args, **kwargs)`` so its answer is kept until the store's next write.

    Parameters
    ----------
    copy_result : bool
        Hand every caller its own copy, so a caller that changes the answer (a page adding
        a field, say) cannot change what the next caller gets. The answer is kept pickled and
        unpickled per caller: several times faster than ``copy.deepcopy`` and more compact in
        memory. Turn it off only for answers no caller changes and that are costly to copy,
        such as a whole analysed network, or for a store of answers its callers fill on purpose
        (the node descriptions of ``graph.map_data``).
    stale_while_recomputing : bool
        As in :func:`cached`: after a write, the previous answer until the new one is ready.
    about : callable, optional
        Given the decorated function's arguments (after ``store``), the parts of the graph the
        answer is about (the IRI of a first-line zone, say), or ``None`` when it is about
        everything: as in :func:`cached`, such an answer outlives writes elsewhere.
    recompute_every_s : float
        As in :func:`cached`.

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> from graph.store import open_store
    >>> @per_state()
    ... def size(store):
    ...     return {"triples": sum(store.graph_sizes().values())}
    >>> store = open_store("memory")
    >>> size(store)["triples"]
    0
    """

    def decorate(f: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(f)
        def wrapper(store: Store, *args, **kwargs) -> T:
            key = (f.__module__, f.__qualname__, _hashable(args), _hashable(kwargs))
            parts = about(*args, **kwargs) if about else None
            if not copy_result:
                return cached(store, key, lambda: f(store, *args, **kwargs), stale_while_recomputing, parts,
                              recompute_every_s)
            frozen = cached(store, key, lambda: pickle.dumps(f(store, *args, **kwargs), pickle.HIGHEST_PROTOCOL),
                            stale_while_recomputing, parts, recompute_every_s)
            return pickle.loads(frozen)

        return wrapper

    return decorate


def _hashable(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return frozenset(_hashable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value
