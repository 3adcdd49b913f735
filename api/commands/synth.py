"""Sub-command ``overhoop synth``: fictional, Flanders-shaped data for benchmarks and load tests."""

from __future__ import annotations

import sys

from graph.store import open_store
from graph.synth import SYNTH_GRAPH, remove, synthesise


def register(commands) -> None:
    """Add ``synth`` to ``commands`` (an argparse sub-parsers object)."""
    p = commands.add_parser(
        "synth",
        help="schrijf fictieve organisaties, praktijken en doorverwijzingen (voor benchmarks)",
        description="Schrijft een fictieve maar Vlaams gevormde graaf in de graaf g:synthetisch "
        "(vervangt de vorige). Bouw eerst de echte graaf met 'overhoop build'.",
    )
    p.add_argument("--organisations", type=int, default=500, help="aantal organisaties (standaard 500)")
    p.add_argument("--referrals", type=int, default=2000, help="aantal doorverwijzingen (standaard 2000)")
    p.add_argument("--practices", type=int, help="aantal praktijken (standaard 30%% van de organisaties)")
    p.add_argument("--seed", type=int, default=1, help="zelfde seed, zelfde graaf (standaard 1)")
    p.add_argument("--remove", action="store_true", help="verwijder de synthetische graaf in plaats van hem te schrijven")
    p.set_defaults(run=run_synth)


def run_synth(args) -> int:
    store = open_store(args.store)
    if args.remove:
        remove(store)
        store.close()
        print(f"Synthetische graaf {SYNTH_GRAPH} verwijderd.", file=sys.stderr)
        return 0
    summary = synthesise(store, args.organisations, args.referrals, args.seed, args.practices,
                         progress=lambda line: print(line, file=sys.stderr, flush=True))
    store.close()
    print(f"{summary.organisations} organisaties, {summary.practices} praktijken, "
          f"{summary.referrals} doorverwijzingen: {summary.triples} triples in {SYNTH_GRAPH} "
          f"(genereren {summary.generate_seconds:.1f} s, laden {summary.load_seconds:.1f} s).")
    return 0
