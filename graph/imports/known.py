"""What the graph already knows that an import needs: code lists, municipalities and zones,
organisations, practices, referral links and earlier contributions.

An import asks the store only what its rows need, so that a one-row import costs about the same
in a graph of ten thousand organisations as in one of a hundred:

- organisations, practices and links are asked for by IRI (batched with ``VALUES``, see
  :meth:`Known.prefetch`) and links by their two ends (:meth:`Known.links_between`);
- the code lists and municipalities (:class:`Reference`, a few hundred rows whatever the size of
  the graph) and, for matching by name, the :class:`NameIndex` of every organisation and practice
  are read once per store and kept while nothing is written; each import and withdrawal keeps
  them up to date itself, reading again only the few organisations it touched
  (:func:`kept_up_to_date`). The name index is read only when a row needs it: a name in a cell,
  a possible doubtful match, a KBO number.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections import defaultdict
from collections.abc import Hashable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.imports.matching import name_key, normalise_kbo
from graph.namespaces import ADMS, slugify
from graph.queries import prepared, term
from graph.store import RemoteStore, Store
from graph.textnorm import fold, search_key

# IRIs per VALUES block: keeps one query text small whatever the size of the file.
BATCH = 500
# The facts an organisation's row of ``import_organisations`` is made of, and a practice's.
_ORGANISATION_FACTS = {RDF.type, SKOS.prefLabel, ADMS.identifier, DCTERMS.spatial}
_IDENTIFIER_FACTS = {ADMS.schemaAgency, SKOS.notation}
_PRACTICE_FACTS = {RDF.type, SKOS.prefLabel}


@dataclass
class Municipality:
    """A municipality as an import sees it: its IRI, NIS code, name and zones."""

    iri: str
    nis: str
    name: str
    zones: dict[str, str] = field(default_factory=dict)


@dataclass
class KnownOrganisation:
    """An organisation already in the graph."""

    iri: str
    name: str
    kbo: set[str] = field(default_factory=set)
    nis: set[str] = field(default_factory=set)


class NameIndex:
    """Every organisation and practice of the graph by the form of its name that matching
    compares (:func:`~graph.imports.matching.name_key`), and organisations by KBO number.

    Parameters
    ----------
    organisations : dict
        IRI -> :class:`KnownOrganisation`, in the order the store gave them.
    practices : dict
        IRI -> name.
    """

    def __init__(self, organisations: dict[str, KnownOrganisation], practices: dict[str, str]):
        self.organisations = organisations
        self.practices = practices
        self._org_key = {iri: name_key(org.name) for iri, org in organisations.items()}
        self._practice_key = {iri: name_key(name) for iri, name in practices.items()}
        self.by_key = _grouped(self._org_key)
        self.practice_keys = _grouped(self._practice_key)
        self.by_kbo = _by_kbo(organisations)

    def updated(self, organisations: dict[str, KnownOrganisation], checked: set[str],
                practices: dict[str, str], checked_practices: set[str]) -> "NameIndex":
        """Return a copy in which the ``checked`` IRIs are as the store says now.

        Parameters
        ----------
        organisations, practices : dict
            What the store holds now for the checked IRIs (an IRI that is no organisation or
            practice any more is absent).
        checked, checked_practices : set of str
            The IRIs that were asked for.
        """
        new = copy.copy(self)
        new.organisations, new._org_key = dict(self.organisations), dict(self._org_key)
        new.by_key = _regrouped(self.by_key, new._org_key, checked, {
            iri: name_key(org.name) for iri, org in organisations.items()})
        for iri in checked:
            if iri in organisations:
                new.organisations[iri] = organisations[iri]
            else:
                new.organisations.pop(iri, None)
        new.by_kbo = _by_kbo(new.organisations)
        new.practices, new._practice_key = dict(self.practices), dict(self._practice_key)
        new.practice_keys = _regrouped(self.practice_keys, new._practice_key, checked_practices, {
            iri: name_key(name) for iri, name in practices.items()})
        for iri in checked_practices:
            if iri in practices:
                new.practices[iri] = practices[iri]
            else:
                new.practices.pop(iri, None)
        return new


def _grouped(keys: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for iri, key in keys.items():
        grouped.setdefault(key, []).append(iri)
    return grouped


def _regrouped(grouped: dict[str, list[str]], keys: dict[str, str], checked: set[str],
               now: dict[str, str]) -> dict[str, list[str]]:
    """Move the checked IRIs to their key of ``now`` (``keys`` is updated in place)."""
    grouped = dict(grouped)
    for iri in checked:
        old, new = keys.pop(iri, None), now.get(iri)
        if new is not None:
            keys[iri] = new
        if old == new:
            continue
        if old is not None:
            remaining = [other for other in grouped[old] if other != iri]
            if remaining:
                grouped[old] = remaining
            else:
                del grouped[old]
        if new is not None:
            grouped[new] = grouped.get(new, []) + [iri]
    return grouped


def _by_kbo(organisations: dict[str, KnownOrganisation]) -> dict[str, str]:
    found: dict[str, str] = {}
    for org in organisations.values():
        for kbo in org.kbo:
            normal = normalise_kbo(kbo)
            if normal:
                found[normal] = org.iri
    return found


@dataclass(frozen=True)
class Reference:
    """The code lists and municipalities an import looks cells up in, and the concept schemes
    its SHACL check needs."""

    concepts: dict[str, dict[str, str]]
    concept_labels: dict[str, dict[str, str]]
    municipalities: dict[str, Municipality]
    municipality_names: dict[str, str]
    concept_schemes: Graph


def read_reference(store: Store) -> Reference:
    """Read the code lists, municipalities and concept schemes of ``store`` (no cache)."""
    concepts: dict[str, dict[str, str]] = defaultdict(dict)
    concept_labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.select(prepared("import_concepts")):
        scheme = row["scheme"].rsplit("/", 1)[-1]
        iri = row["concept"]
        concepts[scheme][iri.rsplit("/", 1)[-1]] = iri
        if "label" in row:
            concepts[scheme].setdefault(fold(row["label"]), iri)
            # "Baby's en peuters (0-3 jaar)" may be written without its explanation in brackets
            concepts[scheme].setdefault(fold(row["label"].split(" (")[0]), iri)
            if row.get("preferred") == "true":
                concept_labels[scheme].setdefault(iri, row["label"])
    municipalities: dict[str, Municipality] = {}
    names: dict[str, str] = {}
    for row in store.select(prepared("import_municipalities")):
        current = municipalities.setdefault(
            row["currentNis"], Municipality(row["current"], row["currentNis"], row["currentName"]))
        if "zone" in row:
            current.zones[row["zone"]] = row["zoneName"]
        names.setdefault(search_key(row["name"]), row["currentNis"])
        names.setdefault(row["nis"], row["currentNis"])
    return Reference(dict(concepts), dict(concept_labels), municipalities, names,
                     store.construct(prepared("import_concept_schemes")))


class Known:
    """Everything an import looks things up in.

    The code lists and municipalities are attributes; organisations, practices and links are
    asked for through the methods, which remember the answers for the rest of the preview.
    """

    def __init__(self, store: Store, reference: Reference):
        self.store = store
        self.concepts = reference.concepts
        self.concept_labels = reference.concept_labels
        self.municipalities = reference.municipalities
        self.municipality_names = reference.municipality_names
        self.concept_schemes = reference.concept_schemes
        self._organisations: dict[str, KnownOrganisation] = {}
        self._practices: dict[str, str] = {}
        self._referrals: set[str] = set()
        self._asked: set[str] = set()
        self._names: NameIndex | None = None

    def concept(self, scheme: str, text: str) -> str | None:
        """Return the IRI of the concept of ``scheme`` named by ``text`` (slug, label or code)."""
        lookup = self.concepts.get(scheme, {})
        return lookup.get(fold(text)) or lookup.get(slugify(text))

    def concept_choices(self, scheme: str) -> list[str]:
        """Return the slugs of a scheme, to tell a user what may be written."""
        return sorted(iri.rsplit("/", 1)[-1] for iri in self.concept_labels.get(scheme, {}))

    def prefetch(self, iris: Iterable) -> None:
        """Ask the store in a few queries which of ``iris`` are organisations, practices or links.

        Only a shortcut: :meth:`organisation`, :meth:`practice` and :meth:`is_subject` ask for
        an IRI themselves when it was not fetched before.
        """
        wanted = sorted({str(iri) for iri in iris} - self._asked)
        self._asked.update(wanted)
        refs = [URIRef(iri) for iri in wanted if _usable_iri(iri)]
        for start in range(0, len(refs), BATCH):
            batch = refs[start:start + BATCH]
            self._organisations.update(_read_organisations(self.store, batch))
            self._practices.update(_read_practices(self.store, batch))
            self._referrals.update(row["referral"] for row in self.store.select(
                prepared("import_referrals", referral=batch)))

    def organisation(self, iri: str) -> KnownOrganisation | None:
        """Return the organisation with IRI ``iri`` (with a Dutch name), or ``None``."""
        self.prefetch([iri])
        return self._organisations.get(str(iri))

    def practice(self, iri: str) -> str | None:
        """Return the name of the practice with IRI ``iri``, or ``None``."""
        self.prefetch([iri])
        return self._practices.get(str(iri))

    def is_subject(self, iri: str) -> bool:
        """Whether ``iri`` names an organisation, a practice or a link already."""
        self.prefetch([iri])
        return str(iri) in self._organisations or str(iri) in self._practices \
            or str(iri) in self._referrals

    @property
    def names(self) -> NameIndex:
        """Every organisation and practice by name: read (or taken from the cache) on first use."""
        if self._names is None:
            self._names = name_index(self.store)
        return self._names

    def links_between(self, ends: Iterable) -> dict[str, dict]:
        """Return the links of the graph whose two ends are both among ``ends``.

        Returns
        -------
        dict
            Link IRI -> ``{"from", "to", "kind", "agents"}`` (``kind`` may be ``None``).
        """
        refs = sorted({URIRef(str(end)) for end in ends if _usable_iri(str(end))})
        links: dict[str, dict] = {}
        for start in range(0, len(refs), BATCH):
            for row in self.store.select(prepared(
                    "import_referrals", source=refs[start:start + BATCH], target=refs)):
                link = links.setdefault(row["referral"], {
                    "from": row["source"], "to": row["target"], "kind": row.get("kind"),
                    "agents": set()})
                if "agent" in row:
                    link["agents"].add(row["agent"])
        return links


def _usable_iri(text: str) -> bool:
    """Whether ``text`` can be asked for in SPARQL (an IRI the store could hold)."""
    try:
        term(URIRef(text))
    except ValueError:
        return False
    return True


def scheme_iri(scheme: str) -> str:
    """Return the IRI of a concept scheme from its short name (``doelgroep``)."""
    return f"https://w3id.org/overhoop/id/conceptscheme/{scheme}"


def load_known(store: Store) -> Known:
    """Take the code lists and municipalities of ``store`` (read, or from the cache while
    nothing was written); the rest is asked for later.

    Returns
    -------
    Known
    """
    return Known(store, _cached(store, "reference", read_reference))


def _read_organisations(store: Store, iris: list[URIRef] | None = None) -> dict[str, KnownOrganisation]:
    organisations: dict[str, KnownOrganisation] = {}
    for row in store.select(prepared("import_organisations", org=iris)):
        org = organisations.setdefault(row["org"], KnownOrganisation(row["org"], row["name"]))
        if "kbo" in row:
            org.kbo.add(row["kbo"])
        if "nis" in row:
            org.nis.add(row["nis"])
    return organisations


def _read_practices(store: Store, iris: list[URIRef] | None = None) -> dict[str, str]:
    return {row["practice"]: row["name"]
            for row in store.select(prepared("import_practices", practice=iris))}


# What imports read of each store, by kind ("reference", "names"), with the store's cache token
# at the moment it was read.
_caches: "weakref.WeakKeyDictionary[Store, dict[str, tuple[Hashable, object]]]" = \
    weakref.WeakKeyDictionary()
_caches_guard = threading.Lock()


def _cached(store: Store, kind: str, read):
    """Return ``read(store)``, from the cache while the store's cache token is unchanged.

    A remote store may be written by others without this process knowing, so for it everything
    is read afresh each time.
    """
    token = store.cache_token()
    with _caches_guard:
        cached = _caches.get(store, {}).get(kind)
    if cached is not None and cached[0] == token:
        return cached[1]
    value = read(store)
    if not isinstance(store, RemoteStore):
        with _caches_guard:
            _caches.setdefault(store, {})[kind] = (token, value)
    return value


def read_names(store: Store) -> NameIndex:
    """Read the names of every organisation and practice of ``store`` (no cache)."""
    return NameIndex(_read_organisations(store), _read_practices(store))


def name_index(store: Store) -> NameIndex:
    """Return the name index of ``store``: from the cache while nothing was written, else read."""
    return _cached(store, "names", read_names)


@contextmanager
def kept_up_to_date(store: Store, changed: Graph):
    """Keep what imports read of ``store`` valid across one write of ``changed`` by this process.

    Wraps the write of an import (``changed``: the triples added) or a withdrawal (the triples
    removed), under the write lock. Afterwards the name index is brought up to date by reading
    again only the organisations and practices the triples are about (their own facts, and the
    organisations whose KBO identifier node they describe); the code lists and municipalities
    are kept when the triples are about none of them, before or after the write. What was not
    the store's just before the write, or what the write may have changed otherwise, is dropped
    and read again on next use.

    Parameters
    ----------
    store : Store
    changed : rdflib.Graph
        The triples written or removed.
    """
    before = store.cache_token()
    with _caches_guard:
        kept = {kind: value for kind, (token, value) in _caches.get(store, {}).items()
                if token == before}
    # A withdrawal can only be seen to touch a concept before, an import only after the write.
    touched_before = "reference" in kept and _touches_reference(store, changed)
    yield
    if "reference" in kept and (touched_before or _touches_reference(store, changed)):
        del kept["reference"]
    if "names" in kept:
        kept["names"] = _names_after(store, kept["names"], changed)
    after = store.cache_token()
    with _caches_guard:
        # A preview may have read afresh meanwhile: its entries are as good as these.
        entries = {kind: entry for kind, entry in _caches.get(store, {}).items() if entry[0] == after}
        _caches[store] = {kind: (after, value) for kind, value in kept.items()} | entries


def _touches_reference(store: Store, triples: Graph) -> bool:
    """Whether ``triples`` say something about a concept, a municipality, its successor or a
    zone (or about a blank node, which could be any of them)."""
    subjects = set(triples.subjects())
    if any(not isinstance(s, URIRef) for s in subjects):
        return True
    iris = sorted(URIRef(str(s)) for s in subjects if _usable_iri(str(s)))
    return any(store.ask(prepared("import_reference_subjects", resource=iris[start:start + BATCH]))
               for start in range(0, len(iris), BATCH))


def _names_after(store: Store, names: NameIndex, changed: Graph) -> NameIndex:
    organisations = _subjects(changed, _ORGANISATION_FACTS)
    nodes = sorted(URIRef(iri) for iri in _subjects(changed, _IDENTIFIER_FACTS))
    for start in range(0, len(nodes), BATCH):
        organisations.update(row["org"] for row in store.select(
            prepared("import_identifier_owners", identifier=nodes[start:start + BATCH])))
    practices = _subjects(changed, _PRACTICE_FACTS)
    organisations_now: dict[str, KnownOrganisation] = {}
    practices_now: dict[str, str] = {}
    checked = sorted(URIRef(iri) for iri in organisations)
    for start in range(0, len(checked), BATCH):
        organisations_now.update(_read_organisations(store, checked[start:start + BATCH]))
    checked = sorted(URIRef(iri) for iri in practices)
    for start in range(0, len(checked), BATCH):
        practices_now.update(_read_practices(store, checked[start:start + BATCH]))
    return names.updated(organisations_now, organisations, practices_now, practices)


def _subjects(triples: Graph, predicates: set[URIRef]) -> set[str]:
    """The IRIs that ``triples`` state one of ``predicates`` about."""
    return {str(s) for s, p, _o in triples
            if isinstance(s, URIRef) and p in predicates and _usable_iri(str(s))}
