"""Sub-commands for contributions and backups: import, imports, withdraw, restore, templates."""

from __future__ import annotations

import sys
from pathlib import Path

from api.commands.common import existing_file, open_to_read
from graph.backup import restore
from graph.dates import local_time
from graph.imports import (
    DEFAULT_AGENT,
    ImportRefused,
    apply,
    list_contributions,
    preview_files,
    withdraw,
)
from graph.imports.readers import MAX_FILE_BYTES, SUPPORTED, size_problem, suffix_of
from graph.imports.templates import TEMPLATE_DIR, write_templates
from graph.store import open_store


def register(commands) -> None:
    """Add the import and backup sub-commands to ``commands`` (argparse sub-parsers)."""
    p = commands.add_parser(
        "import", help="voer organisaties, samenwerkingen, verbindingen of praktijken in "
        "(CSV, XLSX, Turtle, TriG, JSON-LD); meerdere bestanden worden één bijdrage")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true",
                   help="toon alleen wat er zou gebeuren; schrijf niets")
    p.add_argument("--agent", default=DEFAULT_AGENT,
                   help="pseudoniem van wie invoert (standaard: beheerder), bv. coordinator-leuven")
    p.set_defaults(run=run_import)

    p = commands.add_parser("imports", help="toon de bijdragen (invoer) in de store")
    p.set_defaults(run=run_imports)

    p = commands.add_parser("withdraw", help="trek een bijdrage in: de graaf wordt zoals ervoor")
    p.add_argument("id", help="de id uit 'overhoop imports' (bijdrage-...)")
    p.set_defaults(run=run_withdraw)

    p = commands.add_parser("restore", help="zet een back-up (van 'overhoop export') terug "
                            "in een lege store")
    p.add_argument("file", type=Path, metavar="FILE", help=".trig- of .nq-bestand")
    p.add_argument("--replace", action="store_true",
                   help="vervang de inhoud van een store die niet leeg is")
    p.set_defaults(run=run_restore)

    p = commands.add_parser("templates", help="schrijf de invulsjablonen (CSV en XLSX)")
    p.add_argument("-o", "--output", type=Path, default=TEMPLATE_DIR,
                   help=f"map (standaard: {TEMPLATE_DIR})")
    p.set_defaults(run=run_templates)


def _read_files(paths: list[Path]) -> list[tuple[bytes, str]]:
    files = []
    for path in paths:
        existing_file(path)
        if suffix_of(path.name) not in SUPPORTED:
            raise ValueError(f"{path.name}: kies een CSV-, XLSX-, Turtle-, TriG- of JSON-LD-bestand.")
        # Refused by its size on disk, before a byte of it is read.
        too_big = size_problem(path.stat().st_size, path.name, MAX_FILE_BYTES)
        if too_big:
            raise ValueError(too_big.message_nl)
        files.append((path.read_bytes(), path.name))
    return files


def run_import(args) -> int:
    files = _read_files(args.files)
    store = open_store(args.store)
    plan = preview_files(store, files, args.agent)
    print(plan.summary())
    if not plan.ok:
        print(f"Niets ingevoerd: verbeter de {len(plan.problems)} fout(en) hierboven en probeer "
              "opnieuw.", file=sys.stderr)
        store.close()
        return 1
    if args.dry_run:
        print("Proefdraai (--dry-run): er werd niets geschreven.", file=sys.stderr)
        store.close()
        return 0
    try:
        contribution = apply(store, plan)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(f"  - {problem}", file=sys.stderr)
        store.close()
        return 1
    store.close()
    if contribution.created:
        print(f"Ingevoerd als {contribution.id} ({contribution.triples} triples). Intrekken: "
              f"overhoop withdraw {contribution.id}")
    else:
        print("Er veranderde niets. (Nothing changed.)")
    return 0


def run_imports(args) -> int:
    store = open_to_read(args)
    contributions = list_contributions(store)
    store.close()
    if not contributions:
        print("Nog geen bijdragen. (No contributions yet.)", file=sys.stderr)
        return 0
    # When, as in Brussels and on the pages ("30 september 2026, 22.47 uur" is the longest); the
    # graph keeps the moment in UTC.
    print(f"{'id':<58} {'wie':<20} {'wanneer':<28} {'triples':>7}  bestand(en)")
    for c in contributions:
        print(f"{c.id:<58} {c.agent:<20} {local_time(c.time):<28} {c.triples:>7}  {', '.join(c.files)}")
    return 0


def run_withdraw(args) -> int:
    store = open_store(args.store)
    found = withdraw(store, args.id)
    store.close()
    print(f"Ingetrokken: {found.id} ({found.triples} triples van {found.agent}). "
          "(Withdrawn.)")
    return 0


def run_restore(args) -> int:
    existing_file(args.file)
    store = open_store(args.store)
    sizes = restore(store, args.file, replace=args.replace)
    store.close()
    print(f"Teruggezet: {len(sizes)} grafen, {sum(sizes.values())} triples uit {args.file}. "
          "(Restored.)")
    return 0


def run_templates(args) -> int:
    for path in write_templates(args.output):
        print(path)
    return 0
