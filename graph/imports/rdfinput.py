"""Contributions written in RDF (Turtle, TriG, JSON-LD): checked term by term before they join
the graph.

RDF brings its own IRIs, so the IRI a contributor chose is the decision about which
organisation is meant; a new organisation whose name resembles an existing one is reported as a
notice. Named graphs in a TriG file are merged into the one graph of the contribution. A
contribution may describe organisations, practices, links and partnerships, but never change
the reference data (code lists, municipalities, zones, the vocabulary) or the derived graph.
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.imports.problems import Problem
from graph.imports.readers import UPLOAD_BASE
from graph.imports.rows import FORMULA_START, Builder, Origin
from graph.namespaces import GEMEENTE, GRAPH_BASE, ID, LINK_SHORTCUTS, OH, ORG, SH

_FORBIDDEN_IN_IRI = set('<>"{}|^`\\ \n\r\t')
_REFERENCE = (f"{ID}concept/", f"{ID}conceptscheme/", f"{ID}eerstelijnszone/", f"{ID}gewest/",
              f"{ID}provincie/", str(GEMEENTE), str(OH), GRAPH_BASE, str(SH))
_TEXT_TYPES = (None, XSD.string, RDF.langString)


def add_dataset(builder: Builder, dataset: Dataset, filename: str) -> None:
    """Check the triples of an uploaded RDF file and add them to the contribution.

    Parameters
    ----------
    builder : Builder
        The contribution being built; problems and notices are added to it.
    dataset : rdflib.Dataset
        What was parsed from the file.
    filename : str
        The file's name, for the messages.
    """
    g = builder.graph
    problems = builder.problems
    seen_bad: set[str] = set()
    for s, p, o, _graph in dataset.quads((None, None, None, None)):
        bad = False
        for term in (s, p, o):
            if isinstance(term, URIRef) and not _good_iri(term) and str(term) not in seen_bad:
                seen_bad.add(str(term))
                bad = True
                written = str(term).removeprefix(UPLOAD_BASE)
                problems.append(Problem(
                    f"De IRI <{written}> is ongeldig: een IRI is absoluut (https://...) en bevat geen "
                    "spaties, aanhalingstekens of <>. Vervang spaties door '-' of %20.",
                    f"The IRI <{written}> is invalid: an IRI is absolute (https://...) and holds no "
                    "spaces, quotes or <>. Replace spaces by '-' or %20.",
                    sheet=filename, column=_short(p), value=written))
            elif isinstance(term, URIRef) and not _good_iri(term):
                bad = True
        if isinstance(o, Literal):
            if o.ill_typed:
                bad = True
                problems.append(Problem(
                    f"De waarde \"{o}\" is geen geldige {_short(o.datatype)} (bij <{s}> {_short(p)}); "
                    "een datum als 2024-02-31 bestaat niet. Schrijf een geldige waarde, bv. "
                    "\"2024-02-29\"^^xsd:date.",
                    f"The value \"{o}\" is not a valid {_short(o.datatype)} (at <{s}> {_short(p)}); "
                    "a date such as 2024-02-31 does not exist. Write a valid value, e.g. "
                    "\"2024-02-29\"^^xsd:date.", sheet=filename, column=_short(p), value=str(o)))
            elif o.datatype in _TEXT_TYPES and str(o).startswith(FORMULA_START):
                bad = True
                problems.append(Problem(
                    f"De tekst \"{str(o)[:60]}\" (bij <{s}> {_short(p)}) begint met '{str(o)[0]}' "
                    "en kan in een spreadsheet als formule uitgevoerd worden. Verwijder het "
                    "teken vooraan.",
                    f"The text \"{str(o)[:60]}\" (at <{s}> {_short(p)}) starts with '{str(o)[0]}' "
                    "and may run as a formula in a spreadsheet. Remove the leading sign.",
                    sheet=filename, column=_short(p), value=str(o)))
        if isinstance(s, URIRef) and str(s).startswith(_REFERENCE):
            bad = True
            problems.append(Problem(
                f"<{s}> hoort bij de referentiegegevens (begrippenlijsten, gemeenten, zones, "
                "vocabularium); een bijdrage kan die niet wijzigen. Laat deze triples weg.",
                f"<{s}> belongs to the reference data (code lists, municipalities, zones, "
                "vocabulary); a contribution cannot change it. Leave these triples out.",
                sheet=filename, column=_short(p), value=str(s)))
        if p in LINK_SHORTCUTS:
            bad = True
            problems.append(Problem(
                f"oh:{_short(p)} wordt afgeleid uit de oh:Referral-knopen en wordt nooit ingevoerd. "
                "Beschrijf de verbinding als oh:Referral, met haar soort (oh:referralKind).",
                f"oh:{_short(p)} is derived from the oh:Referral nodes and never imported. Describe "
                "the link as an oh:Referral, with its kind (oh:referralKind).", sheet=filename,
                column=f"oh:{_short(p)}", value=str(s)))
        if p == DCTERMS.spatial and str(o).startswith(str(GEMEENTE)) and \
                str(o).rsplit("/", 1)[-1] not in builder.known.municipality_names:
            bad = True
            problems.append(Problem(
                f"De gemeente <{o}> bestaat niet. Gebruik https://data.vlaanderen.be/id/gemeente/"
                "gevolgd door de NIS-code van een gemeente in Vlaanderen of Brussel.",
                f"The municipality <{o}> does not exist. Use https://data.vlaanderen.be/id/"
                "gemeente/ followed by the NIS code of a municipality in Flanders or Brussels.",
                sheet=filename, column="dct:spatial", value=str(o)))
        if not bad:
            g.add((s, p, o))
    for subject in set(g.subjects()):
        if isinstance(subject, URIRef):
            label = g.value(subject, SKOS.prefLabel) or g.value(subject, RDFS.label) or subject
            builder.origins.setdefault(subject, Origin(filename, None, "rdf", str(label)))
    for referral in set(g.subjects(RDF.type, OH.Referral)):
        if (referral, PROV.wasAttributedTo, None) not in g:
            g.add((referral, PROV.wasAttributedTo, builder.agent))
    _notice_lookalikes(builder, filename)


def _notice_lookalikes(builder: Builder, filename: str) -> None:
    organisations = set(builder.graph.subjects(RDF.type, ORG.Organization))
    builder.known.prefetch(org for org in organisations if isinstance(org, URIRef))
    new = []
    for org in organisations:
        if isinstance(org, BNode) or builder.known.organisation(str(org)) is not None:
            continue
        name = builder.graph.value(org, SKOS.prefLabel)
        if name is not None:
            new.append((org, str(name)))
    builder.index.expect(name for _org, name in new)
    for org, name in new:
        match = builder.index.match(name, None)
        builder.matches.append(match)
        if match.candidates:
            names = "; ".join(f"{n} <{iri}>" for iri, n, _ in match.candidates)
            builder.notices.append(Problem(
                f"<{org}> ('{name}') is nieuw maar lijkt op een bestaande organisatie: {names}. "
                "Gebruik de bestaande IRI als het dezelfde is.",
                f"<{org}> ('{name}') is new but resembles an existing organisation: {names}. "
                "Use the existing IRI if it is the same.", sheet=filename, value=str(org)))


def _good_iri(term: URIRef) -> bool:
    text = str(term)
    return bool(text) and not (_FORBIDDEN_IN_IRI & set(text)) and \
        text.split(":", 1)[0] in ("http", "https", "urn", "mailto") and \
        not text.startswith(UPLOAD_BASE)


def _short(term) -> str:
    text = str(term or "")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if text else ""
