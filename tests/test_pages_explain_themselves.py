"""Pages over the real graph say what they did: for whom the partner finder searched, who may be
the asker, what to try when nothing is found, whose view suggestions are, what a merged
municipality became, and what a count counts."""

from markupsafe import escape


def test_the_page_says_around_which_place_and_zone_it_searched(client):
    page = client.get("/partners", params={"gemeente": "Leuven", "type": "huis-van-het-kind"}).text
    assert "Gezocht rond Leuven, in eerstelijnszone Leuven." in page


def test_asking_by_place_and_type_offers_the_organisation_that_may_be_the_asker(client):
    page = client.get("/partners", params={"gemeente": "Leuven", "type": "huis-van-het-kind"}).text
    maybe, suggestions = page.split("Staat je organisatie al in de graaf?")[1].split("<h2>", 1)
    assert "Huis van het Kind Leuven" in maybe and "org=huis-van-het-kind-leuven" in maybe
    assert "Huis van het Kind Leuven" not in suggestions.split("<h2>")[0]


def test_nothing_found_for_a_doelgroep_suggests_its_broader_doelgroep(client):
    page = client.get("/partners", params={"gemeente": "Kortrijk", "type": "huis-van-het-kind",
                                           "doelgroep": "rouw"}).text
    assert ('Probeer de ruimere doelgroep <a href="/partners?gemeente=Kortrijk&amp;type=huis-van-het-kind&amp;'
            'doelgroep=specifieke-situatie">Specifieke situaties</a>') in page


def test_an_organisation_without_a_place_is_asked_for_its_municipality(client):
    page = client.get("/partners", params={"org": "huis-van-het-kind-voorkempen"}).text
    assert str(escape("vul ook je gemeente in")) in page
    with_place = client.get("/partners", params={"org": "huis-van-het-kind-voorkempen", "gemeente": "Schilde"}).text
    assert "in eerstelijnszone Voorkempen" in with_place


def test_a_federal_body_is_placed_in_belgium_by_name(client):
    assert "België" in client.get("/organisatie/riziv").text
    assert "Belgium" in client.get("/organisatie/riziv?lang=en").text


def test_an_unknown_organisation_type_is_told_in_good_dutch_and_in_english(client):
    dutch = client.get("/partners", params={"gemeente": "Gent", "type": "huisvanhetkind"}).text
    english = client.get("/partners", params={"gemeente": "Gent", "type": "huisvanhetkind", "lang": "en"}).text
    assert "Onbekend organisatietype" in dutch
    assert "Unknown organisation type" in english


def test_no_organisation_in_the_zone_without_a_doelgroep_says_to_choose_one(client):
    page = client.get("/partners", params={"gemeente": "Baarle-Hertog", "type": "caw"}).text
    assert "Niets gevonden. Buiten je eigen zone zoekt de partnerzoeker op doelgroep of leeftijd" in page


def test_suggestions_on_an_organisations_page_say_whose_view_they_are(client):
    page = client.get("/organisatie/similes").text
    assert str(escape("Zoals de partnerzoeker het voor Similes ziet: ‘jij’ en ‘jouw’ in de redenen zijn Similes.")) in page


def test_searching_a_merged_municipality_says_what_it_became_and_lists_its_zones(client):
    page = client.get("/zoeken", params={"q": "Borsbeek"}).text
    assert "Borsbeek (sinds 2025 deel van Antwerpen): eerstelijnszones" in page
    assert "→" not in page.split("Borsbeek (", 1)[1].split("</li>", 1)[0]


def test_a_zones_type_counts_say_that_broader_types_count_their_narrower_ones(client):
    page = client.get("/zone/leuven").text
    assert "een organisatie telt mee bij haar type en bij elk breder type" in page


def test_the_list_of_organisations_you_may_mean_says_when_there_are_more(client):
    many = client.get("/partners", params={"org": "kind"}).text
    few = client.get("/partners", params={"org": "huis van het kind"}).text
    assert "Dit zijn de eerste 10: staat de jouwe er niet bij, typ dan meer van de naam." in many
    assert "Dit zijn de eerste" not in few and "Welke organisatie bedoel je?" in few


def test_an_organisation_is_found_by_words_of_its_name_in_any_order_and_place(client):
    page = client.get("/partners", params={"org": "Huis van het Kind Pittem"}).text
    assert "Gezocht voor Huis van het Kind Meulebeke, Pittem, Ruiselede en Wingene" in page


def test_a_misspelt_municipality_gets_the_names_it_is_closest_to(client):
    page = client.get("/partners", params={"gemeente": "Leuvn", "type": "huis-van-het-kind"}).text
    assert "Geen gemeente &#39;Leuvn&#39; gevonden. Bedoelde je Leuven?" in page


def test_a_municipality_given_with_an_organisation_that_has_a_place_is_said_not_to_be_used(client):
    page = client.get("/partners", params={"org": "huis-van-het-kind-leuven", "gemeente": "Antwerpen"}).text
    assert "Je gemeente (Antwerpen) is niet gebruikt: de graaf kent de plaats van Huis van het Kind Leuven al." in page
    assert "Gezocht voor Huis van het Kind Leuven, in eerstelijnszone Leuven." in page


def test_an_organisation_without_a_place_is_still_offered_the_flanders_wide_practices(client):
    page = client.get("/partners", params={"org": "huis-van-het-kind-voorkempen"}).text
    practices = page.split("<h2>Praktijken</h2>", 1)[1]
    assert "Vlaanderen-breed: niet aan één plaats gebonden." in practices


def test_a_blank_organisation_field_asks_for_an_organisation_or_a_municipality(client):
    page = client.get("/partners", params={"org": " ", "doelgroep": "prenataal"}).text
    assert "Kies eerst je organisatie of een gemeente" in page and "/api/organisations" not in page


def test_a_country_is_named_in_the_pages_language(client):
    assert "België" not in client.get("/organisatie/riziv?lang=en").text
    assert "Belgium" in client.get("/organisatie/riziv?lang=en").text
    assert "België" in client.get("/organisatie/riziv").text


def test_a_group_the_note_names_says_it_is_a_group_and_suggests_no_partners(client):
    page = client.get("/organisatie/lokale-besturen").text
    assert "Een groep organisaties die de inspiratienota als initiatiefnemer noemt" in page
    assert "Voorgestelde partners" not in page
    assert client.get("/api/organisations/lokale-besturen").json()["group"] is True
    assert client.get("/api/organisations/similes").json()["group"] is False


def test_a_zones_analysis_says_which_organisations_its_network_holds(client):
    page = client.get("/analyse/zone/gent").text
    assert "Het netwerk van een zone bevat de organisaties die in de zone liggen" in page
