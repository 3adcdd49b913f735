"""The project's SPARQL questions explain themselves to people: Dutch first, English second."""

from __future__ import annotations

import pytest

from graph.queries import list_queries, load_query, query_description


@pytest.mark.parametrize("name", list_queries())
def test_every_query_explains_itself_in_dutch_and_in_english(name):
    dutch, english = query_description(name), query_description(name, lang="en")
    assert dutch and english and dutch != english


@pytest.mark.parametrize("name", list_queries())
def test_the_dutch_explanation_comes_first(name):
    first = load_query(name).splitlines()[0]
    assert first.startswith("# ") and not first.startswith("# en:")


def test_an_unknown_language_gets_the_dutch_explanation():
    assert query_description("zones", lang="fr") == query_description("zones", lang="nl")


@pytest.mark.parametrize("name", list_queries())
def test_why_a_query_is_shaped_so_stays_out_of_its_explanation(name):
    # the notes on Oxigraph's query plans are for developers, in the query body
    assert "Oxigraph" not in query_description(name) + query_description(name, lang="en")
