"""Reference geography: municipalities, first-line zones, OverKop-huizen and Huizen van het Kind.

Each CSV of ``data/reference/`` (see its ``SOURCES.md``) becomes its own named graph. Rows are
copied, never completed by guesswork: an empty cell stays an absent triple.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from graph.namespaces import (
    LOCN,
    OH,
    ORG,
    SCHEMA,
    CV,
    concept,
    country,
    instance,
    municipality,
    slugify,
)
from graph.textnorm import fold

REGIONS = {
    "Vlaams Gewest": ("vlaanderen", "Vlaams Gewest", "Région flamande", "Flemish Region"),
    "Brussels Hoofdstedelijk Gewest": ("brussel", "Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale",
                                       "Brussels-Capital Region"),
}
# The countries the note's organisations lie in (data/mappings/organisations.csv, ``land:``), named
# as in the EU's country authority table, so that a page says "België" and not the code BEL.
COUNTRIES = {"BEL": ("België", "Belgique", "Belgium"), "NLD": ("Nederland", "Pays-Bas", "Netherlands"),
             "USA": ("Verenigde Staten", "États-Unis", "United States")}
# The provinces' English names, for the pages in English (the reference files name them in Dutch).
PROVINCES_EN = {"Antwerpen": "Province of Antwerp", "Limburg": "Province of Limburg",
                "Oost-Vlaanderen": "Province of East Flanders", "Vlaams-Brabant": "Province of Flemish Brabant",
                "West-Vlaanderen": "Province of West Flanders"}


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV with a header row into a list of dicts, cells stripped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def region_iri(slug: str) -> URIRef:
    """Return the IRI of a region (gewest): ``vlaanderen`` or ``brussel``."""
    return instance("gewest", slug)


def province_iri(name_nl: str) -> URIRef:
    """Return the IRI of a province from its Dutch name."""
    return instance("provincie", slugify(name_nl))


def municipalities_graph(reference_dir: Path) -> Graph:
    """Build the graph of the 304 active and 27 ceased municipalities, provinces and regions.

    Parameters
    ----------
    reference_dir : Path
        The folder with ``municipalities.csv`` and ``municipality_mergers_2025.csv``.

    Returns
    -------
    rdflib.Graph
        Municipalities as ``schema:AdministrativeArea`` with ``skos:notation`` (NIS code),
        ``skos:prefLabel`` (nl, fr), ``schema:containedInPlace`` their province or region; a
        ceased municipality has ``dct:isReplacedBy`` its successor. Also the countries of
        :data:`COUNTRIES` (``schema:Country``, named in Dutch, French and English).
    """
    g = Graph()
    for code, labels in COUNTRIES.items():
        g.add((country(code), RDF.type, SCHEMA.Country))
        for label, lang in zip(labels, ("nl", "fr", "en")):
            g.add((country(code), SKOS.prefLabel, Literal(label, lang=lang)))
    for name, (slug, label_nl, label_fr, label_en) in REGIONS.items():
        region = region_iri(slug)
        g.add((region, RDF.type, SCHEMA.AdministrativeArea))
        g.add((region, SKOS.prefLabel, Literal(label_nl, lang="nl")))
        g.add((region, SKOS.prefLabel, Literal(label_fr, lang="fr")))
        g.add((region, SKOS.prefLabel, Literal(label_en, lang="en")))
    for row in read_csv(reference_dir / "municipalities.csv"):
        gem = municipality(row["nis_code"])
        g.add((gem, RDF.type, SCHEMA.AdministrativeArea))
        g.add((gem, SKOS.notation, Literal(row["nis_code"])))
        g.add((gem, SKOS.prefLabel, Literal(row["name_nl"], lang="nl")))
        if row["name_fr"] and row["name_fr"] != row["name_nl"]:
            g.add((gem, SKOS.prefLabel, Literal(row["name_fr"], lang="fr")))
        region = region_iri(REGIONS[row["region_nl"]][0])
        if row["province_nl"]:
            province = province_iri(row["province_nl"])
            g.add((province, RDF.type, SCHEMA.AdministrativeArea))
            g.add((province, SKOS.prefLabel, Literal(f"Provincie {row['province_nl']}", lang="nl")))
            g.add((province, SKOS.prefLabel, Literal(PROVINCES_EN[row["province_nl"]], lang="en")))
            g.add((province, SKOS.notation, Literal(row["province_nis"])))
            g.add((province, SCHEMA.containedInPlace, region))
            g.add((gem, SCHEMA.containedInPlace, province))
        else:
            g.add((gem, SCHEMA.containedInPlace, region))
        if row["valid_from"]:
            g.add((gem, SCHEMA.startDate, Literal(row["valid_from"], datatype=XSD.date)))
        if row["status"] == "merged":
            g.add((gem, OWL.deprecated, Literal(True)))
            g.add((gem, SCHEMA.endDate, Literal(row["valid_to"], datatype=XSD.date)))
    for row in read_csv(reference_dir / "municipality_mergers_2025.csv"):
        if row["old_nis_code"] != row["new_nis_code"]:
            g.add((municipality(row["old_nis_code"]), DCTERMS.isReplacedBy, municipality(row["new_nis_code"])))
    return g


def zone_iri(zone_slug: str) -> URIRef:
    """Return the IRI of a first-line zone from its slug (``amalo``, ``antwerpen-centrum``)."""
    return instance("eerstelijnszone", zone_slug)


def zones_graph(reference_dir: Path) -> Graph:
    """Build the graph of the 60 eerstelijnszones of the division valid from 2025-01-01.

    Antwerpen city is split over four zones: each of them ``schema:containsPlace`` Antwerpen
    and also states ``oh:partiallyContains`` it, with the sub-area as ``dct:description``.

    Parameters
    ----------
    reference_dir : Path
        The folder with ``eerstelijnszones.csv`` and ``zones_municipalities.csv``.

    Returns
    -------
    rdflib.Graph
    """
    g = Graph()
    for row in read_csv(reference_dir / "eerstelijnszones.csv"):
        zone = zone_iri(row["zone_slug"])
        g.add((zone, RDF.type, OH.FirstLineZone))
        g.add((zone, RDF.type, SCHEMA.AdministrativeArea))
        g.add((zone, SKOS.prefLabel, Literal(row["name"], lang="nl")))
        g.add((zone, DCTERMS.identifier, Literal(row["pinc_code"])))
        for alt in filter(None, (part.split(" (")[0].strip() for part in row["alt_names"].split(";"))):
            g.add((zone, SKOS.altLabel, Literal(alt, lang="nl")))
        g.add((zone, SCHEMA.containedInPlace, province_iri(row["province_nl"]) if row["province_nl"]
               else region_iri("brussel")))
        g.add((zone, SCHEMA.startDate, Literal(row["division_valid_from"], datatype=XSD.date)))
    for row in read_csv(reference_dir / "zones_municipalities.csv"):
        zone, gem = zone_iri(row["zone_slug"]), municipality(row["nis_code"])
        g.add((zone, SCHEMA.containsPlace, gem))
        if row["coverage"] == "partial":
            g.add((zone, OH.partiallyContains, gem))
            if row["sub_area"]:
                g.add((zone, DCTERMS.description, Literal(f"Deel van {row['municipality_name_nl']}: {row['sub_area']}", lang="nl")))
    return g


def _organisation(g: Graph, iri: URIRef, label: str, org_type: str, sector: str) -> None:
    g.add((iri, RDF.type, ORG.Organization))
    g.add((iri, SKOS.prefLabel, Literal(label, lang="nl")))
    g.add((iri, ORG.classification, concept("organisatietype", org_type)))
    g.add((iri, CV.sector, concept("sector", sector)))
    g.add((iri, OH.searchText, Literal(fold(label))))


STATUS_NL = {"listed": "vermeld op de lijst van OverKop-locaties", "opened": "geopend",
             "existing": "bestaand", "announced": "aangekondigd, opening niet bevestigd"}


def overkop_graph(reference_dir: Path) -> Graph:
    """Build the graph of the OverKop-huizen in ``overkop_huizen.csv`` (an incomplete list).

    Returns
    -------
    rdflib.Graph
        One ``org:Organization`` per location, typed ``overkop-huis``, located in its municipality.
    """
    g = Graph()
    for row in read_csv(reference_dir / "overkop_huizen.csv"):
        label = row["house_or_network_name"] or f"OverKop-huis {row['location_name']}"
        iri = instance("organisatie", slugify(f"overkop-{row['location_name']}"))
        _organisation(g, iri, label, "overkop-huis", "welzijn")
        if label != f"OverKop-huis {row['location_name']}":
            g.add((iri, SKOS.altLabel, Literal(f"OverKop-huis {row['location_name']}", lang="nl")))
        g.add((iri, DCTERMS.spatial, municipality(row["nis_code"])))
        g.add((iri, OH.careLine, concept("zorglijn", "eerste-lijn")))
        status = STATUS_NL.get(row["status"], row["status"])
        since = f" (sinds {row['first_seen_date']})" if row["first_seen_date"] else ""
        g.add((iri, DCTERMS.description, Literal(f"Status volgens de bron: {status}{since}.", lang="nl")))
        if row["address"]:
            address = URIRef(f"{iri}/adres")
            g.add((iri, LOCN.address, address))
            g.add((address, RDF.type, LOCN.Address))
            g.add((address, LOCN.fullAddress, Literal(row["address"], lang="nl")))
        for source in row["sources"].split("; "):
            url = source.split(" (")[0].strip()
            if url.startswith("http"):
                g.add((iri, DCTERMS.source, URIRef(url)))
    return g


def huizen_van_het_kind_graph(reference_dir: Path) -> Graph:
    """Build the graph of the few Huizen van het Kind in ``huizen_van_het_kind_partial.csv``.

    Returns
    -------
    rdflib.Graph
        Each Huis as an ``org:Organization`` and ``org:OrganizationalCollaboration``, located
        (``dct:spatial``) in its 2025 municipalities where the source names them.
    """
    g = Graph()
    for row in read_csv(reference_dir / "huizen_van_het_kind_partial.csv"):
        iri = instance("organisatie", slugify(row["name"]))
        _organisation(g, iri, row["name"], "huis-van-het-kind", "kinderopvang")
        g.add((iri, RDF.type, ORG.OrganizationalCollaboration))
        g.add((iri, OH.careLine, concept("zorglijn", "eerste-lijn")))
        for nis in row["nis_codes_2025"].split():
            g.add((iri, DCTERMS.spatial, municipality(nis)))
        if row["notes"]:
            g.add((iri, DCTERMS.description, Literal(row["notes"], lang="en")))
        for source in row["sources"].split("; "):
            url = source.split(" (")[0].strip()
            if url.startswith("http"):
                g.add((iri, DCTERMS.source, URIRef(url)))
    return g
