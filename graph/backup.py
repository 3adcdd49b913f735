"""Back up and restore the whole store: every named graph, contributions and provenance included.

``overhoop export --format trig`` (or ``nq``) writes the backup; :func:`restore` loads it into
an empty store in one update request, so a restore that fails leaves the store as it was.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.queries import load_query, prepared, term
from graph.store import Store

FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}


def holds_data(store: Store) -> bool:
    """Return whether the store holds any triple, in any of its graphs."""
    return store.ask(prepared("store_holds_data"))


def read_backup(path: Path) -> Dataset:
    """Parse a backup file (TriG or N-Quads, by its extension).

    Raises
    ------
    ValueError
        When the extension is not ``.trig`` or ``.nq``, or the file does not parse.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: een back-up is een .trig- of .nq-bestand (van 'overhoop "
                         "export --format trig'). / A backup is a .trig or .nq file.")
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as error:  # rdflib raises a different class per parser
        raise ValueError(f"{path.name} is geen geldige {fmt}: {' '.join(str(error).split())[:300]}"
                         ) from error
    return dataset


def restore(store: Store, dataset: Dataset, replace: bool = False) -> dict[str, int]:
    """Load a backup into the store, graph by graph, in one update request.

    Parameters
    ----------
    store : Store
        The target; it must be empty unless ``replace`` is true.
    dataset : rdflib.Dataset
        The backup, from :func:`read_backup`.
    replace : bool
        Empty a store that holds data first (in the same request).

    Returns
    -------
    dict
        Triples per named graph restored (``""`` for the default graph).

    Raises
    ------
    ValueError
        When the store is not empty and ``replace`` is false.

    Examples
    --------
    >>> from graph.store import open_store
    >>> ds = Dataset(); _ = ds.parse(data="<urn:a> <urn:b> <urn:c> <urn:g> .", format="nquads")
    >>> restore(open_store("memory"), ds)
    {'urn:g': 1}
    """
    if not replace and holds_data(store):
        raise ValueError(
            "De store is niet leeg; een back-up terugzetten zou alles vervangen. Gebruik "
            "--replace als dat de bedoeling is (maak eerst een export). "
            "/ The store is not empty; use --replace to overwrite it.")
    blocks, sizes = [], {}
    for graph in dataset.graphs():
        if not len(graph):
            continue
        body = graph.serialize(format="nt")
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            blocks.append(body)
            sizes[""] = len(graph)
        else:
            blocks.append(f"GRAPH {term(graph.identifier)} {{\n{body}\n}}")
            sizes[str(graph.identifier)] = len(graph)
    prefix = "DROP ALL ;\n" if replace else ""
    # Blank node labels are shared across the graphs of one INSERT DATA, as in the backup.
    store.update(prefix + "INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return sizes


def export_dataset(store: Store, fmt: str = "trig") -> bytes:
    """Serialise the whole store for a backup or a download.

    Parameters
    ----------
    store : Store
    fmt : str
        ``trig`` or ``nq`` (named graphs kept: what ``restore`` reads back), ``jsonld`` (named
        graphs kept, as JSON-LD) or ``ttl`` (all triples together, the graphs dropped).

    Returns
    -------
    bytes

    Examples
    --------
    >>> from graph.store import open_store
    >>> export_dataset(open_store("memory"), "nq")
    b''
    """
    if fmt in ("trig", "nq"):
        return store.dump(fmt)
    if fmt == "ttl":
        return store.query(load_query("all_triples"), "ttl")
    dataset = Dataset()
    dataset.parse(data=store.dump("nq"), format="nquads")
    return dataset.serialize(format="json-ld", encoding="utf-8")

