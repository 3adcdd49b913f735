"""Write and withdraw contributions: each import is its own named graph (listed by
:mod:`graph.imports.contribution_list`).

A contribution ``g:bijdrage-{date}-{agent}-{hash}`` holds the triples of one import; its
provenance (who, when, which file, its SHA-256, how many triples) is written to the graph
``g:herkomst-bijdragen``, which ``overhoop build`` leaves alone. Both go to the store in ONE
update request, with the ``oh:refersTo`` links the contribution adds to ``g:afgeleid``, which
Oxigraph (embedded or served) runs as one transaction: a reader sees the graph before or after
an import, never half of it, and a crash (even SIGKILL) leaves the store before or after.
Withdrawing drops the graph, its provenance and the derived links only it carried, again in one
request, and leaves the store as it was before the import, graph by graph. Neither re-derives
the whole of ``g:afgeleid`` (see :mod:`graph.imports.derived`).

The updates are built here from N-Triples serialised by rdflib and IRIs checked by
:func:`graph.queries.term`; they are writes, not questions, so they have no ``.rq`` file.
"""

from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from datetime import datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD

from graph.build import DATASET, DERIVED_GRAPH, rebuild_derived
from graph.dates import LOCAL_ZONE
from graph.imports.contribution_list import (AND, Contribution, blocking_contributions, describe_contribution,
                                             list_contributions)
from graph.imports.derived import derived_additions, derived_removals
from graph.imports.known import kept_up_to_date
from graph.imports.reach import parts_declared
from graph.imports.plan import ImportPlan, agent_iri, preview_files
from graph.imports.problems import ImportBusy, ImportRefused, WithdrawalBlocked, listed
from graph.namespaces import concept, named_graph, slugify
from graph.queries import prepared, term
from graph.store import Store

PROVENANCE_GRAPH = named_graph("herkomst-bijdragen")
CONTRIBUTION_PREFIX = "bijdrage-"
LOCK_TIMEOUT_S = 60.0
SPDX_CHECKSUM = URIRef("http://spdx.org/rdf/terms#checksum")
# Coordinators work in Belgium: a contribution is dated, and every time is shown, as in Brussels.
# The graph keeps the moment in UTC (prov:generatedAtTime), which says the same for everyone.
# A refusal names this many of the things it is about, then says how many more.
NAMED_AT_MOST = 5

_locks: "weakref.WeakKeyDictionary[Store, threading.Lock]" = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


@contextmanager
def write_lock(store: Store, timeout: float = LOCK_TIMEOUT_S):
    """Hold the write lock of ``store``: one import or withdrawal at a time per process.

    Raises
    ------
    ImportBusy
        When another write holds the lock for longer than ``timeout`` seconds.
    """
    with _locks_guard:
        lock = _locks.setdefault(store, threading.Lock())
    if not lock.acquire(timeout=timeout):
        raise ImportBusy(
            "Er loopt al een andere invoer of intrekking; probeer het over een minuut opnieuw. "
            "/ Another import or withdrawal is running; try again in a minute.")
    try:
        yield
    finally:
        lock.release()


def apply(store: Store, plan: ImportPlan, agent: str | None = None,
          now: datetime | None = None) -> Contribution:
    """Write a previewed import as one contribution, in one transaction.

    Parameters
    ----------
    store : Store
    plan : ImportPlan
        From :func:`graph.imports.preview`; re-checked when another contribution arrived or
        was withdrawn since, or when ``agent`` differs from the plan's.
    agent : str, optional
        The pseudonym the contribution is attributed to (default: the plan's).
    now : datetime, optional
        The time recorded (default: now); the graph keeps it in UTC, the contribution's id
        carries its date in Brussels.

    Returns
    -------
    Contribution
        The new contribution, or the existing one (``created=False``) when the same file was
        imported before or nothing in it is new.

    Raises
    ------
    ImportRefused
        When the plan has problems.
    ImportBusy
        When another import holds the lock too long.
    """
    agent = agent or plan.agent
    if not plan.ok:
        raise ImportRefused(plan.problems)
    with write_lock(store):
        current = frozenset(row["graph"] for row in store.select(prepared("contributions")))
        if current != plan.basis or agent != plan.agent:
            plan = preview_files(store, plan.data, agent)
            if not plan.ok:
                raise ImportRefused(plan.problems)
        if plan.changes_nothing:
            return _unchanged(store, plan)
        now = now or datetime.now(timezone.utc).replace(microsecond=0)
        slug = slugify(agent) or "beheerder"
        day = now.astimezone(LOCAL_ZONE).date().isoformat()
        graph_iri = named_graph(f"{CONTRIBUTION_PREFIX}{day}-{slug}-"
                                f"{plan.content_hash[:10]}")
        provenance = _provenance(plan, graph_iri, agent_iri(agent), agent, now)
        derived = derived_additions(store, plan.graph)
        with kept_up_to_date(store, plan.graph), parts_declared(store, plan.graph):
            store.update(
                f"INSERT DATA {{\n GRAPH {term(graph_iri)} {{\n{_nt(plan.graph)}\n }}\n"
                f" GRAPH {term(PROVENANCE_GRAPH)} {{\n{_nt(provenance)}\n }}\n"
                f"{_derived_block(derived)}}}")
            if derived is None:
                rebuild_derived(store)
    return Contribution(
        id=str(graph_iri).rsplit("/", 1)[-1], graph=str(graph_iri),
        title=str(provenance.value(graph_iri, DCTERMS.title)), agent=agent,
        time=now.isoformat(), files=[f[0] for f in plan.files], checksum=plan.checksum,
        triples=len(plan.graph))


def _unchanged(store: Store, plan: ImportPlan) -> Contribution:
    existing = {c.id: c for c in list_contributions(store)}
    if plan.already in existing:
        found = existing[plan.already]
        found.created = False
        return found
    return Contribution(id="", graph="", title="Niets nieuw / nothing new", agent=plan.agent,
                        time="", files=[f[0] for f in plan.files], checksum=plan.checksum,
                        triples=0, created=False)


def _refuse_if_built_on(store: Store, contribution: Contribution, contributions: list[Contribution]) -> None:
    later, names = blocking_contributions(store, contribution, contributions)
    if not later:
        return
    shown = [f"'{name}'" for name in sorted(set(names.values()), key=str.casefold)]
    more = len(shown) - NAMED_AT_MOST
    things = {lang: listed(shown[:NAMED_AT_MOST] + ([f"{more} {others}"] if more > 0 else []), AND[lang])
              for lang, others in (("nl", "andere"), ("en", "more"))}
    described = {lang: listed([describe_contribution(c, lang) for c in later], AND[lang]) for lang in AND}
    them = "it" if len(shown) == 1 else "them"
    if len(later) == 1:
        dutch = (f"de latere bijdrage {described['nl']} zegt daar nog iets over; trek eerst die latere "
                 "bijdrage in en dan deze (wil je ze houden, voer ze daarna opnieuw in)")
        english = (f"the later contribution {described['en']} still describes {them}; withdraw that later "
                   "contribution first and then this one (to keep it, import it again afterwards)")
    else:
        dutch = (f"de latere bijdragen {described['nl']} zeggen daar nog iets over; trek eerst die latere "
                 "bijdragen in en dan deze (wil je ze houden, voer ze daarna opnieuw in)")
        english = (f"the later contributions {described['en']} still describe {them}; withdraw those later "
                   "contributions first and then this one (to keep them, import them again afterwards)")
    raise WithdrawalBlocked(
        f"Bijdrage {contribution.id} kan nog niet ingetrokken worden: ze maakt {things['nl']} aan, en "
        f"{dutch}. / Contribution {contribution.id} cannot be withdrawn yet: it creates {things['en']}, "
        f"and {english}.")


def withdraw(store: Store, contribution_id: str) -> Contribution:
    """Withdraw a contribution: drop its graph and provenance, in one transaction.

    Parameters
    ----------
    store : Store
    contribution_id : str
        The id listed by :func:`list_contributions` (``bijdrage-...``) or the graph's IRI.

    Returns
    -------
    Contribution
        What was withdrawn.

    Raises
    ------
    KeyError
        When there is no such contribution.
    WithdrawalBlocked
        When another contribution says something about a thing that only this one names, makes
        an organisation or practice, or gives a class: withdrawn, it would leave those facts
        about a thing without a name (a bare IRI on the maps, a page that does not exist).
    """
    wanted = contribution_id.rsplit("/", 1)[-1]
    with write_lock(store):
        contributions = list_contributions(store)
        found = next((c for c in contributions if c.id == wanted), None)
        if found is None:
            raise KeyError(
                f"Er is geen bijdrage '{contribution_id}'. 'overhoop imports' toont de lijst. "
                f"/ There is no contribution '{contribution_id}'.")
        _refuse_if_built_on(store, found, contributions)
        graph, prov = term(URIRef(found.graph)), term(PROVENANCE_GRAPH)
        content = store.construct(prepared("graph_triples", graph=URIRef(found.graph)))
        derived = derived_removals(store, found.graph, content)
        # One request, several operations: they run in order, as one transaction. The agent
        # is removed only when no other contribution is attributed to it.
        with kept_up_to_date(store, content), parts_declared(store, content):
            store.update(
                f"DROP SILENT GRAPH {graph} ;\n"
                f"DELETE WHERE {{ GRAPH {prov} {{ {graph} ?p ?o }} }} ;\n"
                f"DELETE WHERE {{ GRAPH {prov} {{ ?dataset <{VOID.subset}> {graph} }} }} ;\n"
                f"DELETE {{ GRAPH {prov} {{ ?agent ?p ?o }} }} WHERE {{ GRAPH {prov} {{\n"
                f"  ?agent a <{PROV.Agent}> ; ?p ?o .\n"
                f"  FILTER NOT EXISTS {{ ?other <{PROV.wasAttributedTo}> ?agent }} }} }}"
                + (f" ;\nDELETE DATA {{\n{_derived_block(derived)}}}" if derived else ""))
            if derived is None:
                rebuild_derived(store)
    return found


def _provenance(plan: ImportPlan, graph_iri: URIRef, agent: URIRef, agent_name: str,
                now: datetime) -> Graph:
    g = Graph()
    names = ", ".join(f[0] for f in plan.files)
    g.add((graph_iri, RDF.type, PROV.Entity))
    g.add((graph_iri, RDF.type, VOID.Dataset))
    g.add((graph_iri, DCTERMS.type, concept("brontype", "bijdrage")))
    g.add((graph_iri, DCTERMS.title, Literal(f"Bijdrage van {agent_name}: {names}", lang="nl")))
    g.add((graph_iri, PROV.wasAttributedTo, agent))
    g.add((graph_iri, PROV.generatedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)))
    for name, _sha, _size in plan.files:
        g.add((graph_iri, DCTERMS.source, Literal(name)))
    g.add((graph_iri, SPDX_CHECKSUM, Literal(plan.checksum)))
    g.add((graph_iri, DCTERMS.identifier, Literal(plan.content_hash)))
    g.add((graph_iri, VOID.triples, Literal(len(plan.graph))))
    g.add((DATASET, VOID.subset, graph_iri))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(agent_name)))
    return g


def _nt(graph: Graph) -> str:
    return graph.serialize(format="nt")


def _derived_block(derived: Graph | None) -> str:
    """The derived links as the ``g:afgeleid`` part of an INSERT DATA or DELETE DATA."""
    if not derived:
        return ""
    return f" GRAPH {term(DERIVED_GRAPH)} {{\n{_nt(derived)}\n }}\n"
