"""Synthetic, fictional data shaped like Flanders, for benchmarks and load tests.

``overhoop synth`` writes N organisations, P practices and M referrals into the named graph
``g:synthetisch``. Everything is made up, but it is shaped like the real field:

- organisations lie in the REAL active municipalities (so in the real eerstelijnszones), spread
  by a power law over the municipalities with the big cities on top;
- organisation types and sectors are the real concepts of ``organisatietype`` and ``sector``,
  in rough real-life proportions (many schools and childcare, few hospitals and agencies);
- every organisation has a Pareto "activity" weight, so a few hubs refer a lot;
- 80% of the referrals stay within the referrer's zone (STACK.md section 3);
- practices have 1-3 initiators, real doelgroepen with their age range in months, a real
  bouwsteen (b1..b8) and sometimes one of its sub-themes.

It can never be mistaken for real data: every IRI has a slug starting with ``synth-``
(``https://w3id.org/overhoop/id/organisatie/synth-17``: the app's own pattern, so that its pages
and endpoints serve synthetic data like real data), its triples live in their own named graph,
every node says ``oh:fictional true``, every label says "fictief", and the graph describes itself
as a source of type ``brontype/synthetisch``. The same seed gives the same graph, byte for byte.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.build import rebuild_derived
from graph.namespaces import ID, concept, concept_scheme, country, named_graph
from graph.queries import prepared
from graph.store import Store
from graph.textnorm import fold

SYNTH_GRAPH = str(named_graph("synthetisch"))
# Synthetic things have the app's own IRI pattern (so every page and endpoint can show them: the
# app takes ids like ``organisatie/{slug}``), with a slug that starts with ``synth-``.
SYNTH_SLUG = "synth-"
SYNTHETIC_IRI = re.compile(rf"^{re.escape(str(ID))}[a-z]+/{SYNTH_SLUG}")
GENERATOR = f"{ID}agent/{SYNTH_SLUG}generator"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OH = "https://w3id.org/overhoop/ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_ORG = "http://www.w3.org/ns/org#"
_CV = "http://data.europa.eu/m8g/"
_SCHEMA = "https://schema.org/"
_PROV = "http://www.w3.org/ns/prov#"
_VOID = "http://rdfs.org/ns/void#"
_TRUE = f'"true"^^<{_XSD}boolean>'

# Share of each organisation type among the organisations around children and families (a rough
# guess from the Flemish field: many schools, childcare and GPs; few hospitals and agencies), and
# the sector each type works in. Types the ontology lacks are skipped; new leaf types get 0.3.
ORGANISATION_TYPES = {
    "school": (28.0, "onderwijs"), "kinderopvang": (18.0, "kinderopvang"),
    "huisarts": (9.0, "gezondheid"), "vzw-ngo": (7.0, "welzijn"), "jeugdwerk": (7.0, "jeugdwerk"),
    "apotheek": (4.0, "gezondheid"), "geestelijke-gezondheidszorg": (4.0, "gezondheid"),
    "jeugdhulp": (3.0, "welzijn"), "vroedvrouw": (3.0, "gezondheid"),
    "lokaal-bestuur": (2.5, "overheid"), "kind-en-gezin": (2.0, "kinderopvang"),
    "bedrijf": (2.0, "cultuur"), "clb": (1.5, "onderwijs"), "cultuur-en-media": (1.5, "cultuur"),
    "caw": (1.0, "welzijn"), "huis-van-het-kind": (1.0, "kinderopvang"),
    "kenniscentrum": (0.8, "onderzoek"), "ziekenhuis": (0.7, "gezondheid"),
    "hogeschool-universiteit": (0.4, "onderzoek"), "agentschap": (0.3, "overheid"),
    "zorgraad": (0.3, "overheid"), "fonds": (0.3, "onderzoek"), "overkop-huis": (0.2, "welzijn"),
}
# Kinds of links: most are referrals proper.
REFERRAL_KINDS = {"doorverwijzing": 0.70, "samenwerking": 0.15, "gezamenlijk-aanbod": 0.08,
                  "informatie-uitwisseling": 0.07}
# The centre cities get the largest municipality weights, in this order (NIS codes of 2025).
BIG_CITIES = ("11002", "44021", "21004", "31005", "24062", "12025", "41002", "71022", "34022",
              "46021", "35013", "71016", "36015", "21015", "21001", "23088")
NAME_PARTS = ("De Regenboog", "Het Anker", "De Vlinder", "Zonnebloem", "De Brug", "Kompas",
              "De Boomgaard", "De Horizon", "Het Nest", "Kameleon", "De Speelboom", "Klavertje",
              "De Wegwijzer", "Ankerpunt", "Het Vlot", "De Linde", "Sterrenhemel", "De Knipoog",
              "Het Zonnehuis", "De Parel", "Open Deur", "De Oever", "Het Kwadraat", "Tandem")
PRACTICE_NOUNS = ("Praatgroep", "Oudercafé", "Weerbaarheidstraining", "Spelnamiddag",
                  "Huisbezoeken", "Buddywerking", "Vormingsreeks", "Inloopmoment",
                  "Groepswerking", "Traumasensitieve training", "Intervisie", "Beweegaanbod")
_START = np.datetime64("2015-01-01")
_DAYS = 4200


@dataclass(frozen=True)
class Reference:
    """What the synthetic graph is built on, read from the store: real places and concepts."""

    municipalities: list[tuple[str, str, str]]  # (IRI, NIS code, Dutch name), sorted by NIS
    zones_of: list[list[str]]                   # zone IRIs of each municipality
    types: dict[str, str]                       # organisatietype slug -> Dutch label
    sectors: set[str]                           # sector slugs
    doelgroepen: list[tuple[str, str, int | None, int | None]]  # (IRI, label, min, max months)
    bouwstenen: list[str]                       # top concepts b1..b8
    sub_themes: dict[str, list[str]]            # bouwsteen IRI -> its sub-theme IRIs
    kinds: list[str]                            # verbinding slugs


@dataclass(frozen=True)
class SynthSummary:
    """What ``synthesise`` wrote."""

    organisations: int
    practices: int
    referrals: int
    triples: int
    generate_seconds: float
    load_seconds: float
    derived_triples: int


def read_reference(store: Store) -> Reference:
    """Read the real municipalities, zones and concepts the synthetic graph is built on.

    Parameters
    ----------
    store : Store
        A store in which ``overhoop build`` has run.

    Returns
    -------
    Reference

    Raises
    ------
    ValueError
        If the store holds no zones or no concept schemes yet (build it first).
    """
    rows = store.select(prepared("synth_geography"))
    if not rows:
        raise ValueError(
            "De store bevat nog geen gemeenten en eerstelijnszones: bouw eerst de graaf met "
            "'overhoop build' (of 'make build'). / The store holds no municipalities or zones "
            "yet: run 'overhoop build' first."
        )
    places: dict[str, tuple[str, str, set[str]]] = {}
    for row in rows:
        places.setdefault(row["gemeente"], (row["nis"], row["name"], set()))[2].add(row["zone"])
    ordered = sorted(places.items(), key=lambda item: item[1][0])
    schemes = [concept_scheme(s) for s in ("organisatietype", "sector", "doelgroep", "bouwsteen", "verbinding")]
    concepts: dict[str, dict[str, dict]] = {str(s).rsplit("/", 1)[1]: {} for s in schemes}
    for row in store.select(prepared("synth_concepts", scheme=schemes)):
        entry = concepts[row["scheme"].rsplit("/", 1)[1]].setdefault(row["concept"], {"broader": set()})
        entry.update(label=row["label"], min=row.get("minAge"), max=row.get("maxAge"))
        if "broader" in row:
            entry["broader"].add(row["broader"])
    if not all(concepts.values()):
        missing = ", ".join(name for name, found in concepts.items() if not found)
        raise ValueError(
            f"De begrippenlijst(en) {missing} ontbreken in de store: bouw eerst de graaf met "
            "'overhoop build'. / Concept schemes missing: run 'overhoop build' first."
        )

    def has_children(scheme: str) -> set[str]:
        return {b for entry in concepts[scheme].values() for b in entry["broader"]}

    doelgroep_parents = has_children("doelgroep")
    bouwsteen = concepts["bouwsteen"]
    tops = sorted(iri for iri, entry in bouwsteen.items() if not entry["broader"])
    return Reference(
        municipalities=[(iri, nis, name) for iri, (nis, name, _zones) in ordered],
        zones_of=[sorted(zones) for _iri, (_nis, _name, zones) in ordered],
        types={iri.rsplit("/", 1)[1]: entry["label"] for iri, entry in concepts["organisatietype"].items()
               if entry["broader"]},
        sectors={iri.rsplit("/", 1)[1] for iri in concepts["sector"]},
        doelgroepen=[(iri, entry["label"],
                      int(entry["min"]) if entry["min"] is not None else None,
                      int(entry["max"]) if entry["max"] is not None else None)
                     for iri, entry in sorted(concepts["doelgroep"].items()) if iri not in doelgroep_parents],
        bouwstenen=tops,
        sub_themes={top: sorted(iri for iri, entry in bouwsteen.items() if top in entry["broader"])
                    for top in tops},
        kinds=[iri.rsplit("/", 1)[1] for iri in sorted(concepts["verbinding"])],
    )


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Draw ``size`` indices with probability proportional to ``weights`` (fast inverse CDF)."""
    cumulative = np.cumsum(weights)
    return np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right").clip(0, len(weights) - 1)


def generate(reference: Reference, organisations: int, referrals: int, seed: int = 1,
             practices: int | None = None) -> tuple[str, dict[str, int]]:
    """Generate the synthetic graph as N-Triples text.

    Parameters
    ----------
    reference : Reference
        Real municipalities, zones and concepts (``read_reference``).
    organisations, referrals : int
        How many organisations and referrals to make.
    seed : int
        The same seed gives the same text.
    practices : int, optional
        How many practices; 30% of the organisations by default.

    Returns
    -------
    tuple of (str, dict)
        The N-Triples and the counts (organisations, practices, referrals, triples).

    Examples
    --------
    >>> from graph.build import build
    >>> from graph.store import open_store
    >>> store = open_store("memory"); _ = build(store)
    >>> text, counts = generate(read_reference(store), 20, 50, seed=7)
    >>> counts["organisations"], counts["referrals"]
    (20, 50)
    """
    practices = _check(organisations, referrals, practices)
    text = "".join(_chunks(reference, organisations, referrals, seed, practices))
    return text, {"organisations": organisations, "practices": practices, "referrals": referrals,
                  "triples": text.count(" .\n")}


def write_ntriples(reference: Reference, path: Path, organisations: int, referrals: int, seed: int = 1,
                   practices: int | None = None) -> dict[str, int]:
    """Write the synthetic graph to an N-Triples file chunk by chunk (a million referrals need
    no gigabytes of memory); same text as :func:`generate`. Returns the counts."""
    practices = _check(organisations, referrals, practices)
    triples = 0
    with path.open("w", encoding="utf-8") as handle:
        for chunk in _chunks(reference, organisations, referrals, seed, practices):
            handle.write(chunk)
            triples += chunk.count(" .\n")
    return {"organisations": organisations, "practices": practices, "referrals": referrals, "triples": triples}


def _check(organisations: int, referrals: int, practices: int | None) -> int:
    if organisations < 2 or referrals < 0 or (practices is not None and practices < 0):
        raise ValueError("Geef minstens 2 organisaties en 0 of meer doorverwijzingen en praktijken. / "
                         "Give at least 2 organisations and 0 or more referrals and practices.")
    return round(0.3 * organisations) if practices is None else practices


def _flush(lines: list[str]) -> str:
    text = "\n".join(lines) + "\n" if lines else ""
    lines.clear()
    return text


def _chunks(reference: Reference, organisations: int, referrals: int, seed: int, practices: int):
    """Yield the N-Triples of the synthetic graph in chunks, deterministically for ``seed``."""
    practices = round(0.3 * organisations) if practices is None else practices
    rng = np.random.default_rng(seed)
    lines: list[str] = []

    # Places: a power law over the ranks (Zipf, exponent 0.8), like the populations of Flemish
    # municipalities: the largest holds about 9% of the organisations, the median one 0.2%. The
    # big cities take the top ranks; the other municipalities are ranked at random.
    n_places = len(reference.municipalities)
    place_weights = np.arange(1, n_places + 1, dtype=float) ** -0.8
    order = list(rng.permutation(n_places))
    nis_index = {nis: i for i, (_iri, nis, _name) in enumerate(reference.municipalities)}
    cities = [nis_index[nis] for nis in BIG_CITIES if nis in nis_index]
    city_set = set(cities)
    order = cities + [i for i in order if i not in city_set]
    weight_of_place = np.empty(n_places)
    weight_of_place[order] = place_weights
    place = _weighted(rng, weight_of_place, organisations)
    zone_names = sorted({z for zones in reference.zones_of for z in zones})
    zone_index = {z: i for i, z in enumerate(zone_names)}
    # A municipality split over several zones (Antwerpen) sends each organisation to one of them.
    zone_pick = rng.integers(0, 1 << 30, organisations)
    zone = np.array([zone_index[reference.zones_of[p][k % len(reference.zones_of[p])]]
                     for p, k in zip(place.tolist(), zone_pick.tolist())], dtype=np.int64)

    # Types, sectors, activity and each organisation's doelgroep profile.
    type_slugs = sorted(reference.types)
    type_weights = np.array([ORGANISATION_TYPES.get(s, (0.3, "welzijn"))[0] for s in type_slugs])
    org_type = _weighted(rng, type_weights, organisations)
    sector_slugs = sorted(reference.sectors)
    main_sector = [ORGANISATION_TYPES.get(s, (0.3, "welzijn"))[1] for s in type_slugs]
    second_sector = rng.integers(0, len(sector_slugs), organisations)
    has_second = rng.random(organisations) < 0.15
    activity = rng.pareto(1.3, organisations) + 0.05
    ages = [i for i, d in enumerate(reference.doelgroepen) if d[2] is not None]
    others = [i for i, d in enumerate(reference.doelgroepen) if d[2] is None]
    profile = np.column_stack([
        np.array(ages)[rng.integers(0, len(ages), organisations)],
        np.array(others)[rng.integers(0, len(others), organisations)],
        np.array(others)[rng.integers(0, len(others), organisations)],
    ])

    org_iri = [f"<{ID}organisatie/{SYNTH_SLUG}{i}>" for i in range(organisations)]
    dg_iri = [f"<{d[0]}>" for d in reference.doelgroepen]
    place_iri = [f"<{iri}>" for iri, _nis, _name in reference.municipalities]
    type_iri = [f"<{concept('organisatietype', s)}>" for s in type_slugs]
    sector_iri = {s: f"<{concept('sector', s)}>" for s in sector_slugs}
    name_part = rng.integers(0, len(NAME_PARTS), organisations)
    fictional = f"<{_OH}fictional> {_TRUE} ."
    for i in range(organisations):
        t, p = int(org_type[i]), int(place[i])
        label = f"{reference.types[type_slugs[t]]} {NAME_PARTS[name_part[i]]} {reference.municipalities[p][2]} (fictief {i})"
        s = org_iri[i]
        lines.append(
            f"{s} <{_RDF}type> <{_ORG}Organization> .\n"
            f"{s} <{_SKOS}prefLabel> {_literal(label)}@nl .\n"
            f"{s} <{_ORG}classification> {type_iri[t]} .\n"
            f"{s} <{_CV}sector> {sector_iri.get(main_sector[t], sector_iri[sector_slugs[0]])} .\n"
            f"{s} <{_DCT}spatial> {place_iri[p]} .\n"
            f"{s} <{_OH}searchText> {_literal(fold(label))} .\n"
            f"{s} {fictional}"
        )
        if has_second[i] and sector_slugs[second_sector[i]] != main_sector[t]:
            lines.append(f"{s} <{_CV}sector> {sector_iri[sector_slugs[second_sector[i]]]} .")

    yield _flush(lines)

    # Organisations per zone, with their activity, for the 80% of links that stay in the zone.
    members = [np.flatnonzero(zone == z) for z in range(len(zone_names))]

    def partners(chooser: np.ndarray) -> np.ndarray:
        """A partner for each chosen organisation: 80% in its own zone, never itself."""
        chosen = _weighted(rng, activity, len(chooser))
        same = rng.random(len(chooser)) < 0.8
        for z, inside in enumerate(members):
            if len(inside) < 2:
                continue
            rows = np.flatnonzero(same & (zone[chooser] == z))
            for _attempt in range(20):
                if not len(rows):
                    break
                chosen[rows] = inside[_weighted(rng, activity[inside], len(rows))]
                rows = rows[chosen[rows] == chooser[rows]]
        for _attempt in range(20):
            clash = np.flatnonzero(chosen == chooser)
            if not len(clash):
                break
            chosen[clash] = _weighted(rng, activity, len(clash))
        clash = chosen == chooser
        chosen[clash] = (chooser[clash] + 1) % organisations
        return chosen

    # Practices: initiators, doelgroepen with their age range, bouwsteen and sub-theme.
    first = _weighted(rng, activity, practices)
    second, third = partners(first), partners(first)
    n_initiators = rng.integers(1, 4, practices)
    extra_age = rng.random(practices) < 0.25
    extra_age_pick = np.array(ages)[rng.integers(0, len(ages), practices)]
    n_other = rng.integers(0, 3, practices)
    block = rng.integers(0, len(reference.bouwstenen), practices)
    theme_pick = rng.integers(0, 1 << 30, practices)
    has_theme = rng.random(practices) < 0.5
    noun = rng.integers(0, len(PRACTICE_NOUNS), practices)
    country_iri = f"<{country('BEL')}>"
    graph_iri = f"<{SYNTH_GRAPH}>"
    integer = f"^^<{_XSD}integer>"
    for j in range(practices):
        s = f"<{ID}praktijk/{SYNTH_SLUG}{j}>"
        initiator = int(first[j])
        audience = [int(profile[initiator, 0])] + [int(x) for x in profile[initiator, 1:1 + n_other[j]]]
        if extra_age[j]:
            audience.append(int(extra_age_pick[j]))
        audience = sorted(set(audience))
        bands = [reference.doelgroepen[a] for a in audience if reference.doelgroepen[a][2] is not None]
        main = reference.doelgroepen[audience[0]][1]
        town = reference.municipalities[int(place[initiator])][2]
        label = f"{PRACTICE_NOUNS[noun[j]]} voor {main[0].lower() + main[1:]} in {town} (fictief {j})"
        initiators = sorted(set([initiator, int(second[j]), int(third[j])][:n_initiators[j]]))
        abstract = (f"Fictieve praktijk voor benchmarks, opgezet door {len(initiators)} organisatie(s); "
                    f"niet echt. Doelgroepen: {', '.join(reference.doelgroepen[a][1] for a in audience)}.")
        top = reference.bouwstenen[block[j]]
        lines.append(
            f"{s} <{_RDF}type> <{_OH}Practice> .\n"
            f"{s} <{_SKOS}prefLabel> {_literal(label)}@nl .\n"
            f"{s} <{_DCT}abstract> {_literal(abstract)}@nl .\n"
            f"{s} <{_OH}buildingBlock> <{top}> .\n"
            f"{s} <{_OH}minAgeMonths> \"{min(b[2] for b in bands)}\"{integer} .\n"
            f"{s} <{_OH}maxAgeMonths> \"{max(b[3] for b in bands)}\"{integer} .\n"
            f"{s} <{_OH}searchText> {_literal(fold(label + ' ' + abstract))} .\n"
            f"{s} <{_DCT}spatial> {country_iri} .\n"
            f"{s} <{_PROV}wasDerivedFrom> {graph_iri} .\n"
            f"{s} {fictional}"
        )
        lines.extend(f"{s} <{_DCT}audience> {dg_iri[a]} ." for a in audience)
        lines.extend(f"{s} <{_OH}initiatedBy> {org_iri[o]} ." for o in initiators)
        themes = reference.sub_themes.get(top, [])
        if themes and has_theme[j]:
            lines.append(f"{s} <{_OH}subTheme> <{themes[theme_pick[j] % len(themes)]}> .")

    yield _flush(lines)

    # Referrals: the referrer by activity, the receiver 80% in the same zone.
    referrer = _weighted(rng, activity, referrals)
    referred = partners(referrer)
    kinds = [k for k in REFERRAL_KINDS if k in reference.kinds] or reference.kinds
    kind = _weighted(rng, np.array([REFERRAL_KINDS.get(k, 0.05) for k in kinds]), referrals)
    kind_iri = [f"<{concept('verbinding', k)}>" for k in kinds]
    audience_a = profile[referrer, rng.integers(0, 3, referrals)]
    audience_b = profile[referrer, rng.integers(0, 3, referrals)]
    two = rng.random(referrals) < 0.2
    confirmed = rng.random(referrals) < 0.75
    dates = (_START + rng.integers(0, _DAYS, referrals).astype("timedelta64[D]")).astype(str)
    agent = f"<{GENERATOR}>"
    date_type = f"^^<{_XSD}date>"
    for k in range(referrals):
        s = f"<{ID}doorverwijzing/{SYNTH_SLUG}{k}>"
        lines.append(
            f"{s} <{_RDF}type> <{_OH}Referral> .\n"
            f"{s} <{_OH}referrer> {org_iri[referrer[k]]} .\n"
            f"{s} <{_OH}referredTo> {org_iri[referred[k]]} .\n"
            f"{s} <{_DCT}audience> {dg_iri[audience_a[k]]} .\n"
            f"{s} <{_OH}referralKind> {kind_iri[kind[k]]} .\n"
            f"{s} <{_SCHEMA}startDate> \"{dates[k]}\"{date_type} .\n"
            f"{s} <{_PROV}wasAttributedTo> {agent} .\n"
            f"{s} {fictional}"
        )
        if two[k] and audience_b[k] != audience_a[k]:
            lines.append(f"{s} <{_DCT}audience> {dg_iri[audience_b[k]]} .")
        if confirmed[k]:
            lines.append(f"{s} <{_OH}confirmed> {_TRUE} .")
        if len(lines) >= 100_000:
            yield _flush(lines)

    lines.append(_describe(organisations, practices, referrals, seed))
    yield _flush(lines)


def _describe(organisations: int, practices: int, referrals: int, seed: int) -> str:
    """The graph's own provenance: a fictional source of type ``synthetisch``, and its generator."""
    g, agent = f"<{SYNTH_GRAPH}>", f"<{GENERATOR}>"
    title = (f"Synthetische gegevens (fictief): {organisations} organisaties, {practices} praktijken, "
             f"{referrals} doorverwijzingen, seed {seed}")
    return (
        f"{g} <{_RDF}type> <{_PROV}Entity> .\n"
        f"{g} <{_RDF}type> <{_VOID}Dataset> .\n"
        f"{g} <{_DCT}title> {_literal(title)}@nl .\n"
        f"{g} <{_DCT}type> <{concept('brontype', 'synthetisch')}> .\n"
        f"{g} <{_PROV}wasAttributedTo> {agent} .\n"
        f"{g} <{_OH}fictional> {_TRUE} .\n"
        f"{agent} <{_RDF}type> <{_PROV}SoftwareAgent> .\n"
        f"{agent} <{_SKOS}prefLabel> \"overhoop synth (generator van fictieve gegevens)\"@nl .\n"
        f"{agent} <{_OH}fictional> {_TRUE} ."
    )


def synthesise(store: Store, organisations: int, referrals: int, seed: int = 1,
               practices: int | None = None,
               progress: Callable[[str], None] = lambda message: None) -> SynthSummary:
    """Write a synthetic graph into ``g:synthetisch`` (replacing the previous one) and re-derive.

    Parameters
    ----------
    store : Store
        A built store (``overhoop build``): the real municipalities and concepts are read from it.
    organisations, referrals : int
        How many organisations and referrals.
    seed : int
        The same seed gives the same graph.
    practices : int, optional
        How many practices; 30% of the organisations by default.
    progress : callable
        Called with one Dutch line per step.

    Returns
    -------
    SynthSummary
    """
    started = time.perf_counter()
    reference = read_reference(store)
    with tempfile.TemporaryDirectory(prefix="overhoop-synth-") as folder:
        path = Path(folder) / "synthetisch.nt"
        counts = write_ntriples(reference, path, organisations, referrals, seed, practices)
        generated = time.perf_counter()
        progress(f"Gegenereerd: {counts['triples']} triples ({generated - started:.1f} s)")
        store.bulk_replace_graph(SYNTH_GRAPH, path)
    loaded = time.perf_counter()
    progress(f"Geladen in {SYNTH_GRAPH} ({loaded - generated:.1f} s)")
    derived = rebuild_derived(store, bulk=True)
    progress(f"Afgeleide verwijslinks herberekend: {derived} triples ({time.perf_counter() - loaded:.1f} s)")
    return SynthSummary(counts["organisations"], counts["practices"], counts["referrals"],
                        counts["triples"], generated - started, loaded - generated, derived)


def remove(store: Store) -> int:
    """Remove the synthetic graph and re-derive; return the derived triples that remain."""
    store.drop_graph(SYNTH_GRAPH)
    return rebuild_derived(store, bulk=True)
