"""Sub-commands of the foundation: build, query, validate, export, restore and serve."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import uvicorn

from api.commands.analysis import NETWORK_FORMATS, add_network_arguments, run_network_export
from graph.backup import export_dataset
from graph.build import build
from graph.store import QueryError, open_store
from graph.validate import validate_file, validate_store


def register(commands) -> None:
    """Add the foundation's sub-commands to ``commands`` (an argparse sub-parsers object)."""
    p = commands.add_parser("build", help="bouw de graaf uit ontology/ en data/ in de store")
    p.set_defaults(run=run_build)

    p = commands.add_parser("query", help="voer een SPARQL-query uit (tekst of @bestand.rq)")
    p.add_argument("query", help="SPARQL-tekst, of @pad/naar/bestand.rq")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml", "ttl", "nt"),
                   default="table", help="uitvoervorm (standaard: table)")
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
        return path.read_text(encoding="utf-8")
    return text


def run_query(args) -> int:
    sparql = read_query_argument(args.query)
    store = open_store(args.store)
    if args.format == "table":
        print_table(json.loads(store.query(sparql, "json")), sparql)
    else:
        sys.stdout.buffer.write(store.query(sparql, args.format))
    return 0


def print_table(results: dict, sparql: str) -> None:
    """Print SPARQL JSON results as an aligned text table (or the boolean of an ASK)."""
    if "boolean" in results:
        print("ja" if results["boolean"] else "nee")
        return
    if "head" not in results:
        raise QueryError("Kies --format ttl of nt voor een CONSTRUCT- of DESCRIBE-query.")
    columns = results["head"]["vars"]
    rows = [[binding.get(c, {}).get("value", "") for c in columns]
            for binding in results["results"]["bindings"]]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"({len(rows)} rijen)", file=sys.stderr)


def run_validate(args) -> int:
    store = open_store(args.store)
    violations = validate_file(args.file, store) if args.file else validate_store(store)
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
    store = open_store(args.store)
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

