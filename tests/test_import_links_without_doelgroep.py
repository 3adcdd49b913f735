"""A referral is about families of some target group; a collaboration, a joint offer or an exchange
of information often is not, so only a referral needs its doelgroepen (import and shapes alike)."""

from rdflib import Graph

from graph.imports import apply, preview
from graph.validate import validate_graph
from tests.import_helpers import ORGANISATIONS, csv_bytes

WITHOUT_DOELGROEP = """van;naar;soort;doelgroepen
Fictief Gezinscentrum Zonnedorp;Fictieve Basisschool De Regenboog;{kind};
"""
SCHEMES = "ontology/schemes/verbinding.ttl", "ontology/schemes/doelgroep.ttl"


def _links_preview(store, kind: str):
    apply(store, preview(store, csv_bytes(ORGANISATIONS), "organisaties.csv", agent="coordinator"))
    return preview(store, csv_bytes(WITHOUT_DOELGROEP.format(kind=kind)), "verbindingen.csv", agent="coordinator")


def test_a_collaboration_without_doelgroepen_is_imported(fresh_store):
    plan = _links_preview(fresh_store, "samenwerking")
    assert plan.ok, plan.summary()


def test_a_referral_without_doelgroepen_is_refused_and_says_who_may_go_without(fresh_store):
    plan = _links_preview(fresh_store, "doorverwijzing")
    [problem] = plan.problems
    assert problem.column == "doelgroepen"
    assert "Een doorverwijzing heeft minstens één doelgroep" in problem.message_nl
    assert "samenwerking" in problem.message_nl


def _violations(kind: str) -> list:
    data = Graph()
    for scheme in SCHEMES:
        data.parse(scheme)
    data.parse(format="turtle", data=f"""
        @prefix oh: <https://w3id.org/overhoop/ns#> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <https://example.org/a> a org:Organization . <https://example.org/b> a org:Organization .
        <https://example.org/link> a oh:Referral ; oh:referrer <https://example.org/a> ;
            oh:referredTo <https://example.org/b> ; prov:wasAttributedTo <https://example.org/coordinator>
            {kind} .""")
    return [v for v in validate_graph(data) if v.focus == "https://example.org/link"]


def test_the_shapes_let_an_information_exchange_go_without_doelgroep():
    kind = "; oh:referralKind <https://w3id.org/overhoop/id/concept/verbinding/informatie-uitwisseling>"
    assert _violations(kind) == []


def test_the_shapes_refuse_a_link_without_kind_or_doelgroep():
    assert [v.message_nl for v in _violations("")] == [
        "Doorverwijzing: minstens één doelgroep uit de doelgroepenlijst (dct:audience); enkel een samenwerking, "
        "gezamenlijk aanbod of informatie-uitwisseling mag zonder."]
