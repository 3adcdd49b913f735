"""Rankings of the nodes of an analysis: who brokers most, who has most ties, who is most central."""

from __future__ import annotations

import heapq

# For these measures a low value marks the central node (Burt: little constraint = a broker).
LOW_IS_CENTRAL = frozenset({"constraint"})


def ranked(nodes: list[dict], measure: str, limit: int | None = 10, *, every_node: bool = False) -> list[dict]:
    """Rank the nodes of an analysis by one measure, most central first.

    Nodes without a value are left out, and so are nodes with zero on a measure where high is
    central (an organisation without ties has most of nothing). Ties go to the larger weighted
    degree, then to the name, so the same analysis always gives the same order.

    Parameters
    ----------
    nodes : list of dict
        ``NetworkAnalysis.nodes`` of :func:`graph.analysis.report.analyse`.
    measure : str
        A key of those dicts, such as ``betweenness``, ``degree``, ``pagerank``, ``constraint``
        (ranked upwards: see :data:`LOW_IS_CENTRAL`) or ``brokerage``.
    limit : int, optional
        How many rows at most; ``None`` for all.
    every_node : bool, optional
        Keep the nodes that would be left out, after the ranked ones (those without a value
        last), for a list of every node in the order of the ranking.

    Returns
    -------
    list of dict
        The node dicts themselves, in rank order.

    Examples
    --------
    >>> nodes = [{"label": "A", "iri": "a", "degree": 1, "weighted_degree": 1, "constraint": 1.0},
    ...          {"label": "B", "iri": "b", "degree": 2, "weighted_degree": 2, "constraint": 0.5},
    ...          {"label": "C", "iri": "c", "degree": 0, "weighted_degree": 0, "constraint": None}]
    >>> [row["label"] for row in ranked(nodes, "degree")], [row["label"] for row in ranked(nodes, "constraint")]
    (['B', 'A'], ['B', 'A'])
    >>> [row["label"] for row in ranked(nodes, "constraint", every_node=True)]
    ['B', 'A', 'C']
    """
    low = measure in LOW_IS_CENTRAL
    rows = [row for row in nodes
            if every_node or (row.get(measure) is not None and (low or row[measure] > 0))]

    def rank(row: dict) -> tuple:
        value = row.get(measure)
        return value is None, (value or 0) * (1 if low else -1)

    if limit is not None and 0 < limit < len(rows):
        # A top ten of thousands: only the rows up to the tenth value (ties included) need the
        # full order, whose names and IRIs are slow to compare.
        ranks = [rank(row) for row in rows]
        cut = heapq.nsmallest(limit, ranks)[-1]
        rows = [row for row, value in zip(rows, ranks) if value <= cut]
    rows.sort(key=lambda row: (*rank(row), -(row.get("weighted_degree") or 0), str(row.get("label") or ""),
                               str(row.get("iri") or "")))
    return rows if limit is None else rows[:limit]
