"""What several sub-commands share: opening the store to read beside a running server, and
refusing a file that is not there."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.store import Store, open_store


def open_to_read(args) -> Store:
    """Open the store of ``args.store`` for a command that only reads.

    While another writer (a running ``overhoop serve``) holds an on-disk store, the command reads
    it read-only, as it is at this moment, and says so in one line on stderr; without one, the
    store opens as for any command.
    """
    store = open_store(args.store, read_only_if_held=True)
    if store.held_elsewhere:
        print(f"overhoop {args.command}: de store {store.path} is al open om te schrijven (draait de "
              "overhoop-server?); alleen-lezen geopend, met de gegevens van nu: wat intussen geschreven "
              "wordt, telt niet mee.", file=sys.stderr)
    return store


def existing_file(path: Path) -> Path:
    """Return ``path`` if it names a file (relative to the working directory); else refuse in one sentence.

    Examples
    --------
    >>> existing_file(Path("nope.ttl"))
    Traceback (most recent call last):
    ...
    FileNotFoundError: Het bestand nope.ttl bestaat niet.
    """
    if not path.is_file():
        raise FileNotFoundError(f"Het bestand {path} bestaat niet.")
    return path
