"""The derived links of a contribution: which link shortcuts (``oh:refersTo``, ``oh:worksWith``,
...) an import adds to ``g:afgeleid``, and which a withdrawal removes, without re-deriving the whole
graph.

``derive_link_shortcuts.rq`` stays the one rule: it is applied to the few links a contribution
says something about, in a store of their own in memory. A shortcut can only appear or disappear
when one of its links gains or loses a fact (its type, referrer, receiver or kind), so
``g:afgeleid`` changed by these triples is exactly what :func:`graph.build.rebuild_derived` would
make, at the cost of the contribution instead of the whole store. A link without a kind counts as
a referral, so gaining a kind takes its ``oh:refersTo`` away and losing one gives it back: where a
write would do that, or a derived end would be a blank node or a literal (an RDF upload can do
either), the functions say so with ``None`` and the caller re-derives everything.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from graph.imports.known import BATCH
from graph.imports.plan import describe
from graph.namespaces import OH
from graph.queries import load_query, prepared
from graph.store import Store, open_store


def derived_additions(store: Store, added: Graph) -> Graph | None:
    """Return the link shortcuts (``oh:refersTo``, ``oh:worksWith``, ...) that adding ``added`` to
    the store adds to ``g:afgeleid``.

    Parameters
    ----------
    store : Store
        The store before the write.
    added : rdflib.Graph
        The triples about to be written.

    Returns
    -------
    rdflib.Graph or None
        The derived triples (some perhaps present already), or ``None`` when the write also takes
        a shortcut away (a link without a kind that gains one is no longer a referral) or an end
        of a derived link is a blank node or a literal: then only re-deriving everything after the
        write gives the same graph.

    Examples
    --------
    >>> from graph.namespaces import instance
    >>> store = open_store("memory")
    >>> link, a, b = (instance(kind, slug) for kind, slug in
    ...               (("doorverwijzing", "x"), ("organisatie", "a"), ("organisatie", "b")))
    >>> added = Graph()
    >>> for fact in ((link, RDF.type, OH.Referral), (link, OH.referrer, a), (link, OH.referredTo, b)):
    ...     _ = added.add(fact)
    >>> [(str(s).rsplit("/", 1)[-1], str(p).rsplit("#", 1)[-1], str(o).rsplit("/", 1)[-1])
    ...  for s, p, o in derived_additions(store, added)]
    [('a', 'refersTo', 'b')]
    """
    referrals = _referrals_in(added)
    before = describe(store, referrals)
    derived = _derive(before + _about(added, referrals))
    if _derive(before) - derived or not _ends_are_iris(derived):
        return None
    return derived


def derived_removals(store: Store, graph_iri: str, content: Graph) -> Graph | None:
    """Return the link shortcuts that dropping the named graph ``graph_iri`` removes from
    ``g:afgeleid``.

    A shortcut derived from a link the graph says something about goes, unless some link still
    carries it with all its facts (type, referrer, receiver and kind) in other graphs.

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
        The derived triples to delete, or ``None`` when the drop also gives a link another
        shortcut (it loses its kind, so it becomes a referral) or an end of one is a blank node or
        a literal: then re-derive everything after the drop.
    """
    referrals = _referrals_in(content)
    candidates = _derive(describe(store, referrals) + _about(content, referrals))
    if not _ends_are_iris(candidates):
        return None
    sources = sorted({s for s, _p, _o in candidates})
    targets = sorted({o for _s, _p, o in candidates})
    rows = [row for start in range(0, len(sources), BATCH)
            for row in store.select_terms(prepared("refers_to_support", source=sources[start:start + BATCH],
                                                   target=targets))]
    graphs = ("typeGraph", "referrerGraph", "referredGraph")
    touched = {_node(row["referral"]) for row in rows
               if graph_iri in (row[name]["value"] for name in (*graphs, "kindGraph") if name in row)}
    remaining, remaining_of_touched = Graph(), Graph()
    for row in rows:
        if graph_iri in (row[name]["value"] for name in graphs):
            continue
        link = _node(row["referral"])
        facts = [(link, RDF.type, OH.Referral), (link, OH.referrer, _node(row["source"])),
                 (link, OH.referredTo, _node(row["target"]))]
        if "kind" in row and row["kindGraph"]["value"] != graph_iri:
            facts.append((link, OH.referralKind, _node(row["kind"])))
        for fact in facts:
            remaining.add(fact)
            if link in touched:
                remaining_of_touched.add(fact)
    if _derive(remaining_of_touched) - candidates:
        return None
    return candidates - _derive(remaining)


def _node(term: dict) -> Node:
    """An IRI or blank node of a SPARQL JSON result as an rdflib term."""
    return BNode(term["value"]) if term["type"] == "bnode" else URIRef(term["value"])


def _referrals_in(triples: Graph) -> set[Node]:
    """The subjects ``triples`` give one of the four facts the rule reads."""
    return {s for s, p, o in triples
            if p in (OH.referrer, OH.referredTo, OH.referralKind) or (p == RDF.type and o == OH.Referral)}


def _about(triples: Graph, subjects: set[Node]) -> Graph:
    found = Graph()
    for subject in subjects:
        for fact in triples.triples((subject, None, None)):
            found.add(fact)
    return found


def _derive(facts: Graph) -> Graph:
    """Apply ``derive_link_shortcuts.rq`` to ``facts`` alone, in a store of their own in memory."""
    if not facts:
        return Graph()
    scratch = open_store("memory")
    scratch.replace_graph("urn:x-overhoop:afleiden", facts.serialize(format="nt"))
    return scratch.construct(load_query("derive_link_shortcuts"))


def _ends_are_iris(triples: Graph) -> bool:
    return all(isinstance(s, URIRef) and isinstance(o, URIRef) for s, _p, o in triples)
