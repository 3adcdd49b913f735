"""Small, readable graphs for the lookup and partner-finder tests, on top of the real code lists,
municipalities and zones (no note catalogue, so every organisation and practice is the test's own)."""

from __future__ import annotations

from rdflib import Graph

from graph.build import SOURCES, build, rebuild_derived
from graph.store import open_store

PREFIXES = """
@prefix oh: <https://w3id.org/overhoop/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix o: <https://w3id.org/overhoop/id/organisatie/> .
@prefix pr: <https://w3id.org/overhoop/id/praktijk/> .
@prefix ref: <https://w3id.org/overhoop/id/doorverwijzing/> .
@prefix gem: <https://data.vlaanderen.be/id/gemeente/> .
@prefix dg: <https://w3id.org/overhoop/id/concept/doelgroep/> .
@prefix bs: <https://w3id.org/overhoop/id/concept/bouwsteen/> .
@prefix sec: <https://w3id.org/overhoop/id/concept/sector/> .
@prefix ot: <https://w3id.org/overhoop/id/concept/organisatietype/> .
"""
GEOGRAPHY = tuple(s for s in SOURCES if s.graph_slug in ("vocab", "gemeenten", "elz-indeling-2025"))


def store_with(turtle: str):
    """A memory store with the code lists, municipalities and zones, plus ``turtle`` as its own graph
    and the link shortcuts derived from it, as every build and import derives them."""
    store = open_store("memory")
    build(store, sources=GEOGRAPHY)
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    store.replace_graph("https://w3id.org/overhoop/graph/test", data.serialize(format="nt"))
    rebuild_derived(store)
    return store
