"""Tests of the RDF catalogue of the note (graph/catalogue.py)."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS

from graph.catalogue import audiences, build_catalogue, line_range, read_mapping
from graph.namespaces import CV, OH, ORG, concept, country, instance

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = ["bouwsteen", "doelgroep", "kennis"]


@pytest.fixture(scope="module")
def graph():
    return build_catalogue(ROOT)


@pytest.fixture(scope="module")
def audience_rules():
    return read_mapping(ROOT / "data" / "mappings" / "doelgroepen.csv")


@pytest.fixture(scope="module")
def schemes():
    g = Graph()
    for name in SCHEMES:
        g.parse(ROOT / "ontology" / "schemes" / f"{name}.ttl")
    return g


def practices(graph):
    return list(graph.subjects(RDF.type, OH.Practice))


def test_graph_has_110_practices(graph):
    assert len(practices(graph)) == 110


def test_practices_per_building_block(graph, schemes):
    counts = {}
    for p in practices(graph):
        notation = str(schemes.value(graph.value(p, OH.buildingBlock), SKOS.notation))
        counts[notation] = counts.get(notation, 0) + 1
    assert [counts[str(n)] for n in range(1, 9)] == [22, 7, 13, 26, 8, 26, 5, 3]


def test_every_practice_has_dutch_title_initiator_audience_and_source(graph):
    for p in practices(graph):
        assert any(label.language == "nl" for label in graph.objects(p, SKOS.prefLabel)), p
        assert list(graph.objects(p, OH.initiatedBy)), p
        assert list(graph.objects(p, DCTERMS.audience)), p
        assert any("#line=" in str(s) for s in graph.objects(p, PROV.wasDerivedFrom)), p


def test_every_concept_used_is_defined_in_a_scheme(graph, schemes):
    for prop in (OH.buildingBlock, OH.subTheme, DCTERMS.audience, OH.involvesActorKind, OH.actorKind):
        for target in set(graph.objects(None, prop)):
            assert (target, RDF.type, SKOS.Concept) in schemes, target


def test_sub_theme_lies_under_the_building_block(graph, schemes):
    for p in practices(graph):
        sub = graph.value(p, OH.subTheme)
        if sub is not None:
            assert schemes.value(sub, SKOS.broader) == graph.value(p, OH.buildingBlock), p


def test_every_page_is_an_absolute_http_iri_without_spaces(graph):
    pages = list(graph.objects(None, FOAF.page))
    assert pages
    assert all(isinstance(u, URIRef) and str(u).startswith(("http://", "https://")) and " " not in str(u) for u in pages)


def test_initiator_links_carry_their_own_provenance(graph):
    participations = list(graph.subjects(RDF.type, CV.Participation))
    assert len(participations) == len(list(graph.triples((None, OH.initiatedBy, None))))
    for part in participations:
        assert graph.value(part, CV.role) == concept("rol", "initiatiefnemer")
        assert str(graph.value(part, PROV.wasDerivedFrom)).startswith("https://w3id.org/overhoop/id/bron/inspiratienota#line=")


def test_participation_iri_joins_practice_and_actor_slugs(graph):
    practice = instance("praktijk", "kimiwa")
    expected = instance("deelname", "kimiwa--vlaams-expertisecentrum-kindermishandeling")
    assert (practice, CV.hasParticipation, expected) in graph


def test_persons_are_foaf_persons(graph):
    perry = instance("persoon", "bruce-d-perry")
    assert (perry, RDF.type, FOAF.Person) in graph
    assert (perry, RDF.type, ORG.Organization) not in graph
    assert (instance("praktijk", "neurosequantial-model-of-therapeutics-nmt"), OH.initiatedBy, perry) in graph


def test_same_organisation_across_spellings_is_one_node_with_alt_labels(graph):
    caw = instance("organisatie", "caw-groep")
    assert graph.value(caw, SKOS.prefLabel) == Literal("CAW-groep", lang="nl")
    assert Literal("CAW groep", lang="nl") in set(graph.objects(caw, SKOS.altLabel))
    assert len(list(graph.subjects(OH.initiatedBy, caw))) == 2


def test_organisation_used_by_several_practices_is_one_node(graph):
    opgroeien = instance("organisatie", "agentschap-opgroeien")
    assert len(list(graph.subjects(OH.initiatedBy, opgroeien))) == 5


def test_kind_en_gezin_is_one_organisation(graph):
    node = instance("organisatie", "kind-gezin")
    assert graph.value(node, SKOS.prefLabel) == Literal("Kind & Gezin", lang="nl")


def test_organisation_place_comes_from_its_name(graph):
    assert graph.value(instance("organisatie", "huis-van-het-kind-leuven"), DCTERMS.spatial) == URIRef(
        "https://data.vlaanderen.be/id/gemeente/24062"
    )
    assert graph.value(instance("organisatie", "similes"), DCTERMS.spatial) is None


def test_practice_country_follows_its_initiators(graph):
    assert set(graph.objects(instance("praktijk", "je-monster-de-baas"), DCTERMS.spatial)) == {country("NLD")}


def test_age_range_is_materialised_in_months(graph):
    # The note defines 'de eerste 1000 dagen' as -9 months to 2 years: prenatal and 0-3.
    ode = instance("praktijk", "ode-aan-ouders-in-de-eerste-1000-dagen")
    assert (graph.value(ode, OH.minAgeMonths).toPython(), graph.value(ode, OH.maxAgeMonths).toPython()) == (-9, 36)


def test_what_serves_0_to_3_is_an_overlap_filter(graph):
    query = """
        PREFIX oh: <https://w3id.org/overhoop/ns#>
        SELECT (COUNT(?p) AS ?n) WHERE { ?p oh:minAgeMonths ?lo ; oh:maxAgeMonths ?hi . FILTER(?lo < 36 && ?hi > 0) }
    """
    assert int(next(iter(graph.query(query)))[0]) >= 15


def test_search_text_is_folded(graph):
    node = instance("organisatie", "jeugdzorg-emmaus-antwerpen")
    assert "emmaus" in str(graph.value(node, OH.searchText))


def test_line_range_iri_is_one_based_inclusive():
    assert str(line_range(754, 756)) == "https://w3id.org/overhoop/id/bron/inspiratienota#line=754,756"


def test_group_initiators_are_marked_as_groups(graph):
    assert (instance("organisatie", "lokale-besturen"), RDF.type, OH.ActorGroup) in graph


def test_partners_of_parents_are_not_organisations(audience_rules):
    assert "organisaties-en-beleid" not in audiences("zwangere vrouwen en eventueel hun partners", audience_rules)
    assert "organisaties-en-beleid" not in audiences("(ex)partners die in een vechtscheiding zitten", audience_rules)
    assert "organisaties-en-beleid" in audiences("lokale besturen en partners", audience_rules)


def test_professionelen_are_professionals(audience_rules):
    assert "professionals" in audiences("alle professionelen die in contact komen met gezinnen", audience_rules)


def test_ages_in_brackets_narrow_jonge_kinderen(audience_rules):
    found = audiences("professionals die werken met jonge kinderen (0 – 3 jaar) en gezinnen", audience_rules)
    assert "0-3-jaar" in found and "3-6-jaar" not in found


def test_children_and_young_people_without_ages_span_every_minor_age(graph):
    bootcamp = instance("praktijk", "bootcamps-family-seeing")
    assert (graph.value(bootcamp, OH.minAgeMonths).toPython(), graph.value(bootcamp, OH.maxAgeMonths).toPython()) == (0, 216)


def test_psychological_vulnerability_is_not_poverty(audience_rules):
    found = audiences("mensen die geconfronteerd worden met de psychische kwetsbaarheid van een naaste", audience_rules)
    assert found == ["psychische-kwetsbaarheid-ouder"]


def test_family_policy_is_not_a_parent_audience(audience_rules):
    assert "ouders" not in audiences("voor professionals binnen het jeugd- en gezinsbeleid", audience_rules)
