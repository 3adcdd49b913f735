"""The coverage of a zone: which doelgroepen are served under which bouwsteen, and where the gaps are.

The "gap matrix" of the zone page: rows are the doelgroepen, columns the eight bouwstenen, each
cell counts the practices available in the zone (local ones and the Flanders-wide catalogue)
for that doelgroep under that bouwsteen. An empty cell is a gap a coordinator can act on.
A cell counts what its link to the search lists: a doelgroep includes its narrower doelgroepen.
The practices are those of the zone page (:func:`graph.lookup.zone_practices`): local ones are
initiated or offered locally (the import's sheet 'praktijken') by an organisation in the zone
(also in a municipality that merged into one of its own) or tied to the zone's province (for
Bruzel: the Brussels region), or offered in one of the zone's municipalities. So a provincial
practice such as Start West-Vlaanderen fills the cells of every zone of its province, and a
coordinator who imports that a Huis van het Kind of the zone offers a practice sees its cells
filled.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.cache import per_state
from graph.lookup import concepts, scheme_order, zone_info, zone_practices
from graph.lookup import zone_iri as lookup_zone_iri
from graph.queries import prepared
from graph.store import Store


@per_state(about=lambda zone_iri, *_args, **_kwargs: lookup_zone_iri(zone_iri))
def coverage_matrix(store: Store, zone_iri: str) -> dict:
    """Count the practices available in a zone per doelgroep and bouwsteen.

    Parameters
    ----------
    store : Store
        The graph.
    zone_iri : str
        The zone's IRI (or id, e.g. ``amalo``).

    Returns
    -------
    dict
        ``{"zone": IRI, "doelgroepen": [concept], "bouwstenen": [concept], "cells": [cell],
        "empty": [{"doelgroep", "bouwsteen"}], "practices": n}``. Concepts are dicts with
        ``iri``, ``id``, ``label``, ``label_en`` (doelgroepen also ``broader``); there is one cell
        per doelgroep x bouwsteen, in row order: ``{"doelgroep", "bouwsteen", "count", "local",
        "practices"}`` where ``count`` is the number of distinct practices, ``local`` how many of
        them are local to the zone rather than Flanders-wide (initiated or offered locally in the
        zone, or by an organisation tied to its province or region) and ``practices`` their IRIs.
        ``empty`` lists the cells with count 0. A practice counts for each doelgroep it names and for every broader
        one, as in :func:`graph.lookup.search_practices`, so a cell counts the practices that the
        search for its zone, doelgroep and bouwsteen finds.

    Raises
    ------
    graph.lookup.NotFound
        If there is no such zone.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> matrix = coverage_matrix(store, "https://w3id.org/overhoop/id/eerstelijnszone/amalo")
    >>> len(matrix["cells"]) == len(matrix["doelgroepen"]) * len(matrix["bouwstenen"])
    True
    """
    zone = zone_info(store, zone_iri)["iri"]
    scopes = zone_practices(store, zone)
    doelgroepen = _ordered(concepts(store, "doelgroep"))
    bouwstenen = [item for item in _ordered(concepts(store, "bouwsteen")) if item["broader"] is None]
    found: dict[tuple[str, str], set[str]] = {}
    if scopes:
        rows = store.select(prepared("practice_doelgroep_bouwsteen",
                                     practice=[URIRef(iri) for iri in sorted(scopes)]))
        for row in rows:
            found.setdefault((row["doelgroep"], row["bouwsteen"]), set()).add(row["practice"])
    cells, empty = [], []
    for doelgroep in doelgroepen:
        for bouwsteen in bouwstenen:
            practices = sorted(found.get((doelgroep["iri"], bouwsteen["iri"]), ()))
            cells.append({"doelgroep": doelgroep["iri"], "bouwsteen": bouwsteen["iri"],
                          "count": len(practices),
                          "local": sum(scopes[p] == "lokaal" for p in practices),
                          "practices": practices})
            if not practices:
                empty.append({"doelgroep": doelgroep["iri"], "bouwsteen": bouwsteen["iri"]})
    return {"zone": zone, "doelgroepen": [_ref(item) for item in doelgroepen],
            "bouwstenen": [_ref(item) for item in bouwstenen], "cells": cells, "empty": empty,
            "practices": len(scopes)}


def _ordered(items: dict[str, dict]) -> list[dict]:
    return scheme_order(list(items.values()))


def _ref(item: dict) -> dict:
    return {"iri": item["iri"], "id": item["id"], "label": item["label"], "label_en": item["label_en"],
            "broader": item["broader"]}
