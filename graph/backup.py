"""Back up and restore the whole store: every named graph, contributions and provenance included.

``overhoop export --format trig`` (or ``nq``) writes the backup as the store reads it, without
holding it in memory; :func:`restore` first reads the whole file (:func:`check_backup`), so that a
broken or truncated backup is refused before the store is touched, then loads it into an empty
store (``Store.load_dataset``).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.queries import prepared
from graph.store import DATASET_FORMATS, Store

FORMATS = {".trig": "trig", ".nq": "nq", ".nquads": "nq"}
FORMAT_NAMES = {"trig": "TriG", "nq": "N-Quads"}


def holds_data(store: Store) -> bool:
    """Return whether the store holds any triple, in any of its graphs."""
    return store.ask(prepared("store_holds_data"))


def check_backup(path: Path) -> dict[str, int]:
    """Read a whole backup file (TriG or N-Quads, by its extension) and count its triples per graph.

    The file is streamed, never held in memory: 600,000 triples take about a second.

    Parameters
    ----------
    path : Path

    Returns
    -------
    dict
        Triples per named graph (``""`` for the default graph), in the order they first appear.

    Raises
    ------
    ValueError
        When the extension is not ``.trig`` or ``.nq``, or the file does not parse.

    Examples
    --------
    >>> import tempfile
    >>> backup = Path(tempfile.mkdtemp()) / "backup.nq"
    >>> _ = backup.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\\n<urn:a> <urn:b> <urn:d> .\\n")
    >>> check_backup(backup)
    {'urn:g': 1, '': 1}
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: een back-up is een .trig- of .nq-bestand (van 'overhoop "
                         "export --format trig'). / A backup is a .trig or .nq file.")
    sizes: dict[str, int] = {}
    try:
        for quad in ox.parse(path=path, format=DATASET_FORMATS[fmt][1]):
            graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            sizes[graph] = sizes.get(graph, 0) + 1
    except SyntaxError as error:
        raise ValueError(f"{path.name} is geen geldige {FORMAT_NAMES[fmt]}-back-up: "
                         f"{' '.join(str(error).split())[:300]}. Er is niets teruggezet; gebruik een "
                         "volledige, onbeschadigde export. / Not a valid backup; nothing was restored.") from error
    except OSError as error:
        raise ValueError(f"{path.name} kan niet gelezen worden ({error}). Er is niets teruggezet; "
                         "kijk of het bestand leesbaar is. / The file cannot be read.") from error
    return sizes


def restore(store: Store, path: Path, replace: bool = False) -> dict[str, int]:
    """Load a backup file into the store, after reading it whole (:func:`check_backup`).

    Parameters
    ----------
    store : Store
        The target; it must be empty unless ``replace`` is true.
    path : Path
        The backup, a ``.trig`` or ``.nq`` file from ``overhoop export``.
    replace : bool
        Empty a store that holds data first.

    Returns
    -------
    dict
        Triples per named graph restored (``""`` for the default graph).

    Raises
    ------
    ValueError
        When the store is not empty and ``replace`` is false, or the file is no valid backup;
        the store is then left as it was.

    Examples
    --------
    >>> import tempfile
    >>> from graph.store import open_store
    >>> backup = Path(tempfile.mkdtemp()) / "backup.nq"
    >>> _ = backup.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\\n")
    >>> restore(open_store("memory"), backup)
    {'urn:g': 1}
    """
    if not replace and holds_data(store):
        raise ValueError(
            "De store is niet leeg; een back-up terugzetten zou alles vervangen. Gebruik "
            "--replace als dat de bedoeling is (maak eerst een export). "
            "/ The store is not empty; use --replace to overwrite it.")
    sizes = check_backup(path)
    store.load_dataset(path, FORMATS[path.suffix.lower()], replace=replace)
    return sizes


def export_dataset(store: Store, output: BinaryIO, fmt: str = "trig") -> None:
    """Write the whole store to ``output``, for a backup or a download.

    Parameters
    ----------
    store : Store
    output : binary file
        Where to write (a file opened with ``"wb"``, or ``sys.stdout.buffer``).
    fmt : str
        ``trig`` or ``nq`` (named graphs kept: what ``restore`` reads back), ``jsonld`` (named
        graphs kept, as JSON-LD) or ``ttl`` (all triples together, the graphs dropped); Oxigraph
        streams each of them as it reads the store.

    Examples
    --------
    >>> import io
    >>> from graph.store import open_store
    >>> out = io.BytesIO(); export_dataset(open_store("memory"), out, "nq"); out.getvalue()
    b''
    """
    if fmt == "ttl":
        store.dump_merged(output)
    else:
        store.dump(fmt, output)
