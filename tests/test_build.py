"""The reference geography in the graph: 60 zones, 304 municipalities, old NIS codes, provenance."""

from graph.build import build
from graph.queries import prepared
from graph.store import open_store
from graph.validate import validate_store


def test_sixty_first_line_zones(built_store):
    rows = built_store.select("SELECT (COUNT(?z) AS ?n) WHERE { ?z a oh:FirstLineZone }")
    assert rows == [{"n": "60"}]


def test_every_active_municipality_lies_in_a_zone(built_store):
    rows = built_store.select("""
        SELECT (COUNT(?m) AS ?n) WHERE {
          ?m a schema:AdministrativeArea ; skos:notation ?nis .
          FILTER(STRSTARTS(STR(?m), "https://data.vlaanderen.be/id/gemeente/"))
          FILTER NOT EXISTS { ?m owl:deprecated true }
          FILTER NOT EXISTS { ?z a oh:FirstLineZone ; schema:containsPlace ?m }
        }""")
    assert rows == [{"n": "0"}]


def test_there_are_304_active_municipalities(built_store):
    rows = built_store.select("""
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?z a oh:FirstLineZone ; schema:containsPlace ?m }""")
    assert rows == [{"n": "304"}]


def test_old_nis_code_of_borsbeek_leads_to_an_antwerp_zone(built_store):
    rows = built_store.select(prepared("zone_of_municipality", nis="11007"))
    assert {row["zoneName"] for row in rows} >= {"Antwerpen Oost"}
    assert {row["currentName"] for row in rows} == {"Antwerpen"}


def test_antwerpen_is_visibly_split_over_four_zones(built_store):
    rows = built_store.select(prepared("zone_of_municipality", nis="11002"))
    assert len(rows) == 4
    assert all(row["partial"] == "true" for row in rows)


def test_whole_municipality_is_not_marked_partial(built_store):
    rows = built_store.select(prepared("zone_of_municipality", nis="44021"))
    assert [(row["zoneName"], row["partial"]) for row in rows] == [("Gent", "false")]


def test_each_source_graph_has_its_provenance(built_store):
    rows = built_store.select("""
        SELECT ?g WHERE { GRAPH g:herkomst { ?g a prov:Entity ; prov:wasDerivedFrom ?src } }""")
    graphs = {row["g"].rsplit("/", 1)[-1] for row in rows}
    assert {"gemeenten", "elz-indeling-2025", "overkop-huizen", "huizen-van-het-kind"} <= graphs


def test_build_twice_gives_the_same_graph():
    store = open_store("memory")
    first = build(store)
    assert build(store) == first
    assert store.graph_sizes() == {g: n for g, n in first.items() if n}


def test_every_label_has_a_dutch_version(built_store):
    rows = built_store.select("""
        SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x skos:prefLabel ?any .
          FILTER NOT EXISTS { ?x skos:prefLabel ?nl . FILTER(LANG(?nl) = "nl") } }""")
    assert rows == [{"n": "0"}]


def test_built_graph_passes_the_shapes(built_store):
    violations = [v for v in validate_store(built_store) if v.severity == "Violation"]
    assert violations == []


def test_the_note_every_passage_points_into_is_described(built_store):
    rows = built_store.select("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?label ?page WHERE {
          <https://w3id.org/overhoop/id/bron/inspiratienota> skos:prefLabel ?label ; foaf:page ?page .
          FILTER(LANG(?label) = "nl")
        }""")
    assert rows == [{"label": "OverHoop-inspiratienota",
                     "page": "https://kbs-frb.be/nl/overhoop-samen-voorbij-trauma-van-preventie-tot-herstel"}]


def test_every_country_a_thing_lies_in_has_a_dutch_and_an_english_name(built_store):
    rows = built_store.select("""
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?country (COUNT(DISTINCT LANG(?label)) AS ?languages) WHERE {
          ?thing dct:spatial ?country .
          FILTER(STRSTARTS(STR(?country), "http://publications.europa.eu/resource/authority/country/"))
          OPTIONAL { ?country skos:prefLabel ?label FILTER(LANG(?label) IN ("nl", "en")) }
        } GROUP BY ?country""")
    assert {row["country"].rsplit("/", 1)[1] for row in rows} >= {"BEL", "NLD"}
    assert all(row["languages"] == "2" for row in rows)
