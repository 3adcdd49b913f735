"""Numbers that a user audit found disagreeing across pages now agree.

1. A practice tied to a province (or to the Brussels region) belongs to every zone there: it is in
   each zone's practice list and coverage table, and every practice is in some zone's list or in
   the Flanders-wide one, never in neither.
2. An organisation placed in a municipality that merged in 2025 (Borsbeek 11007, now Antwerpen)
   counts in its successor's zones everywhere: zone lists and counts, the search, the map counts.
3. The counts of the code lists (/api/doelgroepen, /api/bouwstenen, /api/sectoren,
   /api/organisatietypes) are the totals of the searches they link to.
4. A zone's count per organisation type includes the narrower types, as the type filter does.
"""

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from api.app import create_app
from graph import lookup
from graph.coverage import coverage_matrix
from graph.imports.reach import parts_declared, parts_reached
from graph.namespaces import OH
from graph.partners import find_partners
from graph.zone_counts import zone_counts
from tests.api_fixtures import store_with

ZONE = "https://w3id.org/overhoop/id/eerstelijnszone/"
PRACTICE = "https://w3id.org/overhoop/id/praktijk/"
ORGANISATION = "https://w3id.org/overhoop/id/organisatie/"
SCHEME = "https://w3id.org/overhoop/id/conceptscheme/"
WEST_VLAANDEREN = ("brugge", "houtland-en-polder", "kortrijk-kuurne-harelbeke", "midden-wvl", "middenkust",
                   "oostkust", "regio-menen", "regio-waregem", "rits", "we40", "westhoek", "westkust-en-polder")
ANTWERPEN = ("antwerpen-centrum", "antwerpen-oost", "antwerpen-zuid", "noord-antwerpen")

AUDIT = """
# Tied to a province, as Start West-Vlaanderen in the note.
o:start-wvl a org:Organization ; skos:prefLabel "Start West-Vlaanderen"@nl ; org:classification ot:jeugdhulp ;
    cv:sector sec:welzijn ; dct:spatial <https://w3id.org/overhoop/id/provincie/west-vlaanderen> .
pr:start a oh:Practice ; skos:prefLabel "Start"@nl ; oh:buildingBlock bs:b6 ; dct:audience dg:vaders ;
    oh:initiatedBy o:start-wvl .

# Tied to the Brussels region, as Vrouwengroep Brussel.
o:vrouwengroep a org:Organization ; skos:prefLabel "Vrouwengroep Brussel"@nl ; org:classification ot:vzw-ngo ;
    cv:sector sec:welzijn ; dct:spatial <https://w3id.org/overhoop/id/gewest/brussel> .
pr:forumtheater a oh:Practice ; skos:prefLabel "Forumtheater"@nl ; oh:buildingBlock bs:b1 ;
    dct:audience dg:scheiding ; oh:initiatedBy o:vrouwengroep .

# Flanders-wide.
o:agentschap a org:Organization ; skos:prefLabel "Een agentschap"@nl ; org:classification ot:agentschap ;
    cv:sector sec:overheid ; dct:spatial <https://w3id.org/overhoop/id/gewest/vlaanderen> .
pr:overal a oh:Practice ; skos:prefLabel "Overal"@nl ; oh:buildingBlock bs:b2 ; dct:audience dg:ouders ;
    oh:initiatedBy o:agentschap .

# In Borsbeek, which merged into Antwerpen in 2025 (an RDF import may still name it).
o:huis-borsbeek a org:Organization ; skos:prefLabel "Huis Borsbeek"@nl ; org:classification ot:huis-van-het-kind ;
    cv:sector sec:kinderopvang ; dct:spatial gem:11007 .
pr:babbel a oh:Practice ; skos:prefLabel "Babbel"@nl ; oh:buildingBlock bs:b3 ; dct:audience dg:0-3-jaar ;
    oh:initiatedBy o:huis-borsbeek .

# Brugge: three organisations of type welzijn or a narrower one, one practice of two of them.
o:caw-brugge a org:Organization ; skos:prefLabel "CAW Brugge"@nl ; org:classification ot:caw ;
    cv:sector sec:welzijn ; dct:spatial gem:31005 .
o:vzw-brugge a org:Organization ; skos:prefLabel "Vzw Brugge"@nl ; org:classification ot:vzw-ngo ;
    cv:sector sec:welzijn ; dct:spatial gem:31005 .
o:welzijnshuis-brugge a org:Organization ; skos:prefLabel "Welzijnshuis Brugge"@nl ; org:classification ot:welzijn ;
    cv:sector sec:welzijn , sec:gezondheid ; dct:spatial gem:31005 .
pr:brugse-praktijk a oh:Practice ; skos:prefLabel "Brugse praktijk"@nl ; oh:buildingBlock bs:b4 ;
    dct:audience dg:autisme ; oh:initiatedBy o:caw-brugge , o:vzw-brugge .
"""
PRACTICES = {PRACTICE + slug for slug in ("start", "forumtheater", "overal", "babbel", "brugse-praktijk")}
# The search filter of each code list, as /api/practices and /api/organisations name it.
FILTER_OF = {"doelgroep": "doelgroep", "bouwsteen": "bouwsteen", "sector": "sector",
             "organisatietype": "organisation_type"}


@pytest.fixture(scope="module")
def audit():
    return store_with(AUDIT)


# --- 1. practices tied to a province or the Brussels region ----------------------------------------

def test_a_practice_tied_to_a_province_is_in_every_zone_of_that_province_and_nowhere_else(audit):
    having = {zone["id"] for zone in lookup.list_zones(audit)
              if PRACTICE + "start" in lookup.zone_practices(audit, zone["id"])}
    assert having == set(WEST_VLAANDEREN)
    assert lookup.zone_practices(audit, "brugge")[PRACTICE + "start"] == "lokaal"
    assert PRACTICE + "start" not in lookup.flanders_wide_practices(audit)


def test_a_practice_tied_to_the_brussels_region_is_in_bruzel(audit):
    having = {zone["id"] for zone in lookup.list_zones(audit)
              if PRACTICE + "forumtheater" in lookup.zone_practices(audit, zone["id"])}
    assert having == {"bruzel"}


def test_every_practice_is_in_a_zone_or_flanders_wide_never_both_and_never_neither(audit):
    flanders_wide = set(lookup.flanders_wide_practices(audit))
    local = set()
    for zone in lookup.list_zones(audit):
        scopes = lookup.zone_practices(audit, zone["id"])
        zone_local = {iri for iri, scope in scopes.items() if scope == "lokaal"}
        assert not zone_local & flanders_wide, zone["id"]
        assert flanders_wide <= set(scopes), zone["id"]
        local |= zone_local
    assert local | flanders_wide == PRACTICES
    assert not local & flanders_wide


def test_the_zone_page_the_coverage_table_and_the_search_list_the_same_practices(audit):
    detail = lookup.zone_detail(audit, "brugge", limit=50)
    matrix = coverage_matrix(audit, ZONE + "brugge")
    found = lookup.search_practices(audit, lookup.Filters(zone="brugge"))
    listed = {item["iri"] for item in detail["practices"]}
    assert listed == {item["iri"] for item in found["items"]} == {
        PRACTICE + "start", PRACTICE + "brugse-praktijk", PRACTICE + "overal"}
    assert detail["practices_total"] == matrix["practices"] == found["total"] == 3
    assert detail["practices_local"] == 2


def test_a_coverage_cell_counts_the_provincial_practice_as_its_search_link_does(audit):
    matrix = coverage_matrix(audit, ZONE + "westhoek")
    cell = next(c for c in matrix["cells"] if c["doelgroep"].endswith("/ouders") and c["bouwsteen"].endswith("/b6"))
    found = lookup.search_practices(audit, lookup.Filters(zone="westhoek", doelgroep="ouders", bouwsteen="b6"))
    assert cell["practices"] == [item["iri"] for item in found["items"]] == [PRACTICE + "start"]
    assert (cell["count"], cell["local"]) == (found["total"], 1)


def test_a_change_to_a_provincial_practice_reaches_the_kept_answers_of_every_zone_of_the_province():
    store = store_with(AUDIT)
    before = lookup.zone_practices(store, "westhoek")
    new = URIRef(PRACTICE + "nieuw-in-west-vlaanderen")
    changed = Graph()
    changed.add((new, RDF.type, OH.Practice))
    changed.add((new, OH.initiatedBy, URIRef(ORGANISATION + "start-wvl")))
    assert {ZONE + slug for slug in WEST_VLAANDEREN} <= set(parts_reached(store, changed))
    with parts_declared(store, changed):
        store.update(f"INSERT DATA {{ GRAPH <https://example.org/nieuw> {{ {changed.serialize(format='nt')} }} }}")
    after = lookup.zone_practices(store, "westhoek")
    assert str(new) not in before
    assert after == lookup.zone_practices.__wrapped__(store, "westhoek")
    assert after[str(new)] == "lokaal"


# --- 2. an organisation in a municipality that merged ----------------------------------------------

@pytest.mark.parametrize("zone", ANTWERPEN)
def test_an_organisation_in_a_merged_municipality_counts_in_its_successors_zones(audit, zone):
    detail = lookup.zone_detail(audit, zone, limit=50)
    found = lookup.search_organisations(audit, lookup.Filters(zone=zone))
    assert [item["id"] for item in detail["organisations"]] == [item["id"] for item in found["items"]] == [
        "huis-borsbeek"]
    assert detail["organisations_total"] == found["total"] == zone_counts(audit)[ZONE + zone].organisations == 1
    assert [(c["id"], c["organisations"]) for c in detail["organisation_sectors"]] == [("kinderopvang", 1)]
    assert lookup.zone_practices(audit, zone)[PRACTICE + "babbel"] == "lokaal"
    assert zone_counts(audit)[ZONE + zone].practices == detail["practices_local"] == 1


def test_a_change_to_an_organisation_in_a_merged_municipality_reaches_its_successors_zones(audit):
    changed = Graph()
    changed.add((URIRef(ORGANISATION + "huis-borsbeek"), RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    assert {ZONE + zone for zone in ANTWERPEN} <= set(parts_reached(audit, changed))


# --- 3. code-list counts and the searches they link to ---------------------------------------------

@pytest.mark.parametrize("scheme", sorted(FILTER_OF))
def test_each_code_list_count_is_the_total_of_its_search(audit, scheme):
    counted = lookup.scheme_with_counts(audit, scheme)["concepts"]
    assert counted
    for item in counted:
        chosen = lookup.Filters(**{FILTER_OF[scheme]: item["id"]})
        practices = lookup.search_practices(audit, chosen, limit=1)["total"]
        organisations = lookup.search_organisations(audit, chosen, limit=1)["total"]
        assert (item["id"], item["practices"], item["organisations"]) == (item["id"], practices, organisations)


def test_broad_doelgroepen_count_their_narrower_ones_and_sectors_count_their_initiators_practices(audit):
    def counts(scheme):
        return {item["id"]: (item["practices"], item["organisations"])
                for item in lookup.scheme_with_counts(audit, scheme)["concepts"]}

    doelgroepen, sectors, types = counts("doelgroep"), counts("sector"), counts("organisatietype")
    # Vaders and ouders; autisme and scheiding.
    assert doelgroepen["ouders"] == (2, 2)
    assert doelgroepen["specifieke-situatie"] == (2, 3)
    assert sectors["welzijn"] == (3, 5)
    assert sectors["gezondheid"] == (0, 1)
    assert types["welzijn"] == (3, 5)
    assert types["caw"] == (1, 1)


def test_api_code_lists_agree_with_the_api_searches(audit):
    app = create_app("memory")
    app.state.store = audit
    client = TestClient(app)
    for path, scheme in (("/api/doelgroepen", "doelgroep"), ("/api/sectoren", "sector"),
                         ("/api/organisatietypes", "organisatietype")):
        param = "type" if scheme == "organisatietype" else scheme
        for item in client.get(path).json()["concepts"]:
            practices = client.get("/api/practices", params={param: item["id"], "limit": 1}).json()["total"]
            organisations = client.get("/api/organisations", params={param: item["id"], "limit": 1}).json()["total"]
            assert (item["id"], item["practices"], item["organisations"]) == (item["id"], practices, organisations)


def test_a_change_to_a_practice_declares_the_code_lists_of_its_initiators_sector_and_type(audit):
    changed = Graph()
    changed.add((URIRef(PRACTICE + "start"), RDF.type, OH.Practice))
    assert {SCHEME + "sector", SCHEME + "organisatietype"} <= set(parts_reached(audit, changed))


# --- 4. a zone's counts per type and the type filter -----------------------------------------------

def test_a_zones_count_per_type_includes_the_narrower_types_as_the_filter_does(audit):
    detail = lookup.zone_detail(audit, "brugge", limit=50)
    types = {item["id"]: item["organisations"] for item in detail["organisation_types"]}
    assert types == {"welzijn": 3, "caw": 1, "vzw-ngo": 1}
    for key, filter_name in (("organisation_types", "organisation_type"), ("organisation_sectors", "sector")):
        for item in detail[key]:
            found = lookup.search_organisations(audit, lookup.Filters(zone="brugge", **{filter_name: item["id"]}))
            assert (item["id"], item["organisations"]) == (item["id"], found["total"])


def test_an_organisation_in_a_merged_municipality_names_its_successors_zones_on_its_own_page(audit):
    zones = {zone["id"] for zone in lookup.organisation_detail(audit, "huis-borsbeek")["zones"]}
    assert zones == set(ANTWERPEN)


def test_the_partner_finder_suggests_an_organisation_still_placed_in_a_merged_municipality(audit):
    found = find_partners(audit, municipality="Antwerpen", organisation_type="caw")
    assert "huis-borsbeek" in {item["id"] for item in found["organisations"]}
