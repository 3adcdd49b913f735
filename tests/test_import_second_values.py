"""A contribution adds and is withdrawn whole, so a re-import with a changed address or sector puts
the new value next to the old one. The preview says so, and which contribution to withdraw."""

from graph.imports import apply, preview
from tests.import_helpers import csv_bytes

FIRST = "naam;gemeente;sector;adres;fictief\nFictief Gezinscentrum Zonnedorp;Leuven;welzijn;Kerkstraat 1;ja"
A_WEEK_LATER = "naam;gemeente;sector;adres;fictief\nFictief Gezinscentrum Zonnedorp;Leuven;gezondheid;Markt 3;ja"


def _preview(store, rows: str, name: str):
    plan = preview(store, csv_bytes(rows), name, agent="coordinator")
    assert plan.ok, plan.summary()
    return plan


def test_a_changed_sector_and_address_are_said_to_come_next_to_the_old_ones(fresh_store):
    apply(fresh_store, _preview(fresh_store, FIRST, "organisaties.csv"))
    notices = {n.column: n.message_nl for n in _preview(fresh_store, A_WEEK_LATER, "organisaties-v2.csv").notices}
    assert notices["sector"].startswith(
        "'Fictief Gezinscentrum Zonnedorp' heeft al sector Welzijn; 'Gezondheid' komt erbij, want een invoer "
        "vult aan en vervangt niets. Klopt het oude niet meer, trek dan eerst de bijdrage in die het gaf "
        "('organisaties.csv' van coordinator (")
    assert "heeft al adres Kerkstraat 1; 'Markt 3' komt erbij" in notices["adres"]


def test_the_same_file_again_gives_no_such_notice(fresh_store):
    apply(fresh_store, _preview(fresh_store, FIRST, "organisaties.csv"))
    assert _preview(fresh_store, FIRST, "organisaties.csv").notices == []


def test_a_value_from_the_graphs_sources_is_said_to_come_from_no_contribution(fresh_store):
    rows = "naam;gemeente;sector\nOverKop-huis Sint-Niklaas;Sint-Niklaas;gezondheid"
    [notice] = [n for n in _preview(fresh_store, rows, "organisaties.csv").notices if n.column == "sector"]
    assert "'Gezondheid' komt erbij" in notice.message_nl
    assert notice.message_nl.endswith("het komt uit de bronnen van de graaf, niet uit een bijdrage.")


LINK = "van;naar;soort;doelgroepen;sinds\nFictief Huis Zonnedorp;Fictieve School Zonnedorp;" \
       "samenwerking;;{since}"
ORGANISATIONS = "naam;gemeente;fictief\nFictief Huis Zonnedorp;Leuven;ja\nFictieve School Zonnedorp;Leuven;ja"


def test_a_link_given_another_start_date_is_refused_saying_the_old_date_and_what_to_do(fresh_store):
    apply(fresh_store, _preview(fresh_store, ORGANISATIONS, "organisaties.csv"))
    apply(fresh_store, _preview(fresh_store, LINK.format(since="2025"), "verbindingen.csv"))
    plan = preview(fresh_store, csv_bytes(LINK.format(since="2025-03-01")), "verbindingen-v2.csv", agent="coordinator")
    [problem] = plan.problems
    assert problem.column == "sinds"
    assert "heeft al sinds 2025-01-01; '2025-03-01' kan er niet bij, want een verbinding heeft er één" in problem.message_nl
    assert "('verbindingen.csv' van coordinator (" in problem.message_nl


def test_two_rows_of_one_link_with_different_dates_are_refused_naming_both_dates(fresh_store):
    apply(fresh_store, _preview(fresh_store, ORGANISATIONS, "organisaties.csv"))
    rows = LINK.format(since="2023-09-01") + "\n" + LINK.format(since="2024-01-01").split("\n")[1]
    [problem] = preview(fresh_store, csv_bytes(rows), "verbindingen.csv", agent="coordinator").problems
    assert (problem.row, problem.column) == (3, "sinds")
    assert "met een andere 'sinds' (2023-09-01 en 2024-01-01): een verbinding heeft één datum" in problem.message_nl


def test_a_membership_given_another_role_says_the_old_role_stays(fresh_store):
    apply(fresh_store, _preview(fresh_store, ORGANISATIONS, "organisaties.csv"))
    membership = "samenwerkingsverband;lid;rol\nFictief Huis Zonnedorp;Fictieve School Zonnedorp;{role}"
    apply(fresh_store, _preview(fresh_store, membership.format(role="lid"), "samenwerkingen.csv"))
    notices = _preview(fresh_store, membership.format(role="partner"), "samenwerkingen-v2.csv").notices
    assert [n.column for n in notices] == ["rol"]
    assert "'Partner' komt erbij" in notices[0].message_nl


def test_the_notice_says_when_the_old_contribution_can_only_be_withdrawn_after_a_later_one(fresh_store):
    organisations = "naam;gemeente;sector;fictief\nFictief Huis Zonnedorp;Leuven;{sector};ja\n" \
                    "Fictieve School Zonnedorp;Leuven;onderwijs;ja"
    apply(fresh_store, _preview(fresh_store, organisations.format(sector="welzijn"), "organisaties.csv"))
    apply(fresh_store, _preview(fresh_store, LINK.format(since="2024-01-01"), "verbindingen.csv"))
    changed = organisations.format(sector="gezondheid")
    [notice] = _preview(fresh_store, changed, "organisaties-v2.csv").notices
    assert "trek dan eerst de bijdrage in die het gaf ('organisaties.csv' van coordinator (" in notice.message_nl
    assert ". Dat kan pas na de latere bijdrage 'verbindingen.csv' van coordinator (" in notice.message_nl
