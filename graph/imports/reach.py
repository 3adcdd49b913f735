"""Which first-line zones a contribution can change, so that answers about the others are kept.

An import in Gent changes Gent's page, map, lists and networks, and those of the zones its new
links reach; Antwerpen's stay as they were. :func:`zones_declared` wraps the write of an import
or a withdrawal and tells the store (``Store.zones_to_declare``) which zones it could change,
before readers see the write; graph/cache.py then keeps the answers about every other zone. Who
shows a changed resource is read in ``resources_near.rq`` (the resource, its neighbours, a
practice's initiators), and where those lie in ``zones_of.rq``. A change that every zone shows
(a Flanders-wide practice, an untied initiator of practices, a concept, a place:
``changes_every_zone.rq``) or that cannot be placed (a blank node) declares nothing, so every
answer is computed again, as before.
"""

from __future__ import annotations

from contextlib import contextmanager

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.lookup import iri_column
from graph.queries import prepared
from graph.store import Store


def zones_reached(store: Store, changed: Graph) -> frozenset[str] | None:
    """Return the IRIs of the zones whose answers ``changed`` can alter, or ``None`` for all.

    Read in a state of the store that holds ``changed`` (after an import's write, before a
    withdrawal's), so that the resources, their places and their neighbours are all there.

    Parameters
    ----------
    store : Store
    changed : rdflib.Graph
        The triples added or removed.

    Returns
    -------
    frozenset of str or None
        The zones, or ``None`` when the change can alter what every zone shows.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> from graph.namespaces import DCTERMS, ORG, RDF, SKOS
    >>> store = open_store("memory"); _ = build(store)
    >>> new = URIRef("https://w3id.org/overhoop/id/organisatie/fictief-huis")
    >>> changed = Graph()
    >>> for fact in ((new, RDF.type, ORG.Organization),
    ...              (new, DCTERMS.spatial, URIRef("https://data.vlaanderen.be/id/gemeente/44021"))):
    ...     _ = changed.add(fact)
    >>> _ = store.update(f"INSERT DATA {{ GRAPH <https://example.org/g> {{ {changed.serialize(format='nt')} }} }}")
    >>> sorted(zone.rsplit("/", 1)[-1] for zone in zones_reached(store, changed))
    ['gent']
    """
    subjects = set(changed.subjects())
    objects = set(_objects(changed))
    if any(not isinstance(resource, URIRef) for resource in subjects | objects):
        return None
    if not subjects:
        return frozenset()
    if _changes_every_zone(store, subjects):
        return None
    linked = sorted(objects - subjects) or sorted(subjects)
    near = iri_column(store, prepared("resources_near", changed=sorted(subjects), linked=linked))
    if not near:
        return frozenset()
    return frozenset(iri_column(store, prepared("zones_of", resource=[URIRef(iri) for iri in near])))


def _objects(changed: Graph):
    # The resources a change links to; literals and the classes of rdf:type say nothing of place.
    return (o for _s, p, o in changed if p != RDF.type and not isinstance(o, Literal))


def _changes_every_zone(store: Store, subjects) -> bool:
    iris = sorted(s for s in subjects if isinstance(s, URIRef))
    return bool(iris) and store.ask(prepared("changes_every_zone", changed=iris))


@contextmanager
def zones_declared(store: Store, changed: Graph, present_before: bool):
    """Write inside this block; readers see the write with the zones it can change.

    Wraps the write(s) of one import or withdrawal, under the write lock (nobody else writes
    meanwhile), in :meth:`graph.store.Store.zones_to_declare`. The zones are read where
    ``changed`` is in the store (before the write for a withdrawal, ``present_before=True``;
    after it for an import); whether every zone is reached is asked on the other side too,
    since a practice can stop or start being Flanders-wide.

    Parameters
    ----------
    store : Store
    changed : rdflib.Graph
        The triples written or removed.
    present_before : bool
        True when ``changed`` is in the store before the write (a withdrawal).
    """
    subjects = set(changed.subjects())
    with store.zones_to_declare() as declare:
        if present_before:
            zones = zones_reached(store, changed)
        else:
            everywhere_before = _changes_every_zone(store, subjects)
        yield
        if present_before:
            everywhere = zones is None or _changes_every_zone(store, subjects)
        else:
            zones = zones_reached(store, changed)
            everywhere = zones is None or everywhere_before
        if not everywhere:
            declare(zones)
