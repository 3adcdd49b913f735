"""Tests of the note extractor (graph/extract_note.py) against the seed and data/seed."""

import shutil
from collections import Counter
from pathlib import Path

import pytest

from graph.extract_note import Seed, extract, read_generated_csv, split_initiators

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "seed"
GENERATED = ["practices.csv", "practice_actors.csv", "organisations.csv"]


@pytest.fixture(scope="module")
def practices():
    return {p["slug"]: p for p in read_generated_csv(SEED_DIR / "practices.csv")}


@pytest.fixture(scope="module")
def links():
    return read_generated_csv(SEED_DIR / "practice_actors.csv")


@pytest.fixture(scope="module")
def seed():
    return Seed((SEED_DIR / "inspiratienota.txt").read_text(encoding="utf-8"))


def test_rerunning_the_extractor_reproduces_data_seed(tmp_path):
    (tmp_path / "data" / "seed").mkdir(parents=True)
    shutil.copy(SEED_DIR / "corrections.csv", tmp_path / "data" / "seed")
    shutil.copytree(ROOT / "data" / "mappings", tmp_path / "data" / "mappings")
    extract(SEED_DIR / "inspiratienota.txt", tmp_path)
    for name in GENERATED:
        fresh = (tmp_path / "data" / "seed" / name).read_text(encoding="utf-8")
        assert fresh == (SEED_DIR / name).read_text(encoding="utf-8"), f"data/seed/{name} is stale: run overhoop extract"


def test_there_are_110_practices(practices):
    assert len(practices) == 110


def test_practices_per_bouwsteen_match_the_note(practices):
    counts = Counter(int(p["bouwsteen"]) for p in practices.values())
    assert [counts[b] for b in range(1, 9)] == [22, 7, 13, 26, 8, 26, 5, 3]


def test_sub_theme_counts_match_the_note(practices):
    counts = Counter(p["sub_theme"] for p in practices.values() if p["sub_theme"])
    assert counts == {
        "Werken aan een groeiend bewustzijn": 14, "Voorbij het gedrag kijken": 8, "Brede pedagogische basiszorg": 13,
        "Basisvaardigheden voor kinderen en jongeren": 8, "Basisvaardigheden voor ouders": 8,
        "Gericht op specifieke doelgroepen": 10, "Vroegsignalering": 9,
        "Hulpverlening, zo vroeg en zo nabij mogelijk": 9, "Gespecialiseerde hulpverleningspraktijken": 8,
    }


def test_appendix_sub_theme_labels_agree_with_the_main_text(practices):
    labelled = [p for p in practices.values() if p["appendix_sub_theme"]]
    assert len(labelled) == 8
    assert all(p["appendix_sub_theme"] == p["sub_theme"] for p in labelled)


def test_every_practice_has_title_fields_initiator_and_lines(practices, links):
    linked = {lnk["practice"] for lnk in links}
    for p in practices.values():
        assert p["title"] and p["abstract"] and p["audience_description"] and p["goal"] and p["method"], p["slug"]
        assert p["slug"] in linked, p["slug"]
        assert 1786 <= int(p["from"]) <= int(p["to"]) <= 5406, p["slug"]
        assert 750 <= int(p["main_from"]) <= int(p["main_to"]) <= 1578, p["slug"]


def test_every_link_is_an_absolute_http_iri_without_spaces(practices):
    urls = [u for p in practices.values() for u in p["urls"].split(" | ") if u]
    assert len(urls) > 110
    assert all(u.startswith(("http://", "https://")) and " " not in u and "http://https" not in u for u in urls)


def test_vaderklap_bullet_is_split_into_two_practices(practices):
    assert practices["vaderklap"]["abstract"] == practices["lerend-netwerk-vaders"]["abstract"]
    assert practices["vaderklap"]["main_from"] == practices["lerend-netwerk-vaders"]["main_from"] == "779"
    assert practices["lerend-netwerk-vaders"]["initiator_text"] == "vzw De SLOEP"


def test_displaced_passage_becomes_description_of_lerend_netwerk_vaders(practices):
    p = practices["lerend-netwerk-vaders"]
    assert p["description"].startswith("Vzw De SLOEP zet zich in")
    assert (p["from"], p["to"]) == ("2071", "2090")
    assert practices["vaderklap"]["description"].startswith("Vaderklap is een initiatief van 2 vaders.")


def test_kans_title_keeps_its_colon(practices):
    p = practices["kinderen-adviseren-na-echtscheiding-kans"]
    assert p["title"] == "Kinderen Adviseren Na Echtscheiding: KANS!"
    assert p["abstract"] == "de impact van een scheiding op kinderen beperken."


def test_titles_spanning_lines_and_space_before_colon(practices):
    assert "het-neurosequential-model-of-therapeutics-nmt-model-in-de-pr" in practices
    assert practices["veerkrachtgericht-groepswerk"]["title"] == "Veerkrachtgericht groepswerk"
    assert practices["amber-voorzorg"]["title"] == "Amber-Voorzorg"


def test_url_wrapped_after_a_dot_is_joined(practices):
    urls = practices["neurosequantial-model-of-therapeutics-nmt"]["urls"].split(" | ")
    assert urls[0] == "https://www.neurosequential.com/nmt"
    assert urls[1].startswith("https://sussexpsychology.co.uk/neurosequential-model-therapeutics/#:~:text=")
    assert urls[2] == "https://www.neurosequential.com/"


def test_url_wrapped_mid_token_is_joined_without_space(practices):
    assert practices["brede-basiszorg-in-onderwijs"]["urls"] == (
        "https://www.clb-kempen.be/wp-content/uploads/2020/04/VrijCLB-NW-RolPBDenCLBinversterkenvanllnbegeleidingopschool_20190328.pdf"
    )


def test_genuine_hyphen_at_url_line_end_is_kept(practices):
    assert "https://www.sos-kinderdorpen.be/files/tdr-master-trainers-trauma-informed-care-nl-5f5b5ea53e8dd.pdf" in practices["train-the-trainer"]["urls"]


def test_soft_hyphens_in_the_kuleuven_url_are_removed(practices):
    urls = practices["gids-voor-het-bieden-van-trauma-sensitieve-zorg-in-de-kinder"]["urls"].split(" | ")
    assert urls[0].startswith("https://kuleuven.limo.libis.be/discovery/fulldisplay?docid=lirias3752379&context=SearchWebhook")
    assert len(urls) == 2


def test_ampersand_alone_on_a_line_separates_urls(practices):
    assert practices["buddy-project"]["urls"].split(" | ") == [
        "https://www.expoo.be/buddys-bij-de-wieg",
        "https://www.tervuren.be/welzijn-en-zorg/buddywerking",
        "https://www.psyche.be/aanbod/projectcoordinatie/buddywerking-vlaanderen",
    ]


def test_link_text_glued_after_a_url_is_dropped(practices):
    assert practices["amber-voorzorg"]["urls"].split(" | ") == [
        "https://expoo.be/sites/default/files/2022-06/draaiboek_amber.pdf", "https://www.ncj.nl/onderwerp/voorzorg/",
    ]


def test_text_fragment_url_loses_its_final_full_stop(practices):
    assert practices["zorggarantie-jonge-kind"]["urls"].endswith("dreigende%20uithuisplaatsing")


def test_stray_annotation_urls_are_not_links(practices):
    assert "vaderklap" not in practices["over-de-streep"]["urls"]
    assert "jemonsterdebaas" not in practices["over-de-streep"]["urls"]


def test_url_like_title_is_kept(practices):
    assert practices["www-preventiemethodieken-be"]["appendix_title"] == ""


def test_soft_hyphen_is_removed_and_elision_kept(seed):
    assert seed.join([1356, 1357, 1358]).startswith("— Gids voor het bieden van trauma-sensitieve zorg in de kinderopvang")
    assert "gezins- en opvoedingsondersteuning" in seed.join([995, 996])


def test_word_split_without_hyphen_is_joined(seed):
    assert "stresshantering" in seed.join([793, 794])


def test_broken_word_across_a_blank_line_is_joined(practices):
    assert practices["waakzaam-zorgen-voor-tieners"]["abstract"].startswith("ouders ondersteunen in opvoeding")


def test_hyphen_after_an_acronym_is_kept(practices):
    assert practices["spark36"]["audience_description"] == "ouders en CLB-jeugdverpleegkundigen"


def test_pieces_of_a_broken_word_are_not_evidence_of_a_word():
    # 'trau-' at a line end once made 'trau' a word, so 'trau-' + 'ma-sensitieve' kept its hyphen.
    seed = Seed("zorg trau-\nma-sensitieve zorg\n")
    assert seed.words == {"zorg"}


def test_line_break_hyphen_before_a_hyphenated_compound_is_kept(practices):
    assert practices["raket"]["method"].endswith("een speelplaats-goed-gedrag-spel en ouderbabbels")


def test_hyphenated_correction_keeps_a_genuine_hyphen(practices):
    assert "langdurige stresssituaties en burn-out." in practices["de-theorie-en-kracht-van-hoop"]["description"]


def test_appendix_title_differing_only_in_case_is_kept(practices):
    assert practices["signs-of-safety-veilig-thuis"]["appendix_title"] == "Signs of Safety, Veilig Thuis"
    assert practices["moeder-en-kind-eenheden"]["appendix_title"] == "Moeder- en Kind eenheden"


def test_in_samenwerking_met_names_a_second_initiator_even_a_sector(links):
    actors = [link["actor"] for link in links if link["practice"] == "kimiwa"]
    assert actors == ["Vlaams Expertisecentrum Kindermishandeling", "jeugdwerk"]


def test_kind_en_gezin_is_not_split():
    assert split_initiators("Samenwerkingsverband tussen MaPa, Kind & Gezin en het Vertrouwenscentrum", []) == [
        "MaPa", "Kind & Gezin", "Vertrouwenscentrum",
    ]


def test_initiators_split_on_all_separators():
    assert split_initiators("Het Raster vzw i.s.m. CKG De Schommel", []) == ["Het Raster vzw", "CKG De Schommel"]
    assert split_initiators("Fara samen met Lejo", []) == ["Fara", "Lejo"]
    assert split_initiators("VECK in samenwerking met Stad Mechelen", []) == ["VECK", "Stad Mechelen"]
    assert split_initiators("Nederlands Centrum Jeugdgezondheid / CKG De Schommel", []) == [
        "Nederlands Centrum Jeugdgezondheid", "CKG De Schommel",
    ]
    assert split_initiators("vzw Aura (samen met Vormingscentrum LIGANT en Oranjehuis Kortrijk)", []) == [
        "vzw Aura", "Vormingscentrum LIGANT", "Oranjehuis Kortrijk",
    ]


def test_person_initials_are_not_split():
    assert split_initiators("A. F. Lieberman, M. A. Diaz, G. Castro, G.O. Bucio", []) == [
        "A. F. Lieberman", "M. A. Diaz", "G. Castro", "G.O. Bucio",
    ]


def test_acronym_in_parentheses_stays_with_its_name():
    assert split_initiators("CAW en Vlaams Apothekers Netwerk (VAN)", []) == ["CAW", "Vlaams Apothekers Netwerk (VAN)"]


def test_protected_name_with_en_is_not_split():
    protected = ["Agentschap integratie en inburgering"]
    assert split_initiators("het Agentschap integratie en inburgering en Avansa", protected) == [
        "Agentschap integratie en inburgering", "Avansa",
    ]


def test_nmt_appears_twice_with_different_initiators(links):
    by_practice = {}
    for link in links:
        by_practice.setdefault(link["practice"], []).append(link["actor"])
    assert by_practice["het-neurosequential-model-of-therapeutics-nmt-model-in-de-pr"] == ["Kiem"]
    assert by_practice["neurosequantial-model-of-therapeutics-nmt"] == ["Bruce D. Perry"]
