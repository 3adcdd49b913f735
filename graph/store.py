"""One store interface, three backends: embedded Oxigraph, in memory, or a remote SPARQL server.

Every backend answers SPARQL with the default graph as the union of all named graphs, so the
queries of the project never need a ``GRAPH`` clause, and writes whole named graphs atomically,
so a reader sees a source either before or after it changed, never half.

Choose the backend with ``--store`` or ``OVERHOOP_STORE``:

- ``oxigraph:PATH`` embedded Oxigraph on disk (the default, ``oxigraph:var/store``);
- ``memory`` Oxigraph in memory (tests, benchmarks);
- ``rdflib`` rdflib's own in-memory engine (only as the benchmark's baseline);
- ``sparql:URL`` a SPARQL 1.1 Query+Update server, for example ``oxigraph serve``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import httpx
import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.namespaces import PREFIXES, sparql_prologue
from graph.queries import load_query
from graph.read_copy import copy_into_memory

DEFAULT_STORE = "oxigraph:var/store"
logger = logging.getLogger(__name__)
REMOTE_CACHE_SECONDS = 60
# How many writes back the parts of the graph each one changed are remembered.
PART_LOG_LENGTH = 1000

# Media types of the W3C result formats, by the short names used on the command line and in URLs.
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_FORMATS = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
DATASET_FORMATS = {
    "trig": ("application/trig", ox.RdfFormat.TRIG),
    "nq": ("application/n-quads", ox.RdfFormat.N_QUADS),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
# Prefixes of a whole-store Turtle export. Not ``id:``: the local part of every one of our IRIs
# has a slash, which Turtle must escape (``id:organisatie\/x``), harder to read than the full IRI.
EXPORT_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "id"}


# How RocksDB says that another writer holds the store: another process ("While lock file:
# …/LOCK: Resource temporarily unavailable") or this one ("lock hold by current process").
_LOCK_HELD = re.compile(r"While lock file: |lock hold by current process")


class StoreError(Exception):
    """A store could not be opened or reached; the message tells the user what to do."""


class QueryError(ValueError):
    """A SPARQL query or update was malformed; the message is the parser's."""


class Store:
    """The interface every backend implements.

    Queries see the default graph as the union of all named graphs.
    """

    description = ""
    # Whether the store was opened read-only because another writer (the server) held it: see
    # ``open_store(read_only_if_held=True)``.
    held_elsewhere = False
    # Whether queries read a copy in memory (see wait_for_read_copy).
    read_copy_state = "off"
    # The writes readers see: the cache's token. While a writer works out which parts of the
    # graph its write can change (``parts_to_declare``), readers keep seeing the state before it.
    generation = 0
    _writes = 0
    _held_by: int | None = None
    _held_spoiled = False
    # Which parts of the graph each recent write (by generation) could change: a frozenset of
    # IRIs (first-line zones, wider places, code lists; see graph/imports/reach.py), declared by
    # the writer. A write nobody declared changed everything.
    _parts_written: dict[int, frozenset[str]] | None = None

    def cache_token(self) -> Hashable:
        """Return a value that changes whenever the graph may have changed (see graph/cache.py)."""
        return self.generation

    def _changed(self) -> None:
        self._writes += 1
        if self._held_by is None:
            self.generation = self._writes
        elif self._held_by != threading.get_ident():
            self._held_spoiled = True

    @contextmanager
    def parts_to_declare(self):
        """Write, then say which parts of the graph the writes could change, before readers see them.

        A part is named by an IRI: a first-line zone, a wider place, a code list
        (graph/imports/reach.py). Inside the block the writes are done but ``cache_token()`` stays
        where it was, so that no reader drops what it kept while the writer reads which parts it
        reached; the block's ``declare(parts)`` says that only answers about ``parts`` can have
        changed (graph/cache.py keeps the others). Leaving the block shows the writes to readers; without ``declare``, or
        when another thread wrote meanwhile, as changing everything. The caller must be the only
        writer (the import's write lock).

        Yields
        ------
        callable
            ``declare(parts)``, with a set of IRIs.

        Examples
        --------
        >>> store = open_store("memory")
        >>> before = store.cache_token()
        >>> with store.parts_to_declare() as declare:
        ...     store.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }")
        ...     unchanged = store.cache_token() == before
        ...     declare({"https://example.org/zone/a"})
        >>> unchanged, sorted(store.parts_written_since(before))
        (True, ['https://example.org/zone/a'])
        """
        declared: list[frozenset[str]] = []
        self._held_by, self._held_spoiled = threading.get_ident(), False
        try:
            yield lambda parts: declared.append(frozenset(parts))
        finally:
            if declared and not self._held_spoiled:
                if self._parts_written is None:
                    self._parts_written = {}
                for generation in range(self.generation + 1, self._writes + 1):
                    self._parts_written[generation] = declared[-1]
                for old in [g for g in self._parts_written if g <= self._writes - PART_LOG_LENGTH]:
                    del self._parts_written[old]
            self._held_by = None
            self.generation = self._writes

    def parts_written_since(self, token: Hashable) -> frozenset[str] | None:
        """Return the parts of the graph that the writes since ``token`` could change, or ``None``
        when one of them may have changed anything (undeclared, too long ago, or by another client)."""
        first = self._generation_of(token)
        if first is None:
            return None
        log = self._parts_written or {}
        parts: set[str] = set()
        for generation in range(first + 1, self.generation + 1):
            if generation not in log:
                return None
            parts |= log[generation]
        return frozenset(parts)

    def _generation_of(self, token: Hashable) -> int | None:
        return token if isinstance(token, int) and token <= self.generation else None

    def wait_for_read_copy(self, timeout_s: float | None = None) -> str:
        """Wait until the copy in memory is made or given up; return its state.

        The state is ``"ready"`` (queries read the copy), ``"too-large"`` (over the budget:
        queries read the disk), ``"failed"`` (it could not be made or lost step with the disk:
        queries read the disk, the log says why), ``"making"`` (still at work after ``timeout_s``)
        or ``"off"`` (not asked for, or the store is in memory or read-only).

        Examples
        --------
        >>> open_store("memory").wait_for_read_copy()
        'off'
        """
        return self.read_copy_state

    def query(self, sparql: str, result_format: str = "json", union_default_graph: bool = True) -> bytes:
        """Run a SPARQL query and return its results serialised.

        Parameters
        ----------
        sparql : str
            The query; the project prefixes are predeclared.
        result_format : str
            ``json``, ``xml``, ``csv`` or ``tsv`` for SELECT and ASK; ``ttl``, ``nt``,
            ``rdfxml`` or ``jsonld`` for CONSTRUCT and DESCRIBE.
        union_default_graph : bool
            Whether the default graph is the union of all named graphs, as the project's queries
            expect. ``False`` for a query with its own FROM or FROM NAMED, which chooses its dataset
            itself (see graph.sandbox.has_dataset_clause); Oxigraph's union would override it. A
            remote server and rdflib decide this themselves.

        Returns
        -------
        bytes
            The results in that format.

        Raises
        ------
        QueryError
            If the query does not parse.
        """
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        raise NotImplementedError

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace the content of one named graph by N-Triples, atomically."""
        self.update(_replace_graph_update(graph_iri, ntriples))

    def drop_graph(self, graph_iri: str) -> None:
        """Remove one named graph and everything in it."""
        self.update(f"DROP SILENT GRAPH <{_checked_iri(graph_iri)}>")

    def bulk_replace_graph(self, graph_iri: str, ntriples: Path) -> None:
        """Replace one named graph by a large N-Triples file, as fast as the backend can.

        Unlike ``replace_graph`` this need not be one transaction: a reader may see the graph
        empty or half loaded meanwhile. Meant for synthetic data and benchmarks, not imports.
        """
        self.replace_graph(graph_iri, Path(ntriples).read_text(encoding="utf-8"))

    def dump(self, fmt: str = "nq", output: BinaryIO | None = None) -> bytes | None:
        """Return the whole dataset as TriG (``trig``), N-Quads (``nq``) or JSON-LD (``jsonld``), named
        graphs kept, or write it to ``output``.

        A backend that can stream writes to ``output`` as it reads, without holding the dataset.
        """
        data = self._dump(fmt)
        if output is None:
            return data
        output.write(data)
        return None

    def _dump(self, fmt: str) -> bytes:
        raise NotImplementedError

    def dump_merged(self, output: BinaryIO) -> None:
        """Write every triple of every graph to ``output`` as one Turtle graph, the graph names dropped.

        A blank node that two graphs share stays one node. A backend that can stream writes as it
        reads.
        """
        output.write(self.query(load_query("all_triples"), "ttl"))

    def load_dataset(self, path: Path, fmt: str, replace: bool = False) -> None:
        """Add a TriG (``trig``) or N-Quads (``nq``) file; with ``replace``, empty the store first.

        One update request here, so a failure leaves the store as it was; the file must have been
        checked (``graph.backup.check_backup``). Used by restore.
        """
        dataset = Dataset()
        dataset.parse(path, format={"trig": "trig", "nq": "nquads"}[fmt])
        blocks = []
        for graph in dataset.graphs():
            if not len(graph):
                continue
            body = graph.serialize(format="nt")
            blocks.append(body if graph.identifier == DATASET_DEFAULT_GRAPH_ID
                          else f"GRAPH <{_checked_iri(str(graph.identifier))}> {{\n{body}\n}}")
        # Blank node labels are shared across the graphs of one INSERT DATA, as in the backup.
        self.update(("DROP ALL ;\n" if replace else "") + "INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def close(self) -> None:
        """Release the store (flush to disk, close connections)."""

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT query and return its rows as dicts of variable to lexical value.

        Unbound variables are absent from the row.

        Examples
        --------
        >>> store = open_store("memory")
        >>> store.select("SELECT ?n WHERE { VALUES ?n { 1 2 } }")
        [{'n': '1'}, {'n': '2'}]
        """
        return [
            {var: term["value"] for var, term in row.items()}
            for row in self.select_terms(sparql)
        ]

    def select_terms(self, sparql: str) -> list[dict[str, dict]]:
        """Run a SELECT query and return its rows as SPARQL 1.1 JSON term objects."""
        return json.loads(self.query(sparql, "json"))["results"]["bindings"]

    def ask(self, sparql: str) -> bool:
        """Run an ASK query."""
        return bool(json.loads(self.query(sparql, "json"))["boolean"])

    def construct(self, sparql: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return an rdflib Graph."""
        return Graph().parse(data=self.query(sparql, "nt"), format="nt")

    def graph_sizes(self) -> dict[str, int]:
        """Return the number of triples in each named graph."""
        rows = self.select(load_query("graph_sizes"))
        return {row["g"]: int(row["n"]) for row in rows}


def _checked_iri(iri: str) -> str:
    """Refuse an IRI that could break out of ``<...>`` in a SPARQL text."""
    if not iri or any(ch in iri for ch in '<>"{}|^`\\ \n\r\t'):
        raise ValueError(f"Ongeldige IRI: {iri!r}")
    return iri


def _replace_graph_update(graph_iri: str, ntriples: str) -> str:
    iri = _checked_iri(graph_iri)
    return f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}"


class OxigraphStore(Store):
    """Embedded Oxigraph, on disk (``path``) or in memory (``path=None``).

    With ``read_copy_mb``, an on-disk store opened to write answers its queries from a copy in
    memory once that is made (in the background; see graph/read_copy.py), if it fits that many MB.

    Examples
    --------
    >>> store = OxigraphStore()
    >>> store.replace_graph("https://example.org/g", "<https://example.org/a> <https://example.org/b> 1 .")
    >>> store.graph_sizes()
    {'https://example.org/g': 1}
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False,
                 read_copy_mb: int = 0, read_only_if_held: bool = False):
        self.path = Path(path) if path else None
        self.read_only = read_only
        self.description = f"oxigraph:{self.path}" if self.path else "memory"
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = self._open_to_write(read_only_if_held)
        except OSError as error:
            raise StoreError(
                f"De store {self.path} kan niet geopend worden ({error}). Draait er al een "
                "overhoop-server op deze map? Stop die eerst, of schrijf via de server."
            ) from error
        # Queries read ``_reads``: the store itself, or its copy in memory (graph/read_copy.py)
        # once that is made. Writes go to the store, then the same write to the copy, one at a
        # time under ``_writing`` so that both see them in the same order (``_write``).
        self._reads = self._store
        self._writing = threading.RLock()
        self._copying: threading.Thread | None = None
        if read_copy_mb > 0 and self.path is not None and not self.read_only:
            self.read_copy_state = "making"
            self._copying = threading.Thread(target=self._make_read_copy, args=(read_copy_mb,),
                                             name="overhoop-read-copy", daemon=True)
            self._copying.start()

    def _open_to_write(self, read_only_if_held: bool) -> ox.Store:
        """Open the store on disk to write; with ``read_only_if_held``, read-only when another
        writer (the server) holds it, which ``held_elsewhere`` then says."""
        try:
            return ox.Store(str(self.path))
        except OSError as error:
            if not (read_only_if_held and _LOCK_HELD.search(str(error))):
                raise
            held = error
        # RocksDB's read-only view: the store as it is now, writes still in the log included;
        # what the writer commits later it never sees (pyoxigraph 0.5, tests/test_store.py).
        # It keeps its files open, so the writer compacting them away does not disturb it.
        try:
            store = ox.Store.read_only(str(self.path))
        except OSError:
            raise held from None
        self.read_only = self.held_elsewhere = True
        return store

    def _make_read_copy(self, budget_mb: int) -> None:
        with self._writing:
            try:
                copy = copy_into_memory(self._store, self.path, budget_mb * 1024 * 1024)
            except Exception as error:  # whatever it was, the disk still answers; say so, do not hang
                logger.warning("Geen kopie in het geheugen van %s (%s); query's lezen de schijf, trager "
                               "maar volledig. Kijk of er plaats is naast de store, of zet "
                               "OVERHOOP_READ_COPY_MB=0.", self.path, error)
                self.read_copy_state = "failed"
                return
            if copy is None:
                self.read_copy_state = "too-large"
            else:
                self._reads, self.read_copy_state = copy, "ready"

    def wait_for_read_copy(self, timeout_s: float | None = None) -> str:
        if self._copying is not None:
            self._copying.join(timeout_s)
        return self.read_copy_state

    def _write(self, write: Callable[[ox.Store], None]) -> None:
        """Apply ``write`` to the disk, then the same to the copy in memory (if any), one writer at
        a time; give up the copy if it fails there."""
        with self._writing:
            write(self._store)
            if self._reads is self._store:
                return
            try:
                write(self._reads)
            except Exception as error:  # whatever it was, the copy no longer matches the disk
                logger.warning("De kopie in het geheugen volgde een schrijfactie niet (%s); query's lezen "
                               "voortaan de schijf, niets ging verloren. Herstart de server voor een nieuwe "
                               "kopie, of zet OVERHOOP_READ_COPY_MB=0 als het geheugen krap is.", error)
                self._reads, self.read_copy_state = self._store, "failed"

    def query(self, sparql: str, result_format: str = "json", union_default_graph: bool = True) -> bytes:
        try:
            result = self._reads.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=union_default_graph
            )
        except SyntaxError as error:
            raise QueryError(str(error)) from error
        if isinstance(result, ox.QueryTriples):
            if result_format not in GRAPH_FORMATS:
                result_format = "nt"
            return result.serialize(format=GRAPH_FORMATS[result_format][1])
        if result_format not in RESULT_FORMATS:
            result_format = "json"
        return result.serialize(format=RESULT_FORMATS[result_format][1])

    def update(self, sparql: str) -> None:
        try:
            self._write(lambda store: store.update(sparql, prefixes=PREFIXES))
        except SyntaxError as error:
            raise QueryError(str(error)) from error
        finally:
            self._changed()

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        # One update request is one transaction in Oxigraph: readers never see the graph half
        # replaced, and a crash leaves the old graph or the new one.
        self.update(_replace_graph_update(graph_iri, ntriples))

    def dump(self, fmt: str = "nq", output: BinaryIO | None = None) -> bytes | None:
        # Written as it is read: 10 million triples never sit in memory at once (`overhoop export
        # --format jsonld` of 600,000 triples through rdflib took 56 s and 2.0 GB, now 5.1 s and 163 MB).
        return self._store.dump(output, format=DATASET_FORMATS[fmt][1])

    def dump_merged(self, output: BinaryIO) -> None:
        # One read of every quad (a snapshot, like the CONSTRUCT it replaces), serialised as it
        # comes: `overhoop export --format ttl` of 600,000 triples took 6.9 s and 530 MB as one
        # CONSTRUCT answer, now 5.1 s and 164 MB.
        _write_merged_turtle(self._store.quads_for_pattern(None, None, None, None), output)

    def bulk_replace_graph(self, graph_iri: str, ntriples: Path) -> None:
        # Oxigraph's bulk loader writes sorted files straight to disk: 10x faster than one
        # INSERT DATA at a million triples, at the price of not being one transaction. Lenient:
        # the file is our own generator's, its IRIs need no second check.
        graph = ox.NamedNode(_checked_iri(graph_iri))

        def replace(store: ox.Store) -> None:
            if store.contains_named_graph(graph):
                store.remove_graph(graph)
            store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)

        self._write(replace)
        self._changed()

    def load_dataset(self, path: Path, fmt: str, replace: bool = False) -> None:
        # Oxigraph's bulk loader streams the file to disk: one INSERT DATA of a backup of 600,000
        # triples took 53 s and 3.0 GB of memory, the bulk loader 6 s and 0.6 GB.
        # It is no transaction. The file was parsed whole before (check_backup), so ``replace``
        # never empties the store for a broken file; after a syntax error the bulk loader was
        # seen to leave nothing (3 million quads, on disk), and for what is left to fail (a full
        # disk) the store is emptied rather than left half loaded.
        def load(store: ox.Store) -> None:
            if replace:
                store.clear()
            store.bulk_load(path=str(path), format=DATASET_FORMATS[fmt][1])

        try:
            self._write(load)
        except (OSError, SyntaxError) as error:
            self._write(ox.Store.clear)
            raise StoreError(f"Het terugzetten van {path} brak af ({error}); de store is nu leeg. Kijk of "
                             "de schijf plaats heeft en het bestand niet veranderde, en zet de back-up "
                             "opnieuw terug.") from error
        finally:
            self._changed()

    def close(self) -> None:
        self.wait_for_read_copy()
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store, self._reads


# rdflib would download the graph of a FROM clause from its address: a query of OverHoop calls no
# other address (as SERVICE is refused), so FROM names a graph of the store, as in Oxigraph.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class RdflibStore(Store):
    """rdflib's own in-memory engine: the baseline of the benchmark, never the default.

    One call at a time: rdflib's SPARQL parser (pyparsing) is not thread-safe, and two queries
    parsed at once in the server's thread pool fail with errors that name neither
    (rdflib issue 1282).
    """

    description = "rdflib"

    def __init__(self):
        self._dataset = Dataset(default_union=True)
        self._lock = threading.RLock()

    def query(self, sparql: str, result_format: str = "json", union_default_graph: bool = True) -> bytes:
        prologue = sparql_prologue()
        with self._lock:
            try:
                result = self._dataset.query(prologue + sparql)
            except Exception as error:  # rdflib raises pyparsing errors of several kinds
                raise QueryError(str(error)) from error
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                fmt = {"ttl": "turtle", "nt": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
                return result.graph.serialize(format=fmt.get(result_format, "nt"), encoding="utf-8")
            if result_format == "tsv":
                return _tsv(result)
            return result.serialize(format=result_format if result_format in RESULT_FORMATS else "json")

    def update(self, sparql: str) -> None:
        prologue = sparql_prologue()
        try:
            with self._lock:
                self._dataset.update(prologue + sparql)
        finally:
            self._changed()

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        with self._lock:
            self._dataset.remove_graph(URIRef(graph_iri))
            self._dataset.graph(URIRef(graph_iri)).parse(data=ntriples, format="nt")
        self._changed()

    def _dump(self, fmt: str) -> bytes:
        with self._lock:
            return self._dataset.serialize(format={"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt],
                                           encoding="utf-8")


def _tsv(result) -> bytes:
    """SPARQL 1.1 TSV of an rdflib SELECT or ASK result: rdflib writes CSV but not TSV, which the
    app reads for long lists of IRIs (``graph.lookup.iri_column``)."""
    if result.type == "ASK":
        return b"true" if result.askAnswer else b"false"
    lines = ["\t".join(f"?{var}" for var in result.vars)]
    for row in result:
        lines.append("\t".join("" if value is None else value.n3().replace("\t", "\\t") for value in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


# A whole backup may take minutes to send or to read; only connecting is limited.
BACKUP_TIMEOUT = httpx.Timeout(None, connect=10.0)


class RemoteStore(Store):
    """A SPARQL 1.1 Query and Update server over HTTP, such as ``oxigraph serve``.

    The server must expose the default graph as the union of its named graphs
    (``oxigraph serve --union-default-graph``). Updates go to the update endpoint as raw
    SPARQL, never through rdflib's ``SPARQLUpdateStore``, which would wrap them in a graph of
    its own.
    """

    def __init__(self, query_url: str, update_url: str | None = None, timeout: float = 60.0):
        self.query_url = query_url
        self.update_url = update_url or _default_url(query_url, "/update", query_url)
        # Oxigraph's Graph Store endpoint, which reads and writes the whole dataset at once.
        self.store_url = _default_url(query_url, "/store", None)
        self.description = f"sparql:{query_url}"
        self._client = httpx.Client(timeout=timeout)

    def _post(self, url: str, data: dict, accept: str) -> bytes:
        try:
            response = self._client.post(url, data=data, headers={"Accept": accept})
        except httpx.HTTPError as error:
            raise _not_answering(url, error) from error
        if response.status_code == 400:
            raise QueryError(response.text.strip())
        if response.status_code >= 300:
            raise _refused(url, response)
        return response.content

    def query(self, sparql: str, result_format: str = "json", union_default_graph: bool = True) -> bytes:
        prologue = sparql_prologue()
        accept = ", ".join(
            [RESULT_FORMATS.get(result_format, RESULT_FORMATS["json"])[0],
             GRAPH_FORMATS.get(result_format, GRAPH_FORMATS["nt"])[0]]
        )
        return self._post(self.query_url, {"query": prologue + sparql}, accept)

    def update(self, sparql: str) -> None:
        prologue = sparql_prologue()
        try:
            self._post(self.update_url, {"update": prologue + sparql}, "*/*")
        finally:
            self._changed()

    def cache_token(self) -> Hashable:
        # Other clients may write to the same server: let cached answers age out within a minute.
        return self.generation, int(time.monotonic() // REMOTE_CACHE_SECONDS)

    def _generation_of(self, token: Hashable) -> int | None:
        # Within the same minute only this process's writes are assumed; across it, anything.
        generation, minute = token
        return generation if minute == self.cache_token()[1] and generation <= self.generation else None

    @contextmanager
    def _whole_store(self, fmt: str):
        """The Graph Store endpoint's answer in a dataset format, as chunks of bytes; ``None``
        when there is no such endpoint or it does not answer in that format."""
        media = DATASET_FORMATS[fmt][0]
        if self.store_url is None:
            yield None
            return
        try:
            with self._client.stream("GET", self.store_url, headers={"Accept": media},
                                     timeout=BACKUP_TIMEOUT) as response:
                answered = response.status_code == 200 and response.headers.get("content-type", "").startswith(media)
                yield response.iter_bytes() if answered else None
        except httpx.HTTPError as error:
            raise _not_answering(self.store_url, error) from error

    def dump(self, fmt: str = "nq", output: BinaryIO | None = None) -> bytes | None:
        # Streamed from the Graph Store endpoint of ``oxigraph serve``: as one SPARQL answer, the
        # backup of 600,000 triples took 17 s and 2 GB of memory here. Another server gets the query.
        with self._whole_store(fmt) as chunks:
            if chunks is not None:
                if output is None:
                    return b"".join(chunks)
                for chunk in chunks:
                    output.write(chunk)
                return None
        return super().dump(fmt, output)

    def dump_merged(self, output: BinaryIO) -> None:
        # Read as N-Quads from the Graph Store endpoint and written as Turtle as they come, rather
        # than held as one CONSTRUCT answer. Another server gets the query.
        with self._whole_store("nq") as chunks:
            if chunks is not None:
                quads = ox.parse(io.BufferedReader(_ChunkReader(chunks)), format=ox.RdfFormat.N_QUADS)
                try:
                    _write_merged_turtle(quads, output)
                except SyntaxError as error:
                    raise StoreError(
                        f"{self.store_url} stuurde geen geldige N-Quads ({error}); de export is niet "
                        "geschreven. Kijk of dat adres het Graph Store-eindpunt van een SPARQL-server is "
                        "(bij oxigraph serve: /store), of exporteer op de server zelf.") from error
                return
        super().dump_merged(output)

    def load_dataset(self, path: Path, fmt: str, replace: bool = False) -> None:
        # Sent as it is read to the Graph Store endpoint (PUT replaces everything, POST adds), so a
        # backup of all of Flanders never sits in memory; another server gets one INSERT DATA.
        if self.store_url is None:
            return super().load_dataset(path, fmt, replace)
        try:
            with path.open("rb") as body:
                response = self._client.request("PUT" if replace else "POST", self.store_url, content=body,
                                                headers={"Content-Type": DATASET_FORMATS[fmt][0]},
                                                timeout=BACKUP_TIMEOUT)
        except httpx.HTTPError as error:
            raise _not_answering(self.store_url, error) from error
        finally:
            self._changed()
        if response.status_code in (404, 405, 415):
            super().load_dataset(path, fmt, replace)
        elif response.status_code >= 300:
            raise _refused(self.store_url, response)

    def _dump(self, fmt: str) -> bytes:
        rows = self.select_terms(load_query("all_quads"))
        dataset = ox.Dataset()
        for row in rows:
            dataset.add(ox.Quad(*(_ox_term(row[v]) for v in "spog")))
        return ox.serialize(dataset, format=DATASET_FORMATS[fmt][1])

    def close(self) -> None:
        self._client.close()


def _write_merged_turtle(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    """Write the triples of ``quads`` to ``output`` as one Turtle graph, as they come."""
    ox.serialize((quad.triple for quad in quads), output, ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)


class _ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks, for parsers that read files."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._rest = chunk
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _not_answering(url: str, error: httpx.HTTPError) -> StoreError:
    return StoreError(f"De SPARQL-server {url} antwoordt niet ({error}). Draait hij, en klopt het adres?")


def _refused(url: str, response: httpx.Response) -> StoreError:
    return StoreError(f"De SPARQL-server {url} gaf fout {response.status_code}: {response.text[:300]}")


def _default_url(query_url: str, endpoint: str, otherwise: str | None) -> str | None:
    """The ``endpoint`` beside ``…/query`` (``/update``, ``/store``), as ``oxigraph serve`` lays them out."""
    return query_url[: -len("/query")] + endpoint if query_url.endswith("/query") else otherwise


def _ox_term(term: dict):
    if term["type"] == "uri":
        return ox.NamedNode(term["value"])
    if term["type"] == "bnode":
        return ox.BlankNode(term["value"])
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def open_store(spec: str | None = None, read_only: bool = False, read_copy_mb: int = 0,
               read_only_if_held: bool = False) -> Store:
    """Open the store named by ``spec``, or by ``OVERHOOP_STORE``, or the default.

    Parameters
    ----------
    spec : str, optional
        ``oxigraph:PATH``, ``memory``, ``rdflib`` or ``sparql:URL``.
    read_only : bool
        Open an on-disk Oxigraph store read-only.
    read_copy_mb : int
        For an on-disk Oxigraph store opened to write: answer queries from a copy in memory, made
        in the background, if it takes at most this many MB (graph/read_copy.py); 0, never.
    read_only_if_held : bool
        For a caller that only reads: when another writer (a running server) holds the on-disk
        Oxigraph store, open it read-only instead of refusing, with ``held_elsewhere`` set. It
        then shows the store as it was when opened; later writes are not seen.

    Returns
    -------
    Store

    Raises
    ------
    StoreError
        If the spec is unknown or the store cannot be opened.

    Examples
    --------
    >>> open_store("memory").description
    'memory'
    """
    spec = spec or os.environ.get("OVERHOOP_STORE") or DEFAULT_STORE
    kind, _, location = spec.partition(":")
    if kind == "memory":
        return OxigraphStore()
    if kind == "rdflib":
        return RdflibStore()
    if kind == "oxigraph" and location:
        return OxigraphStore(location, read_only=read_only, read_copy_mb=read_copy_mb,
                             read_only_if_held=read_only_if_held)
    if kind == "sparql" and location:
        return RemoteStore(location)
    raise StoreError(
        f"Onbekende store {spec!r}. Gebruik oxigraph:MAP, memory of sparql:URL "
        "(bijvoorbeeld sparql:http://127.0.0.1:7878/query)."
    )
