"""The derived links of a contribution: which ``oh:refersTo`` triples an import adds to
``g:afgeleid``, and which a withdrawal removes, without re-deriving the whole graph.

``derive_refers_to.rq`` stays the one rule: it is applied to the few referrals a contribution
says something about, in a store of their own in memory. A link can only appear when one of its
referrals gains a fact (its type, referrer or receiver), and only disappear when one loses a
fact, so ``g:afgeleid`` changed by these triples is exactly what
:func:`graph.build.rebuild_derived` would make, at the cost of the contribution instead of the
whole store. Where a derived end would be a blank node or a literal (an RDF upload can do that),
the functions say so with ``None`` and the caller re-derives everything.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from graph.imports.known import BATCH
from graph.imports.plan import describe
from graph.namespaces import OH
from graph.queries import load_query, prepared
from graph.store import Store, open_store


def derived_additions(store: Store, added: Graph) -> Graph | None:
    """Return the ``oh:refersTo`` triples that adding ``added`` to the store adds to ``g:afgeleid``.

    Parameters
    ----------
    store : Store
        The store before the write.
    added : rdflib.Graph
        The triples about to be written.

    Returns
    -------
    rdflib.Graph or None
        The derived triples (some perhaps present already), or ``None`` when an end of a derived
        link is a blank node or a literal: then only re-deriving everything after the write
        gives the same graph.

    Examples
    --------
    >>> from graph.namespaces import instance
    >>> store = open_store("memory")
    >>> link, a, b = (instance(kind, slug) for kind, slug in
    ...               (("doorverwijzing", "x"), ("organisatie", "a"), ("organisatie", "b")))
    >>> added = Graph()
    >>> for fact in ((link, RDF.type, OH.Referral), (link, OH.referrer, a), (link, OH.referredTo, b)):
    ...     _ = added.add(fact)
    >>> [(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1])
    ...  for s, _p, o in derived_additions(store, added)]
    [('a', 'b')]
    """
    referrals = _referrals_in(added)
    derived = _derive(describe(store, referrals) + _about(added, referrals))
    return derived if _ends_are_iris(derived) else None


def derived_removals(store: Store, graph_iri: str, content: Graph) -> Graph | None:
    """Return the ``oh:refersTo`` triples that dropping the named graph ``graph_iri`` removes from
    ``g:afgeleid``.

    A link derived from a referral the graph says something about goes, unless some referral
    still carries it with all three of its facts (type, referrer, receiver) in other graphs.

    Parameters
    ----------
    store : Store
        The store before the graph is dropped.
    graph_iri : str
        The named graph to drop.
    content : rdflib.Graph
        Its triples.

    Returns
    -------
    rdflib.Graph or None
        The derived triples to delete, or ``None`` when an end of one is a blank node or a
        literal (then re-derive everything after the drop).
    """
    referrals = _referrals_in(content)
    candidates = _derive(describe(store, referrals) + _about(content, referrals))
    if not _ends_are_iris(candidates):
        return None
    sources = sorted({s for s, _p, _o in candidates})
    targets = sorted({o for _s, _p, o in candidates})
    carried = set()
    for start in range(0, len(sources), BATCH):
        for row in store.select(prepared("refers_to_support", source=sources[start:start + BATCH],
                                         target=targets)):
            if graph_iri not in (row["typeGraph"], row["referrerGraph"], row["referredGraph"]):
                carried.add((row["source"], row["target"]))
    removed = Graph()
    for s, p, o in candidates:
        if (str(s), str(o)) not in carried:
            removed.add((s, p, o))
    return removed


def _referrals_in(triples: Graph) -> set[Node]:
    """The subjects ``triples`` give one of the three facts the rule reads."""
    return {s for s, p, o in triples
            if p in (OH.referrer, OH.referredTo) or (p == RDF.type and o == OH.Referral)}


def _about(triples: Graph, subjects: set[Node]) -> Graph:
    found = Graph()
    for subject in subjects:
        for fact in triples.triples((subject, None, None)):
            found.add(fact)
    return found


def _derive(facts: Graph) -> Graph:
    """Apply ``derive_refers_to.rq`` to ``facts`` alone, in a store of their own in memory."""
    if not facts:
        return Graph()
    scratch = open_store("memory")
    scratch.replace_graph("urn:x-overhoop:afleiden", facts.serialize(format="nt"))
    return scratch.construct(load_query("derive_refers_to"))


def _ends_are_iris(triples: Graph) -> bool:
    return all(isinstance(s, URIRef) and isinstance(o, URIRef) for s, _p, o in triples)
