"""Build the graph from ``ontology/`` and ``data/`` into the store, one named graph per source.

Every source is replaced as a whole, in one transaction, so the build is idempotent and a reader
never sees a source half written. The provenance of every graph (what it was derived from, which
kind of source it is, how many triples) is written to the graph ``g:herkomst``.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID

from graph import reference
from graph.catalogue import build_catalogue
from graph.namespaces import concept, instance, named_graph
from graph.queries import load_query
from graph.store import Store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASET = instance("dataset", "overhoop")
PROVENANCE_GRAPH = named_graph("herkomst")
DERIVED_GRAPH = named_graph("afgeleid")


@dataclass(frozen=True)
class Source:
    """One source of the graph: the named graph it fills and how to build it."""

    graph_slug: str
    title: str
    source_type: str
    files: tuple[str, ...]
    build: Callable[[Path], Graph]


def _ontology(root: Path) -> Graph:
    g = Graph()
    for path in sorted((root / "ontology").rglob("*.ttl")):
        if path.name != "shapes.ttl":
            g.parse(path, format="turtle")
    return g


def _reference(builder: Callable[[Path], Graph]) -> Callable[[Path], Graph]:
    return lambda root: builder(root / "data" / "reference")


SOURCES: tuple[Source, ...] = (
    Source("vocab", "OverHoop-vocabularium en begrippenlijsten", "vocabularium",
           ("ontology",), _ontology),
    Source("gemeenten", "Gemeenten van Vlaanderen en Brussel (2025, met de fusies)", "referentiedata",
           ("data/reference/municipalities.csv", "data/reference/municipality_mergers_2025.csv"),
           _reference(reference.municipalities_graph)),
    Source("elz-indeling-2025", "Eerstelijnszones, indeling vanaf 1 januari 2025", "referentiedata",
           ("data/reference/eerstelijnszones.csv", "data/reference/zones_municipalities.csv"),
           _reference(reference.zones_graph)),
    Source("overkop-huizen", "OverKop-huizen (onvolledige lijst)", "referentiedata",
           ("data/reference/overkop_huizen.csv",), _reference(reference.overkop_graph)),
    Source("huizen-van-het-kind", "Huizen van het Kind (kleine steekproef)", "referentiedata",
           ("data/reference/huizen_van_het_kind_partial.csv",),
           _reference(reference.huizen_van_het_kind_graph)),
    Source("beleidsnota", "OverHoop-inspiratienota: praktijken, initiatiefnemers en doelgroepen",
           "beleidsnota", ("data/seed", "data/mappings"), build_catalogue),
)


def _checksum(root: Path, files: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in files:
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _describe(prov: Graph, source: Source, triples: int, checksum: str) -> None:
    graph_iri = named_graph(source.graph_slug)
    prov.add((graph_iri, RDF.type, PROV.Entity))
    prov.add((graph_iri, RDF.type, VOID.Dataset))
    prov.add((graph_iri, DCTERMS.title, Literal(source.title, lang="nl")))
    prov.add((graph_iri, DCTERMS.type, concept("brontype", source.source_type)))
    prov.add((graph_iri, VOID.triples, Literal(triples)))
    prov.add((graph_iri, URIRef("http://spdx.org/rdf/terms#checksum"), Literal(checksum)))
    for name in source.files:
        prov.add((graph_iri, PROV.wasDerivedFrom, instance("bron", name.replace("/", "--"))))
        prov.add((instance("bron", name.replace("/", "--")), DCTERMS.source, Literal(name)))
    prov.add((DATASET, VOID.subset, graph_iri))


def build(store: Store, root: Path = PROJECT_ROOT, sources: tuple[Source, ...] | None = None,
          progress: Callable[[str], None] = lambda message: None) -> dict[str, int]:
    """Build every source into its named graph, then the derived graph and the provenance.

    Parameters
    ----------
    store : Store
        Where to write.
    root : Path
        The project folder holding ``ontology/`` and ``data/``.
    sources : tuple of Source, optional
        What to build; all of ``SOURCES`` by default.
    progress : callable
        Called with one Dutch line per step.

    Returns
    -------
    dict
        Triples per named graph IRI, as written.

    Examples
    --------
    >>> from graph.store import open_store
    >>> sizes = build(open_store("memory"))
    >>> sizes["https://w3id.org/overhoop/graph/elz-indeling-2025"] > 300
    True
    """
    sources = sources if sources is not None else SOURCES
    written: dict[str, int] = {}
    prov = Graph()
    prov.add((DATASET, RDF.type, DCAT.Dataset))
    prov.add((DATASET, RDF.type, VOID.Dataset))
    prov.add((DATASET, DCTERMS.title, Literal("OverHoop-kennisgraaf", lang="nl")))
    steps = len(sources) + 2
    for number, source in enumerate(sources, start=1):
        started = time.perf_counter()
        g = source.build(root)
        store.replace_graph(str(named_graph(source.graph_slug)), g.serialize(format="nt"))
        written[str(named_graph(source.graph_slug))] = len(g)
        _describe(prov, source, len(g), _checksum(root, source.files))
        progress(f"[{number}/{steps}] {source.title}: {len(g)} triples "
                 f"({time.perf_counter() - started:.1f} s)")
    derived = store.construct(load_query("derive_link_shortcuts"))
    store.replace_graph(str(named_graph("afgeleid")), derived.serialize(format="nt"))
    written[str(named_graph("afgeleid"))] = len(derived)
    progress(f"[{steps - 1}/{steps}] Afgeleide snelkoppelingen van de verbindingen: {len(derived)} triples")
    prov.add((named_graph("afgeleid"), RDF.type, PROV.Entity))
    prov.add((named_graph("afgeleid"), DCTERMS.title, Literal("Afgeleide snelkoppelingen", lang="nl")))
    prov.add((named_graph("afgeleid"), DCTERMS.type, concept("brontype", "afgeleid")))
    prov.add((named_graph("afgeleid"), VOID.triples, Literal(len(derived))))
    store.replace_graph(str(PROVENANCE_GRAPH), prov.serialize(format="nt"))
    written[str(PROVENANCE_GRAPH)] = len(prov)
    progress(f"[{steps}/{steps}] Herkomst van elke graaf: {len(prov)} triples")
    return written


def rebuild_derived(store: Store, bulk: bool = False) -> int:
    """Recompute the whole derived graph ``g:afgeleid`` (after ``overhoop synth``, say).

    Parameters
    ----------
    store : Store
    bulk : bool
        Write through the backend's bulk loader (:meth:`Store.bulk_replace_graph`): much faster
        at a million referrals, but not one transaction, so only for synthetic data.

    Returns
    -------
    int
        The number of derived triples.

    Examples
    --------
    >>> from graph.store import open_store
    >>> rebuild_derived(open_store("memory"))
    0
    """
    # Straight from the engine's N-Triples: a round trip through rdflib took 10x longer.
    derived = store.query(load_query("derive_link_shortcuts"), "nt").decode("utf-8")
    if bulk:
        with tempfile.TemporaryDirectory(prefix="overhoop-derived-") as folder:
            path = Path(folder) / "afgeleid.nt"
            path.write_text(derived, encoding="utf-8")
            store.bulk_replace_graph(str(DERIVED_GRAPH), path)
    else:
        store.replace_graph(str(DERIVED_GRAPH), derived)
    return len({line for line in derived.splitlines() if line.strip()})
