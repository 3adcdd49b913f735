"""Timing and comparing: median and 95th percentile after a warm-up, and digests of results."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable

_SPLIT = re.compile(r"[\s,;|]+")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_BNODE = re.compile(r"_:\S+")


def percentile(samples: list[float], q: float) -> float:
    """Return the ``q`` quantile (0..1) of ``samples`` by linear interpolation.

    Examples
    --------
    >>> percentile([1, 2, 3, 4], 0.5)
    2.5
    """
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def stats(samples_s: list[float]) -> dict:
    """Return ``{"median_ms", "p95_ms", "n"}`` of durations given in seconds."""
    if not samples_s:
        return {"median_ms": None, "p95_ms": None, "n": 0}
    return {"median_ms": round(percentile(samples_s, 0.5) * 1000, 3),
            "p95_ms": round(percentile(samples_s, 0.95) * 1000, 3), "n": len(samples_s)}


def machine_speed_ms() -> dict[str, int]:
    """Return how long this machine takes for two fixed pieces of Python work, in ms.

    ``loop`` is an empty loop of ten million rounds: the processor alone. ``memory`` fills a
    dictionary with a million numbers and sorts them: it also waits for memory, as the store and
    the app do. The shared machines differ in both, and not alike: on 2 December 2026 the loop
    took 130-205 ms and the memory work 1.2-1.5 s, while every query of the benchmark took about
    twice as long as on the machine of the day before.

    Returns
    -------
    dict
        ``{"loop": ms, "memory": ms}``.

    Examples
    --------
    >>> sorted(machine_speed_ms())
    ['loop', 'memory']
    """
    started = time.perf_counter()
    for _ in range(10_000_000):
        pass
    loop = time.perf_counter() - started
    numbers = [(index * 7919) % 1_000_003 / 1_000_003 for index in range(1_000_000)]
    started = time.perf_counter()
    table = {number: str(number) for number in numbers}
    sorted(table)
    memory = time.perf_counter() - started
    return {"loop": round(loop * 1000), "memory": round(memory * 1000)}


def repeat(fn: Callable[[], object], warmup: int = 1, times: int = 10,
           budget_s: float = 5.0) -> tuple[list[float], object]:
    """Call ``fn`` ``warmup`` times untimed, then up to ``times`` times timed.

    Timed runs stop early once ``budget_s`` seconds are spent (at least one always runs), so a
    slow query gets n=1 rather than a benchmark that never ends.

    Returns
    -------
    tuple of (list of float, object)
        The durations in seconds and the last result.
    """
    result = None
    for _ in range(warmup):
        started = time.perf_counter()
        result = fn()
        if time.perf_counter() - started > budget_s:
            return [time.perf_counter() - started], result
    samples: list[float] = []
    spent = 0.0
    while len(samples) < times and (not samples or spent < budget_s):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
        spent += samples[-1]
    return samples, result


def query_form(sparql: str) -> str:
    """Return SELECT, CONSTRUCT, DESCRIBE or ASK: the form of a query (comments and IRIs skipped)."""
    text = re.sub(r"#[^\n]*|<[^>\s]*>", " ", sparql)
    match = _FORM.search(text)
    return match.group(1).upper() if match else "SELECT"


def _normal(value: str) -> str:
    """Make equal results of two engines compare equal: numbers in one form, lists sorted.

    GROUP_CONCAT has no defined order and engines write doubles differently (``0.5``, ``5.0E-1``).
    """
    try:
        number = float(value)
        return repr(round(number, 9)) if math.isfinite(number) else value
    except ValueError:
        return " ".join(sorted(_SPLIT.split(value)))


def digest(rows) -> str:
    """Return the md5 of a query result, independent of row order and engine quirks.

    Parameters
    ----------
    rows : list of dict, list of str or bool
        SELECT rows (variable -> lexical value), N-Triples lines, or an ASK answer.

    Examples
    --------
    >>> digest([{"a": "1"}, {"a": "2"}]) == digest([{"a": "2.0"}, {"a": "1"}])
    True
    """
    if isinstance(rows, bool):
        items = [str(rows)]
    else:
        items = sorted(
            # An empty GROUP_CONCAT is "" in rdflib and unbound in Oxigraph: count both as absent.
            "\t".join(f"{k}={_normal(v)}" for k, v in sorted(row.items()) if v != "") if isinstance(row, dict)
            else _BNODE.sub("_:b", row)
            for row in rows
        )
    return hashlib.md5("\n".join(items).encode("utf-8")).hexdigest()


def geometric_mean(ratios: list[float]) -> float | None:
    """Return the geometric mean of positive ratios (None for none)."""
    ratios = [r for r in ratios if r and r > 0]
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else None
