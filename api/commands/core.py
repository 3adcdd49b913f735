"""Sub-commands of the foundation: build, query, validate, export, restore and serve."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import uvicorn

from api.commands.analysis import NETWORK_FORMATS, add_network_arguments, run_network_export
from api.commands.common import existing_file, open_to_read
from api.sparql import FORMAT_NAMES
from graph.backup import export_dataset
from graph.build import build
from graph.sandbox import engine_syntax_error, has_dataset_clause, query_failed, query_form
from graph.store import QueryError, open_store
from graph.validate import validate_file, validate_store

# Output of `overhoop query`: the table, or a W3C format by the short names of /sparql's ?format=,
# which mean the results format for a SELECT or ASK and the RDF format for a CONSTRUCT or DESCRIBE.
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")


def register(commands) -> None:
    """Add the foundation's sub-commands to ``commands`` (an argparse sub-parsers object)."""
    p = commands.add_parser("build", help="bouw de graaf uit ontology/ en data/ in de store")
    p.set_defaults(run=run_build)

    p = commands.add_parser("query", help="voer een SPARQL-query uit (tekst of @bestand.rq)")
    p.add_argument("query", help="SPARQL-tekst, of @pad/naar/bestand.rq")
    p.add_argument("--format", choices=QUERY_FORMATS, default="table",
                   help="uitvoervorm (standaard: table); csv en tsv voor SELECT en ASK, ttl, nt en "
                   "jsonld voor CONSTRUCT en DESCRIBE, json en xml voor beide")
    p.set_defaults(run=run_query)

    p = commands.add_parser("validate", help="controleer de store of een bestand met de SHACL-vormen")
    p.add_argument("file", nargs="?", type=Path, help="Turtle-, TriG- of JSON-LD-bestand (standaard: de store)")
    p.set_defaults(run=run_validate)

    p = commands.add_parser("export", help="schrijf de hele store weg (back-up of download), "
                            "of een netwerk voor Gephi (graphml, gexf, csv, nodelink)")
    p.add_argument("--format", choices=("trig", "nq", "ttl", "jsonld", *NETWORK_FORMATS), default="trig")
    add_network_arguments(p)
    p.add_argument("-o", "--output", type=Path, help="bestand (standaard: standaarduitvoer)")
    p.set_defaults(run=run_export)

    p = commands.add_parser("serve", help="start de webapp (pagina's, API, SPARQL)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=run_serve)


def run_build(args) -> int:
    store = open_store(args.store)
    started = time.perf_counter()
    sizes = build(store, progress=lambda line: print(line, file=sys.stderr, flush=True))
    store.close()
    print(f"{'graaf':<60} {'triples':>8}")
    for graph, count in sizes.items():
        print(f"{graph:<60} {count:>8}")
    print(f"{'totaal':<60} {sum(sizes.values()):>8}")
    print(f"Klaar in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
    return 0


def read_query_argument(text: str) -> str:
    """Return the query text: the argument itself, or the file it names after ``@``."""
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise FileNotFoundError(f"Het querybestand {path} bestaat niet.")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"Het querybestand {path} is geen UTF-8-tekst: sla het op als UTF-8. / The query "
                             f"file {path} is not UTF-8 text: save it as UTF-8.") from error
        except OSError as error:
            raise ValueError(f"Het querybestand {path} kan niet gelezen worden ({error.strerror}). / The query "
                             f"file {path} cannot be read ({error.strerror}).") from error
    return text


def run_query(args) -> int:
    sparql = read_query_argument(args.query)
    # The endpoint's own check, before the store is opened: an update or a SERVICE (which would
    # make this machine call another address) is refused, and the form decides the formats.
    form = query_form(sparql)
    output = output_format(args.format, form)
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    # The table is made from SPARQL JSON results, or from the triples of a CONSTRUCT or DESCRIBE.
    asked = output if output != "table" else "nt" if graph_form else "json"
    store = open_to_read(args)
    try:
        body = store.query(sparql, asked, union_default_graph=not has_dataset_clause(sparql))
    except QueryError as error:
        raise engine_syntax_error(sparql, str(error)) from error
    except OSError as error:
        raise query_failed(error) from error
    finally:
        store.close()
    if output != "table":
        sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    elif graph_form:
        print_table(["subject", "predicate", "object"], triple_rows(body))
    else:
        results = json.loads(body)
        if "boolean" in results:
            print("ja" if results["boolean"] else "nee")
        else:
            print_table(results["head"]["vars"], solution_rows(results))
    return 0


def output_format(name: str, form: str) -> str:
    """Return the format that ``--format name`` means for a query of ``form``.

    Parameters
    ----------
    name : str
        One of ``QUERY_FORMATS``.
    form : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Returns
    -------
    str
        ``table``, a results format (``json``, ``xml``, ``csv``, ``tsv``) or an RDF format
        (``ttl``, ``nt``, ``jsonld``, ``rdfxml``).

    Raises
    ------
    ValueError
        If the format does not fit the form (Turtle for a SELECT, CSV for a CONSTRUCT).

    Examples
    --------
    >>> output_format("xml", "CONSTRUCT")
    'rdfxml'
    >>> output_format("ttl", "SELECT")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Een SELECT-query kan niet als ttl geschreven worden; kies table, csv, tsv, json of xml. / ...
    """
    if name == "table":
        return name
    column = 1 if form in ("CONSTRUCT", "DESCRIBE") else 0
    if FORMAT_NAMES[name][column]:
        return FORMAT_NAMES[name][column]
    fitting = [option for option in QUERY_FORMATS if option == "table" or FORMAT_NAMES[option][column]]
    choices_nl = ", ".join(fitting[:-1]) + " of " + fitting[-1]
    choices_en = ", ".join(fitting[:-1]) + " or " + fitting[-1]
    raise ValueError(f"Een {form}-query kan niet als {name} geschreven worden; kies {choices_nl}. / "
                     f"A {form} query cannot be written as {name}; choose {choices_en}.")


def solution_rows(results: dict) -> list[list[str]]:
    """The rows of SPARQL JSON results of a SELECT, as the values of its variables ("" if unbound)."""
    columns = results["head"]["vars"]
    return [[binding.get(c, {}).get("value", "") for c in columns] for binding in results["results"]["bindings"]]


def triple_rows(ntriples: bytes) -> list[list[str]]:
    """The triples of a CONSTRUCT or DESCRIBE answer in N-Triples, as subject, predicate, object values."""
    return [[quad.subject.value, quad.predicate.value, quad.object.value]
            for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def print_table(columns: list[str], rows: list[list[str]]) -> None:
    """Print rows under their column names as an aligned text table, the count on stderr.

    Examples
    --------
    >>> print_table(["zone", "n"], [["gent", "3"]])
    zone  n
    ----  -
    gent  3
    """
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"({len(rows)} {'rij' if len(rows) == 1 else 'rijen'})", file=sys.stderr)


def run_validate(args) -> int:
    if args.file:
        existing_file(args.file)
    store = open_to_read(args)
    try:
        violations = validate_file(args.file, store) if args.file else validate_store(store)
    finally:
        store.close()
    errors = [v for v in violations if v.severity == "Violation"]
    for violation in violations:
        print(f"[{violation.severity}] {violation}")
    if errors:
        print(f"{len(errors)} fouten gevonden / {len(errors)} violations found.", file=sys.stderr)
        return 1
    print("Geen fouten: de gegevens voldoen aan de vormen. / No violations.", file=sys.stderr)
    return 0


def run_export(args) -> int:
    if args.format in NETWORK_FORMATS:
        return run_network_export(args)
    store = open_to_read(args)
    try:
        if not args.output:
            export_dataset(store, sys.stdout.buffer, args.format)
            return 0
        _export_to_file(store, args.output, args.format)
    finally:
        store.close()
    print(f"{args.output.stat().st_size} bytes geschreven naar {args.output}.", file=sys.stderr)
    return 0


def _export_to_file(store, target: Path, fmt: str) -> None:
    # Written beside the target first: an export that breaks off never leaves half a backup.
    tmp = target.with_name(target.name + ".part")
    try:
        with tmp.open("wb") as output:
            export_dataset(store, output, fmt)
        tmp.replace(target)
    except OSError as error:
        raise ValueError(f"{target} kon niet geschreven worden ({error.strerror or error}); er is niets "
                         "geschreven. Kijk of de map bestaat en of de schijf plaats heeft, en probeer opnieuw. "
                         "/ The export could not be written; nothing was written.") from error
    finally:
        tmp.unlink(missing_ok=True)


def run_serve(args) -> int:
    if args.store:
        os.environ["OVERHOOP_STORE"] = args.store
    print(f"OverHoop draait op http://{args.host}:{args.port}/ (stoppen: Ctrl+C)", file=sys.stderr)
    uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, log_level="warning")
    return 0

