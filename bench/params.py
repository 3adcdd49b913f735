"""The parameters bound into every query and endpoint of the benchmark, chosen from the data.

As in STACK.md section 3: the LARGEST zone (the worst case), in it the organisation at the 95th
percentile of referral degree (a typical active organisation, not the biggest hub), and that
organisation's most frequent doelgroep. Query files are added all the time, so parameters are
bound by the NAME of the ``VALUES ?name { UNDEF }`` slot through one table with defaults; a slot
the table does not know stays ``UNDEF`` (the query then runs unbound, and the report says so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rdflib import Literal, URIRef

from graph.lookup import iri_column, zone_organisations
from graph.namespaces import CV, concept, concept_scheme, country, named_graph
from graph.partners import nearby_places, unplaced_organisations
from graph.queries import list_queries, prepared, query_slots
from graph.store import Store

# Files that are not questions of the app: the benchmark's own and the generator's.
NOT_APP_QUERIES = ("bench_", "synth_")
# How many different organisation pages are opened once each (a third as many zone pages).
FIRST_VIEWS = 30


@dataclass(frozen=True)
class Parameters:
    """The concrete values the benchmark binds."""

    zone: str
    zone_organisations: int
    gemeente: str
    nis: str
    org: str
    org_degree: int
    practice: str
    doelgroep: str
    # Where the partner finder looks for candidates near ``org`` (its zones and their
    # municipalities, its provinces, Flanders and Belgium), bound to ``?place``.
    places: tuple[str, ...]
    # The link and membership nodes of ``org``, as its organisation page reads their facts.
    records: tuple[str, ...] = ()
    # The organisations of ``zone``, as the zone page binds them.
    zone_members: tuple[str, ...] = ()
    # The organisations that lie nowhere in particular, as the partner finder binds them.
    unplaced: tuple[str, ...] = ()
    # Organisations spread over the whole list and zones spread over theirs (not ``org`` or
    # ``zone``), whose pages the benchmark opens once each: a visitor's first view of a page.
    other_organisations: tuple[str, ...] = ()
    other_zones: tuple[str, ...] = ()
    # Organisations of ``zone`` (not ``org``), whose pages the benchmark opens one after another,
    # once each: a coordinator going through the organisations of a zone after opening one. (In an
    # Antwerp zone those in the city share the lists kept for the four zones, the others those
    # kept for their one zone.)
    zone_walk: tuple[str, ...] = ()

    @classmethod
    def from_store(cls, store: Store) -> "Parameters":
        """Choose the parameters from the data in ``store`` (largest zone, p95 organisation)."""
        zones = store.select(prepared("bench_zone_sizes"))
        if not zones:
            raise ValueError("De store bevat geen organisaties in een eerstelijnszone: bouw eerst de graaf.")
        zone = zones[0]
        orgs = store.select(prepared("bench_org_degrees", zone=URIRef(zone["zone"])))
        active = [row for row in orgs if int(row["practices"]) > 0] or orgs
        chosen = active[min(len(active) - 1, int(0.95 * len(active)))]
        audiences = store.select(prepared("bench_org_doelgroepen", org=URIRef(chosen["org"])))
        gemeente = zone["gemeente"]
        members = zone_organisations(store, zone["zone"])
        others = _spread(iri_column(store, prepared("organisations_all")), chosen["org"], FIRST_VIEWS)
        return cls(
            zone=zone["zone"], zone_organisations=int(zone["organisations"]), gemeente=gemeente,
            nis=gemeente.rsplit("/", 1)[1], org=chosen["org"], org_degree=int(chosen["degree"]),
            practice=chosen.get("aPractice", ""),
            doelgroep=audiences[0]["doelgroep"] if audiences else str(concept("doelgroep", "0-3-jaar")),
            places=tuple(nearby_places(store, chosen["org"])),
            records=tuple(sorted({row["link"] for row in store.select(
                prepared("organisation_links", org=URIRef(chosen["org"]))) if row.get("link")})),
            zone_members=members,
            unplaced=tuple(sorted(unplaced_organisations(store))),
            other_organisations=others,
            other_zones=_spread(iri_column(store, prepared("zones")), zone["zone"], FIRST_VIEWS // 3),
            zone_walk=_spread([org for org in members if org not in others], chosen["org"], FIRST_VIEWS // 3),
        )

    def table(self) -> dict[str, object]:
        """Slot name -> value (IRIs as ``URIRef``) for every slot name the benchmark knows."""
        return {
            "zone": URIRef(self.zone), "org": URIRef(self.org), "organisation": URIRef(self.org),
            "node": URIRef(self.org), "resource": URIRef(self.org), "actor": URIRef(self.org),
            "source": URIRef(self.org), "practice": URIRef(self.practice) if self.practice else None,
            "doelgroep": URIRef(self.doelgroep), "audience": URIRef(self.doelgroep),
            "gemeente": URIRef(self.gemeente), "municipality": URIRef(self.gemeente),
            "nis": Literal(self.nis), "country": URIRef(country("BEL")),
            "bouwsteen": URIRef(concept("bouwsteen", "b3")), "sector": URIRef(concept("sector", "welzijn")),
            "type": URIRef(concept("organisatietype", "kinderopvang-en-gezin")),
            "scheme": URIRef(concept_scheme("doelgroep")), "text": Literal("kind"),
            "q": Literal("kind"), "fromMonths": Literal(0), "toMonths": Literal(36),
            "lang": Literal("nl"), "kind": URIRef(concept("verbinding", "doorverwijzing")),
            "place": [URIRef(place) for place in self.places],
            "record": [URIRef(record) for record in self.records] or None,
            "anywhere": Literal(False),
            "unplaced": [URIRef(org) for org in self.unplaced] or None,
            "member": [URIRef(org) for org in self.zone_members] or None,
            "graph": URIRef(named_graph("herkomst")),
            # What an import changes (an organisation) and links to (its municipality).
            "changed": URIRef(self.org), "linked": URIRef(self.gemeente),
            "sector_property": CV.sector,
        }

    def as_dict(self) -> dict:
        return asdict(self)


# Where a slot name means something else in one query, say it here: query -> slot -> table key.
OVERRIDES: dict[str, dict[str, str | None]] = {
    "practice_audiences": {"source": "practice"},
    "map_edges": {"target": None},
    # Measured as the app mostly uses it: every organisation of a zone (by organisation, the
    # overview of Flanders only looks up the few ends of links that have ended).
    "zone_actors": {"actor": None},
    # As an import's preview asks it: the graphs stating the sector of an organisation it changes.
    "graphs_stating": {"subject": "org", "property": "sector_property"},
}


def _spread(iris: list[str], left_out: str, count: int) -> tuple[str, ...]:
    """``count`` of ``iris`` (in IRI order) at even steps, without ``left_out``.

    Examples
    --------
    >>> _spread([f"o{i}" for i in range(10)], "o0", 3)
    ('o1', 'o4', 'o7')
    """
    rest = sorted(set(iris) - {left_out})
    step = max(1, len(rest) // count)
    return tuple(rest[::step][:count])


def bindings(name: str, params: Parameters) -> tuple[dict[str, object], list[str]]:
    """Return the values to bind into query ``name``, and the slots left unbound.

    Examples
    --------
    >>> p = Parameters("https://w3id.org/overhoop/id/eerstelijnszone/gent", 1, "https://data.vlaanderen.be/id/gemeente/44021",
    ...                "44021", "https://example.org/o", 1, "", "https://example.org/d", ())
    >>> bindings("zones", p)
    ({}, [])
    """
    table = params.table()
    bound, unbound = {}, []
    for slot in query_slots(name):
        key = OVERRIDES.get(name, {}).get(slot, slot)
        value = table.get(key) if key else None
        if value is None:
            unbound.append(slot)
        else:
            bound[slot] = value
    return bound, unbound


def app_queries() -> list[str]:
    """Return the names of every ``.rq`` the app uses (all but the benchmark's and generator's)."""
    return [name for name in list_queries() if not name.startswith(NOT_APP_QUERIES)]
