"""A practice an organisation offers locally (the import's sheet 'praktijken') is on its zone's map,
as a line "biedt lokaal aan", and gives the organisation the practice's doelgroepen for the filters."""

from graph.map_data import zone_map
from tests.api_fixtures import store_with

GENT = "https://w3id.org/overhoop/id/eerstelijnszone/gent"
OFFERED = """
@prefix rol: <https://w3id.org/overhoop/id/concept/rol/> .
o:creche-de-wieg a org:Organization ; skos:prefLabel "Crèche De Wieg"@nl ; dct:spatial gem:44021 .
pr:peuterpraat a oh:Practice ; skos:prefLabel "Peuterpraat"@nl ; dct:audience dg:0-3-jaar ;
    cv:hasParticipation <https://example.org/offer> .
<https://example.org/offer> cv:hasParticipant o:creche-de-wieg ; cv:role rol:uitvoerder .
"""
WIEG = "https://w3id.org/overhoop/id/organisatie/creche-de-wieg"
PEUTERPRAAT = "https://w3id.org/overhoop/id/praktijk/peuterpraat"


def test_a_practice_offered_locally_is_drawn_on_the_zone_map():
    data = zone_map.__wrapped__(store_with(OFFERED), GENT)
    assert {"source": WIEG, "target": PEUTERPRAAT, "relation": "offers"} in data["edges"]


def test_an_organisation_offering_a_practice_takes_its_doelgroepen_for_the_filters():
    data = zone_map.__wrapped__(store_with(OFFERED), GENT)
    wieg = next(node for node in data["nodes"] if node["id"] == WIEG)
    assert wieg["doelgroepen"] == ["https://w3id.org/overhoop/id/concept/doelgroep/0-3-jaar"]
