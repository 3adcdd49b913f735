"""Matching a file's organisations by name: many names compared at once find what each finds alone."""

from graph.imports.known import load_known
from graph.imports.matching import DOUBT_SIMILARITY, OrganisationIndex, close_names

NAMES = ["kind en gezin", "kind & gezin", "kinderopvang de vlinder", "huis van het kind leuven",
         "huis van het kind lubbeek", "caw oost brabant"]


def test_names_compared_together_find_what_each_finds_alone():
    keys = ["kind en gezinn", "huis van het kind leuve", "iets heel anders", "kind en gezinn"]
    together = close_names(keys, NAMES, 2, 0.8)
    assert list(together) == ["kind en gezinn", "huis van het kind leuve", "iets heel anders"]
    assert together == {key: close_names([key], NAMES, 2, 0.8)[key] for key in keys}
    assert together["kind en gezinn"] == ["kind en gezin", "kind & gezin"]
    assert together["iets heel anders"] == []


def test_equally_close_names_keep_the_order_they_were_given_in():
    assert close_names(["abcd"], ["abce", "abcf", "abcg"], 2, 0.7) == {"abcd": ["abce", "abcf"]}
    assert close_names(["abcd"], ["abcg", "abcf", "abce"], 2, 0.7) == {"abcd": ["abcg", "abcf"]}


def test_no_names_to_compare_with_finds_nothing():
    assert close_names(["kind en gezin"], [], 5, DOUBT_SIMILARITY) == {"kind en gezin": []}


def test_a_name_compared_ahead_is_matched_as_one_compared_on_its_own(built_store):
    existing = built_store.select(
        "SELECT ?name WHERE { ?org a org:Organization ; skos:prefLabel ?name FILTER(LANG(?name) = 'nl') "
        "FILTER(STRLEN(?name) > 15) } ORDER BY ?name LIMIT 1")[0]["name"]
    names = [existing + "x", existing, "Fictieve organisatie die nergens op lijkt"]
    ahead = OrganisationIndex(load_known(built_store))
    ahead.expect(names)
    alone = OrganisationIndex(load_known(built_store))
    matched = [ahead.match(name, None).to_dict() for name in names]
    assert matched == [alone.match(name, None).to_dict() for name in names]
    assert [match["status"] for match in matched] == ["twijfel", "twijfel", "nieuw"]
