"""Actor coding: country words, known actors with dated roles, title phrases, data schema."""
from __future__ import annotations

import pytest

from eventwire import resources
from eventwire.actors import actor_for_text, country_of_word, descriptors, known_actor, lexicon, title_of

SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "SPY", "BUS", "JRN", "EDU", "MED",
           "NGO", "IGO", "CVL", "HLH", "ELI", "LAB", "REF", "CRM", "AGR"}


@pytest.mark.parametrize("word, iso3", [
    ("nordkoreanske", "PRK"), ("nordkoreansk", "PRK"), ("Sør-Koreas", "KOR"), ("sørkoreanske", "KOR"),
    ("Nord-Korea", "PRK"), ("USAs", "USA"), ("amerikanerne", "USA"), ("nordmenn", "NOR"),
    ("svensker", "SWE"), ("franskmennene", "FRA"), ("Storbritannia", "GBR"), ("Hellas", "GRC"),
    ("American", "USA"), ("North Korea", "PRK"), ("Kina", "CHN"), ("Myanmar", "MMR"),
])
def test_country_of_word(word, iso3):
    assert country_of_word(word) == iso3


@pytest.mark.parametrize("word", ["Man", "huset", "presidenten", "Trump", ""])
def test_country_of_word_rejects_non_countries(word):
    assert country_of_word(word) is None


@pytest.mark.parametrize("text, code", [
    ("Regjeringen i Sør-Korea", ("KOR", "GOV")),
    ("sørkoreanske myndigheter", ("KOR", "GOV")),
    ("Sør-Koreas regjering", ("KOR", "GOV")),
    ("USAs utenriksdepartement", ("USA", "GOV")),
    ("den svenske Nord-Korea-analytikeren", ("SWE", "EDU")),
    ("nyhetsbyrået TT", ("SWE", "JRN")),
    ("NTB", ("NOR", "JRN")),
    ("politiet", (None, "COP")),
    ("den russiske generalen", ("RUS", "MIL")),
    ("FN", (None, "IGO")),
    ("Ap-regjeringen", ("NOR", "GOV")),
])
def test_actor_for_text(text, code):
    assert actor_for_text(text, "2019-02") == code


def test_actor_for_text_unknown():
    assert actor_for_text("en helt vanlig setning", "2019-02") is None


def test_dated_roles_follow_the_publication_date():
    assert actor_for_text("Trump", "2019-02") == ("USA", "GOV")
    assert actor_for_text("Trump", "2023-06-01") == ("USA", "BUS")
    assert actor_for_text("Stoltenberg", "2019") == (None, "IGO")
    assert actor_for_text("Stoltenberg", "2012-05-01") == ("NOR", "GOV")
    assert actor_for_text("Erna Solberg", "2024-03") == ("NOR", "OPP")


def test_weak_alias_needs_the_country_in_context():
    assert known_actor("Kim") is None
    assert known_actor("Kim", {"PRK"}).name == "Kim Jong-un"
    assert known_actor("Kim", {"SWE"}) is None


def test_word_like_party_names_need_the_model():
    assert known_actor("Høyre") is None
    assert known_actor("Høyre", tagged=True).sector == "PTY"


def test_title_compounds_take_the_longest_title():
    title, form, exact, prefix = title_of("Nord-Korea-analytikeren")
    assert (title.word, title.sector, form, exact, prefix) == ("analytiker", "EDU", "def", False, "Nord-Korea")
    assert title_of("utenriksministeren")[0].role == "foreign_minister"
    assert title_of("bordet") is None


def test_descriptors_span_determiner_adjective_and_country():
    text = "Men den tidligere amerikanske presidenten møtte politiet i Norge."
    found = descriptors(text)
    assert [(text[d.start:d.end], d.country, d.sector) for d in found] == [
        ("den tidligere amerikanske presidenten", "USA", "GOV"),
        ("politiet i Norge", "NOR", "COP"),
    ]


def test_data_files_are_consistent():
    isos = {row["iso3"] for row in resources.load("countries.tsv")}
    former = set()
    for lang in ("nb", "en"):
        curated = resources.load(f"{lang}/countries.yaml")["countries"]
        former |= {iso3 for iso3, entry in curated.items() if entry.get("former")}
        unknown = {iso3 for iso3, entry in curated.items() if not entry.get("former")} - isos
        assert not unknown, f"{lang}/countries.yaml has codes not in countries.tsv: {unknown}"
    assert former == {"SUN", "CSK", "YUG", "DDR"}  # ISO 3166-3 codes of states that no longer exist
    isos |= former
    data = resources.load("actors.yaml")
    for entry in data["people"] + data["organizations"]:
        assert entry.get("country") in isos | {None}, entry["name"]
        assert entry.get("sector") in SECTORS | {None}, entry["name"]
        for role in entry.get("roles") or []:
            assert role["sector"] in SECTORS and role.get("country") in isos | {None}, entry["name"]
    for word, entry in resources.load("nb/roles.yaml")["titles"].items():
        assert entry["kind"] in ("PER", "ORG", "LOC") and entry.get("sector") in SECTORS | {None}, word


def test_lexicon_is_built_once():
    assert lexicon() is lexicon()


def test_group_nouns_and_their_plurals():
    lex = lexicon()
    for word, entry in (resources.load("nb/roles.yaml").get("groups") or {}).items():
        assert (entry or {}).get("sector") in SECTORS | {None}, word
    [forces] = descriptors("russiske soldater")
    assert (forces.group, forces.country, forces.sector) == (True, "RUS", "MIL")
    [leaders] = descriptors("lederne")
    assert leaders.plural and not leaders.group  # a plural title is no group and no person
    [west] = descriptors("vestlige land")
    assert west.group and west.country is None
    assert not descriptors("landet")  # "land" is a group only in the plural, after an adjective
    assert "vestlige" in lex.group_adjectives


@pytest.mark.parametrize("text, name, code", [
    ("Bergen tingrett", "Bergen tingrett", ("NOR", "JUD")),
    ("Borgarting lagmannsretts", "Borgarting lagmannsrett", ("NOR", "JUD")),
    ("Nord-Aurdal kommune", "Nord-Aurdal kommune", ("NOR", "GOV")),
    ("Vest politidistrikt", "Vest politidistrikt", ("NOR", "COP")),
])
def test_norwegian_bodies_by_name_pattern(text, name, code):
    actor = known_actor(text)
    assert (actor.name, actor.kind, actor.code_at(None)) == (name, "ORG", code)
    assert known_actor(text) is actor  # one actor per name, so mentions cluster


@pytest.mark.parametrize("text", ["I Bergen tingrett", "bergen tingrett", "tingrett", "Bergen"])
def test_name_patterns_need_capitalised_words_before_them(text):
    assert known_actor(text) is None


def test_weak_alias_falls_back_to_the_home_country():
    home = frozenset({"NOR"})
    assert known_actor("Demokratene", set(), home=home).country == "NOR"
    assert known_actor("Demokratene", {"USA"}, home=home).country == "USA"
    assert known_actor("Demokratene") is None  # no context at all: ambiguous


def test_norwegian_institutions_are_known():
    assert actor_for_text("Domstoladministrasjonen") == ("NOR", "JUD")
    assert actor_for_text("Fagforbundet") == ("NOR", "LAB")
    assert actor_for_text("Klassekampen") == ("NOR", "JRN")


# --- political leaders 1990–2025 (docs/actors.md: the selection) ----------------------------
def _people(sentence: str, names: dict[str, int], published: str) -> dict[str, tuple]:
    """(country, sector) of the people in a hand-tagged sentence: ``names`` maps a name's
    first word to its length in words; every word hangs on the first."""
    import spacy
    from spacy.tokens import Doc

    from eventwire.entities import extract_entities

    words = sentence.split()
    tags = ["O"] * len(words)
    for i, word in enumerate(words):
        if word in names:
            tags[i:i + names[word]] = ["B-PER"] + ["I-PER"] * (names[word] - 1)
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    doc = Doc(spacy.blank("nb").vocab, words=words, spaces=spaces, heads=[0] * len(words),
              deps=["ROOT"] + ["dep"] * (len(words) - 1), ents=tags)
    found = extract_entities(doc.text, doc, published, "nb")
    return {e.name: (e.country, e.sector) for e in found if e.type == "PER"}


def test_leaders_get_the_role_held_at_the_publication_date():
    sentence = "Kjell Magne Bondevik møtte Tony Blair og Hamid Karzai i London ."
    names = {"Kjell": 3, "Tony": 2, "Hamid": 2}
    assert _people(sentence, names, "2003-05-10") == {
        "Kjell Magne Bondevik": ("NOR", "GOV"), "Tony Blair": ("GBR", "GOV"), "Hamid Karzai": ("AFG", "GOV")}
    # 2016: Bondevik and Karzai out of office, Blair's envoy post (an IGO) ended in 2015
    assert _people(sentence, names, "2016-03-01") == {
        "Kjell Magne Bondevik": ("NOR", None), "Tony Blair": ("GBR", None), "Hamid Karzai": ("AFG", None)}
    assert _people(sentence, names, "2010-03-01")["Tony Blair"] == (None, "IGO")


def test_a_bare_prime_minister_in_an_older_norwegian_article():
    found = _people("Statsministeren lovet mer penger til forsvaret .", {}, "2003-05-10")
    assert found == {"Kjell Magne Bondevik": ("NOR", "GOV")}
    assert _people("Statsministeren lovet mer penger til forsvaret .", {}, "1994-05-10") == {
        "Gro Harlem Brundtland": ("NOR", "GOV")}


def test_leaders_by_alias_and_date():
    assert actor_for_text("Jeltsin", "1995-06") == ("RUS", "GOV")
    assert actor_for_text("Gorbatsjov", "1995-06") == ("RUS", None)
    assert actor_for_text("Dmitrij Medvedev", "2010-01-01") == ("RUS", "GOV")
    assert actor_for_text("Kofi Annan", "2004-01-01") == (None, "IGO")
    assert actor_for_text("Kofi Annan", "2010-01-01") == ("GHA", None)
    assert actor_for_text("Mulla Omar", "2005-01-01") == ("AFG", "REB")  # the Taliban out of power


def test_shared_surnames_and_word_like_surnames_stay_unmatched():
    assert known_actor("Bush") is None and known_actor("Bush", {"USA"}) is None
    assert known_actor("George W. Bush").name == "George W. Bush"
    assert known_actor("Herzog", {"DEU"}).name == "Roman Herzog"
    assert known_actor("Herzog", {"ISR"}) is None  # two Israeli presidents
    assert known_actor("Major") is None  # also a word: only where the model tags it
    assert known_actor("Major", tagged=True).name == "John Major"
    assert known_actor("Kan") is None and known_actor("Kan", tagged=True).name == "Naoto Kan"
