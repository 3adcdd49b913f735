"""Answers about one first-line zone survive imports elsewhere, and are then still right.

Every import and withdrawal declares which zones it can change (graph/imports/reach.py); the
cache keeps the answers about the other zones. The story test imports organisations, links, a
partnership, a local practice and new facts about an existing organisation, then withdraws them
one by one, and after every step compares, for the zones these touch and some they do not, each
kept answer with the same answer computed afresh from the store.
"""

import pytest
from rdflib import Graph

from graph.analysis.report import _analyse_from_store, analysed_network
from graph.cache import cached
from graph.coverage import coverage_matrix
from graph.imports import apply, preview, withdraw
from graph.imports.reach import parts_reached
from graph.lookup import (
    Filters, flanders_wide_practices, list_zones, search_organisations, search_practices, zone_detail, zone_practices,
)
from graph.map_data import zone_map
from graph import zone_counts as zone_counts_module
from graph.zone_counts import count_all, zone_counts
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes

ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
LEUVEN, ANTWERPEN_OOST, GENT = ZONE + "leuven", ZONE + "antwerpen-oost", ZONE + "gent"

TO_NOTE_ACTORS = ("van;naar;soort;doelgroepen\n"
                  "Fictief CAW Zonnedorp;Stad Antwerpen;doorverwijzing;ouders\n"
                  "Fictief Gezinscentrum Zonnedorp;Agentschap Opgroeien;samenwerking;ouders")
PARTNERSHIP = ("samenwerkingsverband;lid;rol;sinds\n"
               "Fictief Gezinscentrum Zonnedorp;Oranjehuis Kortrijk;partner;2021-01-01")
LOCAL_PRACTICE = "organisatie;praktijk;sinds\nFictief Gezinscentrum Zonnedorp;handle with care;2024-03-01"
# An English name for an organisation of Kortrijk that, after PARTNERSHIP, is on Leuven's map too.
NEW_NAME_FOR_AN_EXISTING_ORGANISATION = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/overhoop/id/organisatie/oranjehuis-kortrijk> skos:prefLabel "Fictional Orange House"@en ."""
# Kimiwa: a practice of the note none of whose initiators is tied to a place, so every zone lists it.
FLANDERS_WIDE_PRACTICE_OFFERED = "organisatie;praktijk;sinds\nFictief Gezinscentrum Zonnedorp;kimiwa;2024-03-01"
# Kimiwa gets an initiator placed in Leuven: it stops being Flanders-wide, so other zones drop it.
FLANDERS_WIDE_PRACTICE_TIED = b"""@prefix oh: <https://w3id.org/overhoop/ns#> .
<https://w3id.org/overhoop/id/praktijk/kimiwa> oh:initiatedBy <https://w3id.org/overhoop/id/organisatie/fictief-gezinscentrum-zonnedorp> ."""
# The zones of the fictional organisations (Leuven, Antwerpen after Borsbeek's merger), of the
# note's actors they link to (Antwerpen, Kortrijk, Mechelen) and some far away. Few enough that
# every answer about them stays within the cache's bound (graph.cache.MAX_ANSWERS_PER_STORE): an
# answer pushed out would be computed afresh and prove nothing.
WATCHED = ("leuven", "antwerpen-centrum", "antwerpen-oost", "antwerpen-zuid", "kortrijk-kuurne-harelbeke",
           "mechelen-katelijne", "gent", "bruzel", "westhoek", "noord-limburg")
ANALYSED = ("organisaties", "praktijken-via-doelgroepen", "kenniskaart")


def _contribute(store, data: bytes, name: str):
    plan = preview(store, data, name, agent="coordinator")
    assert plan.ok, plan.summary()
    return apply(store, plan)


def _zone_answers(store, zone: dict, fresh: bool) -> dict:
    """Every answer kept per zone, through the cache or (``fresh``) computed from the store."""
    def call(function, *args):
        return (function.__wrapped__ if fresh else function)(store, *args)

    answers = {
        "detail": call(zone_detail, zone["id"], 50, 0),
        "practices": call(zone_practices, zone["iri"]),
        "coverage": call(coverage_matrix, zone["iri"]),
        "map": call(zone_map, zone["iri"], "nl"),
        "map in English": call(zone_map, zone["iri"], "en"),
        "organisations": call(search_organisations, Filters(zone=zone["id"]), 50, 0),
        "practice list": call(search_practices, Filters(zone=zone["id"]), 50, 0),
    }
    for kind in ANALYSED:
        _, analysis = (_analyse_from_store(store, kind, zone["iri"], 42, 1.0) if fresh
                       else analysed_network(store, kind, zone["iri"], 42, 1.0))
        answers[kind] = (analysis.summary, analysis.nodes, [c.members for c in analysis.communities])
    return answers


def _kept_answers_are_right(store, zones) -> None:
    assert zone_counts(store) == count_all(store), "the overview of Flanders per zone"
    assert flanders_wide_practices(store) == flanders_wide_practices.__wrapped__(store), "the Flanders-wide practices"
    for zone in zones:
        kept, afresh = _zone_answers(store, zone, fresh=False), _zone_answers(store, zone, fresh=True)
        for name in kept:
            assert kept[name] == afresh[name], (zone["id"], name)


@pytest.mark.slow
def test_kept_zone_answers_equal_fresh_ones_through_imports_and_withdrawals(fresh_store, monkeypatch):
    recounted = []
    recount = zone_counts_module._recount
    monkeypatch.setattr(zone_counts_module, "_recount", lambda *args: recounted.append(1) or recount(*args))
    zones = [zone for zone in list_zones(fresh_store) if zone["id"] in WATCHED]
    assert len(zones) == len(WATCHED)
    _kept_answers_are_right(fresh_store, zones)
    steps = [(csv_bytes(ORGANISATIONS), "organisaties.csv"), (csv_bytes(LINKS), "verbindingen.csv"),
             (csv_bytes(TO_NOTE_ACTORS), "verbindingen-nota.csv"), (csv_bytes(PARTNERSHIP), "samenwerkingen.csv"),
             (csv_bytes(LOCAL_PRACTICE), "praktijken.csv"),
             (csv_bytes(FLANDERS_WIDE_PRACTICE_OFFERED), "praktijken-vlaanderen.csv"),
             (FLANDERS_WIDE_PRACTICE_TIED, "initiatiefnemer.ttl"), (NEW_NAME_FOR_AN_EXISTING_ORGANISATION, "naam.ttl")]
    contributions = []
    for data, name in steps:
        contributions.append(_contribute(fresh_store, data, name))
        _kept_answers_are_right(fresh_store, zones)
    for contribution in reversed(contributions):
        withdraw(fresh_store, contribution.id)
        _kept_answers_are_right(fresh_store, zones)
    # all but the four steps about a Flanders-wide practice counted only the zones they touched
    assert len(recounted) == 2 * len(steps) - 4


def test_an_organisation_imported_in_leuven_changes_only_leuvens_answers(fresh_store):
    before = fresh_store.cache_token()
    _contribute(fresh_store, csv_bytes("naam;gemeente;fictief\nFictief Huis Zonnedorp;Leuven;ja"), "o.csv")
    assert fresh_store.parts_written_since(before) == {LEUVEN}


def test_a_link_changes_the_zones_at_both_ends(fresh_store):
    _contribute(fresh_store, csv_bytes(ORGANISATIONS), "organisaties.csv")
    before = fresh_store.cache_token()
    _contribute(fresh_store, csv_bytes("van;naar;soort;doelgroepen\n"
                                       "Fictief Gezinscentrum Zonnedorp;Stad Antwerpen;doorverwijzing;ouders"), "v.csv")
    assert {LEUVEN, ZONE + "antwerpen-centrum"} <= fresh_store.parts_written_since(before)
    assert GENT not in fresh_store.parts_written_since(before)


def test_a_change_to_a_flanders_wide_practice_changes_every_zone(fresh_store):
    _contribute(fresh_store, csv_bytes(ORGANISATIONS), "organisaties.csv")
    before = fresh_store.cache_token()
    _contribute(fresh_store, csv_bytes(FLANDERS_WIDE_PRACTICE_OFFERED), "praktijken.csv")
    assert fresh_store.parts_written_since(before) is None


def test_a_blank_node_could_be_anywhere(built_store):
    changed = Graph().parse(data="[] <https://schema.org/name> 'x' .", format="turtle")
    assert parts_reached(built_store, changed) is None


def test_an_answer_about_gent_is_not_computed_again_after_an_import_in_leuven(fresh_store):
    computed = []
    cached(fresh_store, "gent's page", lambda: computed.append(1), about=GENT)
    _contribute(fresh_store, csv_bytes("naam;gemeente;fictief\nFictief Huis Zonnedorp;Leuven;ja"), "o.csv")
    cached(fresh_store, "gent's page", lambda: computed.append(1), about=GENT)
    cached(fresh_store, "leuven's page", lambda: computed.append(1), about=LEUVEN)
    _contribute(fresh_store, csv_bytes("naam;gemeente;fictief\nFictief Huis Twee;Leuven;ja"), "o2.csv")
    cached(fresh_store, "leuven's page", lambda: computed.append(1), about=LEUVEN)
    assert len(computed) == 3
