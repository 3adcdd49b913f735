"""The ``overhoop`` command line: a thin shell over ``graph/`` (no business logic here).

Every command opens the store named by ``--store`` or ``OVERHOOP_STORE``. Errors a user can fix
print one sentence on stderr and exit with code 2; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from api.commands import analysis, core, imports, maps, note, synth
from graph.store import QueryError, StoreError

# Each module registers its own sub-commands: one module per concern.
COMMAND_MODULES = (core, note, synth, imports, analysis, maps)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``overhoop`` with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="overhoop",
        description="OverHoop-kennisgraaf: bouwen, bevragen, valideren, exporteren en serveren.",
    )
    parser.add_argument(
        "--store",
        help="oxigraph:MAP (standaard oxigraph:var/store), memory of sparql:URL; "
        "anders de omgevingsvariabele OVERHOOP_STORE",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``overhoop`` with ``argv`` (default: the process arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (QueryError, StoreError, ValueError, FileNotFoundError, LookupError) as error:
        # A QueryError says itself what is wrong with the query (graph.sandbox words them).
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"overhoop {args.command}: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (``| head``, say) stopped reading: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"overhoop {args.command}: onderbroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
