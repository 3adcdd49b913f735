"""The partner finder: which organisations and practices could strengthen an organisation?

A Huis van het Kind (or any organisation) says who it is, or only where it works and what kind
of organisation it is, and which doelgroep it wants to reach better. The finder ranks
organisations and practices by a transparent score, each point backed by a reason in plain
Dutch (and English):

=====================================================  ======
reason                                                 points
=====================================================  ======
serves the requested doelgroep (or a narrower one)     3
runs a practice for an overlapping age range            2
works in the same first-line zone                      2
works in the same province / Flanders- or Belgium-wide  1
brings a sector the asker lacks (at most 2)             1 each
offers a bouwsteen the asker lacks (at most 2)          1 each
partner of one of the asker's partners (at most 3)      1 each
=====================================================  ======

Organisations already linked to the asker (a referral either way, a practice initiated
together, a partnership) are left out, and so are practices the asker initiates itself, and the
groups the note names as initiators ("lokale besturen", "CAW"): a kind of organisation, no one to
contact. Who asks by place and type is not offered the organisations of that type in that
municipality either: they are most likely the asker itself, and the answer names them
(``asker["maybe"]``) so that it can choose itself.

An answer is kept until a write changes what it reads (:func:`partner_parts`): an import in
another province leaves it as it was.

Speed: the asker's profile, zone and partners are computed first, by small queries bound to
the asker, and reach the candidate queries as ``VALUES``. The obvious single query with
``FILTER NOT EXISTS`` for "not yet linked" took 4.9 s at 10,000 organisations on Oxigraph
(STACK.md section 5); bound inputs keep each query to milliseconds. Links are followed through
their derived shortcuts (``oh:refersTo``, ``oh:worksWith``, ...), and for an asker with a zone the
practices' scopes come from :func:`graph.lookup.zone_practices`, which the zone page keeps until
the next write. An asker with a zone and no doelgroep or age (every organisation page) gets every
organisation and practice of its zones ranked: their profiles and traits are kept for those zones,
until a write there (at 100,000 organisations the next organisation page of the same zone took
0.29-0.45 s, now 0.06-0.07 s). A group of organisations the note names ("lokale besturen") is
refused as asker: it has no partners of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from rdflib import URIRef

from graph.cache import cached, per_state
from graph.imports.reach import UNPLACED
from graph.lookup import (
    FLANDERS, ORGANISATION_BASE, Filters, NotFound, concept_iri, concepts, find_municipality, flanders_wide_practices,
    iri_column, is_organisation, matching_organisations, municipality_zones, organisation_summaries,
    organisations_by_name, own_iri, parse_age_range, practice_summaries, slug_of, zone_info, zone_organisations,
    zone_practices,
)
from graph.namespaces import concept_scheme
from graph.queries import prepared
from graph.side_by_side import side_by_side
from graph.store import Store
from graph.textnorm import search_key

BELGIUM = "http://publications.europa.eu/resource/authority/country/BEL"
POINTS = {"doelgroep": 3, "leeftijd": 2, "zone": 2, "provincie": 1, "vlaanderen": 1, "belgie": 1, "sector": 1,
          "bouwsteen": 1, "partner": 1, "initiatiefnemer": 1}
MAX_REPEATS = {"sector": 2, "bouwsteen": 2, "partner": 3}
# How many of the organisations that may be the asker (who asks by place and type) the answer names.
MAYBE_SHOWN = 10


@dataclass
class Asker:
    """Who asks: an organisation of the graph, or one described by place and type only."""

    iri: str | None
    label: str
    zones: list[dict] = field(default_factory=list)
    municipalities: set[str] = field(default_factory=set)
    provinces: dict[str, dict] = field(default_factory=dict)  # IRI to the zone's province (label, label_en)
    types: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    bouwstenen: set[str] = field(default_factory=set)
    partners: dict[str, set[str]] = field(default_factory=dict)
    practices: set[str] = field(default_factory=set)
    # Who asks by place and type: the organisations of that type there, perhaps itself.
    maybe: list[str] = field(default_factory=list)
    # A municipality given with an organisation that has a place of its own (not used).
    unused_place: str | None = None


def find_partners(store: Store, org: str | None = None, municipality: str | None = None,
                  organisation_type: str | None = None, sector: str | None = None,
                  doelgroepen: list[str] | None = None, age: str | None = None,
                  zone: str | None = None, limit: int = 20) -> dict:
    """Rank the organisations and practices that could strengthen the asking organisation.

    Parameters
    ----------
    store : Store
        The graph.
    org : str, optional
        The asking organisation's id (``huis-van-het-kind-gent``) or IRI.
    municipality : str, optional
        For an organisation not in the graph: its municipality, by NIS code, postcode or name.
        With ``org``: the organisation's place, if the graph has none for it (else it is not
        used, and the answer's ``asker["unused_place"]`` names it).
    organisation_type : str, optional
        For an organisation not in the graph: its type (``huis-van-het-kind``, ``caw``, ...).
    sector : str, optional
        For an organisation not in the graph: its sector; by default the sectors most
        organisations of its type have.
    doelgroepen : list of str, optional
        The doelgroepen to reach better (ids such as ``prenataal`` or IRIs).
    age : str, optional
        An age range to reach better, as read by :func:`graph.lookup.parse_age_range`.
    zone : str, optional
        Look in this zone instead of the asker's own.
    limit : int
        How many organisations and how many practices to return.

    Returns
    -------
    dict
        ``{"asker": {...}, "organisations": [suggestion], "practices": [suggestion]}``; a
        suggestion is the organisation or practice summary plus ``score`` and ``reasons``
        (``{"code", "points", "nl", "en"}``), best first. The asker's ``maybe`` lists, for who
        asks by place and type, the first ten organisations of that type in that municipality
        (summaries; ``maybe_total`` counts them all): none of them is suggested.

    Raises
    ------
    NotFound
        For an unknown organisation, municipality, zone or concept.
    ValueError
        If neither ``org`` nor ``municipality`` is given, ``org`` is a group of organisations
        (such as "lokale besturen": a kind of organisation, with no partners of its own), or the
        age range is unreadable.

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> found = find_partners(store, municipality="Gent", organisation_type="huis-van-het-kind",
    ...                       doelgroepen=["prenataal"])
    >>> all(item["reasons"] for item in found["organisations"])
    True
    """
    return _kept_partners(store, partner_parts(store, org, municipality, organisation_type, sector, zone),
                          org, municipality, organisation_type, sector, tuple(doelgroepen or ()), age, zone, limit)


@per_state(about=lambda parts, *_args: parts)
def _kept_partners(store: Store, parts: frozenset[str] | None, *asked) -> dict:
    """:func:`_found_partners`, kept across writes that leave ``parts`` alone."""
    return _found_partners(store, *asked)


def partner_parts(store: Store, org: str | None = None, municipality: str | None = None,
                  organisation_type: str | None = None, sector: str | None = None,
                  zone: str | None = None) -> frozenset[str] | None:
    """Return the parts of the graph (graph/imports/reach.py) the partner finder reads for an asker.

    The suggestions lie in the asker's zones, directly in its province, in Flanders or Belgium,
    or nowhere in particular; so do the partners of partners it counts. Who asks by place and
    type without a sector also reads which sectors organisations of that type have.

    Parameters
    ----------
    store : Store
    org, municipality, organisation_type, sector, zone
        As in :func:`find_partners`.

    Returns
    -------
    frozenset of str or None
        The parts, or ``None`` for all (an asker without a zone looks everywhere; an unknown
        asker is refused anyway).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> sorted(part.rsplit("/", 1)[-1] for part in partner_parts(store, municipality="Gent", sector="welzijn"))
    ['BEL', 'gent', 'oost-vlaanderen', 'overhoop:nergens', 'vlaanderen']
    """
    try:
        asker = _kept_asker(store, org, municipality, organisation_type, sector, zone)
    except (NotFound, ValueError):
        return None
    return _asker_parts(asker, org, organisation_type, sector)


def _kept_asker(store: Store, org: str | None, municipality: str | None, organisation_type: str | None,
                sector: str | None, zone: str | None) -> Asker:
    """:func:`_asker`, kept until a write touches the parts it reads: only such a write can change
    or move the asker. The finder's answer and the parts it depends on both need it; built
    twice it took a tenth of an organisation page's first view. The callers only read it."""
    asked = (org, municipality, organisation_type, sector, zone)
    return cached(store, ("partner asker", asked), lambda: _asker(store, *asked),
                  about=lambda asker: _asker_parts(asker, org, organisation_type, sector))


def _asker_parts(asker: Asker, org: str | None, organisation_type: str | None,
                 sector: str | None) -> frozenset[str] | None:
    if not asker.zones:
        return None
    parts = {item["iri"] for item in asker.zones} | set(asker.provinces) | {FLANDERS, BELGIUM, UNPLACED}
    if not org and organisation_type and not sector:
        parts |= {str(concept_scheme("sector")), str(concept_scheme("organisatietype"))}
    return frozenset(parts)


def _asker(store: Store, org: str | None, municipality: str | None, organisation_type: str | None,
           sector: str | None, zone: str | None) -> Asker:
    if org:
        asker = _asker_in_graph(store, org)
        # The graph's place of an organisation wins; a municipality given with it only places
        # an organisation the graph has no place for, and the answer says when it is not used.
        if municipality and not asker.zones:
            _set_zone(store, asker, _zone_infos(store, _municipality(store, municipality)))
        elif municipality:
            asker.unused_place = _municipality(store, municipality)["label"]
    elif municipality:
        asker = _asker_by_place(store, municipality, organisation_type, sector)
    else:
        raise ValueError("Geef je organisatie (org) of je gemeente en type (gemeente, type). "
                         "/ Give your organisation, or your municipality and type.")
    if zone:
        _set_zone(store, asker, [zone_info(store, zone)])
    return asker


def _found_partners(store: Store, org: str | None, municipality: str | None, organisation_type: str | None,
                    sector: str | None, doelgroepen: tuple[str, ...], age: str | None, zone: str | None,
                    limit: int) -> dict:
    asker = _kept_asker(store, org, municipality, organisation_type, sector, zone)
    known = concepts(store)
    wanted = _expanded([concept_iri(store, "doelgroep", value) for value in doelgroepen or []], known)
    ranges = [parse_age_range(age)] if age else []
    # An age group that lies within the age asked for is what was asked, not merely overlapping.
    wanted += [iri for iri, item in known.items() if iri not in wanted and item["min_age_months"] is not None
               and any(low <= item["min_age_months"] and item["max_age_months"] <= high for low, high in ranges)]
    ranges += [(known[iri]["min_age_months"], known[iri]["max_age_months"]) for iri in wanted
               if known[iri]["min_age_months"] is not None]
    overlapping = [iri for iri, item in known.items() if iri not in wanted and item["min_age_months"] is not None
                   and any(item["min_age_months"] < high and item["max_age_months"] > low for low, high in ranges)]
    # The two rankings read the store independently: side by side they take as long as the slower.
    organisations, practices = side_by_side(lambda rank: rank(store, asker, wanted, overlapping, known, limit),
                                            (_rank_organisations, _rank_practices))
    return {"asker": _asker_summary(store, asker, known), "organisations": organisations, "practices": practices}


def find_askers(store: Store, text: str, limit: int = 10) -> list[dict]:
    """Return the organisations a person may mean by ``text``: its id, or (part of) its name.

    The partner finder's page asks for the organisation as text rather than offering a list of
    every organisation, which at 10,000 organisations took seconds to build and could not be read.

    Parameters
    ----------
    store : Store
    text : str
        An organisation's id (``huis-van-het-kind-gent``), IRI or words of its name.
    limit : int
        How many organisations to return at most.

    Returns
    -------
    list of dict
        Organisation summaries (:func:`graph.lookup.organisation_summaries`): the one with that
        id, else the one whose name is exactly ``text`` (accents and case aside), else those whose
        names hold every word of it, the likeliest first (:func:`graph.lookup.organisations_by_name`).

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> [item["id"] for item in find_askers(store, "similes")]
    ['similes']
    """
    iri = own_iri(ORGANISATION_BASE, text.strip())
    if iri is not None and is_organisation(store, iri):
        return organisation_summaries(store, [iri])
    found = organisation_summaries(store, organisations_by_name(store, text)[:limit])
    exact = [item for item in found if search_key(item["label"]) == search_key(text)]
    return exact if len(exact) == 1 else found


# --- the asker --------------------------------------------------------------------------------

def _asker_in_graph(store: Store, org: str) -> Asker:
    iri = own_iri(ORGANISATION_BASE, org)
    if iri is None or not is_organisation(store, iri):
        raise NotFound(
            f"Organisatie {org!r} staat niet in de graaf. Zoek de id met /api/organisations?q=naam, "
            "of geef je gemeente en type (gemeente=..., type=...). / Organisation not in the graph: "
            "search its id, or give your municipality and type."
        )
    summaries = organisation_summaries(store, [iri])
    if iri in _actor_groups(store):
        name = summaries[0]["label"]
        raise ValueError(
            f"{name!r} is een groep van organisaties uit de nota, geen organisatie met eigen partners: kies "
            "één organisatie uit die groep, of geef je gemeente en type. / "
            f"{name!r} is a group of organisations named in the note, not an organisation with partners of "
            "its own: choose one organisation of the group, or give your municipality and type."
        )
    profile = _profiles(store, [iri]).get(iri, _NO_PROFILE)
    asker = Asker(iri=iri, label=summaries[0]["label"], types=profile["types"], sectors=profile["sectors"],
                  bouwstenen=profile["bouwstenen"])
    _set_zone(store, asker, [zone_info(store, zone["id"]) for zone in summaries[0]["zones"]])
    for row in store.select(prepared("organisation_links", org=URIRef(iri))):
        asker.partners.setdefault(row["other"], set()).add(row["kind"])
    # What it initiates or already offers locally is nothing to suggest to it.
    asker.practices = {row["practice"] for name in ("organisation_practices", "practice_offers")
                       for row in store.select(prepared(name, org=URIRef(iri)))}
    return asker


def _asker_by_place(store: Store, municipality: str, organisation_type: str | None,
                    sector: str | None) -> Asker:
    place = _municipality(store, municipality)
    asker = Asker(iri=None, label=place["label"])
    _set_zone(store, asker, _zone_infos(store, place))
    if organisation_type:
        type_iri = concept_iri(store, "organisatietype", organisation_type)
        asker.types = {type_iri}
        asker.maybe = list(matching_organisations(store, Filters(municipality=place["nis"], organisation_type=type_iri)))
        if not sector:
            rows = store.select(prepared("types_sectors", type=URIRef(type_iri)))
            asker.sectors = {row["sector"] for row in rows[:1]}
    if sector:
        asker.sectors = {concept_iri(store, "sector", sector)}
    return asker


def _municipality(store: Store, text: str) -> dict:
    """A municipality given by NIS code, postcode or name, with its zones (:func:`municipality_zones`;
    those of its successor, if it merged)."""
    return municipality_zones(store, slug_of(find_municipality(store, text)))


def _zone_infos(store: Store, place: dict) -> list[dict]:
    """The zones of a municipality (from :func:`_municipality`), as :func:`zone_info` describes them."""
    return [zone_info(store, zone["id"]) for zone in place["zones"]]


def _set_zone(store: Store, asker: Asker, zones: list[dict]) -> None:
    asker.zones = zones
    asker.municipalities = {row["gemeente"] for zone in zones
                            for row in store.select(prepared("zone_municipalities", zone=URIRef(zone["iri"])))}
    asker.provinces = {zone["province"]["iri"]: zone["province"] for zone in zones if zone["province"]}


def _asker_summary(store: Store, asker: Asker, known: dict) -> dict:
    def labels(iris):
        return sorted(known[iri]["label"] for iri in iris if iri in known)

    return {"iri": asker.iri, "label": asker.label,
            "zones": [{"iri": zone["iri"], "id": zone["id"], "label": zone["label"]} for zone in asker.zones],
            "types": labels(asker.types), "sectors": labels(asker.sectors),
            "bouwstenen": labels(asker.bouwstenen), "partners": len(asker.partners),
            "maybe": organisation_summaries(store, asker.maybe[:MAYBE_SHOWN], known), "maybe_total": len(asker.maybe),
            "unused_place": asker.unused_place}


def _profiles(store: Store, iris: list[str]) -> dict[str, dict]:
    if not iris:
        return {}
    rows = store.select(prepared("partner_profiles", org=[URIRef(iri) for iri in iris]))
    # One profile per combination of sectors, types and bouwstenen, shared by the organisations
    # that have it (a zone of a thousand organisations has some hundred): the ranking gives each
    # combination its reasons once, and a zone's kept profiles are that much smaller.
    shared: dict[tuple[frozenset[str], ...], dict[str, frozenset[str]]] = {}
    found = {}
    for row in rows:
        values = tuple(frozenset(row.get(key, "").split()) for key in _PROFILE_KEYS)
        found[row["org"]] = shared.setdefault(values, dict(zip(_PROFILE_KEYS, values)))
    return found


# partner_profiles.rq's columns: what an organisation brings to a partnership.
_PROFILE_KEYS = ("sectors", "types", "bouwstenen")
_NO_PROFILE = MappingProxyType({key: frozenset() for key in _PROFILE_KEYS})


@per_state(copy_result=False, about=lambda zones: zones)
def _zone_profiles(store: Store, zones: tuple[str, ...]) -> Mapping[str, dict]:
    """The profile of every organisation of some zones, kept until a write in one of them: an
    asker of those zones without a doelgroep or age (every organisation page) has them all
    ranked, and at 100,000 organisations they took a third of such a page's first view. Kept for
    an asker's zones together: an organisation of Antwerpen lies in its four zones, and they
    share most organisations. Read-only and not copied per caller: unpickling a zone's copy took
    a tenth of an organisation page."""
    organisations = sorted(set().union(*(zone_organisations(store, zone) for zone in zones)))
    found = _profiles(store, organisations)
    return MappingProxyType({org: found.get(org, _NO_PROFILE) for org in organisations})


def _expanded(iris: list[str], known: dict) -> list[str]:
    """The doelgroepen and every concept narrower than them."""
    found = list(dict.fromkeys(iris))
    for iri in found:
        found += [item["iri"] for item in known.values() if item["broader"] == iri and item["iri"] not in found]
    return found


# --- reasons ----------------------------------------------------------------------------------

def _reason(code: str, nl: str, en: str) -> dict:
    return {"code": code, "points": POINTS[code], "nl": nl, "en": en}


def _score(reasons: list[dict]) -> list[dict]:
    """Keep at most MAX_REPEATS reasons of a kind, so one kind cannot swamp the others."""
    kept, counts = [], {}
    for reason in reasons:
        counts[reason["code"]] = counts.get(reason["code"], 0) + 1
        if counts[reason["code"]] <= MAX_REPEATS.get(reason["code"], 1):
            kept.append(reason)
    return kept


def _location_reason(asker: Asker, places: set[str]) -> dict | None:
    zone_places = asker.municipalities | {zone["iri"] for zone in asker.zones}
    if places & zone_places:
        names = ", ".join(zone["label"] for zone in asker.zones)
        return _reason("zone", f"Werkt in jouw eerstelijnszone ({names}).", f"Works in your first-line zone ({names}).")
    for iri, province in asker.provinces.items():
        if iri in places:
            return _reason("provincie", f"Werkt in jouw provincie ({province['label']}).",
                           f"Works in your province ({province.get('label_en') or province['label']}).")
    if FLANDERS in places:
        return _reason("vlaanderen", "Werkt Vlaanderen-breed.", "Works across Flanders.")
    if BELGIUM in places:
        return _reason("belgie", "Werkt in heel België.", "Works across Belgium.")
    return None


def nearby_places(store: Store, org: str) -> list[str]:
    """Return where the partner finder looks for candidates near an organisation in the graph.

    Parameters
    ----------
    store : Store
    org : str
        The organisation's id or IRI.

    Returns
    -------
    list of str
        The IRIs of its zones and their municipalities, its provinces, Flanders and Belgium.

    Raises
    ------
    NotFound
        When the organisation is not in the graph (a Dutch sentence saying how to find its id).

    Examples
    --------
    >>> from graph.store import open_store
    >>> nearby_places(open_store("memory"), "onbekend")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    NotFound: Organisatie 'onbekend' staat niet in de graaf.
    """
    return [str(place) for place in _places_near(_asker_in_graph(store, org))]


def unplaced_organisations(store: Store) -> frozenset[str]:
    """Return the organisations that lie nowhere in particular, kept until a write changes them.

    The partner finder suggests them wherever the asker is.

    Parameters
    ----------
    store : Store

    Returns
    -------
    frozenset of str
        Their IRIs.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> store.update("INSERT DATA { GRAPH <https://example.org/g> { "
    ...              "<https://example.org/a> a <http://www.w3.org/ns/org#Organization> } }")
    >>> sorted(unplaced_organisations(store))
    ['https://example.org/a']
    """
    return cached(store, "unplaced organisations",
                  lambda: frozenset(iri_column(store, prepared("organisations_unplaced"))), about=UNPLACED)


def _nearby(store: Store, asker: Asker) -> dict:
    """The ``?place``, ``?unplaced`` and ``?anywhere`` slots of the queries that look for
    candidates nearby: the asker's zones and their municipalities, its provinces, Flanders and
    Belgium, and the organisations that lie nowhere in particular; anywhere when the asker has
    no zone."""
    return {"place": [URIRef(iri) for iri in _places_near(asker)],
            "unplaced": [URIRef(iri) for iri in sorted(unplaced_organisations(store))],
            "anywhere": None if asker.zones else True}


def _places_near(asker: Asker) -> list[str]:
    """The asker's zones and their municipalities, its provinces, Flanders and Belgium."""
    zones = {zone["iri"] for zone in asker.zones}
    return sorted(asker.municipalities | zones | set(asker.provinces) | {FLANDERS, BELGIUM})


def _located_elsewhere(asker: Asker, places: set[str], reason: dict | None) -> bool:
    """Placed somewhere, but not in the asker's zone, province or Flanders-wide."""
    return bool(asker.zones) and bool(places) and reason is None


# --- ranking organisations --------------------------------------------------------------------

def _actor_groups(store: Store) -> frozenset[str]:
    """The groups the note names as initiators ("lokale besturen"): no one to contact."""
    return cached(store, "actor groups", lambda: frozenset(iri_column(store, prepared("actor_groups"))))


def _rank_organisations(store: Store, asker: Asker, wanted: list[str], overlapping: list[str],
                        known: dict, limit: int) -> list[dict]:
    groups = _actor_groups(store)
    excluded = set(asker.partners) | {asker.iri} | set(asker.maybe) | groups
    near_asker = _nearby(store, asker)
    served: dict[str, dict[str, str]] = {}
    places: dict[str, set[str]] = {}
    if wanted or overlapping:
        rows = store.select(prepared("organisations_serving",
                                     doelgroep=[URIRef(iri) for iri in wanted + overlapping],
                                     **near_asker))
        for row in rows:
            if row["org"] not in excluded:
                served.setdefault(row["org"], {})[row["doelgroep"]] = row.get("practice", "")
                places.setdefault(row["org"], set()).update([row["where"]] if "where" in row else [])
    via: dict[str, set[str]] = {}
    if asker.partners:
        rows = store.select(prepared("partners_of_partners", org=[URIRef(iri) for iri in sorted(asker.partners)],
                                     **near_asker))
        for row in rows:
            # A group ("lokale besturen") is no partner to go through: it names a kind of organisation.
            if row["other"] not in excluded and row["org"] not in groups:
                via.setdefault(row["other"], set()).add(row["org"])
                places.setdefault(row["other"], set()).update([row["where"]] if "where" in row else [])
    if not wanted and not overlapping:
        for zone in asker.zones:
            for org in zone_organisations(store, zone["iri"]):
                if org not in excluded:
                    served.setdefault(org, {})
                    places.setdefault(org, set()).add(zone["iri"])
    # The reasons are the same for many candidates (the same places, the same profile, the same
    # partner): each is worded once, and the candidates share it until the ones shown are copied.
    # For a thousand candidates (an organisation page of a large zone) wording each one's own took
    # most of the ranking.
    location_by_places: dict[frozenset[str], dict | None] = {}
    nearby = {}
    for org, org_places in places.items():
        key = frozenset(org_places)
        if key not in location_by_places:
            location_by_places[key] = _location_reason(asker, org_places)
        if not _located_elsewhere(asker, org_places, location_by_places[key]):
            nearby[org] = location_by_places[key]
    candidates = sorted(org for org in set(served) | set(via) if org in nearby or not asker.zones)
    zone_profiles = _zone_profiles(store, _zone_iris(asker)) if not wanted and not overlapping and asker.zones else {}
    profiles = {**zone_profiles, **_profiles(store, [org for org in candidates if org not in zone_profiles])}
    partner_labels = {item["iri"]: item["label"] for item in organisation_summaries(
        store, sorted({p for org in candidates for p in via.get(org, [])}), known)}
    serving_by_doelgroepen: dict[frozenset[str], list[dict]] = {}
    bringing_by_profile: dict[tuple[frozenset[str], frozenset[str]], list[dict]] = {}
    partner_reasons: dict[str, dict] = {}
    ranked = []
    for org in candidates:
        profile = profiles.get(org, _NO_PROFILE)
        doelgroepen = frozenset(served.get(org, ()))
        if doelgroepen not in serving_by_doelgroepen:
            serving_by_doelgroepen[doelgroepen] = _serving_reasons(doelgroepen, wanted, known)
        found = list(serving_by_doelgroepen[doelgroepen])
        if nearby.get(org):
            found.append(nearby[org])
        brought = (profile["sectors"], profile["bouwstenen"])
        if brought not in bringing_by_profile:
            bringing_by_profile[brought] = _bringing_reasons(asker, profile, known)
        found += bringing_by_profile[brought]
        # By IRI: the partners named (at most three count) do not depend on the store's row order.
        for partner in sorted(via.get(org, ())):
            if partner not in partner_reasons:
                label = partner_labels.get(partner, slug_of(partner))
                partner_reasons[partner] = _reason("partner", f"Partner van jouw partner {label}.",
                                                   f"Partner of your partner {label}.")
            found.append(partner_reasons[partner])
        found = _score(found)
        if any(r["code"] in ("doelgroep", "leeftijd", "partner", "zone") for r in found):
            ranked.append((-sum(r["points"] for r in found), org, found))
    ranked.sort(key=lambda item: item[:2])
    top = ranked[:limit]
    summaries = organisation_summaries(store, [org for _, org, _ in top], known)
    return [{**summary, "score": -score, "reasons": [dict(reason) for reason in found]}
            for summary, (score, _, found) in zip(summaries, top)]


def _serving_reasons(served: Collection[str], wanted: list[str], known: dict) -> list[dict]:
    """One reason for the doelgroepen served: the requested one if it can, else an overlapping age band."""
    same = sorted(d for d in served if d in wanted)
    if same:
        item = known[same[0]]
        return [_reason("doelgroep", f"Werkt met de gevraagde doelgroep: {item['label']}.",
                        f"Works with the target group asked for: {item['label_en'] or item['label']}.")]
    if served:
        item = known[sorted(served)[0]]
        return [_reason("leeftijd", f"Werkt met een overlappende leeftijdsgroep: {item['label']}.",
                        f"Works with an overlapping age group: {item['label_en'] or item['label']}.")]
    return []


def _bringing_reasons(asker: Asker, profile: dict, known: dict) -> list[dict]:
    """Reasons for the sectors and bouwstenen a candidate has and the asker lacks."""
    found = []
    for sector in sorted(profile["sectors"] - asker.sectors):
        if sector in known:
            label = known[sector]["label"]
            found.append(_reason("sector", f"Brengt de sector {label.lower()} binnen, die jij nog niet hebt.",
                                 f"Brings in the {(known[sector]['label_en'] or label).lower()} sector, "
                                 "which you lack."))
    for bouwsteen in sorted(profile["bouwstenen"] - asker.bouwstenen,
                            key=lambda iri: known.get(iri, {}).get("notation") or ""):
        if bouwsteen in known:
            item = known[bouwsteen]
            found.append(_reason("bouwsteen", f"Biedt bouwsteen {item['notation']} aan ({item['label']}), "
                                 "die jij nog niet aanbiedt.",
                                 f"Offers building block {item['notation']} ({item['label_en'] or item['label']}), "
                                 "which you do not offer yet."))
    return found


# --- ranking practices ------------------------------------------------------------------------

def _rank_practices(store: Store, asker: Asker, wanted: list[str], overlapping: list[str],
                    known: dict, limit: int) -> list[dict]:
    if wanted or overlapping:
        matched = iri_column(store, prepared("practices_for_doelgroep",
                                             doelgroep=[URIRef(iri) for iri in wanted + overlapping]))
    elif asker.zones:
        matched = sorted(set().union(*(zone_practices(store, zone["iri"]) for zone in asker.zones)))
    else:
        # Without a place and a doelgroep, what any asker is offered: the Flanders-wide practices.
        matched = list(flanders_wide_practices(store))
    matched = sorted(set(matched) - asker.practices)
    scopes = {}
    if asker.zones:
        # What the zone page knows already (kept until the next write): the practices local to
        # the asker's zones or Flanders-wide; any other is tied elsewhere.
        for zone in asker.zones:
            for iri, scope in zone_practices(store, zone["iri"]).items():
                if scopes.get(iri) != "lokaal":
                    scopes[iri] = scope
        scopes = {iri: scopes.get(iri, "elders") for iri in matched}
    elif matched:
        rows = store.select(prepared("practice_scopes", practice=[URIRef(iri) for iri in matched],
                                     place=[URIRef(iri) for iri in sorted(asker.municipalities)]))
        scopes = {row["practice"]: "lokaal" if row["local"] == "1" else "vlaanderen" if row["tied"] == "0"
                  else "elders" for row in rows}
    candidates = [iri for iri in matched if scopes.get(iri) != "elders" or not asker.zones]
    # Ranked on what the reasons read, then described in full only for the practices shown: an
    # asker's zone can hold a thousand practices, and their summaries (abstracts, initiators'
    # names) took twice as long as this. Without a doelgroep or age every practice of the asker's
    # zones is a candidate, and their traits are kept for those zones; a practice a write added
    # since they were kept is read afresh.
    zone_traits = (_zone_practice_traits(store, _zone_iris(asker))
                   if not wanted and not overlapping and asker.zones else {})
    traits = {**zone_traits, **_practice_traits(store, [iri for iri in candidates if iri not in zone_traits], known)}

    asked = set(wanted) | set(overlapping)
    points_by_kind: dict[tuple, int] = {}

    def rank(iri: str) -> tuple:
        item, scope = traits[iri], scopes.get(iri)
        # What _practice_reasons counts: practices alike in it are scored once (a zone's
        # thousand practices come in a few dozen kinds).
        kind = (scope, tuple(b["iri"] for b in item["bouwstenen"]),
                tuple(d["iri"] for d in item["doelgroepen"] if d["iri"] in asked),
                tuple(i["iri"] for i in item["initiators"] if i["iri"] in asker.partners))
        if kind not in points_by_kind:
            points_by_kind[kind] = sum(r["points"] for r in
                                       _practice_reasons(asker, item, scope, wanted, overlapping, known))
        return -points_by_kind[kind], item["label"].lower()

    shown = practice_summaries(store, sorted(candidates, key=rank)[:limit], known)
    return [{**item, "score": sum(r["points"] for r in found), "reasons": found}
            for item in shown
            for found in [_practice_reasons(asker, item, scopes.get(item["iri"]), wanted, overlapping, known)]]


def _practice_traits(store: Store, iris: list[str], known: dict) -> dict[str, dict]:
    """What the reasons for each practice read, shaped as :func:`graph.lookup.practice_summaries`
    shapes it (the initiators without their names)."""
    items = {iri: {"iri": iri, "label": slug_of(iri), "doelgroepen": [], "bouwstenen": [], "initiators": []}
             for iri in iris}
    if not iris:
        return items
    # One dict per concept or initiator, shared by the practices that have it: a zone's kept
    # traits (_zone_practice_traits) hold each once.
    shared: dict[tuple[str, str], dict] = {}
    for row in store.select(prepared("practice_traits", practice=[URIRef(iri) for iri in iris])):
        item, key, value = items[row["practice"]], row["key"], row["value"]
        if key == "label":
            item["label"] = value
            continue
        if (key, value) not in shared:
            shared[key, value] = _trait(key, value, known)
        item[_TRAIT_LISTS[key]].append(shared[key, value])
    return items


# practice_traits.rq's ?key -> the list of a practice summary it goes in.
_TRAIT_LISTS = {"bouwsteen": "bouwstenen", "doelgroep": "doelgroepen", "initiator": "initiators"}


def _trait(key: str, value: str, known: dict) -> dict:
    """A bouwsteen with its names, a doelgroep, or an initiator without its name, shaped as in
    :func:`graph.lookup.practice_summaries`."""
    if key == "bouwsteen":
        concept = known.get(value, {})
        return {"iri": value, "label": concept.get("label", slug_of(value)), "label_en": concept.get("label_en")}
    return {"iri": value} if key == "doelgroep" else {"iri": value, "label": ""}


@per_state(copy_result=False, about=lambda zones: zones)
def _zone_practice_traits(store: Store, zones: tuple[str, ...]) -> Mapping[str, dict]:
    """The traits (:func:`_practice_traits`) of every practice available in some zones, kept until
    a write in one of them: an asker of those zones without a doelgroep or age has them all ranked.
    Read-only and not copied per caller, as :func:`_zone_profiles`."""
    practices = sorted(set().union(*(zone_practices(store, zone) for zone in zones)))
    return MappingProxyType(_practice_traits(store, practices, concepts(store)))


def _zone_iris(asker: Asker) -> tuple[str, ...]:
    """The asker's zones, sorted: the key of what is kept for them."""
    return tuple(sorted(zone["iri"] for zone in asker.zones))


def _practice_reasons(asker: Asker, item: dict, scope: str | None, wanted: list[str], overlapping: list[str],
                      known: dict) -> list[dict]:
    """The reasons to suggest a practice (``item`` as :func:`graph.lookup.practice_summaries` gives it)."""
    audiences = {d["iri"] for d in item["doelgroepen"] if d["iri"] in wanted or d["iri"] in overlapping}
    found = [{**reason, "nl": reason["nl"].replace("Werkt met", "Is er voor"),
              "en": reason["en"].replace("Works with", "Meant for")}
             for reason in _serving_reasons(audiences, wanted, known)]
    if scope == "lokaal":
        names = ", ".join(zone["label"] for zone in asker.zones)
        found.append(_reason("zone", f"Wordt aangeboden in jouw eerstelijnszone ({names}).",
                             f"Offered in your first-line zone ({names})."))
    elif scope == "vlaanderen":
        found.append(_reason("vlaanderen", "Vlaanderen-breed: niet aan één plaats gebonden.",
                             "Flanders-wide: not tied to one place."))
    for bouwsteen in item["bouwstenen"]:
        if bouwsteen["iri"] not in asker.bouwstenen:
            notation = known.get(bouwsteen["iri"], {}).get("notation")
            found.append(_reason("bouwsteen", f"Valt onder bouwsteen {notation} ({bouwsteen['label']}), "
                                 "die jij nog niet aanbiedt.",
                                 f"Belongs to building block {notation} "
                                 f"({bouwsteen['label_en'] or bouwsteen['label']}), which you do not offer yet."))
    for initiator in item["initiators"]:
        if initiator["iri"] in asker.partners:
            found.append(_reason("initiatiefnemer", f"Jouw partner {initiator['label']} is initiatiefnemer.",
                                 f"Your partner {initiator['label']} initiated it."))
    return _score(found)
