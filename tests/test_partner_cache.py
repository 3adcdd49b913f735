"""Partner finder answers and code-list counts survive imports that cannot change them, and are
then still right.

An import declares the parts of the graph it can change (graph/imports/reach.py): zones, wider
places, organisations placed nowhere, code lists. A partner finder's answer reads its asker's
zones, its province, Flanders, Belgium and the unplaced organisations (graph.partners.partner_parts);
the counts per concept read one code list; what the finder keeps for an asker's zones (every
organisation's profile, every practice's traits) reads those zones. The story test imports
organisations in and out of the askers' provinces, one placed nowhere, one placed in a province,
links (one to an asker), new sectors and a practice, then withdraws them one by one, and after
every step compares each kept answer (and the kept asker) with the same answer computed afresh.
"""

import pytest

from graph import partners
from graph.imports import apply, preview, withdraw
from graph.imports.reach import UNPLACED
from graph.lookup import iri_column, scheme_with_counts, zone_practices
from graph.namespaces import concept_scheme
from graph.queries import prepared
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes

# With the longest lists the finder gives, so that a fictional organisation is never ranked out.
ASKERS = (
    {"org": "overkop-gent", "doelgroepen": ["ouders"], "limit": 100},
    {"org": "huis-van-het-kind-leuven", "limit": 100},
    {"org": "stad-antwerpen", "doelgroepen": ["ouders"], "limit": 100},
    {"municipality": "Gent", "organisation_type": "huis-van-het-kind", "doelgroepen": ["ouders"], "limit": 100},
    {"municipality": "Leuven", "sector": "welzijn", "limit": 100},
)
SCHEMES = ("doelgroep", "bouwsteen", "sector", "organisatietype")
PREFIXES = b"""@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix o: <https://w3id.org/overhoop/id/organisatie/> .
@prefix doelgroep: <https://w3id.org/overhoop/id/concept/doelgroep/> .
"""
PLACED_NOWHERE = PREFIXES + b"""o:fictief-overal a org:Organization ; skos:prefLabel "Fictief Overal"@nl ;
    dct:audience doelgroep:ouders ."""
PLACED_IN_A_PROVINCE = PREFIXES + b"""o:fictief-provinciaal a org:Organization ; skos:prefLabel "Fictief Provinciaal"@nl ;
    dct:audience doelgroep:ouders ; dct:spatial <https://w3id.org/overhoop/id/provincie/oost-vlaanderen> ."""
IN_GENT_SERVING_PARENTS = PREFIXES + b"""o:fictief-huis-gent a org:Organization ; skos:prefLabel "Fictief Huis Gent"@nl ;
    dct:audience doelgroep:ouders ; dct:spatial <https://data.vlaanderen.be/id/gemeente/44021> ."""
# The unplaced organisation gets a place, and so stops being suggested everywhere.
A_PLACE_FOR_THE_UNPLACED = PREFIXES + b"""o:fictief-overal dct:spatial <https://data.vlaanderen.be/id/gemeente/24062> ."""
A_SECTOR_MORE = PREFIXES + b"""o:fictief-huis-gent cv:sector <https://w3id.org/overhoop/id/concept/sector/welzijn> ."""
# A practice of a Gent organisation: its bouwsteen joins the organisation's profile.
A_PRACTICE_IN_GENT = PREFIXES + b"""@prefix oh: <https://w3id.org/overhoop/ns#> .
<https://w3id.org/overhoop/id/praktijk/fictieve-buurtpraat> a oh:Practice ; skos:prefLabel "Fictieve buurtpraat"@nl ;
    oh:buildingBlock <https://w3id.org/overhoop/id/concept/bouwsteen/b5> ; dct:audience doelgroep:ouders ;
    oh:initiatedBy o:fictief-huis-gent ;
    <http://www.w3.org/ns/prov#wasDerivedFrom> <https://example.org/verslag-overleg-gent> ."""


# A new partner for an asker: the asker itself changes (the finder keeps it too).
A_PARTNER_FOR_AN_ASKER = csv_bytes("van;naar;soort\nFictief CAW Zonnedorp;Huis van het Kind Leuven;samenwerking")


def _contribute(store, data: bytes, name: str):
    plan = preview(store, data, name, agent="coordinator")
    assert plan.ok, plan.summary()
    return apply(store, plan)


def _asked(asker: dict) -> tuple:
    return (asker.get("org"), asker.get("municipality"), asker.get("organisation_type"), asker.get("sector"),
            tuple(asker.get("doelgroepen", ())), None, None, asker["limit"])


def _kept_answers_are_right(store) -> None:
    assert partners.unplaced_organisations(store) == frozenset(iri_column(store, prepared("organisations_unplaced")))
    zone_sets = set()
    for asker in ASKERS:
        found = partners.find_partners(store, **asker)
        # The fresh answer below starts from the kept asker: that one is checked on its own.
        asked = _asked(asker)[:4] + (None,)
        assert partners._kept_asker(store, *asked) == partners._asker(store, *asked), asker
        assert found == partners._found_partners(store, *_asked(asker)), asker
        zone_sets.add(tuple(sorted(zone["iri"] for zone in found["asker"]["zones"])))
    # What the finder keeps for the askers' zones for the organisation pages, which ask no doelgroep.
    for zones in zone_sets:
        assert partners._zone_profiles(store, zones) == partners._zone_profiles.__wrapped__(store, zones), zones
        assert (partners._zone_practice_traits(store, zones)
                == partners._zone_practice_traits.__wrapped__(store, zones)), zones
    for scheme in SCHEMES:
        assert scheme_with_counts(store, scheme) == scheme_with_counts.__wrapped__(store, scheme), scheme


@pytest.mark.slow
def test_kept_partner_answers_and_counts_equal_fresh_ones_through_imports_and_withdrawals(fresh_store):
    _kept_answers_are_right(fresh_store)
    steps = [(csv_bytes(ORGANISATIONS), "organisaties.csv"), (csv_bytes(LINKS), "verbindingen.csv"),
             (PLACED_NOWHERE, "nergens.ttl"), (PLACED_IN_A_PROVINCE, "provincie.ttl"),
             (A_PARTNER_FOR_AN_ASKER, "partner.csv"),
             (IN_GENT_SERVING_PARENTS, "gent.ttl"), (A_PLACE_FOR_THE_UNPLACED, "plaats.ttl"),
             (A_SECTOR_MORE, "sector.ttl"), (A_PRACTICE_IN_GENT, "praktijk.ttl")]
    contributions = []
    for data, name in steps:
        contributions.append(_contribute(fresh_store, data, name))
        _kept_answers_are_right(fresh_store)
    for contribution in reversed(contributions):
        withdraw(fresh_store, contribution.id)
        _kept_answers_are_right(fresh_store)


def test_a_partner_answer_in_gent_is_not_computed_again_after_an_import_in_leuven(fresh_store, monkeypatch):
    computed = []
    found_partners = partners._found_partners
    monkeypatch.setattr(partners, "_found_partners", lambda *args: computed.append(1) or found_partners(*args))
    partners.find_partners(fresh_store, org="overkop-gent", doelgroepen=["ouders"])
    _contribute(fresh_store, csv_bytes("naam;gemeente;fictief\nFictief Huis Zonnedorp;Leuven;ja"), "o.csv")
    partners.find_partners(fresh_store, org="overkop-gent", doelgroepen=["ouders"])
    assert computed == [1]


def test_an_organisation_placed_nowhere_changes_every_partner_answer(fresh_store):
    before = fresh_store.cache_token()
    _contribute(fresh_store, PLACED_NOWHERE, "nergens.ttl")
    assert UNPLACED in fresh_store.parts_written_since(before)


def test_an_organisation_placed_in_a_province_changes_that_province(fresh_store):
    before = fresh_store.cache_token()
    _contribute(fresh_store, PLACED_IN_A_PROVINCE, "provincie.ttl")
    assert "https://w3id.org/overhoop/id/provincie/oost-vlaanderen" in fresh_store.parts_written_since(before)


def test_a_new_sector_and_type_change_those_code_lists_only(fresh_store):
    before = fresh_store.cache_token()
    _contribute(fresh_store, csv_bytes("naam;type;sector;gemeente;fictief\nFictief Huis;vzw-ngo;welzijn;Gent;ja"),
                "o.csv")
    lists = {part for part in fresh_store.parts_written_since(before) if "/conceptscheme/" in part}
    assert lists == {str(concept_scheme("sector")), str(concept_scheme("organisatietype"))}


def test_an_unknown_asker_reads_everything(built_store):
    assert partners.partner_parts(built_store, org="geen-organisatie-met-deze-naam") is None


def test_what_the_finder_keeps_for_a_zone_cannot_be_changed_by_a_caller(built_store):
    # Handed to every caller without a copy: a caller that changed one would change the next answer.
    found = partners.find_partners(built_store, org="huis-van-het-kind-leuven")
    zones = tuple(sorted(zone["iri"] for zone in found["asker"]["zones"]))
    for kept in (partners._zone_profiles(built_store, zones), partners._zone_practice_traits(built_store, zones),
                 zone_practices(built_store, zones[0])):
        with pytest.raises(TypeError):
            kept["https://example.org/nieuw"] = {}
