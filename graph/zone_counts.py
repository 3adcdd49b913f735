"""The counts per first-line zone behind the overview map of Flanders, kept up to date per zone.

The overview (:func:`graph.map_data.zone_overview`) needs, for each zone, how many
organisations lie in it, how many practices they initiate, and how many links they have with the
organisations of every zone. Counted over the whole graph at once (``map_zone_sizes.rq`` and
``map_zone_links.rq``) that takes a third of a second at 10,000 organisations, and every import
made it count again. An import declares the zones it can change (graph/imports/reach.py): the
zones of what it changes and of the organisations linked to that, so both ends of every link it
adds, removes or moves. After such an import only those zones are counted again, zone by zone
and side by side (``zone_links_from.rq``), on top of the counts of the state before; after a
write that declared nothing, or that touched many zones, everything is counted at once again.

A link between two organisations that share a zone counts within that zone only, also when one
of them lies in several zones (an organisation in the city of Antwerp lies in all four Antwerp
zones): counted between every zone of one end and every zone of the other, a link between two
organisations in Antwerp showed as a line between each pair of Antwerp zones, and the strongest
lines of the overview were such artefacts (:func:`linked_zones`).

The counts are kept here rather than in graph/cache.py: the cache hands out answers of the
current state only, while a recount starts from the counts of the state before it.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.lookup import iri_column, list_zones
from graph.queries import prepared
from graph.side_by_side import side_by_side
from graph.store import Store

# Above this many touched zones, counting every zone at once is faster than one by one.
RECOUNT_AT_MOST = 8


@dataclass
class ZoneCounts:
    """What the overview shows of one zone: its organisations, the practices they initiate, and
    ``links[other zone, relation]``, the links from its organisations to those of ``other zone``
    (``refersTo``, ``collaborates``, ``co-initiates``; each pair of co-initiators counted from this
    end), as in ``map_zone_links.rq``; a link whose ends share a zone counts within it only
    (:func:`linked_zones`)."""

    organisations: int = 0
    practices: int = 0
    links: Counter = field(default_factory=Counter)


@dataclass
class _Kept:
    state: Hashable
    counts: dict[str, ZoneCounts]
    members: dict[str, frozenset[str]] | None  # the organisations of each zone, once read


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def zone_counts(store: Store) -> dict[str, ZoneCounts]:
    """Return the counts of every first-line zone that has organisations, by zone IRI.

    The answer is shared by every caller: read it, do not change it.

    Parameters
    ----------
    store : Store

    Returns
    -------
    dict of str to ZoneCounts

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> antwerpen = zone_counts(store)["https://w3id.org/overhoop/id/eerstelijnszone/antwerpen-centrum"]
    >>> antwerpen.organisations > 0
    True
    """
    state = store.cache_token()
    with _lock:
        previous = _kept.get(store)
    if previous is not None and previous.state == state:
        return previous.counts
    touched = store.parts_written_since(previous.state) if previous is not None else None
    zones = {zone["iri"] for zone in list_zones(store)}
    if touched is None or len(touched & zones) > RECOUNT_AT_MOST:
        kept = _Kept(state, count_all(store), None)
    else:
        kept = _recount(store, previous, sorted(touched & zones), state)
    with _lock:
        _kept[store] = kept
    return kept.counts


def count_all(store: Store) -> dict[str, ZoneCounts]:
    """Count every zone at once, over the whole graph (``map_zone_sizes.rq``, ``map_zone_links.rq``).

    The links between organisations that share a zone while one of them lies in several are then
    counted again within the zones they share (``actors_in_several_zones.rq``, :func:`linked_zones`).

    Parameters
    ----------
    store : Store

    Returns
    -------
    dict of str to ZoneCounts
        As :func:`zone_counts`, computed afresh.
    """
    # Side by side: the correction (at 100,000 organisations 2.8 s, a tenth of it at 10,000) takes
    # about as long as the whole-graph counts.
    counts, corrections = side_by_side(lambda count: count(store), (_count_every_pair_of_zones, _shared_zone_corrections))
    for zone, correction in corrections.items():
        counts[zone].links.update(correction)
        counts[zone].links = +counts[zone].links
    return counts


def _count_every_pair_of_zones(store: Store) -> dict[str, ZoneCounts]:
    """The counts of every zone, a link counted between every zone of one end and every zone of the other."""
    counts: dict[str, ZoneCounts] = {}
    # Side by side: at 100,000 organisations 2.7-3.0 -> 1.8-2.1 s, at 10,000 0.32-0.36 -> 0.23-0.24 s.
    sizes, links = side_by_side(lambda name: store.select(prepared(name)), ("map_zone_sizes", "map_zone_links"))
    for row in sizes:
        counts[row["zone"]] = ZoneCounts(int(row["organisations"]), int(row["practices"]))
    for row in links:
        counts.setdefault(row["from"], ZoneCounts()).links[row["to"], row["relation"]] += int(row["links"])
    return counts


def linked_zones(source_zones: Iterable[str], target_zones: Iterable[str]) -> list[tuple[str, str]]:
    """Return the pairs of zones (from, to) that one link between two organisations counts for.

    Within each zone the two ends share; between every zone of the one end and every zone of the
    other if they share none.

    Parameters
    ----------
    source_zones, target_zones : iterable of str
        The zones of each end of the link.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> antwerp = ["centrum", "noord", "oost", "zuid"]
    >>> linked_zones(antwerp, antwerp)
    [('centrum', 'centrum'), ('noord', 'noord'), ('oost', 'oost'), ('zuid', 'zuid')]
    >>> linked_zones(["oost"], antwerp)
    [('oost', 'oost')]
    >>> linked_zones(["gent"], ["noord", "zuid"])
    [('gent', 'noord'), ('gent', 'zuid')]
    """
    target_zones = list(target_zones)
    shared = sorted(set(source_zones) & set(target_zones))
    if shared:
        return [(zone, zone) for zone in shared]
    return [(zone, other) for zone in source_zones for other in target_zones]


def _shared_zone_corrections(store: Store) -> dict[str, Counter]:
    """What :func:`linked_zones` changes in the counts of :func:`_count_every_pair_of_zones`, per zone.

    Only links between the organisations of zones that share an organisation can share a zone
    while one end lies in several, so only theirs are read.
    """
    several = {row["actor"]: row["zones"].split() for row in store.select(prepared("actors_in_several_zones"))}
    split = sorted({zone for zones in several.values() for zone in zones})
    zones_of = _zones_of_actors(zip(split, side_by_side(lambda zone: _zone_actors(store, zone), split)))
    corrections: dict[str, Counter] = {}
    if not zones_of:
        return corrections
    for row in store.select(prepared("zone_links_from", source=[URIRef(actor) for actor in sorted(zones_of)])):
        if row["relation"] == "initiates":
            continue
        source_zones, target_zones = zones_of[row["source"]], zones_of.get(row["target"], ())
        if not set(source_zones) & set(target_zones):
            continue
        for zone in source_zones:
            for other in target_zones:
                corrections.setdefault(zone, Counter())[other, row["relation"]] -= 1
        for zone, other in linked_zones(source_zones, target_zones):
            corrections.setdefault(zone, Counter())[other, row["relation"]] += 1
    return corrections


def _recount(store: Store, previous: _Kept, touched: list[str], state: Hashable) -> _Kept:
    """The counts of ``previous`` with the ``touched`` zones counted again, zone by zone."""
    members = dict(previous.members) if previous.members is not None else _members(store)
    members.update(zip(touched, side_by_side(lambda zone: _zone_actors(store, zone), touched)))
    zones_of = _zones_of_actors(members.items())
    counts = dict(previous.counts)
    recounted = side_by_side(lambda zone: _count_zone(store, zone, sorted(members[zone]), zones_of), touched)
    for zone, found in zip(touched, recounted):
        if found.organisations:
            counts[zone] = found
        else:
            counts.pop(zone, None)
    return _Kept(state, counts, members)


def _members(store: Store) -> dict[str, frozenset[str]]:
    # Zone by zone, side by side: at 100,000 organisations 1.7-1.9 s, where one query for every
    # zone, read as JSON, took 3.2-3.5 s (at 10,000: 0.12-0.14 s, was 0.25-0.27 s).
    zones = [zone["iri"] for zone in list_zones(store)]
    found = side_by_side(lambda zone: _zone_actors(store, zone), zones)
    return {zone: actors for zone, actors in zip(zones, found) if actors}


def _zones_of_actors(members: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """The zones of each organisation, from the organisations of each zone."""
    zones_of: dict[str, list[str]] = {}
    for zone, actors in members:
        for actor in actors:
            zones_of.setdefault(actor, []).append(zone)
    return zones_of


def _zone_actors(store: Store, zone: str) -> frozenset[str]:
    # The second column: ?zone comes first.
    return frozenset(iri_column(store, prepared("zone_actors", zone=URIRef(zone)), column=1))


def _count_zone(store: Store, zone: str, actors: list[str], zones_of: dict[str, list[str]]) -> ZoneCounts:
    found = ZoneCounts(len(actors))
    if not actors:
        return found
    practices = set()
    for row in store.select(prepared("zone_links_from", source=[URIRef(actor) for actor in actors])):
        if row["relation"] == "initiates":
            practices.add(row["practice"])
            continue
        for start, other in linked_zones(zones_of[row["source"]], zones_of.get(row["target"], ())):
            if start == zone:
                found.links[other, row["relation"]] += 1
    found.practices = len(practices)
    return found
