"""The catalogue of the note's practices as RDF: practices, actors and who initiated what.

Reads the generated ``data/seed/*.csv`` (see :mod:`graph.extract_note`) and the expert-edited
mappings in ``data/mappings/``; :func:`build_catalogue` returns one rdflib graph that the
build loads into the named graph ``graph/beleidsnota``.

Source lines are cited as ``https://w3id.org/overhoop/id/bron/inspiratienota#line=FROM,TO``
where FROM and TO are the 1-based numbers of the first and last line of the passage in
``data/seed/inspiratienota.txt``, both included (so ``line=754,756`` quotes lines 754, 755
and 756). This reads RFC 5147's ``line=`` scheme with 1-based inclusive line numbers, the
numbering every editor shows, rather than its 0-based positions between lines.
"""

import csv
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from graph.extract_note import read_generated_csv
from graph.namespaces import CV, ID, OH, ORG, concept, country, instance, municipality, slugify
from graph.textnorm import fold

SOURCE = URIRef(f"{ID}bron/inspiratienota")
# The project page the note itself points to (its lines 1634-1640).
SOURCE_PAGE = URIRef("https://kbs-frb.be/nl/overhoop-samen-voorbij-trauma-van-preventie-tot-herstel")
KINDS = {"organisatie": "organisatie", "groep": "organisatie", "persoon": "persoon"}
ACTOR_KIND_SCHEME = "actorsoort"


def line_range(first: int | str, last: int | str) -> URIRef:
    """IRI of lines `first`..`last` (1-based, inclusive) of the seed text.

    Examples
    --------
    >>> str(line_range(754, 756))
    'https://w3id.org/overhoop/id/bron/inspiratienota#line=754,756'
    """
    return URIRef(f"{SOURCE}#line={int(first)},{int(last)}")


def place(code: str) -> URIRef | None:
    """IRI of a place written as ``gemeente:NIS``, ``provincie:slug``, ``gewest:slug`` or ``land:ISO3``."""
    if not code:
        return None
    kind, _, value = code.partition(":")
    if kind == "gemeente":
        return municipality(value)
    if kind == "land":
        return country(value)
    if kind in ("provincie", "gewest"):
        return instance(kind, value)
    raise ValueError(f"unknown place code {code!r}")


def read_mapping(path: Path) -> list[dict]:
    """Rows of a mapping CSV under ``data/mappings`` (comment lines start with ``#``)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def audiences(text: str, rules: list[dict]) -> list[str]:
    """Doelgroep concept slugs implied by a Doelgroep text under the rules of ``doelgroepen.csv``."""
    folded = fold(text)
    found = []
    for rule in rules:
        if re.search(rule["pattern"], folded):
            found += [c for c in rule["concepts"].split() if c not in found]
    return found


def language(text: str) -> str:
    """``en`` for the few English taglines and titles of the note, else ``nl``."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    english = len(words & {"the", "and", "to", "of", "for", "through", "with", "based"})
    dutch = len(words & {"de", "het", "en", "van", "voor", "een", "met", "op"})
    return "en" if english > dutch else "nl"


def age_bands(graph: Graph) -> dict:
    """Doelgroep concepts with an age range: IRI -> (min, max) in months, from the scheme file."""
    query = """
        PREFIX schema: <https://schema.org/>
        SELECT ?c ?min ?max WHERE { ?c schema:suggestedAge [ schema:minValue ?min ; schema:maxValue ?max ] }
    """
    return {row.c: (int(row.min), int(row.max)) for row in graph.query(query)}


def build_catalogue(root: Path) -> Graph:
    """Build the RDF graph of the note's practices, organisations, persons and initiatives.

    Parameters
    ----------
    root : pathlib.Path
        Repository root; reads ``data/seed/practices.csv``, ``practice_actors.csv``,
        ``data/mappings/organisations.csv``, ``doelgroepen.csv``, ``actorsoorten.csv`` and
        ``ontology/schemes/doelgroep.ttl`` (for the age range of each doelgroep).

    Returns
    -------
    rdflib.Graph
        Practices (``oh:Practice``), actors (``org:Organization`` / ``foaf:Person``) and their
        ``cv:Participation`` nodes, every practice and link with ``prov:wasDerivedFrom`` to its
        source lines.
    """
    seed_dir, mappings = root / "data" / "seed", root / "data" / "mappings"
    practices = read_generated_csv(seed_dir / "practices.csv")
    links = read_generated_csv(seed_dir / "practice_actors.csv")
    actor_rows = read_generated_csv(seed_dir / "organisations.csv")
    actor_map = {}
    for row in read_mapping(mappings / "organisations.csv"):
        actor_map.setdefault(row["name"], row)
    audience_rules = read_mapping(mappings / "doelgroepen.csv")
    kind_rules = read_mapping(mappings / "actorsoorten.csv")
    bands = age_bands(Graph().parse(root / "ontology" / "schemes" / "doelgroep.ttl"))

    g = Graph()
    for prefix, ns in (("oh", OH), ("org", ORG), ("cv", CV), ("skos", SKOS), ("dct", DCTERMS), ("foaf", FOAF), ("prov", PROV)):
        g.bind(prefix, ns)
    _add_source(g)

    actors, places_of = {}, {}
    for row in actor_rows:
        info = actor_map[row["name"]]
        node = instance(KINDS[info["kind"]], row["slug"])
        actors[row["name"]] = node
        places_of[row["name"]] = place(info["place"])
        _add_actor(g, node, row, info)

    for row in practices:
        node = instance("praktijk", row["slug"])
        _add_practice(g, node, row, audience_rules, kind_rules, bands)
        for link in (lnk for lnk in links if lnk["practice"] == row["slug"]):
            actor = actors[link["actor"]]
            g.add((node, OH.initiatedBy, actor))
            participation = instance("deelname", f"{row['slug']}--{actor.rsplit('/', 1)[1]}")
            g.add((node, CV.hasParticipation, participation))
            g.add((participation, RDF.type, CV.Participation))
            g.add((participation, CV.hasParticipant, actor))
            g.add((participation, CV.role, concept("rol", "initiatiefnemer")))
            g.add((participation, PROV.wasDerivedFrom, line_range(link["from"], link["to"])))
        for country_iri in _countries(row, links, places_of):
            g.add((node, DCTERMS.spatial, country_iri))
    return g


def _add_source(g: Graph) -> None:
    """Describe the note every ``prov:wasDerivedFrom`` points into, so that its IRI answers."""
    g.add((SOURCE, RDF.type, FOAF.Document))
    g.add((SOURCE, RDF.type, PROV.Entity))
    g.add((SOURCE, SKOS.prefLabel, Literal("OverHoop-inspiratienota", lang="nl")))
    g.add((SOURCE, SKOS.prefLabel, Literal("OverHoop inspiration note", lang="en")))
    g.add((SOURCE, DCTERMS.description, Literal(
        "De inspiratienota van OverHoop, het project dat de Koning Boudewijnstichting in 2023 startte: acht bouwstenen "
        "en 110 inspirerende praktijken. Een fragment #line=a,b is een passage van de tekst die de app uit de "
        "pdf haalde, regels a tot en met b; de pagina van een praktijk of organisatie toont haar passages.", lang="nl")))
    g.add((SOURCE, DCTERMS.description, Literal(
        "The inspiration note of OverHoop, the project the King Baudouin Foundation started in 2023: eight building "
        "blocks and 110 inspiring practices. A fragment #line=a,b is a passage of the text the app took from "
        "the PDF, lines a to b inclusive; the page of a practice or organisation shows its passages.", lang="en")))
    g.add((SOURCE, FOAF.page, SOURCE_PAGE))


def _add_actor(g: Graph, node: URIRef, row: dict, info: dict) -> None:
    kind = info["kind"]
    g.add((node, RDF.type, FOAF.Person if kind == "persoon" else ORG.Organization))
    if kind == "groep":
        g.add((node, RDF.type, OH.ActorGroup))
    g.add((node, SKOS.prefLabel, Literal(row["name"], lang="nl")))
    alt = [a for a in row["alt_labels"].split(" | ") if a]
    for label in alt:
        g.add((node, SKOS.altLabel, Literal(label, lang="nl")))
    g.add((node, OH.searchText, Literal(fold(" ".join([row["name"], *alt])))))
    first_seen = row["lines"].split()[0].split("-")
    g.add((node, PROV.wasDerivedFrom, line_range(*first_seen)))
    if kind == "persoon":
        g.add((node, FOAF.name, Literal(row["name"])))
        return
    if info["organisatietype"]:
        g.add((node, ORG.classification, concept("organisatietype", info["organisatietype"])))
    if info["sector"]:
        g.add((node, CV.sector, concept("sector", info["sector"])))
    if place(info["place"]):
        g.add((node, DCTERMS.spatial, place(info["place"])))
    if info["actor_kind"]:
        g.add((node, OH.actorKind, concept(ACTOR_KIND_SCHEME, info["actor_kind"])))


def _add_practice(g: Graph, node: URIRef, row: dict, audience_rules, kind_rules, bands) -> None:
    g.add((node, RDF.type, OH.Practice))
    g.add((node, SKOS.prefLabel, Literal(row["title"], lang="nl")))
    if row["appendix_title"]:
        g.add((node, SKOS.altLabel, Literal(row["appendix_title"], lang="nl")))
    g.add((node, DCTERMS.abstract, Literal(row["abstract"], lang="nl")))
    g.add((node, OH.buildingBlock, concept("bouwsteen", f"b{row['bouwsteen']}")))
    if row["sub_theme"]:
        g.add((node, OH.subTheme, concept("bouwsteen", slugify(row["sub_theme"]))))
    for column, prop in (("audience_description", OH.audienceDescription), ("goal", OH.goal), ("method", OH.method)):
        if row[column]:
            g.add((node, prop, Literal(row[column], lang="nl")))
    if row["description"]:
        g.add((node, DCTERMS.description, Literal(row["description"], lang="nl")))
    if row["tagline"]:
        g.add((node, OH.tagline, Literal(row["tagline"], lang=language(row["tagline"]))))
    for url in filter(None, row["urls"].split(" | ")):
        g.add((node, FOAF.page, URIRef(url)))
    ages = []
    for slug in audiences(row["audience_description"], audience_rules):
        target = concept("doelgroep", slug)
        g.add((node, DCTERMS.audience, target))
        if target in bands:
            ages.append(bands[target])
    if ages:
        g.add((node, OH.minAgeMonths, Literal(min(a for a, _ in ages), datatype=XSD.integer)))
        g.add((node, OH.maxAgeMonths, Literal(max(b for _, b in ages), datatype=XSD.integer)))
    context = fold(" ".join([row["title"], row["abstract"], row["audience_description"], row["method"]]))
    for rule in kind_rules:
        if re.search(rule["pattern"], context):
            g.add((node, OH.involvesActorKind, concept(ACTOR_KIND_SCHEME, rule["concept"])))
    g.add((node, PROV.wasDerivedFrom, line_range(row["from"], row["to"])))
    g.add((node, PROV.wasDerivedFrom, line_range(row["main_from"], row["main_to"])))
    labels = [row["title"], row["appendix_title"], row["abstract"], row["description"]]
    g.add((node, OH.searchText, Literal(fold(" ".join(filter(None, labels))))))


def _countries(row: dict, links: list[dict], places_of: dict) -> set:
    """Countries of a practice: those of its initiators' places (any Belgian place means BEL)."""
    found = set()
    for link in (lnk for lnk in links if lnk["practice"] == row["slug"]):
        where = places_of.get(link["actor"])
        if where is None:
            continue
        if str(where).startswith("http://publications.europa.eu/resource/authority/country/"):
            found.add(where)
        else:
            found.add(country("BEL"))
    return found
