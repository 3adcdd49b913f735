"""Look things up in the graph: zones, municipalities, organisations, practices and code lists.

The questions behind the JSON API and the pages, as plain functions over a
:class:`graph.store.Store`. Results are plain dicts and lists (the API turns them into its
response models); every IRI is a string.

Lists with filters are answered facet by facet: each filter is its own small query returning a
set of IRIs (``organisations_in_zone.rq``, ``practices_for_age.rq``, ...), the sets are
intersected here, and only the requested page is described. One query with every filter made
optional (``FILTER(!BOUND(?zone) || EXISTS {...})``) took 200 ms at 10,000 organisations, and
optional joins through ``UNION`` more than a second; the facet queries take 1 to 40 ms each. The
text filter is the exception: it searches the search texts of every organisation and practice,
read once per state of the store (``search_texts.rq``).
Handing one facet's IRIs to the next as ``VALUES`` does not pay either: checking the 968
organisations of a zone for a doelgroep took longer (51 ms) than the doelgroep facet over all
10,000 organisations (39 ms), which scans each predicate once and joins by hashing. It does pay
where the question is about those organisations only and reads a few facts of each: a zone's
counts per sector and type (:func:`zone_detail`, ``zone_organisation_counts.rq``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from rdflib import Literal, URIRef
from rdflib.plugins.parsers.ntriples import unquote

from graph.cache import cached, per_state
from graph.dates import local_today
from graph.namespaces import ID, concept_scheme, municipality
from graph.queries import prepared
from graph.side_by_side import side_by_side
from graph.store import Store
from graph.textnorm import fold, search_key

SEED_TEXT = Path(__file__).resolve().parent.parent / "data" / "seed" / "inspiratienota.txt"
ZONE_BASE = f"{ID}eerstelijnszone/"
ORGANISATION_BASE = f"{ID}organisatie/"
PRACTICE_BASE = f"{ID}praktijk/"
COUNTRY_BASE = "http://publications.europa.eu/resource/authority/country/"
FLANDERS = f"{ID}gewest/vlaanderen"
_LINE_FRAGMENT = re.compile(r"#line=(\d+),(\d+)$")
# Units as people write them: m, mnd, maanden, months; j, jaar, jaren, years.
_AGE_UNIT = r"(maanden|maand|mnd|months|month|m|jaren|jaar|j|years|year|y)?"
_AGE_RANGE = re.compile(
    rf"^\s*(-?\d+(?:[.,]\d+)?)\s*{_AGE_UNIT}\s*(?:-|\.\.|tot|to)\s*(-?\d+(?:[.,]\d+)?)\s*{_AGE_UNIT}\s*$",
    re.IGNORECASE)
# Code lists change only when the graph is rebuilt; every list and page needs their labels, so they
# are kept per store for a minute instead of being asked for several times per request.
SCHEMES = ("doelgroep", "bouwsteen", "sector", "organisatietype", "zorglijn", "rol", "verbinding", "brontype")


class NotFound(LookupError):
    """A zone, municipality, organisation, practice or concept is not in the graph.

    The message (Dutch, then English) says what was not found and how to find the right id.
    """


def iri_column(store: Store, sparql: str, column: int = 0) -> list[str]:
    """Return one column (the first by default) of a SELECT whose values there are IRIs, in result
    order; rows without an IRI in that column are left out.

    Reads the TSV serialisation, which is three times faster than the JSON rows for lists of
    thousands of IRIs.
    """
    lines = store.query(sparql, "tsv").decode("utf-8").splitlines()[1:]
    if column:
        lines = [line.split("\t", column + 1)[column] for line in lines]
    return [line.split("\t", 1)[0][1:-1] for line in lines if line.startswith("<")]


def slug_of(iri: str) -> str:
    """Return the last path segment of an IRI: the id used in API paths."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _int(value: str | None) -> int | None:
    return int(float(value)) if value not in (None, "") else None


# --- code lists -------------------------------------------------------------------------------

def concepts(store: Store, scheme: str | None = None) -> dict[str, dict]:
    """Return the concepts of one code list (or all), by IRI.

    Kept until the next write to the store (``graph.cache``): code lists change only with a
    rebuild or an import.

    Parameters
    ----------
    store : Store
    scheme : str, optional
        ``doelgroep``, ``bouwsteen``, ``sector``, ``organisatietype``, ...; all lists if omitted.

    Returns
    -------
    dict
        IRI -> ``{"iri", "id", "label", "label_en", "notation", "broader", "scheme",
        "min_age_months", "max_age_months"}``.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> concepts(store, "bouwsteen")["https://w3id.org/overhoop/id/concept/bouwsteen/b1"]["notation"]
    '1'
    """
    known = cached(store, "concepts", lambda: _all_concepts(store))
    if scheme is None:
        return known
    return {iri: item for iri, item in known.items() if item["scheme"] == scheme}


def _all_concepts(store: Store) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in store.select(prepared("concepts")):
        item = found.setdefault(row["concept"], {
            "iri": row["concept"], "id": slug_of(row["concept"]), "label": row["label"],
            "label_en": row.get("labelEn"), "notation": row.get("notation"),
            "broader": row.get("broader"), "scheme": slug_of(row["scheme"]),
            "min_age_months": _int(row.get("minMonths")), "max_age_months": _int(row.get("maxMonths")),
        })
        # A concept under two broader ones (jonge-ouders: ouders and leeftijd) is listed under the
        # first by IRI, whatever order the store returns the rows in.
        if row.get("broader") and (item["broader"] is None or row["broader"] < item["broader"]):
            item["broader"] = row["broader"]
    return found


def concept_iri(store: Store, scheme: str, value: str) -> str:
    """Return the IRI of a concept given its id (slug), notation or full IRI.

    Raises
    ------
    NotFound
        If the code list has no such concept; the message lists the valid ids.
    """
    known = concepts(store, scheme)
    for iri, item in known.items():
        if value in (iri, item["id"], item["notation"]):
            return iri
    ids = ", ".join(sorted(item["id"] for item in known.values()))
    unknown_nl, unknown_en = _UNKNOWN_CONCEPT.get(scheme, (f"Onbekende {scheme}", f"Unknown {scheme}"))
    raise NotFound(
        f"{unknown_nl} {value!r}. Kies een van: {ids}. / {unknown_en} {value!r}. Choose one of: {ids}."
    )


def broader_concept(store: Store, scheme: str, value: str) -> dict | None:
    """Return the concept just above the one given (id, notation or IRI), or ``None`` for a top one.

    The partner finder suggests it when nothing serves the doelgroep chosen.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> broader_concept(store, "doelgroep", "rouw")["id"]
    'specifieke-situatie'
    """
    known = concepts(store, scheme)
    broader = known[concept_iri(store, scheme, value)]["broader"]
    return known.get(broader) if broader else None


# How to say "unknown ..." of each code list: "het organisatietype" takes no -e, and the English
# sentence names the list in English.
_UNKNOWN_CONCEPT = {
    "organisatietype": ("Onbekend organisatietype", "Unknown organisation type"),
    "doelgroep": ("Onbekende doelgroep", "Unknown target group"),
    "bouwsteen": ("Onbekende bouwsteen", "Unknown building block"),
    "sector": ("Onbekende sector", "Unknown sector"),
    "verbinding": ("Onbekende soort verbinding", "Unknown kind of link"),
    "rol": ("Onbekende rol", "Unknown role"),
}


# The counts change only with writes that declare this code list (graph/imports/reach.py).
@per_state(about=lambda scheme: str(concept_scheme(scheme)))
def scheme_with_counts(store: Store, scheme: str) -> dict:
    """Return a code list with, per concept, how many practices and organisations use it.

    Parameters
    ----------
    store : Store
    scheme : str
        ``doelgroep``, ``bouwsteen``, ``sector``, ``organisatietype``, ...

    Returns
    -------
    dict
        ``{"iri", "id", "label", "label_en", "concepts": [concept + "practices",
        "organisations"]}``, concepts in notation order, broader before narrower.
    """
    scheme_iri = URIRef(concept_scheme(scheme))
    rows = store.select(prepared("concept_schemes", scheme=scheme_iri))
    if not rows:
        raise NotFound(f"Onbekende begrippenlijst {scheme!r}. / Unknown code list {scheme!r}.")
    usage = {row["concept"]: row for row in store.select(prepared("concept_usage", scheme=scheme_iri))}
    items = []
    for iri, item in concepts(store, scheme).items():
        used = usage.get(iri, {})
        items.append({**item, "practices": int(used.get("practices", 0)),
                      "organisations": int(used.get("organisations", 0))})
    return {"iri": str(scheme_iri), "id": scheme, "label": rows[0]["label"],
            "label_en": rows[0].get("labelEn"), "concepts": scheme_order(items)}


def scheme_order(items: list[dict]) -> list[dict]:
    """Top concepts first (by notation, then label), each followed by its narrower concepts."""
    def key(item):
        notation = item["notation"] or ""
        return (int(notation) if notation.isdigit() else 10**6, item["label"].lower())

    children: dict[str | None, list[dict]] = {}
    known = {item["iri"] for item in items}
    for item in items:
        parent = item["broader"] if item["broader"] in known else None
        children.setdefault(parent, []).append(item)
    ordered: list[dict] = []

    def walk(parent):
        for item in sorted(children.get(parent, []), key=key):
            ordered.append(item)
            walk(item["iri"])

    walk(None)
    return ordered


# --- age ranges -------------------------------------------------------------------------------

def parse_age_range(text: str) -> tuple[int, int]:
    """Read an age range typed by a person and return it in months, half-open ``[from, to)``.

    Years by default (``"0-3"`` is 0..36 months); a ``m`` suffix (or ``mnd``, ``maanden``) means
    months (``"-9m-24m"`` is the pregnancy up to two years), a ``j`` suffix (or ``jaar``) years.

    Raises
    ------
    ValueError
        With a Dutch and English message if the text is not a range or the range is empty.

    Examples
    --------
    >>> parse_age_range("0-3")
    (0, 36)
    >>> parse_age_range("-9m-24m")
    (-9, 24)
    >>> parse_age_range("6 tot 12")
    (72, 144)
    >>> parse_age_range("0-3 jaar"), parse_age_range("-9 mnd - 2 jaar")
    ((0, 36), (-9, 24))
    """
    match = _AGE_RANGE.match(text or "")
    if not match:
        raise ValueError(
            f"Leeftijd {text!r} is geen bereik: schrijf bijvoorbeeld 0-3 (jaar) of -9m-24m (maanden). "
            f"/ Age {text!r} is not a range: write e.g. 0-3 (years) or -9m-24m (months)."
        )
    low, low_unit, high, high_unit = match.groups()
    unit_low = low_unit or high_unit or "j"
    unit_high = high_unit or low_unit or "j"

    def months(number: str, unit: str) -> int:
        value = float(number.replace(",", "."))
        return round(value) if unit.lower().startswith("m") else round(value * 12)

    start, end = months(low, unit_low), months(high, unit_high)
    if start >= end or start < -9 or end > 25 * 12:
        raise ValueError(
            f"Leeftijd {text!r}: het begin moet voor het einde liggen, tussen -9 maanden (zwangerschap) "
            f"en 25 jaar. / Age {text!r}: the start must come before the end, between -9 months and 25 years."
        )
    return start, end


# --- zones and municipalities -----------------------------------------------------------------

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def own_iri(base: str, value: str) -> str | None:
    """Return the IRI ``base + value`` (or ``value`` itself if it is a full IRI under ``base``),
    or ``None`` if the id part is not a slug: such an id cannot name anything of ours.

    Examples
    --------
    >>> own_iri(ZONE_BASE, "amalo")
    'https://w3id.org/overhoop/id/eerstelijnszone/amalo'
    >>> own_iri(ZONE_BASE, 'amalo> } ;') is None
    True
    """
    slug = value[len(base):] if value.startswith(base) else value
    return base + slug if _SLUG.fullmatch(slug) else None


def zone_iri(zone_id: str) -> str:
    """Return the IRI of a zone from its id (``amalo``) or full IRI.

    Raises
    ------
    NotFound
        If the id cannot be a zone's.
    """
    iri = own_iri(ZONE_BASE, zone_id)
    if iri is None:
        raise NotFound(_no_zone(zone_id))
    return iri


def _no_zone(zone_id: str) -> str:
    return (f"Eerstelijnszone {zone_id!r} bestaat niet. De id's staan in /api/zones; de zone van een "
            f"gemeente vind je met /api/municipalities/{{NIS-code}}. / No first-line zone {zone_id!r}: "
            "see /api/zones, or /api/municipalities/{NIS code} for a municipality's zone.")


@per_state()
def list_zones(store: Store) -> list[dict]:
    """Return every first-line zone with the number of its municipalities, by name.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> len(list_zones(store))
    60
    """
    # Sorted here, not by the query's ORDER BY, which puts "RITS" before "Regio Aalst".
    zones = [{"iri": row["zone"], "id": slug_of(row["zone"]), "label": row["name"],
              "municipalities": int(row["municipalities"])}
             for row in store.select(prepared("zones"))]
    return sorted(zones, key=lambda zone: fold(zone["label"]))


def zone_info(store: Store, zone_id: str) -> dict:
    """Return a zone's name, code and province.

    Raises
    ------
    NotFound
        If there is no such zone.
    """
    rows = store.select(prepared("zone_info", zone=URIRef(zone_iri(zone_id))))
    if not rows:
        raise NotFound(_no_zone(zone_id))
    row = rows[0]
    province = ({"iri": row["province"], "label": row.get("provinceName"), "label_en": row.get("provinceNameEn")}
                if row.get("province") else None)
    return {"iri": row["zone"], "id": slug_of(row["zone"]), "label": row["name"],
            "code": row.get("code"), "province": province}


@per_state(about=lambda zone_id, *_args, **_kwargs: zone_iri(zone_id))
def zone_detail(store: Store, zone_id: str, limit: int = 50, offset: int = 0) -> dict:
    """Return what the zone page shows: the zone, its municipalities, and its organisations and
    practices summarised, with one page of each.

    A big zone holds a thousand organisations and hundreds of practices: describing them all took
    a second and two megabytes. The counts per sector and type are computed by the store; only
    the requested page of each list is described. The whole lists, with filters, are
    ``/api/organisations?zone=ID`` and ``/api/practices?zone=ID``.

    Parameters
    ----------
    store : Store
    zone_id : str
        The zone's id (``amalo``) or IRI.
    limit, offset : int
        The page of both lists (organisations and practices, each in id order).

    Returns
    -------
    dict
        ``zone_info`` plus ``municipalities`` (NIS code, name, partial); ``organisations``: the
        page of organisations located in the zone, ``organisations_total`` how many there are,
        ``organisation_sectors`` and ``organisation_types`` how many of them per sector and per
        type (concept references with ``organisations``, most first); ``practices``: the page of
        practices available there (:func:`zone_practices`, each with ``scope`` ``lokaal`` or
        ``vlaanderen``), ``practices_total`` and ``practices_local`` how many in all and how many
        local; ``limit`` and ``offset``. The gap matrix is :func:`graph.coverage.coverage_matrix`.

    Raises
    ------
    NotFound
        If there is no such zone.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> detail = zone_detail(store, "gent", limit=5)
    >>> len(detail["practices"]), detail["practices_total"] > 5
    (5, True)
    """
    detail = zone_info(store, zone_id)
    zone = URIRef(detail["iri"])
    detail["municipalities"] = [
        {"iri": row["gemeente"], "nis": row["nis"], "label": row["name"],
         "partial": row["partial"] == "true"}
        for row in store.select(prepared("zone_municipalities", zone=zone))
    ]
    members = zone_organisations(store, detail["iri"])
    detail["organisations"] = organisation_summaries(store, list(members[offset:offset + limit]))
    detail["organisations_total"] = len(members)
    known = concepts(store)
    counts: dict[str, list[dict]] = {"sector": [], "type": []}
    # Without members an unbound list would count every organisation of the graph.
    rows = (store.select(prepared("zone_organisation_counts", member=[URIRef(iri) for iri in members]))
            if members else [])
    for row in rows:
        counts[row["key"]].append({**_concept_ref(known, row["concept"]), "organisations": int(row["organisations"])})
    for key, items in counts.items():
        detail[f"organisation_{key}s"] = sorted(items, key=lambda item: (-item["organisations"], item["label"].lower()))
    scopes = zone_practices(store, detail["iri"])
    practices = practice_summaries(store, sorted(scopes)[offset:offset + limit], known)
    for item in practices:
        item["scope"] = scopes[item["iri"]]
    detail["practices"] = practices
    detail["practices_total"] = len(scopes)
    detail["practices_local"] = sum(scope == "lokaal" for scope in scopes.values())
    detail["limit"], detail["offset"] = limit, offset
    return detail


def zone_organisations(store: Store, zone: str) -> tuple[str, ...]:
    """Return the IRIs of the organisations located in a zone, sorted (by id, so by name).

    Kept until the next write: every page of a zone's list needs the whole list.
    """
    iri = zone_iri(zone)
    return cached(store, ("zone organisations", iri), lambda: tuple(sorted(
        iri_column(store, prepared("organisations_in_zone", zone=URIRef(iri))))), about=iri)


@per_state(copy_result=False, about=lambda: FLANDERS)
def flanders_wide_practices(store: Store) -> tuple[str, ...]:
    """Return the IRIs of the Flanders-wide practices, sorted: none of their initiators is tied to
    a municipality, zone or province, so every zone shows them.

    Kept across imports that declare the parts of the graph they change: one that could make a
    practice Flanders-wide or not (the practice, an untied initiator, a place) declares nothing
    (``changes_every_zone.rq``), and then every answer is computed again.
    """
    return tuple(sorted(iri_column(store, prepared("practices_flanders_wide"))))


@per_state(copy_result=False, about=lambda zone, *_args, **_kwargs: zone_iri(zone))
def zone_practices(store: Store, zone: str) -> Mapping[str, str]:
    """Return the practices available in a zone: IRI -> ``lokaal`` or ``vlaanderen``, by IRI.

    Local practices are initiated or offered locally (the import's sheet 'praktijken') by an
    organisation located in the zone or tied to its province, or offered in one of its
    municipalities (``practices_in_zone.rq``); Flanders-wide ones have no initiator tied to a
    municipality, zone or province. Local wins if both apply: a Flanders-wide practice that an
    organisation of the zone offers is local there, and stays Flanders-wide everywhere else. The
    zone detail, its coverage matrix and the partner finder all ask this, so it is kept until the
    next write rather than asked three times; read-only, and not copied per caller (the partner
    finder asks it for each zone of an organisation page).
    """
    scopes = dict.fromkeys(flanders_wide_practices(store), "vlaanderen")
    scopes.update(dict.fromkeys(iri_column(store, prepared("practices_in_zone", zone=URIRef(zone_iri(zone)))),
                                "lokaal"))
    return MappingProxyType(dict(sorted(scopes.items())))


@per_state()
def municipality_zones(store: Store, nis: str) -> dict:
    """Return a municipality and its first-line zone(s); a code that ceased in 2025 still works.

    Parameters
    ----------
    store : Store
    nis : str
        The five-digit NIS code, e.g. ``11007`` (Borsbeek, merged into Antwerpen in 2025).

    Returns
    -------
    dict
        ``{"iri", "nis", "label", "current": {"iri", "nis", "label"}, "replaced": bool,
        "zones": [{"iri", "id", "label", "partial"}]}``.

    Raises
    ------
    NotFound
        If no municipality has that code.
    """
    rows = store.select(prepared("zone_of_municipality", nis=Literal(nis)))
    if not rows:
        raise NotFound(
            f"Geen gemeente met NIS-code {nis!r}. Gebruik de vijfcijferige NIS-code van Statbel "
            f"(bv. 44021 voor Gent); de codes per zone staan in /api/zones/{{id}}. / No municipality "
            f"with NIS code {nis!r}."
        )
    first = rows[0]
    return {
        "iri": first["gemeente"], "nis": nis, "label": first["name"],
        "current": {"iri": first["current"], "nis": slug_of(first["current"]), "label": first["currentName"]},
        "replaced": first["current"] != first["gemeente"],
        "zones": [{"iri": row["zone"], "id": slug_of(row["zone"]), "label": row["zoneName"],
                   "partial": row["partial"] == "true"} for row in rows],
    }


def find_municipality(store: Store, text: str) -> str:
    """Return the IRI of a municipality from its NIS code, a postcode or its (Dutch or French) name.

    Names are compared as search keys (:func:`graph.textnorm.search_key`): accents, case and
    hyphens do not matter (``"Sint-Genesius-Rode"``, ``"sint genesius rode"``). A four-digit
    Belgian postcode leads to its municipality through the postcodes imports use
    (:func:`graph.imports.places.municipalities_of_postcode`).

    Parameters
    ----------
    store : Store
    text : str
        A five-digit NIS code or a name (also of a municipality that ceased in 2025), or a
        four-digit postcode.

    Returns
    -------
    str
        The municipality's IRI; for a ceased code or name the ceased municipality's, whose
        successor and zones :func:`municipality_zones` gives.

    Raises
    ------
    NotFound
        If nothing matches, or the postcode lies in more than one municipality or outside
        Flanders and Brussels.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> find_municipality(store, "9000") == find_municipality(store, "gent")
    True
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return _municipality_of_postcode(store, text)
    if text.isdigit():
        municipality_zones(store, text)
        return str(municipality(text))
    names = _municipality_names(store)
    found = names.get(search_key(text))
    if found is None:
        # A typo ("Leuvn", "Gnet") gets the names it is closest to; there are only some 600 names.
        close = dict.fromkeys(municipality_zones(store, names[key].rsplit("/", 1)[-1])["label"]
                              for key in difflib.get_close_matches(search_key(text), names, n=3, cutoff=0.75))
        guess_nl = f" Bedoelde je {' of '.join(close)}?" if close else ""
        guess_en = f" Did you mean {' or '.join(close)}?" if close else ""
        raise NotFound(
            f"Geen gemeente {text!r} gevonden.{guess_nl} Geef de naam zoals Statbel ze schrijft, de postcode "
            f"(bv. 9000) of de NIS-code (bv. 44021). / No municipality {text!r}.{guess_en} Give its name, "
            "postcode or NIS code."
        )
    return found


def _municipality_names(store: Store) -> dict[str, str]:
    """Search key of every name of every municipality -> its IRI, kept until the next write.

    A name that a ceased municipality shares with its successor leads to the successor.
    """
    def compute() -> dict[str, str]:
        rows = sorted(store.select(prepared("municipalities")),
                      key=lambda row: (row.get("successor") is not None, row["gemeente"]))
        names: dict[str, str] = {}
        for row in rows:
            names.setdefault(search_key(row["name"]), row["gemeente"])
        return names

    return cached(store, "municipality names", compute)


def _municipality_of_postcode(store: Store, postcode: str) -> str:
    """The IRI of the one municipality in the graph that a four-digit postcode belongs to."""
    # graph.imports reads the graph through this module (reach.py): importing its postcode lookup
    # when this module loads would be circular.
    from graph.imports.places import municipalities_of_postcode

    found = municipalities_of_postcode(postcode)
    if not found:
        raise NotFound(f"Postcode {postcode} bestaat niet in België. / Postcode {postcode} does not exist "
                       "in Belgium.")
    if len(found) > 1:
        names = ", ".join(f"{name} ({nis})" for nis, name in found)
        raise NotFound(f"Postcode {postcode} ligt in meer dan één gemeente: {names}. Geef de naam of de "
                       f"NIS-code. / Postcode {postcode} lies in more than one municipality: {names}.")
    nis, name = found[0]
    try:
        municipality_zones(store, nis)
    except NotFound:
        raise NotFound(f"Postcode {postcode} ({name}) ligt niet in Vlaanderen of Brussel; OverHoop kent alleen "
                       f"de gemeenten van de eerstelijnszones. / Postcode {postcode} ({name}) is not in "
                       "Flanders or Brussels.") from None
    return str(municipality(nis))


def find_zones(store: Store, text: str) -> list[dict]:
    """Return the first-line zones whose name contains `text`, compared as search keys.

    ``"noord limburg"`` finds Noord-Limburg (see :func:`graph.textnorm.search_key`).

    Parameters
    ----------
    store : Store
    text : str
        What the user typed.

    Returns
    -------
    list of dict
        The matching items of :func:`list_zones`, by name; none for a text without words.
    """
    needle = search_key(text)
    return [zone for zone in list_zones(store) if needle and needle in search_key(zone["label"])]


# --- organisations and practices: filtered lists ----------------------------------------------

@dataclass(frozen=True)
class Filters:
    """Filters of the organisation and practice lists; ``None`` means "no filter".

    Concept and place values are ids (``0-3-jaar``, ``b2``, ``welzijn``, ``amalo``) or IRIs;
    ``municipality`` is a NIS code; ``country`` an ISO 3166 alpha-3 code; ``age`` a range
    as read by :func:`parse_age_range`; ``text`` any text (compared as a search key,
    :func:`graph.textnorm.search_key`).
    """

    zone: str | None = None
    municipality: str | None = None
    doelgroep: str | None = None
    age: str | None = None
    bouwsteen: str | None = None
    sector: str | None = None
    organisation_type: str | None = None
    country: str | None = None
    text: str | None = None


def filtered_zone(filters: Filters = Filters(), *_args, **_kwargs) -> str | None:
    """Return the IRI of the zone a filtered list lies in, if any.

    Such a list holds only what lies in that zone, so it is kept across writes elsewhere (the
    extra arguments are those of the search functions, which use this as their cache scope).

    Raises
    ------
    NotFound
        If the zone's id cannot be a zone's.
    """
    return zone_iri(filters.zone) if filters.zone else None


def _facets(store: Store, kind: str, filters: Filters) -> list[Callable[[], Iterable[str]]]:
    """The facets for the filters that are set, most selective first: each gives its IRIs.

    The filters are all checked (and an unknown zone or concept refused) before any facet runs.
    """
    facets: list[Callable[[], Iterable[str]]] = []
    needle = search_key(filters.text or "")

    def facet(name: str, **params) -> None:
        sparql = prepared(f"{kind}_{name}", **params)
        # Visitors combine the same few facets (a zone's doelgroep, a sector) over and over:
        # each facet's IRIs are kept until the next write and shared by every combination.
        facets.append(lambda: cached(store, ("facet", sparql), lambda: frozenset(iri_column(store, sparql))))

    if needle:
        # Every word, anywhere in the text: "huis van het kind pittem" finds "Huis van het Kind
        # Meulebeke, Pittem, Ruiselede en Wingene". The longest word first rules out most texts.
        first, *others = sorted(set(needle.split()), key=len, reverse=True)
        facets.append(lambda: {iri for text, iri in _search_texts(store)[kind]
                               if first in text and (not others or all(word in text for word in others))})
    if filters.municipality:
        facet("in_municipality", gemeente=URIRef(find_municipality(store, filters.municipality)))
    if filters.zone:
        zone_info(store, filters.zone)
        # The zone page's own lists (its organisations; its local and Flanders-wide practices),
        # kept until a write reaches the zone because the zone page asks them too.
        members = zone_organisations if kind == "organisations" else zone_practices
        zone = zone_iri(filters.zone)
        facets.append(lambda: members(store, zone))
    if filters.doelgroep:
        facet("for_doelgroep", doelgroep=URIRef(concept_iri(store, "doelgroep", filters.doelgroep)))
    if filters.age:
        start, end = parse_age_range(filters.age)
        facet("for_age", fromMonths=start, toMonths=end)
    if filters.bouwsteen:
        facet("with_bouwsteen", bouwsteen=URIRef(concept_iri(store, "bouwsteen", filters.bouwsteen)))
    if filters.organisation_type:
        facet("of_type", type=URIRef(concept_iri(store, "organisatietype", filters.organisation_type)))
    if filters.sector:
        facet("in_sector", sector=URIRef(concept_iri(store, "sector", filters.sector)))
    if filters.country:
        if not re.fullmatch(r"[A-Za-z]{3}", filters.country):
            raise ValueError(f"Land {filters.country!r}: geef een ISO-code van drie letters, bv. BEL of NLD. "
                             "/ Country: give a three-letter ISO code such as BEL.")
        facet("in_country", country=URIRef(COUNTRY_BASE + filters.country.upper()))
    return facets


def _all_sorted(store: Store, kind: str) -> tuple[str, ...]:
    """The IRIs of all organisations or all practices (``kind``), sorted, kept until the next write.

    The unfiltered list (the first page of each list, the search page before a search) is the
    longest to fetch and sort, and the same for everyone until the next write.
    """
    return cached(store, ("all, sorted", kind), lambda: tuple(sorted(iri_column(store, prepared(f"{kind}_all")))))


def _search_texts(store: Store) -> dict[str, tuple[tuple[str, str], ...]]:
    """The ``(search key, IRI)`` pairs of the organisations and of the practices, by kind.

    Each search text is turned into its key (:func:`graph.textnorm.search_key`) here, once per
    state of the store, so that a search compares only keys: "sint niklaas" finds "Sint-Niklaas"
    and "kind en gezin" finds "Kind & Gezin" (0.2 s more for the first word at 100,000
    organisations, nothing for the next ones).

    Kept until the next write: a coordinator tries word after word, and each new word would
    otherwise scan every text in the store again (0.9 s at 100,000 organisations; the kept
    pairs are searched in about 15 ms).
    """
    def compute() -> dict[str, tuple[tuple[str, str], ...]]:
        # Three independent reads, side by side: the first word after a write at 100,000
        # organisations 2.0-2.5 -> 1.6-2.0 s.
        # TSV, as in iri_column: read as JSON rows the texts took 145 MB at 100,000 organisations
        # while being read, as TSV 60 MB; 24 MB stay kept.
        organisations, practices, texts = side_by_side(lambda read: read(), (
            lambda: _all_sorted(store, "organisations"), lambda: _all_sorted(store, "practices"),
            lambda: store.query(prepared("search_texts"), "tsv")))
        # Each IRI as the string the sorted lists already hold, so that it is kept once.
        kind_of = {iri: (kind, iri) for kind, iris in (("organisations", organisations), ("practices", practices))
                   for iri in iris}
        found: dict[str, list[tuple[str, str]]] = {"organisations": [], "practices": []}
        for line in texts.decode("utf-8").splitlines()[1:]:
            thing, literal = line.split("\t", 1)
            known = kind_of.get(thing[1:-1])
            if known:
                found[known[0]].append((search_key(unquote(literal[1:literal.rindex('"')])), known[1]))
        return {kind: tuple(pairs) for kind, pairs in found.items()}

    return cached(store, "search texts", compute)


def _matching(store: Store, kind: str, filters: Filters) -> Sequence[str]:
    """IRIs of the organisations or practices matching every filter, sorted by IRI (= by name)."""
    facets = _facets(store, kind, filters)
    if not facets:
        return _all_sorted(store, kind)
    found: set[str] | None = None
    for facet in facets:
        column = facet()
        found = set(column) if found is None else found.intersection(column)
        if not found:
            break
    return sorted(found or ())


def matching_organisations(store: Store, filters: Filters) -> Sequence[str]:
    """Return the IRIs of every organisation that matches every filter, sorted (by id, so by name).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> [iri.rsplit("/", 1)[1] for iri in matching_organisations(store, Filters(text="similes"))]
    ['similes']
    """
    return _matching(store, "organisations", filters)


def organisations_by_name(store: Store, text: str) -> list[str]:
    """Return the IRIs of the organisations whose names hold every word of ``text``, the likeliest first.

    Every word may stand anywhere in a name, even inside a word ("opvang" finds
    "Kinderopvang"); names in which every word starts a word come first, so that "Huis van het
    Kind Gent" finds the Huizen van het Kind in Gent before "Kinderopvang Het Zonnehuis Gent".
    Within each group, by id.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> organisations_by_name(store, "similes")[0].rsplit("/", 1)[1]
    'similes'
    """
    return _likeliest_first(store, "organisations", _matching(store, "organisations", Filters(text=text)), text)


def _likeliest_first(store: Store, kind: str, found: Sequence[str], text: str | None) -> list[str]:
    """``found`` (by id) with first those in which every word of ``text`` starts a word of a
    search text (a name, another spelling, a practice's short description), each group by id."""
    words = search_key(text or "").split()
    if not words:
        return list(found)
    matched = set(found)
    by_word = {iri for key, iri in _search_texts(store)[kind]
               if iri in matched and all(f" {word}" in f" {key}" for word in words)}
    return sorted(found, key=lambda iri: iri not in by_word)


@per_state(about=filtered_zone)
def search_organisations(store: Store, filters: Filters = Filters(), limit: int = 50,
                         offset: int = 0) -> dict:
    """Return one page of the organisations that match every filter, ordered by id (name); with a
    text, first those in which every word starts a word ("opvang" finds "Opvang De Wiekslag"
    before "Kinderopvang Zonnetje").

    Parameters
    ----------
    store : Store
    filters : Filters
    limit, offset : int
        The page.

    Returns
    -------
    dict
        ``{"total", "limit", "offset", "items": [organisation summary]}``.

    Raises
    ------
    NotFound
        For an unknown zone, municipality or concept.
    ValueError
        For an age range or country code that cannot be read.

    The page is kept until the next write.
    """
    found = _likeliest_first(store, "organisations", _matching(store, "organisations", filters), filters.text)
    return {"total": len(found), "limit": limit, "offset": offset,
            "items": organisation_summaries(store, found[offset:offset + limit])}


@per_state(about=filtered_zone)
def search_practices(store: Store, filters: Filters = Filters(), limit: int = 50,
                     offset: int = 0) -> dict:
    """Return one page of the practices that match every filter (see :func:`search_organisations`).

    A zone filter finds the practices available in the zone: local ones and Flanders-wide ones
    (:func:`zone_practices`). A municipality filter finds those initiated or offered locally by an
    organisation located there, or offered there (``practices_in_municipality.rq``).
    """
    found = _likeliest_first(store, "practices", _matching(store, "practices", filters), filters.text)
    return {"total": len(found), "limit": limit, "offset": offset,
            "items": practice_summaries(store, found[offset:offset + limit])}


# --- summaries and details --------------------------------------------------------------------

def _concept_ref(known: dict[str, dict], iri: str) -> dict:
    item = known.get(iri)
    if item is None:
        return {"iri": iri, "id": slug_of(iri), "label": slug_of(iri), "label_en": None}
    return {"iri": iri, "id": item["id"], "label": item["label"], "label_en": item["label_en"]}


def organisation_summaries(store: Store, iris: list[str], known: dict[str, dict] | None = None) -> list[dict]:
    """Describe organisations briefly, in the given order: name, types, sectors, places, zones.

    Returns
    -------
    list of dict
        ``{"iri", "id", "label", "types", "sectors", "places", "zones"}`` per organisation;
        types and sectors are concept references (``iri``, ``id``, ``label``, ``label_en``).
        ``known`` (the result of :func:`concepts`) saves a query when the caller has it.
    """
    if not iris:
        return []
    known = known if known is not None else concepts(store)
    items = {iri: {"iri": iri, "id": slug_of(iri), "label": slug_of(iri), "types": [], "sectors": [],
                   "places": [], "zones": []} for iri in iris}
    seen: set[tuple] = set()
    for row in store.select(prepared("organisation_summaries", org=[URIRef(i) for i in iris])):
        item, key, value = items[row["org"]], row["key"], row["value"]
        if (row["org"], key, value) in seen:
            continue
        seen.add((row["org"], key, value))
        if key == "label":
            item["label"] = value
        elif key in ("type", "sector"):
            item[f"{key}s"].append(_concept_ref(known, value))
        elif key == "place":
            item["places"].append({"iri": value, "label": row.get("valueLabel") or slug_of(value),
                                   "label_en": row.get("valueLabelEn")})
        else:
            item["zones"].append({"iri": value, "id": slug_of(value), "label": row.get("valueLabel")})
    return [_sorted_lists(items[iri]) for iri in iris]


def practice_summaries(store: Store, iris: list[str], known: dict[str, dict] | None = None) -> list[dict]:
    """Describe practices briefly, in the given order.

    Returns
    -------
    list of dict
        ``{"iri", "id", "label", "abstract", "bouwstenen", "doelgroepen", "min_age_months",
        "max_age_months", "initiators", "countries"}`` per practice.
    """
    if not iris:
        return []
    known = known if known is not None else concepts(store)
    items = {iri: {"iri": iri, "id": slug_of(iri), "label": slug_of(iri), "abstract": None,
                   "bouwstenen": [], "doelgroepen": [], "min_age_months": None, "max_age_months": None,
                   "initiators": [], "countries": []} for iri in iris}
    seen: set[tuple] = set()
    for row in store.select(prepared("practice_summaries", practice=[URIRef(i) for i in iris])):
        item, key, value = items[row["practice"]], row["key"], row["value"]
        if (row["practice"], key, value) in seen:
            continue
        seen.add((row["practice"], key, value))
        if key in ("label", "abstract"):
            item[key] = value
        elif key == "bouwsteen":
            item["bouwstenen"].append(_concept_ref(known, value))
        elif key == "doelgroep":
            item["doelgroepen"].append(_concept_ref(known, value))
        elif key in ("minAge", "maxAge"):
            item["min_age_months" if key == "minAge" else "max_age_months"] = _int(value)
        elif key == "initiator":
            item["initiators"].append({"iri": value, "label": row.get("valueLabel") or slug_of(value)})
        else:
            item["countries"].append({"iri": value, "id": slug_of(value), "label": slug_of(value)})
    return [_sorted_lists(items[iri]) for iri in iris]


def _sorted_lists(item: dict) -> dict:
    """Order every list of references by label, so that every store gives the same answer."""
    for value in item.values():
        if isinstance(value, list):
            value.sort(key=_name_key)
    return item


def _name_key(ref: dict) -> tuple[str, str]:
    return ref["label"].lower(), ref["iri"]


def _by_name(refs: Iterable[dict]) -> list[dict]:
    """References (anything with a ``label`` and an ``iri``) by label, the same in every store."""
    return sorted(refs, key=_name_key)


def _facts(store: Store, iri: str) -> list[dict]:
    return store.select(prepared("resource_facts", resource=URIRef(iri)))


def _values(facts: list[dict], prop: str) -> list[str]:
    return [row["value"] for row in facts if row["property"] == prop]


def _first(facts: list[dict], prop: str) -> str | None:
    values = _values(facts, prop)
    return values[0] if values else None


_DCT = "http://purl.org/dc/terms/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_OH = "https://w3id.org/overhoop/ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_ORG_NS = "http://www.w3.org/ns/org#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# What a thing is called, in this order of preference.
_NAME_PROPERTIES = (_SKOS + "prefLabel", "http://www.w3.org/2000/01/rdf-schema#label", _FOAF + "name",
                    _DCT + "title", "https://schema.org/name")


def thing_detail(store: Store, iri: str) -> dict:
    """Return the name and every stated fact of any thing of the graph: a person, a province, a
    concept, a link record, the dataset.

    Parameters
    ----------
    store : Store
    iri : str

    Returns
    -------
    dict
        ``{"iri", "label", "facts"}``; ``label`` is its Dutch name (or any name, or ``None``),
        ``facts`` a list of ``{"property", "value", "value_label"}`` sorted by property, where
        ``value_label`` is the Dutch name of a value that has one.

    Raises
    ------
    NotFound
        If the graph states nothing about ``iri``.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> thing_detail(store, "https://w3id.org/overhoop/id/provincie/west-vlaanderen")["label"]
    'Provincie West-Vlaanderen'
    """
    rows = store.select_terms(prepared("resource_facts", resource=URIRef(iri)))
    if not rows:
        raise NotFound(f"De graaf zegt niets over {iri}. / The graph states nothing about {iri}.")
    # A Dutch name first, then by the order of _NAME_PROPERTIES.
    names = sorted((row["value"].get("xml:lang") != "nl", _NAME_PROPERTIES.index(row["property"]["value"]),
                    row["value"]["value"]) for row in rows if row["property"]["value"] in _NAME_PROPERTIES)
    facts = sorted(({"property": row["property"]["value"], "value": row["value"]["value"],
                     "value_label": row["valueLabel"]["value"] if "valueLabel" in row else None} for row in rows),
                   key=lambda fact: (fact["property"], fact["value"]))
    return {"iri": iri, "label": names[0][2] if names else None, "facts": facts}


def is_organisation(store: Store, iri: str) -> bool:
    """Is ``iri`` an organisation (``org:Organization``) in the graph?"""
    return any(row["property"] == _RDF_TYPE and row["value"] == _ORG_NS + "Organization"
               for row in _facts(store, iri))


def organisation_detail(store: Store, org_id: str, today: date | None = None) -> dict:
    """Return everything about one organisation: summary, other names, description, website,
    practices it initiates, practices it offers locally, its links with other organisations and
    the passages of the note.

    Parameters
    ----------
    store : Store
    org_id : str
        The id (``similes``) or IRI.
    today : date, optional
        The day by which a link counts as ended (:func:`organisation_links`); today by default.

    Returns
    -------
    dict
        The organisation's summary (:func:`organisation_summaries`) plus ``group`` (true for a
        group the note names as initiator, such as "lokale besturen": a kind of organisation), ``alt_labels``,
        ``description``, ``homepages``, ``addresses``, ``practices`` (those it initiates),
        ``offers`` (those it offers locally: practice summaries with ``where``, ``start_date``,
        ``descriptions`` and ``records``, as :func:`practice_detail` gives its ``providers``),
        ``links`` (:func:`organisation_links`) and ``sources``.

    Raises
    ------
    NotFound
        If there is no such organisation.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> detail = organisation_detail(store, "similes")
    >>> detail["label"], detail["offers"]
    ('Similes', [])
    """
    return _organisation_detail(store, org_id, today or local_today())


# Kept until the next write, and per day: a link whose end date passes ends at midnight.
@per_state()
def _organisation_detail(store: Store, org_id: str, today: date) -> dict:
    iri = own_iri(ORGANISATION_BASE, org_id)
    facts = _facts(store, iri) if iri else []
    if not any(row["property"] == _RDF_TYPE and row["value"] == _ORG_NS + "Organization" for row in facts):
        raise NotFound(
            f"Organisatie {org_id!r} bestaat niet. Zoek de id met /api/organisations?q=naam. "
            f"/ No organisation {org_id!r}: search with /api/organisations?q=name."
        )
    detail = organisation_summaries(store, [iri])[0]
    detail["group"] = _OH + "ActorGroup" in _values(facts, _RDF_TYPE)
    detail["alt_labels"] = sorted(set(_values(facts, _SKOS + "altLabel")))
    detail["description"] = _first(facts, _DCT + "description")
    detail["homepages"] = sorted(set(_values(facts, _FOAF + "homepage")) | set(_values(facts, _DCT + "source")))
    detail["addresses"] = _address_lines(store.select(prepared("organisation_addresses", org=URIRef(iri))))
    known = concepts(store)
    practices = [row["practice"] for row in store.select(prepared("organisation_practices", org=URIRef(iri)))]
    detail["practices"] = practice_summaries(store, sorted(set(practices)), known)
    offers = _local_offers(store, store.select(prepared("practice_offers", org=URIRef(iri))), "practice", known)
    detail["offers"] = _by_name({**item, **offers[item["iri"]]}
                                for item in practice_summaries(store, sorted(offers), known))
    detail["links"] = organisation_links(store, iri, today)
    detail["sources"] = source_passages(_values(facts, _PROV + "wasDerivedFrom"))
    return detail


# The kinds of link that are no concept of the list 'verbinding', named in Dutch and English.
_OWN_LINK_KINDS = {"co-initiatief": ("Co-initiatief", "Co-initiative"), "lidmaatschap": ("Lidmaatschap", "Membership")}


def _address_lines(rows: list[dict]) -> list[str]:
    """Addresses as one line each ("Kerkstraat 1, 9000 Gent"); an address node holds two streets
    when two contributions each gave one, and then gives two lines."""
    lines = set()
    for row in rows:
        town = " ".join(part for part in (row.get("postcode"), row.get("place")) if part)
        lines.add(", ".join(part for part in (row.get("street"), town) if part))
    return sorted(lines - {""})


def organisation_links(store: Store, iri: str, today: date | None = None) -> list[dict]:
    """Return the organisations an organisation is linked with, how, and what the coordinators
    filled in about each link.

    Parameters
    ----------
    store : Store
    iri : str
        The organisation's IRI.
    today : date, optional
        A link whose end date lies before this day has ended; today by default.

    Returns
    -------
    list of dict
        ``{"iri", "id", "label", "kind", "kind_label", "kind_label_en", "direction", "two_way",
        "doelgroepen", "start_date", "end_date", "ended", "confirmed", "roles", "descriptions",
        "records"}``: kind ``co-initiatief`` (a practice initiated together), ``lidmaatschap``
        (a partnership), or for a link of the import's sheet 'verbindingen' the id of its kind
        in the list 'verbinding': ``doorverwijzing`` (also when no kind is given),
        ``samenwerking``, ``gezamenlijk-aanbod`` or ``informatie-uitwisseling``; ``kind_label``
        and ``kind_label_en`` name the kind in Dutch and English; direction ``uit`` (from this
        organisation), ``in`` (towards it) or ``beide``. ``two_way`` is true for the kinds that
        go both ways whoever states them (co-initiatief and the two-way kinds of the import,
        ``graph.imports.rows.TWO_WAY``): such a link stated by each side is one item, direction
        ``beide``. Two organisations linked in several ways have one item per kind and
        direction.

        What the coordinators filled in: ``doelgroepen`` (concept references), ``start_date``
        and ``end_date`` (ISO dates or ``None``), ``ended`` (the end date lies before
        ``today``), ``confirmed`` (by both organisations), ``roles`` (of a membership, concept
        references) and ``descriptions``; ``records`` are the link's own nodes
        (``oh:Referral``, ``org:Membership``; ``{"iri"}`` each), none for a co-initiative. An
        item of two records runs from the earliest start to the latest end (no end if one has
        none). Current links come first, then the ended ones, each by name.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> link = organisation_links(store, ORGANISATION_BASE + "augeo-foundation")[0]
    >>> link["id"], link["kind"], link["two_way"], link["ended"], link["records"]
    ('de-gezonde-generatie', 'co-initiatief', True, False, [])
    """
    # Imported here: the import reads the graph through this module, so importing its rules when
    # this module loads would be circular.
    from graph.imports.rows import TWO_WAY

    cutoff = (today or local_today()).isoformat()
    rows = store.select(prepared("organisation_links", org=URIRef(iri)))
    labels = {item["iri"]: item["label"]
              for item in organisation_summaries(store, sorted({row["other"] for row in rows}))}
    known = concepts(store)
    facts = _record_facts(store, (row["link"] for row in rows if row.get("link")))
    directions: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        directions.setdefault((row["other"], row["kind"]), set()).add(row["direction"])
    grouped: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        other, kind = row["other"], row["kind"]
        two_way = kind in TWO_WAY or kind == "co-initiatief"
        direction = "beide" if two_way and len(directions[other, kind]) > 1 else row["direction"]
        item = grouped.get((other, kind, direction))
        if item is None:
            concept = known.get(row.get("kindConcept", ""))
            kind_label, kind_label_en = ((concept["label"], concept["label_en"] or concept["label"]) if concept
                                         else _OWN_LINK_KINDS.get(kind, (kind, kind)))
            item = grouped[other, kind, direction] = {
                "iri": other, "id": slug_of(other), "label": labels.get(other, slug_of(other)), "kind": kind,
                "kind_label": kind_label, "kind_label_en": kind_label_en, "direction": direction,
                "two_way": two_way, "records": set()}
        if row.get("link"):
            item["records"].add(row["link"])
    for item in grouped.values():
        records = sorted(item["records"])
        filled = _filled_in(known, [facts.get(record, {}) for record in records])
        item.update({key: filled[key] for key in _LINK_FIELDS}, records=[{"iri": record} for record in records],
                    ended=filled["end_date"] is not None and filled["end_date"] < cutoff)
    return sorted(grouped.values(),
                  key=lambda link: (link["ended"], link["label"].lower(), link["kind"], link["direction"]))


# What a coordinator fills in per link or membership (the import's sheets 'verbindingen' and
# 'samenwerkingen'), and per local offer (sheet 'praktijken'), as _filled_in names them.
_LINK_FIELDS = ("doelgroepen", "start_date", "end_date", "confirmed", "roles", "descriptions")
_OFFER_FIELDS = ("where", "start_date", "descriptions")
# One node's facts: local name of the property -> its values, each with the Dutch name of a place.
_Facts = dict[str, list[tuple[str, str | None]]]


def _record_facts(store: Store, records: Iterable[str]) -> dict[str, _Facts]:
    """What coordinators filled in on link, membership and offer nodes (``link_facts.rq``), by
    node; the properties by local name: ``audience``, ``startDate``, ``endDate``, ``confirmed``,
    ``role``, ``spatial`` and ``description``."""
    wanted = sorted(set(records))
    found: dict[str, _Facts] = {}
    if not wanted:
        return found
    for row in store.select(prepared("link_facts", record=[URIRef(record) for record in wanted])):
        name = row["property"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        found.setdefault(row["record"], {}).setdefault(name, []).append((row["value"], row.get("valueLabel")))
    return found


def _filled_in(known: dict[str, dict], records: list[_Facts]) -> dict:
    """Merge the facts of the records of one link or offer (:func:`_record_facts`): a link stated
    by each side, or an offer stated in two contributions, runs from the earliest start to the
    latest end, and has no end if one of its records has none."""
    def values(name: str) -> list[str]:
        return sorted({value for facts in records for value, _label in facts.get(name, [])})

    ends = [max(value for value, _label in facts["endDate"]) if facts.get("endDate") else None for facts in records]
    places = {value: label for facts in records for value, label in facts.get("spatial", [])}
    return {
        "doelgroepen": _by_name(_concept_ref(known, value) for value in values("audience")),
        "start_date": (values("startDate") or [None])[0],
        "end_date": max(ends) if ends and None not in ends else None,
        "confirmed": any(value in ("true", "1") for value in values("confirmed")),
        "roles": _by_name(_concept_ref(known, value) for value in values("role")),
        "where": _by_name({"iri": iri, "label": label or slug_of(iri)} for iri, label in places.items()),
        "descriptions": values("description"),
    }


def _local_offers(store: Store, rows: list[dict], key: str, known: dict[str, dict]) -> dict[str, dict]:
    """What was filled in about the local offers of ``practice_offers.rq`` rows, by the IRI in
    column ``key`` (the practice offered, or the organisation offering it): ``where`` (the
    municipalities given with the offer; none when it is offered where the organisation is),
    ``start_date``, ``descriptions`` and ``records`` (the ``cv:Participation`` nodes)."""
    facts = _record_facts(store, (row["offer"] for row in rows))
    offers: dict[str, set[str]] = {}
    for row in rows:
        offers.setdefault(row[key], set()).add(row["offer"])
    found = {}
    for iri, records in offers.items():
        filled = _filled_in(known, [facts.get(record, {}) for record in sorted(records)])
        found[iri] = {**{key: filled[key] for key in _OFFER_FIELDS},
                      "records": [{"iri": record} for record in sorted(records)]}
    return found


@per_state()
def practice_detail(store: Store, practice_id: str) -> dict:
    """Return everything about one practice: every field of the note, the initiators, the
    organisations that offer it locally, the doelgroepen with their age range, the links and the
    quoted passages of the note.

    Returns
    -------
    dict
        The practice's summary (:func:`practice_summaries`) plus every field of the note and
        ``providers``: the organisations that offer it locally (the import's sheet
        'praktijken'), by name, each an organisation summary with ``where`` (the
        municipalities given with the offer; none when it is offered where the organisation
        is), ``start_date``, ``descriptions`` and ``records`` (the ``cv:Participation`` nodes).

    Raises
    ------
    NotFound
        If there is no such practice.
    """
    iri = own_iri(PRACTICE_BASE, practice_id)
    facts = _facts(store, iri) if iri else []
    if not any(row["property"] == _RDF_TYPE and row["value"] == _OH + "Practice" for row in facts):
        raise NotFound(
            f"Praktijk {practice_id!r} bestaat niet. Zoek de id met /api/practices?q=titel. "
            f"/ No practice {practice_id!r}: search with /api/practices?q=title."
        )
    detail = practice_summaries(store, [iri])[0]
    known = concepts(store)
    detail["alt_labels"] = sorted(set(_values(facts, _SKOS + "altLabel")))
    detail["description"] = _first(facts, _DCT + "description")
    detail["audience_description"] = _first(facts, _OH + "audienceDescription")
    detail["goal"] = _first(facts, _OH + "goal")
    detail["method"] = _first(facts, _OH + "method")
    detail["tagline"] = _first(facts, _OH + "tagline")
    detail["sub_themes"] = [_concept_ref(known, value) for value in sorted(set(_values(facts, _OH + "subTheme")))]
    detail["links"] = sorted(set(_values(facts, _FOAF + "page")))
    for item in detail["doelgroepen"]:
        band = known.get(item["iri"], {})
        item["min_age_months"], item["max_age_months"] = band.get("min_age_months"), band.get("max_age_months")
    offers = _local_offers(store, store.select(prepared("practice_offers", practice=URIRef(iri))), "org", known)
    detail["providers"] = _by_name({**item, **offers[item["iri"]]}
                                   for item in organisation_summaries(store, sorted(offers), known))
    detail["sources"] = source_passages(_values(facts, _PROV + "wasDerivedFrom"))
    return detail


@lru_cache(maxsize=1)
def _seed_lines() -> tuple[str, ...]:
    return tuple(SEED_TEXT.read_text(encoding="utf-8").splitlines())


def source_passages(references: list[str]) -> list[dict]:
    """Quote the passages of the note that ``prov:wasDerivedFrom`` references point to.

    A reference ``…/bron/inspiratienota#line=FROM,TO`` names lines FROM to TO (1-based, both
    included) of ``data/seed/inspiratienota.txt``; other references are ignored.

    Returns
    -------
    list of dict
        ``{"iri", "from_line", "to_line", "text"}``, in the order of the note.

    Examples
    --------
    >>> source_passages(["https://w3id.org/overhoop/id/bron/inspiratienota#line=1,1"])[0]["from_line"]
    1
    """
    passages = []
    lines = _seed_lines()
    for reference in sorted(set(references)):
        match = _LINE_FRAGMENT.search(reference)
        if not match or not reference.startswith(f"{ID}bron/inspiratienota#"):
            continue
        first, last = int(match.group(1)), int(match.group(2))
        passages.append({"iri": reference, "from_line": first, "to_line": last,
                         "text": "\n".join(lines[first - 1:last])})
    return sorted(passages, key=lambda passage: (passage["from_line"], passage["to_line"]))

