"""IRIs of the OverHoop graph: vocabularies reused, and the rules for minting our own.

Instance IRIs follow the Flemish URI standard, ``{base}/id/{kind}/{slug}``; concepts follow the
codelist pattern of data.vlaanderen.be, ``{base}/id/concept/{scheme}/{slug}``; every source lives
in its own named graph ``{base}/graph/{slug}``.
"""

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

BASE = "https://w3id.org/overhoop/"
OH = Namespace(BASE + "ns#")
OHS = Namespace(BASE + "shapes#")
ID = Namespace(BASE + "id/")
GRAPH_BASE = BASE + "graph/"
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
SCHEMA = Namespace("https://schema.org/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
GEMEENTE = Namespace("https://data.vlaanderen.be/id/gemeente/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
SH = Namespace("http://www.w3.org/ns/shacl#")

# The shortcuts derive_link_shortcuts.rq derives from each oh:Referral, one per kind of link; never
# entered directly.
LINK_SHORTCUTS = (OH.refersTo, OH.worksWith, OH.offersJointlyWith, OH.exchangesInformationWith)

# Prefixes predeclared for every query typed by a user (CLI, /sparql, SPARQL page).
PREFIXES = {
    "oh": str(OH),
    "ohs": str(OHS),
    "id": str(ID),
    "g": GRAPH_BASE,
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "cv": str(CV),
    "locn": str(LOCN),
    "adms": str(ADMS),
    "rov": str(ROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sh": str(SH),
    "gemeente": str(GEMEENTE),
    "country": str(COUNTRY),
}


def sparql_prologue() -> str:
    """Return the ``PREFIX`` lines of every project prefix, to put before a user's query.

    Returns
    -------
    str
        One ``PREFIX p: <iri>`` line per prefix.

    Examples
    --------
    >>> "PREFIX oh: <https://w3id.org/overhoop/ns#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def slugify(text: str, max_length: int = 60) -> str:
    """Make the slug of an IRI from a (Dutch) label.

    NFKD, accents stripped, lower case, every run of characters other than ``[a-z0-9]``
    turned into ``-``, at most ``max_length`` characters, no leading or trailing ``-``.

    Parameters
    ----------
    text : str
        The label.
    max_length : int
        The longest slug returned.

    Returns
    -------
    str

    Examples
    --------
    >>> slugify("Kind & Gezin – Crèche 'De Wieg'")
    'kind-gezin-creche-de-wieg'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def instance(kind: str, slug: str) -> URIRef:
    """Return the IRI of a thing: ``https://w3id.org/overhoop/id/{kind}/{slug}``.

    Examples
    --------
    >>> str(instance("organisatie", "similes"))
    'https://w3id.org/overhoop/id/organisatie/similes'
    """
    return URIRef(f"{ID}{kind}/{slug}")


def concept(scheme: str, slug: str) -> URIRef:
    """Return the IRI of a concept of a code list.

    Examples
    --------
    >>> str(concept("bouwsteen", "b1"))
    'https://w3id.org/overhoop/id/concept/bouwsteen/b1'
    """
    return URIRef(f"{ID}concept/{scheme}/{slug}")


def concept_scheme(scheme: str) -> URIRef:
    """Return the IRI of a concept scheme (code list)."""
    return URIRef(f"{ID}conceptscheme/{scheme}")


def named_graph(slug: str) -> URIRef:
    """Return the IRI of a named graph: ``https://w3id.org/overhoop/graph/{slug}``."""
    return URIRef(GRAPH_BASE + slug)


def municipality(nis_code: str) -> URIRef:
    """Return the authoritative IRI of a Belgian municipality from its NIS code."""
    return GEMEENTE[nis_code]


def country(code: str) -> URIRef:
    """Return the EU Publications Office IRI of a country from its ISO 3166 alpha-3 code."""
    return COUNTRY[code.upper()]


# The Dutch word for the kind of thing each class stands for, in this order of precedence (a
# partnership is also an organisation).
_KIND_OF_CLASS = (
    (str(OH.Practice), "praktijk"),
    (str(ORG.OrganizationalCollaboration), "samenwerking"),
    (str(ORG.Organization), "organisatie"),
    (str(FOAF.Person), "persoon"),
    (str(SKOS.Concept), "doelgroep"),
)


def node_kind(classes) -> str:
    """Return the kind of a thing from the IRIs of its classes, in Dutch, as maps and the import
    preview name it.

    Parameters
    ----------
    classes : iterable of str
        The IRIs of its ``rdf:type`` classes.

    Returns
    -------
    str
        ``praktijk``, ``samenwerking`` (a partnership), ``organisatie``, ``persoon``,
        ``doelgroep`` or ``ander``.

    Examples
    --------
    >>> node_kind(["http://www.w3.org/ns/org#Organization"])
    'organisatie'
    """
    present = {str(cls) for cls in classes}
    return next((kind for cls, kind in _KIND_OF_CLASS if cls in present), "ander")
