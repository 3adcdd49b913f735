"""Run SPARQL from the public where it can be stopped: a time limit, a row cap and no network.

pyoxigraph cannot be interrupted while it evaluates a query (a signal handler only runs once the
Rust code returns), and an aggregate computes everything before its first row (issue 4). So a
query from the public never runs inside the server process. It runs

- for an on-disk store (``oxigraph:PATH``): in one of a small pool of worker processes, each
  with its own read-only view of the store (``pyoxigraph.Store.read_only``). A worker that
  passes the time limit is killed and replaced. A read-only view shows the store as it was when
  it was opened (pending writes in the write-ahead log included), so a worker reopens it (about
  30 ms) before a query whenever the store's files changed since;
- for the in-memory store (``memory``): in a child forked for that one query, which sees a
  copy-on-write snapshot of the store as it is at that moment;
- for a remote server (``sparql:URL``): over HTTP, with the time limit as the HTTP time-out.

Every query is parsed first (rdflib's SPARQL parser) and refused if it is an update (which is
how ``LOAD`` is refused) or has a ``SERVICE`` pattern anywhere in its parse tree: Oxigraph would
otherwise call that address for the public. The check walks the parse tree, so the word SERVICE
inside a string literal or a comment is harmless. As a second line, worker processes give up
their network (a Linux network namespace) where the system allows it. ``overhoop query`` runs
the same check. The parse tree also tells whether the query names its own dataset (``FROM``,
``FROM NAMED``); only a query that does not gets the union of all graphs as its default graph.

A query that does not parse gets one sentence, in Dutch and English: an undeclared prefix is
named, any other mistake gets its line, column and a short excerpt of the parser's message.

The row cap counts solutions of a SELECT and triples of a CONSTRUCT or DESCRIBE; a capped result
is marked ``truncated`` and, in SPARQL JSON, carries a notice in its ``head``.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import json
import multiprocessing
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import pyoxigraph as ox
from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.apart import exit_with_parent
from graph.cache import cached
from graph.namespaces import PREFIXES, sparql_prologue
from graph.store import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    OxigraphStore,
    QueryError,
    RemoteStore,
    Store,
    StoreError,
)

_STARTUP_TIMEOUT_S = 60.0
# Answers up to this size are kept until the next write; larger ones would crowd out the rest.
KEEP_ANSWER_BYTES = 256 * 1024
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                "DescribeQuery": "DESCRIBE"}


class QueryRefused(QueryError):
    """The query asks for something a public, read-only endpoint does not do."""


class UpdateRefused(QueryRefused):
    """The text is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...), not a query."""


class ServiceRefused(QueryRefused):
    """The query has a SERVICE pattern, which would make the server call another address."""


class NotAcceptable(ValueError):
    """The client accepts no format in which this kind of result can be written."""


class QueryTimeout(Exception):
    """The query passed its time limit and was stopped."""


class SandboxBusy(Exception):
    """Every worker stayed busy until the query's time limit."""


@dataclass(frozen=True)
class QueryRequest:
    """One query from the public, with how to answer it (picklable: it crosses processes).

    ``solution_format`` (json, xml, csv, tsv) is used for SELECT and ASK, ``graph_format`` (ttl,
    nt, jsonld, rdfxml) for CONSTRUCT and DESCRIBE; ``None`` means the client accepts none.
    Given graph IRIs replace the default dataset (the union of all named graphs, or the
    query's own ``FROM`` and ``FROM NAMED``), as ``default-graph-uri`` and ``named-graph-uri``
    do in the SPARQL protocol.
    """

    sparql: str
    solution_format: str | None = "json"
    graph_format: str | None = "ttl"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000


@dataclass(frozen=True)
class SandboxResult:
    """The serialised answer to a query."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool


def truncation_notice(max_rows: int) -> dict[str, str]:
    """Return the Dutch and English sentences that say a result was cut off at ``max_rows``."""
    return {
        "message_nl": f"Het resultaat is afgekapt na {max_rows} rijen, de limiet van dit endpoint. "
        "Blader verder met LIMIT en OFFSET, of download de hele graaf.",
        "message_en": f"The result was cut off after {max_rows} rows, this endpoint's limit. "
        "Page through it with LIMIT and OFFSET, or download the whole graph.",
    }


def query_form(sparql: str) -> str:
    """Check that ``sparql`` is a query the public may run, and return its form.

    Parameters
    ----------
    sparql : str
        The query text; the project prefixes need not be declared.

    Returns
    -------
    str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises
    ------
    QueryError
        If the text does not parse, or uses a prefix that neither it nor the app declares; the
        message is one sentence in Dutch and English.
    UpdateRefused
        If the text is an update.
    ServiceRefused
        If the query has a SERVICE pattern.

    Examples
    --------
    >>> query_form('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> {}" }')
    'SELECT'
    >>> try:
    ...     query_form("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    ... except ServiceRefused:
    ...     print("geweigerd")
    geweigerd
    >>> try:
    ...     query_form("SELECT * WHERE { ?s foo:bar ?o }")
    ... except QueryError as error:
    ...     print(str(error)[:42])
    Het voorvoegsel foo: is niet gedeclareerd.
    """
    return _checked(sparql)[0]


def has_dataset_clause(sparql: str) -> bool:
    """Return whether a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    Such a query's default graph is the merge of its ``FROM`` graphs (SPARQL 1.1 Query, section
    13.2), not the union of all graphs that the app gives every other query. Read from the parse
    tree, so the word FROM in a string, a comment or a variable name does not count.

    Parameters
    ----------
    sparql : str
        The query text, as given to :func:`query_form`.

    Returns
    -------
    bool

    Raises
    ------
    QueryError, UpdateRefused, ServiceRefused
        As :func:`query_form`.

    Examples
    --------
    >>> has_dataset_clause("SELECT (COUNT(*) AS ?n) FROM g:gemeenten WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT ?from WHERE { ?from ?p "FROM <x>" } # FROM <y>')
    False
    """
    return _checked(sparql)[1]


@functools.lru_cache(maxsize=128)
def _checked(sparql: str) -> tuple[str, bool]:
    """The form of an allowed query and whether it has a dataset clause; raises what query_form raises.

    Answers are remembered per query text (a refusal is not): rdflib's parser takes a few
    milliseconds, a fifth of a typical query's time in a worker, and clients repeat their queries.
    """
    try:
        tree = parseQuery(sparql)
    except RecursionError as error:
        raise QueryError("De query is te diep genest. / The query is nested too deeply.") from error
    except Exception as error:  # rdflib raises pyparsing errors and its own of several kinds
        try:
            update = parseUpdate(sparql)
        except Exception:
            raise _parser_error(error) from error
        # An empty text, or only comments and prefixes, parses as an update that does nothing.
        if "request" not in update:
            raise QueryError("De query is leeg: schrijf een SELECT, ASK, CONSTRUCT of DESCRIBE, of kies een "
                             "voorbeeld. / The query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE.") from error
        raise UpdateRefused(
            "Dit is een SPARQL-update (INSERT, DELETE, LOAD, CLEAR, ...), en SPARQL is hier "
            "alleen-lezen: gegevens toevoegen gaat via de import. / This is a SPARQL update; "
            "SPARQL here is read-only: data is added through the import."
        ) from error
    nodes = _nodes(tree)
    if any(node.name == "ServiceGraphPattern" for node in nodes):
        raise ServiceRefused(
            "SERVICE (federatie) is niet toegestaan: een query van OverHoop roept geen andere "
            "adressen op. Haal de gegevens op en combineer ze bij jezelf. / SERVICE (federated "
            "query) is not allowed: an OverHoop query never calls other addresses."
        )
    _check_prefixes(sparql, nodes)
    return _QUERY_FORMS[tree[1].name], "datasetClause" in tree[1]


def _nodes(tree) -> list[CompValue]:
    """Return all nodes of an rdflib parse tree (terms and literals are leaves)."""
    nodes = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            nodes.append(node)
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
    return nodes


def _check_prefixes(sparql: str, nodes: list[CompValue]) -> None:
    """Refuse a prefixed name whose prefix neither the query nor the app declares.

    Oxigraph would say so as a list of Unicode ranges it expected instead; rdflib's parser does
    not look prefixes up at all.
    """
    # rdflib leaves out the key of the empty prefix (":name").
    declared = {dict.get(node, "prefix", "") for node in nodes if node.name == "PrefixDecl"} | set(PREFIXES)
    unknown = {dict.get(node, "prefix", "") for node in nodes if node.name == "pname"} - declared
    if not unknown:
        return
    # The first one in the text: the one a person reading the query meets first.
    prefix = min(unknown, key=lambda name: sparql.find(f"{name}:"))
    known = ", ".join(f"{name}:" for name in PREFIXES)
    raise QueryError(
        f"Het voorvoegsel {prefix}: is niet gedeclareerd. Voeg PREFIX {prefix}: <…> toe bovenaan de "
        f"query; de app kent al: {known}. / The prefix {prefix}: is not declared. Add PREFIX "
        f"{prefix}: <…> at the top of the query; the app already declares: {known}."
    )


# Oxigraph's syntax errors: "error at 1:29: expected one of Prefix not found, ['%'], ['-' | ...]".
_ENGINE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# The character classes Oxigraph lists among what it expected: lines of code-point ranges.
_CHARACTER_CLASS = re.compile(r"\[[^\[\]]*\]")
_EXCERPT_CHARS = 30
_PARSER_CHARS = 100


def engine_syntax_error(sparql: str, message: str, lines_before: int = 0) -> QueryError:
    """Word a syntax error of Oxigraph (or of a remote SPARQL server) as one sentence.

    rdflib's parser, which every query passes first, accepts a few queries that Oxigraph's
    refuses (a SELECT of a variable that a GROUP BY leaves unbound, say): those get the same
    wording as rdflib's errors.

    Parameters
    ----------
    sparql : str
        The query as the user wrote it.
    message : str
        The engine's message.
    lines_before : int
        Lines that were put before the query (a prologue of prefixes) when it was sent.

    Returns
    -------
    QueryError

    Examples
    --------
    >>> message = "error at 1:29: expected one of Prefix not found, ['%'], ['.'], ['_']"
    >>> print(engine_syntax_error("SELECT * WHERE { ?s foo:bar ?o }", message))  # doctest: +NORMALIZE_WHITESPACE
    Syntaxfout op regel 1, kolom 29, bij ‘?o }’ (parser: expected one of Prefix not found). /
    Syntax error at line 1, column 29, near ‘?o }’ (parser: expected one of Prefix not found).
    """
    found = _ENGINE_ERROR.match(message.strip())
    if found is None:
        what = _without_character_classes(message.strip().split("\n")[0])
        return QueryError(f"De query is ongeldig ({what}). / The query is malformed ({what}).")
    line, column = int(found[1]) - lines_before, int(found[2])
    lines = sparql.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return _syntax_error(line, column, text, _without_character_classes(found[3]))


def _parser_error(error: Exception) -> QueryError:
    """Word an error of rdflib's SPARQL parser as one sentence."""
    if isinstance(error, ParseBaseException):
        # error.line is the line as pyparsing read it (tabs expanded), so the column fits it.
        return _syntax_error(error.lineno, error.col, error.line, error.msg)
    what = _without_character_classes(str(error).strip().split("\n")[0])
    return QueryError(f"De query is ongeldig ({what}). / The query is malformed ({what}).")


def _syntax_error(line: int, column: int, text: str, parser_says: str) -> QueryError:
    """One sentence, Dutch then English, with where the parser stopped and what it said."""
    rest = text.rstrip("\r")[column - 1:].strip()
    if len(rest) > _EXCERPT_CHARS:
        rest = rest[:_EXCERPT_CHARS] + "…"
    if len(parser_says) > _PARSER_CHARS:
        parser_says = parser_says[:_PARSER_CHARS] + "…"
    # " / " separates the two languages (api.i18n.said): a property path "a / b" in the excerpt must not.
    rest, parser_says = rest.replace(" / ", "/"), parser_says.replace(" / ", "/")
    where_nl = f"bij ‘{rest}’" if rest else "aan het einde van de regel"
    where_en = f"near ‘{rest}’" if rest else "at the end of the line"
    return QueryError(
        f"Syntaxfout op regel {line}, kolom {column}, {where_nl} (parser: {parser_says}). / "
        f"Syntax error at line {line}, column {column}, {where_en} (parser: {parser_says})."
    )


def _without_character_classes(text: str) -> str:
    """The parser's message without the character classes it lists: code-point ranges help nobody."""
    text = " ".join(_CHARACTER_CLASS.sub("", text).split())
    # The commas that separated the removed classes.
    text = re.sub(r"(?:,\s*){2,}", ", ", text).strip(", ")
    return text if text not in ("expected", "expected one of") else "unexpected character"


class QuerySandbox:
    """Runs public queries over ``store`` with a time limit, a row cap and no network.

    Parameters
    ----------
    store : Store
        The app's store: on-disk Oxigraph, in-memory Oxigraph, or a remote SPARQL server.
    timeout_s : float
        Time limit of one query, waiting for a free worker included.
    max_rows : int
        Most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer.
    workers : int
        Queries that may run at once (worker processes for an on-disk store).

    Examples
    --------
    >>> store = OxigraphStore()
    >>> store.replace_graph("https://example.org/g", "<https://example.org/a> <https://example.org/b> 1 .")
    >>> sandbox = QuerySandbox(store, timeout_s=5, max_rows=10)
    >>> sandbox.run("SELECT ?o WHERE { ?s ?p ?o }", solution_format="csv").body
    b'o\\r\\n1\\r\\n'
    """

    def __init__(self, store: Store, timeout_s: float = 10.0, max_rows: int = 10_000, workers: int = 2):
        if not isinstance(store, (OxigraphStore, RemoteStore)):
            raise StoreError(
                f"Het publieke SPARQL-endpoint werkt met oxigraph:MAP, memory of sparql:URL, niet "
                f"met {store.description}."
            )
        query_form("ASK {}")  # builds the parser once here, not in every forked child
        self.store = store
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self._slots = threading.BoundedSemaphore(max(1, workers))
        self._pool = _WorkerPool(store.path, max(1, workers)) if getattr(store, "path", None) else None

    def run(self, sparql: str, solution_format: str | None = "json", graph_format: str | None = "ttl",
            default_graphs=(), named_graphs=()) -> SandboxResult:
        """Run one query and return its serialised answer.

        Parameters
        ----------
        sparql : str
            The query from the public.
        solution_format, graph_format : str or None
            Formats for a SELECT/ASK answer and for a CONSTRUCT/DESCRIBE answer (None: not
            acceptable to the client).
        default_graphs, named_graphs : iterable of str
            The protocol's ``default-graph-uri`` and ``named-graph-uri``.

        Returns
        -------
        SandboxResult

        Raises
        ------
        QueryError, UpdateRefused, ServiceRefused, NotAcceptable, QueryTimeout, SandboxBusy, StoreError
        """
        request = QueryRequest(sparql, solution_format, graph_format, tuple(default_graphs),
                               tuple(named_graphs), self.max_rows)
        # The same query asked again before the next write gets the same answer: kept (unless
        # large), as a query service caches, instead of a worker process running it again.
        return cached(self.store, ("sparql", request), lambda: self._run(request),
                      keep_if=lambda result: len(result.body) <= KEEP_ANSWER_BYTES)

    def _run(self, request: QueryRequest) -> SandboxResult:
        deadline = time.monotonic() + self.timeout_s
        if isinstance(self.store, RemoteStore):
            return _run_remote(self.store.query_url, request, deadline, self.timeout_s)
        if self._pool is not None:
            return _unwrap(self._pool.run(request, deadline, self.timeout_s))
        if not self._slots.acquire(timeout=self.timeout_s):
            raise SandboxBusy(_busy_message())
        try:
            return _unwrap(_run_forked(self.store._store, request, deadline, self.timeout_s))
        finally:
            self._slots.release()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.close()


def _timeout_message(timeout_s: float) -> str:
    return (
        f"De query duurde langer dan {timeout_s:g} s en is gestopt. Maak hem specifieker (minder "
        "combinaties, een LIMIT), of draai hem op een eigen kopie van de graaf (overhoop export). "
        f"/ The query took longer than {timeout_s:g} s and was stopped."
    )


def _busy_message() -> str:
    return (
        "Alle plaatsen voor SPARQL-query's zijn bezet; probeer het zo meteen opnieuw. / All SPARQL "
        "query slots are busy; try again shortly."
    )


def _unwrap(reply):
    status, value = reply
    if status == "error":
        raise value
    return value


def _drop_network() -> None:
    """Move this process into an empty network namespace, where the system allows it."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return


def _store_fingerprint(path: str) -> tuple:
    """Names, sizes and times of the store's data files: they change with every write."""
    entries = []
    for entry in os.scandir(path):
        if entry.name.startswith("LOG"):
            continue  # RocksDB's own diary, written without any data changing
        try:
            stat = entry.stat()
        except FileNotFoundError:
            continue  # removed by the writer since the listing: the store changed, as noted anyway
        entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def _dataset_arguments(request: QueryRequest) -> dict:
    if not (request.default_graphs or request.named_graphs):
        # The protocol's graphs replace a FROM (SPARQL 1.1 Protocol, 2.1.4); without them a FROM
        # or FROM NAMED chooses the dataset, which Oxigraph's union option would override.
        return {} if has_dataset_clause(request.sparql) else {"use_default_graph_as_union": True}
    try:
        return {
            "default_graph": [ox.NamedNode(iri) for iri in request.default_graphs],
            "named_graphs": [ox.NamedNode(iri) for iri in request.named_graphs],
        }
    except ValueError as error:
        raise QueryError(f"Ongeldige graaf-IRI: {error}. / Invalid graph IRI.") from error


def _execute(store: ox.Store, request: QueryRequest) -> SandboxResult:
    form = query_form(request.sparql)
    return _serialise(_evaluate(store, request), form, request)


def _evaluate(store: ox.Store, request: QueryRequest):
    try:
        return store.query(request.sparql, prefixes=PREFIXES, **_dataset_arguments(request))
    except SyntaxError as error:
        raise engine_syntax_error(request.sparql, str(error)) from error


def _serialise(result, form: str, request: QueryRequest) -> SandboxResult:
    """Write a pyoxigraph result (or an iterable of triples) in the requested format, capped."""
    if form in ("SELECT", "ASK"):
        fmt = request.solution_format
        if fmt is None:
            raise _not_acceptable(form, RESULT_FORMATS)
        media_type, ox_format = RESULT_FORMATS[fmt]
        if isinstance(result, ox.QueryBoolean):
            return SandboxResult(result.serialize(format=ox_format), media_type, form, 1, False)
        variables = [variable.value for variable in result.variables]
        rows = list(itertools.islice(result, request.max_rows + 1))
        truncated = len(rows) > request.max_rows
        rows = rows[: request.max_rows]
        document = {"head": {"vars": variables}, "results": {"bindings": [
            {name: _json_term(value) for name, value in zip(variables, row) if value is not None}
            for row in rows
        ]}}
        if fmt == "json":
            if truncated:
                document["head"]["overhoop"] = {"truncated": True, "max_rows": request.max_rows,
                                                **truncation_notice(request.max_rows)}
            body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        else:
            # Oxigraph's own writers keep XML, CSV and TSV exactly to the W3C formats.
            parsed = ox.parse_query_results(json.dumps(document).encode("utf-8"),
                                            format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=ox_format)
        return SandboxResult(body, media_type, form, len(rows), truncated)
    fmt = request.graph_format
    if fmt is None:
        raise _not_acceptable(form, GRAPH_FORMATS)
    media_type, ox_format = GRAPH_FORMATS[fmt]
    triples = list(itertools.islice(result, request.max_rows + 1))
    truncated = len(triples) > request.max_rows
    triples = triples[: request.max_rows]
    prefixes = PREFIXES if fmt == "ttl" else None
    body = ox.serialize(triples, format=ox_format, prefixes=prefixes)
    return SandboxResult(body, media_type, form, len(triples), truncated)


def _json_term(term) -> dict:
    """One RDF term as a SPARQL 1.1 JSON results term object."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _not_acceptable(form: str, formats: dict) -> NotAcceptable:
    offered = ", ".join(media for media, _ in formats.values())
    return NotAcceptable(
        f"Een {form}-resultaat kan niet in het gevraagde formaat (Accept) geleverd worden; wel in: "
        f"{offered}. / A {form} result cannot be written in the requested format."
    )


def query_failed(error: Exception) -> StoreError:
    """Word an error that stopped a query while it ran (Oxigraph raises ``OSError``) as one sentence.

    Examples
    --------
    >>> print(query_failed(OSError("disk gone")))
    De query kon niet uitgevoerd worden (disk gone). / The query could not be run (disk gone).
    """
    what = str(error).strip().split("\n")[0] or type(error).__name__
    return StoreError(f"De query kon niet uitgevoerd worden ({what}). / The query could not be run ({what}).")


def _reply_for(error: BaseException):
    if isinstance(error, (QueryError, NotAcceptable, StoreError)):
        return ("error", error)
    return ("error", query_failed(error))


def serve_worker(fd: int, path: str, parent_pid: int) -> None:
    """Be a worker process: answer queries arriving on socket ``fd`` over the store at ``path``.

    The view of the store is read-only and is reopened when the store's files change. The
    worker stops when the process ``parent_pid`` (the server) is gone.
    """
    _drop_network()
    exit_with_parent(parent_pid)
    conn = Connection(fd)
    # Open the store and build the parser before saying ready: starting is not a query's time,
    # and the worker's first query would otherwise pay both.
    store, fingerprint = None, None
    try:
        fingerprint = _store_fingerprint(path)
        store = ox.Store.read_only(path)
        query_form("ASK {}")
    except Exception:  # noqa: BLE001 - the first query opens the store again and reports what is wrong
        store = None
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        try:
            current = _store_fingerprint(path)
            if store is None or current != fingerprint:
                store, fingerprint = ox.Store.read_only(path), current
            try:
                reply = ("ok", _execute(store, request))
            except OSError:
                # The writer may have compacted files away under this view: reopen, once.
                store = ox.Store.read_only(path)
                reply = ("ok", _execute(store, request))
        except Exception as error:
            reply = _reply_for(error)
        conn.send(reply)


def _forked_main(conn, store: ox.Store, request: QueryRequest, parent_pid: int) -> None:
    _drop_network()
    exit_with_parent(parent_pid)
    try:
        reply = ("ok", _execute(store, request))
    except Exception as error:
        reply = _reply_for(error)
    conn.send(reply)
    conn.close()


def _wait_for_reply(conn, deadline: float, timeout_s: float):
    """Wait for a worker's reply until ``deadline``; the caller kills the worker on time-out."""
    try:
        if not conn.poll(max(0.0, deadline - time.monotonic())):
            raise QueryTimeout(_timeout_message(timeout_s))
        return conn.recv()
    except (EOFError, OSError) as error:
        raise StoreError(
            "Het proces dat de query uitvoerde, is onverwacht gestopt (te weinig geheugen?). Vraag minder "
            "tegelijk (LIMIT, minder variabelen) of probeer het opnieuw. / The query process stopped "
            "unexpectedly; ask for less at once or try again."
        ) from error


def _run_forked(store: ox.Store, request: QueryRequest, deadline: float, timeout_s: float):
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_forked_main, args=(writer, store, request, os.getpid()),
                              daemon=True)
    process.start()
    writer.close()
    try:
        return _wait_for_reply(reader, deadline, timeout_s)
    finally:
        reader.close()
        process.kill()
        process.join()


class _WorkerLost(StoreError):
    """A worker process that did not start, or was gone before it was given the query."""


class _Worker:
    """One worker process, started as a fresh interpreter.

    Not a multiprocessing ``spawn``: that would re-run the server's main script in the child,
    and a fork would inherit the server's open RocksDB and its threads.
    """

    def __init__(self, path: str):
        parent_socket, child_socket = socket.socketpair()
        with child_socket:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "import sys; from graph.sandbox import serve_worker; "
                 "serve_worker(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))",
                 str(child_socket.fileno()), path, str(os.getpid())],
                pass_fds=(child_socket.fileno(),), stdin=subprocess.DEVNULL,
            )
        self.conn = Connection(parent_socket.detach())
        self.ready = False

    def wait_until_ready(self) -> None:
        """Wait for the worker's first sign of life: starting Python is not the query's time."""
        if self.ready:
            return
        try:
            if self.conn.poll(_STARTUP_TIMEOUT_S) and self.conn.recv() == "ready":
                self.ready = True
                return
        except (EOFError, OSError):
            pass
        raise _WorkerLost("Een SPARQL-werkproces start niet; probeer het zo opnieuw en meld het aan wie de "
                          "server beheert als het blijft duren. / A SPARQL worker does not start; try again "
                          "shortly.")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()


class _WorkerPool:
    """Long-lived worker processes over read-only views of an on-disk store."""

    def __init__(self, path: Path, size: int):
        self._path = str(path)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._path))

    def run(self, request: QueryRequest, deadline: float, timeout_s: float):
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise SandboxBusy(_busy_message()) from None
        try:
            try:
                return self._ask(worker, request, deadline, timeout_s)
            except _WorkerLost:
                # The worker never saw the query (it did not start, or was gone before the query
                # was sent): a fresh one gets it. A worker that dies *with* the query is not
                # retried, since the query itself may be what killed it.
                worker.kill()
                worker = _Worker(self._path)
                return self._ask(worker, request, deadline, timeout_s)
        except BaseException:
            worker.kill()
            worker = _Worker(self._path)
            raise
        finally:
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)

    @staticmethod
    def _ask(worker: _Worker, request: QueryRequest, deadline: float, timeout_s: float):
        if not worker.ready:
            worker.wait_until_ready()
            deadline = time.monotonic() + timeout_s
        try:
            if worker.conn.poll(0):
                # An idle worker says nothing: what there is to read is the end of its socket.
                raise ConnectionResetError("the worker closed its end")
            worker.conn.send(request)
        except OSError as error:
            raise _WorkerLost("Een SPARQL-werkproces was gestopt; probeer het opnieuw. / A SPARQL "
                              "worker had stopped; try again.") from error
        return _wait_for_reply(worker.conn, deadline, timeout_s)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


def _run_remote(query_url: str, request: QueryRequest, deadline: float, timeout_s: float) -> SandboxResult:
    form = query_form(request.sparql)
    data = {"query": sparql_prologue() + request.sparql,
            "default-graph-uri": list(request.default_graphs),
            "named-graph-uri": list(request.named_graphs)}
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    chunks = []
    try:
        with httpx.stream("POST", query_url, data=data, headers={"Accept": accept},
                          timeout=timeout_s) as response:
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:
                    raise QueryTimeout(_timeout_message(timeout_s))
                chunks.append(chunk)
    except httpx.TimeoutException as error:
        raise QueryTimeout(_timeout_message(timeout_s)) from error
    except httpx.HTTPError as error:
        raise StoreError(f"De SPARQL-server {query_url} antwoordt niet ({error}).") from error
    body = b"".join(chunks)
    if response.status_code == 400:
        raise engine_syntax_error(request.sparql, body.decode("utf-8", "replace"),
                                  lines_before=sparql_prologue().count("\n"))
    if response.status_code >= 300:
        raise StoreError(f"De SPARQL-server {query_url} gaf fout {response.status_code}.")
    # The parsed results never become a local here: frames that the parser's exceptions keep
    # alive (through f_back) would hold them until a garbage collection in another thread,
    # and pyoxigraph results must be dropped in the thread that made them.
    return _serialise(_parse_remote(body, form), form, request)


def _parse_remote(body: bytes, form: str):
    if form in ("SELECT", "ASK"):
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return (ox.Triple(quad.subject, quad.predicate, quad.object)
            for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
