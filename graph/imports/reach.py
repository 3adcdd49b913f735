"""Which parts of the graph a contribution can change, so that answers about the others are kept.

An import in Gent changes Gent's page, map, lists and networks, and those of the zones its new
links reach; Antwerpen's stay as they were. :func:`parts_declared` wraps the write of an import
or a withdrawal and tells the store (``Store.parts_to_declare``) which parts it could change,
before readers see the write; graph/cache.py then keeps the answers about every other part.

A part is named by a string:

- a first-line zone's IRI. Who shows a changed resource is read in ``resources_near.rq`` (the
  resource, its neighbours, a practice's initiators), and where those lie in ``zones_of.rq``;
- the IRI of a wider place (a province, Flanders, Belgium) where such a resource lies, and
  :data:`UNPLACED` for an organisation that lies nowhere in particular
  (``places_beyond_zones.rq``): the partner finder suggests those to every zone of a province;
- a code list's IRI, when the counts per concept of that list can change
  (``code_lists_counted.rq``).

A change that every zone shows (a Flanders-wide practice, an untied initiator of practices, a
concept, a place: ``changes_every_zone.rq``) or that cannot be placed (a blank node) declares
nothing, so every answer is computed again, as before.
"""

from __future__ import annotations

from contextlib import contextmanager

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.lookup import iri_column
from graph.queries import prepared
from graph.store import Store

# The part of the graph made of the organisations that lie nowhere in particular.
UNPLACED = "overhoop:nergens"


def parts_reached(store: Store, changed: Graph) -> frozenset[str] | None:
    """Return the parts of the graph whose answers ``changed`` can alter, or ``None`` for all.

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
        The parts (see the module's text), or ``None`` when the change can alter what every
        zone shows.

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
    >>> sorted(part.rsplit("/", 1)[-1] for part in parts_reached(store, changed))
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
    near = [URIRef(iri) for iri in iri_column(store, prepared("resources_near", changed=sorted(subjects),
                                                                linked=linked))]
    lists = iri_column(store, prepared("code_lists_counted", changed=sorted(subjects | objects)))
    if not near:
        return frozenset(lists)
    zones = iri_column(store, prepared("zones_of", resource=near))
    wider = set()
    for row in store.select(prepared("places_beyond_zones", resource=near)):
        wider.add(UNPLACED if "unplaced" in row else row["place"])
    return frozenset(zones) | wider | frozenset(lists)


def _objects(changed: Graph):
    # The resources a change links to; literals and the classes of rdf:type say nothing of place.
    return (o for _s, p, o in changed if p != RDF.type and not isinstance(o, Literal))


def _changes_every_zone(store: Store, subjects) -> bool:
    iris = sorted(s for s in subjects if isinstance(s, URIRef))
    return bool(iris) and store.ask(prepared("changes_every_zone", changed=iris))


@contextmanager
def parts_declared(store: Store, changed: Graph):
    """Write inside this block; readers see the write with the parts of the graph it can change.

    Wraps the write(s) of one import or withdrawal, under the write lock (nobody else writes
    meanwhile), in :meth:`graph.store.Store.parts_to_declare`. The parts are read on both sides
    of the write, since a practice can start or stop being Flanders-wide and an organisation can
    gain or lose its place: what the change reaches before it and after it.

    Parameters
    ----------
    store : Store
    changed : rdflib.Graph
        The triples written or removed.
    """
    with store.parts_to_declare() as declare:
        before = parts_reached(store, changed)
        yield
        after = parts_reached(store, changed)
        if before is not None and after is not None:
            declare(before | after)
