"""What the graph already knows that an import needs: code lists, municipalities and zones,
organisations, practices, referral links and earlier contributions.

Loaded once per preview with a handful of queries, so that checking a file of thousands of
rows asks the store nothing per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph.namespaces import slugify
from graph.queries import prepared
from graph.store import Store
from graph.textnorm import fold


@dataclass
class Municipality:
    """A municipality as an import sees it: its IRI, NIS code, name and zones."""

    iri: str
    nis: str
    name: str
    zones: dict[str, str] = field(default_factory=dict)


@dataclass
class KnownOrganisation:
    """An organisation already in the graph."""

    iri: str
    name: str
    kbo: set[str] = field(default_factory=set)
    nis: set[str] = field(default_factory=set)


@dataclass
class Known:
    """Everything an import looks things up in."""

    concepts: dict[str, dict[str, str]]
    concept_labels: dict[str, dict[str, str]]
    municipalities: dict[str, Municipality]
    municipality_names: dict[str, str]
    organisations: dict[str, KnownOrganisation]
    practices: dict[str, str]
    referrals: dict[str, dict]
    subjects: set[str]

    def concept(self, scheme: str, text: str) -> str | None:
        """Return the IRI of the concept of ``scheme`` named by ``text`` (slug, label or code)."""
        lookup = self.concepts.get(scheme, {})
        return lookup.get(fold(text)) or lookup.get(slugify(text))

    def concept_choices(self, scheme: str) -> list[str]:
        """Return the slugs of a scheme, to tell a user what may be written."""
        return sorted(iri.rsplit("/", 1)[-1] for iri in self.concept_labels.get(scheme, {}))


def scheme_iri(scheme: str) -> str:
    """Return the IRI of a concept scheme from its short name (``doelgroep``)."""
    return f"https://w3id.org/overhoop/id/conceptscheme/{scheme}"


def load_known(store: Store) -> Known:
    """Read what an import needs from ``store``.

    Returns
    -------
    Known
    """
    concepts: dict[str, dict[str, str]] = defaultdict(dict)
    concept_labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.select(prepared("import_concepts")):
        scheme = row["scheme"].rsplit("/", 1)[-1]
        iri = row["concept"]
        concepts[scheme][iri.rsplit("/", 1)[-1]] = iri
        if "label" in row:
            concepts[scheme].setdefault(fold(row["label"]), iri)
            # "Baby's en peuters (0-3 jaar)" may be written without its explanation in brackets
            concepts[scheme].setdefault(fold(row["label"].split(" (")[0]), iri)
            if row.get("preferred") == "true":
                concept_labels[scheme].setdefault(iri, row["label"])
    municipalities: dict[str, Municipality] = {}
    names: dict[str, str] = {}
    for row in store.select(prepared("import_municipalities")):
        current = municipalities.setdefault(
            row["currentNis"], Municipality(row["current"], row["currentNis"], row["currentName"]))
        if "zone" in row:
            current.zones[row["zone"]] = row["zoneName"]
        names.setdefault(fold(row["name"]), row["currentNis"])
        names.setdefault(row["nis"], row["currentNis"])
    organisations: dict[str, KnownOrganisation] = {}
    for row in store.select(prepared("import_organisations")):
        org = organisations.setdefault(row["org"], KnownOrganisation(row["org"], row["name"]))
        if "kbo" in row:
            org.kbo.add(row["kbo"])
        if "nis" in row:
            org.nis.add(row["nis"])
    practices = {row["practice"]: row["name"] for row in store.select(prepared("import_practices"))}
    referrals: dict[str, dict] = {}
    for row in store.select(prepared("import_referrals")):
        referral = referrals.setdefault(row["referral"], {
            "from": row["from"], "to": row["to"], "kind": row.get("kind"), "agents": set()})
        if "agent" in row:
            referral["agents"].add(row["agent"])
    subjects = set(organisations) | set(practices) | set(referrals)
    return Known(dict(concepts), dict(concept_labels), municipalities, names, organisations,
                 practices, referrals, subjects)
