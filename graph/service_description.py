"""The SPARQL 1.1 Service Description of the public endpoint: what it offers, on which data.

A client that fetches the endpoint without a query learns from it the query language, the
result formats, that the default graph is the union of the named graphs, which named graphs
exist (with their sizes), and the endpoint's limits.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(endpoint: str, graph_sizes: dict[str, int], timeout_s: float,
                        max_rows: int) -> Graph:
    """Describe the SPARQL endpoint at ``endpoint`` over a store with these named graphs.

    Parameters
    ----------
    endpoint : str
        The endpoint's absolute URL.
    graph_sizes : dict of str to int
        Named graph IRI to its number of triples (``Store.graph_sizes()``).
    timeout_s : float
        Time limit of one query.
    max_rows : int
        Most rows (or triples) in one answer.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> g = service_description("http://127.0.0.1:8000/sparql", {"https://example.org/g": 3}, 10, 100)
    >>> (None, SD.name, URIRef("https://example.org/g")) in g
    True
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("void", VOID)
    graph.bind("dct", DCTERMS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMAT_IRIS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, DCTERMS.title, Literal("OverHoop-kennisgraaf: SPARQL-endpoint", lang="nl")))
    graph.add((service, DCTERMS.title, Literal("OverHoop knowledge graph: SPARQL endpoint", lang="en")))
    graph.add((service, DCTERMS.description, Literal(
        f"Alleen lezen. Elke query krijgt hoogstens {timeout_s:g} s en {max_rows} rijen; "
        "SERVICE en updates worden geweigerd. De standaardgraaf is de unie van alle benoemde grafen.",
        lang="nl")))
    graph.add((service, DCTERMS.description, Literal(
        f"Read-only. Each query gets at most {timeout_s:g} s and {max_rows} rows; SERVICE and "
        "updates are refused. The default graph is the union of all named graphs.", lang="en")))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for iri, triples in sorted(graph_sizes.items()):
        named = BNode()
        described = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
