"""Imports touch only what they change: the derived links and the name index are brought up to
date by each import and withdrawal, and stay exactly what reading the whole store would give."""

import httpx
import pytest

from graph.imports import WithdrawalBlocked, apply, preview, withdraw
from graph.imports.known import load_known, name_index, read_names, read_reference
from graph.namespaces import OH
from graph.queries import load_query
from graph.store import open_store
from tests.import_helpers import LINKS, ORGANISATIONS, csv_bytes

# The first link of LINKS again, by another contributor: the same link IRI, its facts in two graphs.
SAME_LINK = ("van;naar;soort;doelgroepen\n"
             "Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool De Regenboog;doorverwijzing;ouders")
# The same two organisations joined by a link of another kind: another link, another shortcut.
OTHER_KIND = ("van;naar;soort;doelgroepen\n"
              "Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool De Regenboog;samenwerking;ouders")
SECOND_KBO_NUMBER = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/overhoop/id/organisatie/fictief-huis-met-kbo/kbo> skos:notation "0202239951" ."""

# A link written in RDF as a blank node, between two organisations of ORGANISATIONS.
BLANK_LINK = b"""@prefix oh: <https://w3id.org/overhoop/ns#> . @prefix dct: <http://purl.org/dc/terms/> .
[] a oh:Referral ; dct:audience <https://w3id.org/overhoop/id/concept/doelgroep/ouders> ;
   oh:referrer <https://w3id.org/overhoop/id/organisatie/fictief-caw-zonnedorp> ;
   oh:referredTo <https://w3id.org/overhoop/id/organisatie/fictieve-basisschool-de-regenboog> ."""
# A link without a kind (a referral), and a later contribution that describes it with a kind.
KINDLESS_LINK = b"""@prefix oh: <https://w3id.org/overhoop/ns#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://w3id.org/overhoop/id/doorverwijzing/fictief-caw-naar-regenboog> a oh:Referral ;
   dct:audience <https://w3id.org/overhoop/id/concept/doelgroep/ouders> ;
   oh:referrer <https://w3id.org/overhoop/id/organisatie/fictief-caw-zonnedorp> ;
   oh:referredTo <https://w3id.org/overhoop/id/organisatie/fictieve-basisschool-de-regenboog> ."""
ITS_KIND = KINDLESS_LINK + b""" <https://w3id.org/overhoop/id/doorverwijzing/fictief-caw-naar-regenboog>
   oh:referralKind <https://w3id.org/overhoop/id/concept/verbinding/samenwerking> ."""
# A link from an organisation that is itself a blank node.
FROM_BLANK_ORGANISATION = b"""@prefix oh: <https://w3id.org/overhoop/ns#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/overhoop/id/doorverwijzing/fictief-van-een-naamloze> a oh:Referral ;
   dct:audience <https://w3id.org/overhoop/id/concept/doelgroep/ouders> ;
   oh:referrer [ a org:Organization ; skos:prefLabel "Fictieve naamloze organisatie"@nl ] ;
   oh:referredTo <https://w3id.org/overhoop/id/organisatie/fictieve-basisschool-de-regenboog> ."""


def _import(store, text, name, agent):
    plan = preview(store, csv_bytes(text), name, agent=agent)
    assert plan.ok, plan.summary()
    return apply(store, plan)


def _derived(store) -> set[tuple[str, str, str]]:
    return {(row["s"], row["p"], row["o"]) for row in store.select(
        "SELECT ?s ?p ?o WHERE { GRAPH g:afgeleid { ?s ?p ?o } }")}


def _derived_afresh(store) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in store.construct(load_query("derive_link_shortcuts"))}


def _index_view(index) -> dict:
    return {"organisations": index.organisations, "practices": index.practices,
            "by_kbo": index.by_kbo,
            "by_key": {key: sorted(iris) for key, iris in index.by_key.items()},
            "practice_keys": {key: sorted(iris) for key, iris in index.practice_keys.items()}}


def test_derived_links_after_imports_and_withdrawals_equal_a_full_rederive(fresh_store):
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    links = _import(fresh_store, LINKS, "verbindingen.csv", "coordinator-leuven")
    same = _import(fresh_store, SAME_LINK, "zelfde.csv", "gezinscentrum")
    other = _import(fresh_store, OTHER_KIND, "andere-soort.csv", "basisschool")
    blank = apply(fresh_store, preview(fresh_store, BLANK_LINK, "link.ttl", agent="caw"))
    assert _derived(fresh_store) == _derived_afresh(fresh_store)
    steps = [links.id, other.id, blank.id, same.id]
    for contribution_id in steps:
        withdraw(fresh_store, contribution_id)
        assert _derived(fresh_store) == _derived_afresh(fresh_store), contribution_id
    assert not any("zonnedorp" in source for source, _shortcut, _target in _derived(fresh_store))


def test_a_link_stated_in_two_contributions_stays_derived_when_one_is_withdrawn(fresh_store):
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    links = _import(fresh_store, LINKS, "verbindingen.csv", "coordinator-leuven")
    _import(fresh_store, SAME_LINK, "zelfde.csv", "gezinscentrum")
    withdraw(fresh_store, links.id)
    link = ("https://w3id.org/overhoop/id/organisatie/fictief-gezinscentrum-zonnedorp", str(OH.refersTo),
            "https://w3id.org/overhoop/id/organisatie/fictieve-basisschool-de-regenboog")
    assert link in _derived(fresh_store)


def test_a_link_that_gains_a_kind_loses_its_referral_shortcut_and_gets_it_back_when_withdrawn(fresh_store):
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    apply(fresh_store, preview(fresh_store, KINDLESS_LINK, "link.ttl", agent="caw"))
    kind = apply(fresh_store, preview(fresh_store, ITS_KIND, "soort.ttl", agent="caw"))
    shortcuts = {p for s, p, o in _derived(fresh_store) if s.endswith("/fictief-caw-zonnedorp")}
    assert shortcuts == {str(OH.worksWith)}
    assert _derived(fresh_store) == _derived_afresh(fresh_store)
    withdraw(fresh_store, kind.id)
    shortcuts = {p for s, p, o in _derived(fresh_store) if s.endswith("/fictief-caw-zonnedorp")}
    assert shortcuts == {str(OH.refersTo)}
    assert _derived(fresh_store) == _derived_afresh(fresh_store)


def test_name_index_kept_up_to_date_by_imports_is_the_one_read_afresh(fresh_store):
    name_index(fresh_store)
    organisations = _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    _import(fresh_store, "naam;gemeente;kbo-nummer;fictief\nFictief Huis met KBO;Gent;0411.905.847;ja",
            "kbo.csv", "coordinator-gent")
    assert _index_view(name_index(fresh_store)) == _index_view(read_names(fresh_store))
    # An RDF contribution about the identifier node only: its organisation changes too.
    second_number = apply(fresh_store, preview(fresh_store, SECOND_KBO_NUMBER, "kbo.ttl"))
    assert "0202239951" in name_index(fresh_store).by_kbo
    assert _index_view(name_index(fresh_store)) == _index_view(read_names(fresh_store))
    for contribution in (organisations, second_number):
        withdraw(fresh_store, contribution.id)
        assert _index_view(name_index(fresh_store)) == _index_view(read_names(fresh_store))


def test_organisation_with_a_known_kbo_number_is_matched_whatever_its_name(fresh_store):
    _import(fresh_store, "naam;gemeente;kbo-nummer;fictief\nFictief Huis met KBO;Gent;0411.905.847;ja",
            "kbo.csv", "coordinator-gent")
    plan = preview(fresh_store, csv_bytes(
        "naam;gemeente;kbo-nummer;fictief\nHuis met een andere naam;Leuven;BE 0411 905 847;ja"), "ander.csv")
    assert [(m.status, m.how) for m in plan.matches] == [("gekoppeld", "KBO-nummer")]
    assert plan.matches[0].iri.endswith("/fictief-huis-met-kbo")


def test_name_of_a_withdrawn_organisation_no_longer_raises_a_doubt(fresh_store):
    organisations = _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    similar = csv_bytes("naam;gemeente;fictief\nFictief Gezinscentrum Zonnedorpp;Leuven;ja")
    assert preview(fresh_store, similar, "o.csv").matches[0].status == "twijfel"
    withdraw(fresh_store, organisations.id)
    assert preview(fresh_store, similar, "o.csv").matches[0].status == "nieuw"


def test_link_from_a_blank_node_organisation_is_derived_and_withdrawn(fresh_store):
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    plan = preview(fresh_store, FROM_BLANK_ORGANISATION, "naamloos.ttl")
    assert plan.ok, plan.summary()
    contribution = apply(fresh_store, plan)
    from_blank = "ASK { GRAPH g:afgeleid { ?s oh:refersTo ?o FILTER(isBLANK(?s)) } }"
    assert fresh_store.ask(from_blank)
    withdraw(fresh_store, contribution.id)
    assert not fresh_store.ask(from_blank)


NEW_TARGET_GROUP = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/fictieve-doelgroep> a skos:Concept ; skos:prefLabel "Fictieve doelgroep"@nl ;
    skos:inScheme <https://w3id.org/overhoop/id/conceptscheme/doelgroep> ."""


def _reference_view(reference) -> dict:
    return {"concepts": reference.concepts, "labels": reference.concept_labels,
            "municipalities": reference.municipalities, "names": reference.municipality_names,
            "schemes": set(reference.concept_schemes)}


def test_code_lists_kept_across_an_import_are_the_ones_read_afresh(fresh_store):
    load_known(fresh_store)
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    kept = load_known(fresh_store)
    assert _reference_view(kept) == _reference_view(read_reference(fresh_store))


def test_target_group_added_in_rdf_can_be_named_by_the_next_import(fresh_store):
    _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    apply(fresh_store, preview(fresh_store, NEW_TARGET_GROUP, "doelgroep.ttl"))
    link = ("van;naar;doelgroepen\n"
            "Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool De Regenboog;Fictieve doelgroep")
    plan = preview(fresh_store, csv_bytes(link), "verbindingen.csv")
    assert plan.ok, plan.summary()


@pytest.mark.server
def test_imports_on_a_remote_store_keep_the_derived_links_and_withdraw_cleanly(built_store, oxigraph_server):
    loaded = httpx.post(oxigraph_server + "/store", content=built_store.dump("nq"),
                        headers={"Content-Type": "application/n-quads"}, timeout=60)
    assert loaded.status_code in (200, 201, 204)
    store = open_store(f"sparql:{oxigraph_server}/query")
    before = _derived(store)
    organisations = _import(store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    links = _import(store, LINKS, "verbindingen.csv", "coordinator-leuven")
    assert _derived(store) == _derived_afresh(store) != before
    for contribution in (links, organisations):
        withdraw(store, contribution.id)
    assert _derived(store) == before


def test_a_contribution_that_others_build_on_is_not_withdrawn_and_says_which(fresh_store):
    organisations = _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    links = _import(fresh_store, LINKS, "verbindingen.csv", "coordinator-leuven")
    before = fresh_store.graph_sizes()
    with pytest.raises(WithdrawalBlocked, match=links.id):
        withdraw(fresh_store, organisations.id)
    assert fresh_store.graph_sizes() == before


def test_once_the_later_contribution_is_withdrawn_the_first_one_can_be(fresh_store):
    organisations = _import(fresh_store, ORGANISATIONS, "organisaties.csv", "coordinator-leuven")
    links = _import(fresh_store, LINKS, "verbindingen.csv", "coordinator-leuven")
    withdraw(fresh_store, links.id)
    withdraw(fresh_store, organisations.id)
    assert not fresh_store.ask('ASK { ?s ?p ?o FILTER(CONTAINS(STR(?s), "zonnedorp")) }')
