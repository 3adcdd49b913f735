"""SHACL validation of the store or of a file, with the shapes' messages in Dutch and English."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from graph.store import Store

SHAPES_PATH = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: where, what, and the message in both languages."""

    focus: str
    path: str
    message_nl: str
    message_en: str
    severity: str
    value: str = ""

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}\n  nl: {self.message_nl}\n  en: {self.message_en}"


def _messages(results: Graph, result) -> tuple[str, str]:
    by_lang = {m.language: str(m) for m in results.objects(result, SH.resultMessage)}
    fallback = next(iter(by_lang.values()), "")
    return by_lang.get("nl", fallback), by_lang.get("en", by_lang.get(None, fallback))


def validate_graph(data: Graph, shapes: Graph | None = None) -> list[Violation]:
    """Validate an rdflib graph against the project's SHACL shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The data, with the concept schemes it refers to (``sh:node`` checks look them up).
    shapes : rdflib.Graph, optional
        The shapes; ``ontology/shapes.ttl`` by default.

    Returns
    -------
    list of Violation
        Empty when the data conforms. Warnings are included with ``severity="Warning"``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> validate_graph(Graph())
    []
    """
    shapes = shapes if shapes is not None else load_shapes()
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        nl, en = _messages(results, result)
        violations.append(Violation(
            focus=str(results.value(result, SH.focusNode)),
            path=str(results.value(result, SH.resultPath) or ""),
            message_nl=nl,
            message_en=en,
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            value=str(results.value(result, SH.value) or ""),
        ))
    return sorted(violations, key=lambda v: (v.focus, v.path, v.message_nl))


def load_shapes() -> Graph:
    """Return the SHACL shapes of ``ontology/shapes.ttl``."""
    return Graph().parse(SHAPES_PATH, format="turtle")


def validate_store(store: Store) -> list[Violation]:
    """Validate everything in the store (the union of its named graphs)."""
    return validate_graph(_store_union(store))


def validate_file(path: Path, store: Store | None = None) -> list[Violation]:
    """Validate a Turtle, TriG, N-Triples, N-Quads or JSON-LD file.

    The concept schemes and organisations of ``store`` (when given) are added to the data, so
    a file may refer to what the graph already holds.

    A relative ``path`` is the working directory's; relative IRIs in the file resolve against the
    file's own ``file:`` address.

    Raises
    ------
    ValueError
        If the file cannot be read or parsed; the message says where.
    """
    fmt = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
           ".jsonld": "json-ld", ".json": "json-ld"}.get(path.suffix.lower(), "turtle")
    # Read here, not by rdflib (7.x): a name that is not in the working directory it resolves
    # against that directory's URI without its final slash, so in /a/b it opened /a/nope.ttl
    # (validating that file if there was one), and a name that looks like a URL it fetched.
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ValueError(f"Het bestand {path} kan niet gelezen worden ({error.strerror or error}).") from error
    dataset = Dataset()
    try:
        dataset.parse(data=content, format=fmt, publicID=path.resolve().as_uri())
    except Exception as error:  # rdflib raises a different class per parser
        raise ValueError(f"{path.name} is geen geldige {fmt}: {error}") from error
    data = _union(dataset)
    if store is not None:
        data += _store_union(store)
    return validate_graph(data)


def _store_union(store: Store) -> Graph:
    dataset = Dataset()
    dataset.parse(data=store.dump("nq"), format="nquads")
    return _union(dataset)


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
