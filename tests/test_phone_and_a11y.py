"""Pages for keyboard and screen-reader users, as their HTML says: a skip link past the header,
errors that are announced, Dutch text read with a Dutch voice on English pages, wide tables that
scroll in a region of their own, map headings that follow the page's, and hints that hold on a
phone. (How the pages fit a phone's screen is tested in a browser: tests/test_browser_phone.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from api.i18n import STRINGS
from viz.maps import STRINGS as MAP_STRINGS
from viz.maps import map_fragment, render_map

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ONE_ORGANISATION = {"nodes": [{"id": "a", "label": "A", "kind": "organisatie"}], "edges": []}


class _Voices(HTMLParser):
    """Each piece of text of a page with the language a screen reader reads it in: the ``lang`` of
    the nearest element around it that has one."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not any(tag in ("script", "style") for tag, _ in self.stack):
            lang = next((lang for _, lang in reversed(self.stack) if lang), None)
            self.texts.append((text, lang))


def voice_of(html: str, text: str) -> str:
    """The language the first piece of text that holds ``text`` is read in."""
    parser = _Voices()
    parser.feed(html)
    return next(lang for piece, lang in parser.texts if text in piece)


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def skipped_levels(levels: list[int]) -> list[tuple[int, int]]:
    """Each pair of headings where the second goes down more than one level (h1 → h3)."""
    return [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]


# --- skip link, language switch ---------------------------------------------------------------

@pytest.mark.parametrize("path, words", [("/", "Naar de inhoud"), ("/zone/leuven?lang=en", "Skip to content")])
def test_the_first_link_of_every_page_skips_the_header_to_the_main_content(client, path, words):
    page = client.get(path).text
    body = page.split("<body>", 1)[1]
    first_link = re.search(r"<a\b[^>]*>[^<]*</a>", body).group(0)
    assert 'href="#inhoud"' in first_link and words in first_link
    assert re.search(r'<main id="inhoud"', page)


def test_the_language_switch_is_read_in_the_language_it_names(client):
    assert voice_of(client.get("/").text, "English") == "en"
    assert voice_of(client.get("/?lang=en").text, "Nederlands") == "nl"


# --- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/zoeken?soort=praktijken&doelgroep=xyz", "/organisatie/bestaat-niet",
                                  "/zone/bestaat-niet"])
def test_an_error_message_is_announced_as_an_alert(client, path):
    page = client.get(path).text
    assert re.search(r'<p class="error"[^>]* role="alert"', page)


def test_a_refused_sparql_query_marks_the_query_field_and_points_it_to_the_message(client):
    page = client.get("/sparql-pagina", params={"query": "SELEC ?x"}).text
    field = re.search(r"<textarea[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="query-error"' in field
    assert re.search(r'<p class="error" id="query-error" role="alert">', page)


def test_a_sparql_field_without_an_error_is_not_marked_invalid(client):
    page = client.get("/sparql-pagina").text
    assert "aria-invalid" not in re.search(r"<textarea[^>]*>", page).group(0)


# --- Dutch text on English pages --------------------------------------------------------------

PONDO_GOAL = "het verkleinen van het risicoprofiel"
PONDO_METHOD = "een gezin wordt bij het kernteam PONDO aangemeld"
PONDO_ABSTRACT = "ondersteuning op het gebied van verantwoord ouderschap"
PONDO_DESCRIPTION = "PONDO-project is een ondersteunend preventief netwerk"
PONDO_QUOTE = "PONDO-projecten: ondersteuning"


@pytest.mark.parametrize("text", [PONDO_ABSTRACT, PONDO_GOAL, PONDO_METHOD, PONDO_DESCRIPTION, PONDO_QUOTE,
                                  "druggebruikende ouders"])
def test_the_dutch_text_of_a_practice_is_read_in_dutch_on_its_english_page(client, text):
    page = client.get("/praktijk/pondo-projecten?lang=en").text
    assert voice_of(page, text) == "nl"


def test_a_name_with_an_english_version_is_read_in_english_on_an_english_page(client):
    page = client.get("/praktijk/pondo-projecten?lang=en").text
    assert voice_of(page, "Parents with substance use problems") == "en"
    assert voice_of(page, "Goal") == "en"


def test_a_practice_summary_in_a_list_is_read_in_dutch_on_an_english_page(client):
    page = client.get("/organisatie/huis-van-het-kind-leuven?lang=en").text
    assert voice_of(page, "spanningen tussen partners") == "nl"


def test_a_dutch_page_marks_no_text_as_dutch_again(client):
    page = client.get("/praktijk/pondo-projecten").text
    main = page.split("<main", 1)[1]
    assert 'lang="nl"' not in main
    assert voice_of(page, PONDO_GOAL) == "nl"


# --- wide tables --------------------------------------------------------------------------------

def scroll_regions(html: str) -> list[str]:
    """The opening tags of each element that holds a table and scrolls sideways, with its table's."""
    return re.findall(r'<div class="(?:scroll|oh-table-scroll)"[^>]*>\s*<table[^>]*>', html)


def test_the_coverage_table_of_a_zone_scrolls_in_a_labelled_region_a_keyboard_can_reach(client):
    page = client.get("/zone/leuven").text
    region = next(tag for tag in scroll_regions(page) if '<table class="gap"' in tag)
    assert 'role="region"' in region and 'tabindex="0"' in region
    assert f'aria-label="{STRINGS["nl"]["gap_matrix"]}"' in region


@pytest.mark.parametrize("path", ["/kaart/zone/leuven", "/organisatie/huis-van-het-kind-leuven?lang=en"])
def test_both_tables_of_a_map_scroll_in_labelled_regions_a_keyboard_can_reach(client, path):
    page = client.get(path).text
    table_part = page.split('class="oh-map-table"', 1)[1]
    regions = scroll_regions(table_part)
    assert len(regions) == 2 == table_part.count("<table")
    lang = "en" if "lang=en" in path else "nl"
    for region, words in zip(regions, (MAP_STRINGS[lang]["nodes_table"], MAP_STRINGS[lang]["edges_table"])):
        assert 'role="region"' in region and 'tabindex="0"' in region and f'aria-label="{words}: ' in region


# --- map headings -------------------------------------------------------------------------------

def test_the_map_page_goes_from_its_title_to_the_legend_without_skipping_a_level(client):
    page = client.get("/kaart/zone/leuven").text
    levels = heading_levels(page.split("<main", 1)[1])
    assert levels[:2] == [1, 2] and skipped_levels(levels) == []


def test_the_standalone_map_file_goes_from_its_title_to_the_legend_without_skipping_a_level():
    levels = heading_levels(render_map(ONE_ORGANISATION, title="Test", standalone=False))
    assert levels[:3] == [1, 2, 3] and skipped_levels(levels) == []


def test_a_map_in_a_section_puts_its_legend_one_level_below_the_section_heading():
    fragment = map_fragment(ONE_ORGANISATION, title="Test", heading_level=3)
    levels = heading_levels("<h1>Page</h1><h2>Section</h2>" + str(fragment))
    assert levels[:4] == [1, 2, 3, 4] and skipped_levels(levels) == []


# --- phones -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, tap", [("nl", "Tik"), ("en", "Tap")])
def test_the_map_hint_says_what_a_tap_does_not_only_what_hovering_does(lang, tap):
    hint = MAP_STRINGS[lang]["click_hint"]
    assert hint.startswith(tap)
    assert hint in map_fragment(ONE_ORGANISATION, title="Test", lang=lang)


def test_narrower_concepts_in_the_search_filters_are_indented_with_spaces_not_a_spoken_dash(client):
    page = client.get("/zoeken").text
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>",
                         page.split('id="f-doelgroep"', 1)[1].split("</select>", 1)[0])
    names = dict(options)
    assert names["0-3-jaar"].startswith("&nbsp;&nbsp;&nbsp;") and names["0-3-jaar"][-1] != ";"
    assert not names["leeftijd"].startswith("&nbsp;")
    assert not any(name.startswith("–") for _, name in options)
