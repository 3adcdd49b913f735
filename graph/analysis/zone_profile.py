"""A zone beside the others: its coverage of doelgroepen x bouwstenen against the median zone.

The coverage itself is :func:`graph.coverage.coverage_matrix` (the gap matrix of the zone
page); this module computes it for every zone once and compares one zone with the median.
"""

from __future__ import annotations

from statistics import median

from graph.cache import per_state
from graph.coverage import coverage_matrix
from graph.queries import load_query
from graph.side_by_side import side_by_side
from graph.store import Store


def zone_coverages(store: Store) -> dict:
    """Return the coverage matrix of every first-line zone.

    Parameters
    ----------
    store : Store

    Returns
    -------
    dict
        zone IRI -> the result of :func:`graph.coverage.coverage_matrix`, zones in name order.
    """
    zones = [row["zone"] for row in store.select(load_query("zones"))]
    # Sixty zones cold at 100,000 organisations: 8.0 s one after another, 4.8 s on 2 cores.
    return dict(zip(zones, side_by_side(lambda zone: coverage_matrix(store, zone), zones)))


def _figures(matrix: dict) -> dict:
    cells = matrix["cells"]
    covered = sum(1 for cell in cells if cell["count"])
    return {"practices": matrix["practices"], "covered_cells": covered, "cells": len(cells),
            "coverage": covered / len(cells) if cells else 0.0}


@per_state()
def median_zone(store: Store) -> dict:
    """Return the median zone: each figure and each cell's count, the median over all zones.

    Kept until the next write as one small answer, so that a zone's profile needs its own
    coverage matrix and this, not every zone's matrix again.

    Parameters
    ----------
    store : Store
        The graph; the answer holds until its next write.

    Returns
    -------
    dict
        ``figures`` (``practices``, ``covered_cells``, ``cells``, ``coverage``, each the median
        over all zones) and ``cells``: (doelgroep IRI, bouwsteen IRI) -> the median count.
    """
    return _medians(zone_coverages(store))


def _medians(coverages: dict) -> dict:
    others = list(coverages.values())
    figures = {name: median(_figures(m)[name] for m in others)
               for name in ("practices", "covered_cells", "cells", "coverage")}
    counts: dict[tuple[str, str], list[int]] = {}
    for m in others:
        for cell in m["cells"]:
            counts.setdefault((cell["doelgroep"], cell["bouwsteen"]), []).append(cell["count"])
    return {"figures": figures, "cells": {pair: median(values) for pair, values in counts.items()}}


def zone_profile(store: Store, zone_iri: str, coverages: dict | None = None) -> dict:
    """Compare one zone's coverage with the median zone.

    Parameters
    ----------
    store : Store
    zone_iri : str
        The zone's IRI (or id, e.g. ``amalo``).
    coverages : dict, optional
        The result of :func:`zone_coverages`, to reuse across zones; by default the median zone
        kept until the next write (:func:`median_zone`).

    Returns
    -------
    dict
        ``zone``, ``matrix`` (its coverage matrix), ``figures`` (``practices``, ``covered_cells``
        of ``cells``, ``coverage`` share), ``median`` (the same figures, each the median over all
        zones), ``cells`` (per doelgroep x bouwsteen: the zone's ``count`` and the ``median``
        count of all zones) and ``below_median`` (the cells where the zone has fewer practices
        than the median zone: the gaps that other zones have filled).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> profile = zone_profile(store, "amalo")
    >>> 0 <= profile["figures"]["coverage"] <= 1
    True
    """
    matrix = coverage_matrix(store, zone_iri)
    medians = _medians(coverages) if coverages is not None else median_zone(store)
    cells = [{"doelgroep": cell["doelgroep"], "bouwsteen": cell["bouwsteen"], "count": cell["count"],
              "median": medians["cells"].get((cell["doelgroep"], cell["bouwsteen"]), 0)}
             for cell in matrix["cells"]]
    return {"zone": matrix["zone"], "matrix": matrix, "figures": _figures(matrix), "median": medians["figures"],
            "cells": cells, "below_median": [c for c in cells if c["count"] < c["median"]]}
