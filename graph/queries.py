"""The project's SPARQL questions, one ``.rq`` file each in ``graph/queries/``, and safe binding.

A question takes input through ``VALUES ?name { UNDEF }`` lines in its ``.rq`` file. Left alone,
``UNDEF`` leaves the variable free, so the file runs as it is (on the SPARQL page, say); bound,
the ``UNDEF`` is replaced by one or more terms serialised by rdflib, so user input reaches
SPARQL only as escaped literals or checked IRIs, never as pasted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef

QUERY_DIR = Path(__file__).parent / "queries"
_VALUES_SLOT = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}")
# What SPARQL's IRIREF excludes (the characters that could end ``<...>``, and control
# characters), plus a scheme, which Oxigraph requires of an absolute IRI.
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*')


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    """Return the text of ``graph/queries/{name}.rq``.

    Parameters
    ----------
    name : str
        The file name without ``.rq``.

    Examples
    --------
    >>> "FirstLineZone" in load_query("zones")
    True
    """
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def query_description(name: str, lang: str = "nl") -> str:
    """Return the leading ``#`` comment of a query file: what the question answers.

    The comment is Dutch first; its lines starting with ``# en:`` give the English.

    Parameters
    ----------
    name : str
        The file name without ``.rq``.
    lang : str, optional
        ``"nl"`` (default) or ``"en"``; any other language, or a file without English, gives Dutch.

    Returns
    -------
    str
        The description on one line.

    Examples
    --------
    >>> query_description("zones")
    'Welke eerstelijnszones zijn er, en hoeveel gemeenten telt elke zone?'
    >>> query_description("zones", lang="en")
    'Which first-line zones are there, with how many municipalities each?'
    """
    dutch, english = [], []
    for line in load_query(name).splitlines():
        if not line.startswith("#"):
            break
        text = line.lstrip("#").strip()
        if text.startswith("en:"):
            english.append(text.removeprefix("en:").strip())
        else:
            dutch.append(text)
    chosen = english if (lang == "en" and english) or not dutch else dutch
    return " ".join(line for line in chosen if line)


def list_queries() -> list[str]:
    """Return the names of all query files, sorted."""
    return sorted(path.stem for path in QUERY_DIR.glob("*.rq"))


def query_slots(name: str) -> list[str]:
    """Return the names of the ``VALUES ?name { UNDEF }`` slots of query ``name``, in order.

    Examples
    --------
    >>> query_slots("zone_of_municipality")
    ['nis']
    """
    return list(dict.fromkeys(_VALUES_SLOT.findall(load_query(name))))


def term(value) -> str:
    """Serialise a Python value as a SPARQL term, safely.

    Parameters
    ----------
    value : URIRef, Literal, str, int, float or bool
        A ``URIRef`` becomes ``<iri>`` (refused if it contains characters that could end it);
        anything else becomes an escaped literal.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an IRI with a space, ``<``, ``>``, ``"`` or another forbidden character.

    Examples
    --------
    >>> term('x" } ; DROP ALL ; {')
    '"x\\\\" } ; DROP ALL ; {"'
    >>> term(URIRef("https://w3id.org/overhoop/id/organisatie/similes"))
    '<https://w3id.org/overhoop/id/organisatie/similes>'
    """
    if isinstance(value, URIRef):
        if not _IRI.fullmatch(str(value)):
            raise ValueError(f"Ongeldige IRI: {str(value)!r}")
        return f"<{value}>"
    literal = value if isinstance(value, Literal) else Literal(value)
    return literal.n3()


def bind(sparql: str, **params) -> str:
    """Fill the ``VALUES ?name { UNDEF }`` slots of a query with the given values.

    Parameters
    ----------
    sparql : str
        The query text.
    **params
        One value or an iterable of values per slot name; ``None`` (or an empty list) leaves
        the slot ``UNDEF``.

    Returns
    -------
    str
        The query with the slots filled.

    Raises
    ------
    KeyError
        If a parameter has no slot in the query (a programming error, not a user's).

    Examples
    --------
    >>> bind("SELECT * WHERE { VALUES ?q { UNDEF } }", q="kind")
    'SELECT * WHERE { VALUES ?q { "kind" } }'
    """
    slots = set(_VALUES_SLOT.findall(sparql))
    unknown = set(params) - slots
    if unknown:
        raise KeyError(f"query has no VALUES slot for {sorted(unknown)}")

    def fill(match: re.Match) -> str:
        value = params.get(match.group(1))
        if value is None:
            return match.group(0)
        values = list(value) if _is_many(value) else [value]
        if not values:
            return match.group(0)
        return f"VALUES ?{match.group(1)} {{ {' '.join(term(v) for v in values)} }}"

    return _VALUES_SLOT.sub(fill, sparql)


def _is_many(value) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, Literal))


def prepared(name: str, **params) -> str:
    """Return query ``name`` with ``params`` bound: ``bind(load_query(name), **params)``."""
    return bind(load_query(name), **params)
