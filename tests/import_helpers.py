"""Small helpers shared by the import tests: CSV text in, dataset snapshots out."""

from rdflib import Dataset
from rdflib.compare import to_canonical_graph


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    """Return a CSV written as in the test (``;``-separated lines), in ``encoding``."""
    return text.strip("\n").replace("\n", "\r\n").encode(encoding) + b"\r\n"


def snapshot(store) -> dict[str, set]:
    """Return every named graph of the store as a set of N-Triples lines, graph by graph.

    Blank nodes are canonically relabelled, so two snapshots are equal exactly when each
    graph of one is isomorphic to the same graph of the other.
    """
    dataset = Dataset()
    dataset.parse(data=store.dump("nq"), format="nquads")
    return {str(g.identifier): set(to_canonical_graph(g).serialize(format="nt").splitlines()) - {""}
            for g in dataset.graphs() if len(g)}


# The school's postcode is not the template's (3010): a row equal to an example row of the
# template is refused.
ORGANISATIONS = """
naam;type;sector;gemeente;postcode;fictief
Fictief Gezinscentrum Zonnedorp;huis-van-het-kind;kinderopvang;Leuven;;ja
Fictieve Basisschool De Regenboog;school;onderwijs;;3001;ja
Fictief CAW Zonnedorp;caw;welzijn;Borsbeek;;ja
"""

LINKS = """
van;naar;soort;doelgroepen;sinds;bevestigd
Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool De Regenboog;doorverwijzing;ouders | 3-6-jaar;01/09/2023;nee
Fictief CAW Zonnedorp;Fictief Gezinscentrum Zonnedorp;samenwerking;armoede;2021-01-01;nee
"""
