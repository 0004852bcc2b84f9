"""The entities stage on hand-built Docs (real tokens, parse and names set by hand), and on the
shared example through the real model."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.entities import extract_entities
from eventwire.records import Article

PUNCT = {".", ",", "!", "?"}


def make_doc(rows):
    """rows: (word, head index or None for root, dep, entity IOB tag or "O")."""
    nlp = spacy.blank("nb")
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in PUNCT for i in range(len(words))]
    heads = [i if r[1] is None else r[1] for i, r in enumerate(rows)]
    deps = ["ROOT" if r[1] is None else r[2] for r in rows]
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, ents=[r[3] for r in rows])


def entities(rows, published="2019-02-28"):
    doc = make_doc(rows)
    return doc.text, extract_entities(doc.text, doc, published, "nb")


def by_name(found, name):
    [e] = [e for e in found if e.name == name]
    return e


def texts(entity):
    return [m.text for m in entity.mentions]


# Donald Trump møtte Kim i Hanoi. Presidenten sa at han var fornøyd.
MEETING = [
    ("Donald", 1, "flat", "B-PER"), ("Trump", 2, "nsubj", "I-PER"), ("møtte", None, "", "O"),
    ("Kim", 2, "obj", "B-PER"), ("i", 5, "case", "O"), ("Hanoi", 2, "obl", "B-GPE_LOC"), (".", 2, "punct", "O"),
    ("Presidenten", 8, "nsubj", "O"), ("sa", None, "", "O"), ("at", 12, "mark", "O"),
    ("han", 12, "nsubj", "O"), ("var", 12, "cop", "O"), ("fornøyd", 8, "ccomp", "O"), (".", 8, "punct", "O"),
]


def test_names_titles_and_pronouns_cluster_into_one_entity():
    _, found = entities(MEETING)
    trump = by_name(found, "Donald Trump")
    assert texts(trump) == ["Donald Trump", "Presidenten", "han"]
    assert (trump.type, trump.country, trump.sector, trump.code) == ("PER", "USA", "GOV", "USAGOV")
    assert [e.id for e in found] == [f"e{n}" for n in range(1, len(found) + 1)]
    assert found[0] is trump


def test_weak_alias_resolves_with_country_context_only():
    _, found = entities(MEETING)
    assert by_name(found, "Kim").country is None  # no North Korea in the text: "Kim" stays Kim
    rows = MEETING[:-1] + [("og", 15, "cc", "O"), ("Nord-Korea", 12, "conj", "B-GPE_LOC"), (".", 8, "punct", "O")]
    _, found = entities(rows)
    kim = by_name(found, "Kim Jong-un")
    assert (kim.country, kim.sector) == ("PRK", "GOV")


def test_place_gets_geo_and_country():
    _, found = entities(MEETING)
    hanoi = by_name(found, "Hanoi")
    assert (hanoi.type, hanoi.gpe_sense, hanoi.country, hanoi.geo.feature) == ("GPE", "LOC", "VNM", "city")


def test_pronoun_prefers_the_subject_of_the_embedding_clause():
    # Ola Hansen ringte Kari Berg. Kari Berg sa at hun var lei seg.  → hun = Kari Berg
    rows = [
        ("Ola", 1, "flat", "B-PER"), ("Hansen", 2, "nsubj", "I-PER"), ("ringte", None, "", "O"),
        ("Kari", 4, "flat", "B-PER"), ("Berg", 2, "obj", "I-PER"), (".", 2, "punct", "O"),
        ("Per", 7, "flat", "B-PER"), ("Olsen", 8, "nsubj", "I-PER"), ("sa", None, "", "O"), ("at", 11, "mark", "O"),
        ("han", 11, "nsubj", "O"), ("ringte", 8, "ccomp", "O"), ("Kari", 13, "flat", "B-PER"),
        ("Berg", 11, "obj", "I-PER"), (".", 8, "punct", "O"),
    ]
    _, found = entities(rows)
    assert texts(by_name(found, "Per Olsen")) == ["Per Olsen", "han"]
    assert texts(by_name(found, "Kari Berg")) == ["Kari Berg", "Kari Berg"]


def test_pronoun_gender_must_fit():
    # Erna Solberg møtte Donald Trump. Hun sa ... → hun is Solberg (female), not Trump
    rows = [
        ("Donald", 1, "flat", "B-PER"), ("Trump", 2, "nsubj", "I-PER"), ("møtte", None, "", "O"),
        ("Erna", 4, "flat", "B-PER"), ("Solberg", 2, "obj", "I-PER"), (".", 2, "punct", "O"),
        ("Hun", 7, "nsubj", "O"), ("smilte", None, "", "O"), (".", 7, "punct", "O"),
    ]
    _, found = entities(rows)
    solberg = by_name(found, "Erna Solberg")
    assert texts(solberg) == ["Erna Solberg", "Hun"]
    assert (solberg.country, solberg.sector) == ("NOR", "GOV")


def test_pronoun_without_antecedent_is_left_unresolved():
    rows = [("Han", 1, "nsubj", "O"), ("kom", None, "", "O"), ("sent", 1, "advmod", "O"), (".", 1, "punct", "O")]
    text, found = entities(rows)
    assert found == []


def test_role_title_with_country_finds_its_antecedent():
    # Kim Jong-un ... Trump ... Den nordkoreanske lederen sa ...
    rows = [
        ("Kim", 1, "flat", "B-PER"), ("Jong-un", 2, "nsubj", "I-PER"), ("møtte", None, "", "O"),
        ("Trump", 2, "obj", "B-PER"), (".", 2, "punct", "O"),
        ("Den", 7, "det", "O"), ("nordkoreanske", 7, "amod", "O"), ("lederen", 8, "nsubj", "O"),
        ("smilte", None, "", "O"), (".", 8, "punct", "O"),
    ]
    _, found = entities(rows)
    assert texts(by_name(found, "Kim Jong-un")) == ["Kim Jong-un", "Den nordkoreanske lederen"]
    assert texts(by_name(found, "Donald Trump")) == ["Trump"]


def test_appositive_title_gives_country_and_sector():
    # den svenske analytikeren Nils Lund sa til nyhetsbyrået TT
    rows = [
        ("Det", 1, "nsubj", "O"), ("sier", None, "", "O"), ("den", 4, "det", "O"), ("svenske", 4, "amod", "O"),
        ("Kina-analytikeren", 5, "nmod", "B-DRV"), ("Nils", 6, "flat", "B-PER"), ("Lund", 1, "nsubj", "I-PER"),
        ("til", 9, "case", "O"), ("nyhetsbyrået", 9, "nmod", "O"), ("TT", 1, "obl", "O"), (".", 1, "punct", "O"),
    ]
    _, found = entities(rows)
    lund = by_name(found, "Nils Lund")
    assert texts(lund) == ["den svenske Kina-analytikeren", "Nils Lund"]
    assert (lund.country, lund.sector) == ("SWE", "EDU")
    tt = by_name(found, "TT")  # the model missed it; the actor list finds it
    assert (tt.type, tt.country, tt.sector) == ("ORG", "SWE", "JRN")
    assert texts(tt) == ["nyhetsbyrået", "TT"]


def test_descriptive_government_mentions_form_one_entity():
    # Regjeringen i Sør-Korea kritiserte Nord-Korea. Sørkoreanske myndigheter ... (no names tagged)
    rows = [
        ("Regjeringen", 3, "nsubj", "O"), ("i", 2, "case", "O"), ("Sør-Korea", 0, "nmod", "O"),
        ("kritiserte", None, "", "O"), ("Nord-Korea", 3, "obj", "O"), (".", 3, "punct", "O"),
        ("Også", 9, "advmod", "O"), ("sørkoreanske", 8, "amod", "O"), ("myndigheter", 9, "nsubj", "O"),
        ("protesterte", None, "", "O"), (".", 9, "punct", "O"),
    ]
    _, found = entities(rows)
    gov = by_name(found, "Sør-Koreas regjering")
    assert texts(gov) == ["Regjeringen i Sør-Korea", "sørkoreanske myndigheter"]
    assert (gov.type, gov.code) == ("ORG", "KORGOV")
    assert by_name(found, "Sør-Korea").type == "GPE" and by_name(found, "Nord-Korea").country == "PRK"


def test_entity_at_finds_resolved_pronouns():
    text, found = entities(MEETING)
    article = Article(id="x", text=text, entities=found)
    start = text.index(" han ") + 1
    assert article.entity_at(start, start + 3).name == "Donald Trump"
    assert article.check_spans() == []


@pytest.fixture(scope="module")
def hanoi_entities(shared, nlp):
    """The example through the stages up to this one (later stages do not change entities)."""
    from eventwire.pipeline import Pipeline, PipelineConfig
    from eventwire.reader import read

    [article] = list(read([shared / "examples" / "hanoi-2019-02.txt"]))
    return Pipeline(PipelineConfig(stages=("language", "nlp", "entities")))(article)


def test_hanoi_example(hanoi_entities, shared):
    import json

    hanoi = hanoi_entities
    expected = json.loads((shared / "examples" / "hanoi-2019-02.expected.json").read_text())["entities"]
    fold = str.casefold
    for item in (x for x in expected if x.get("required", True)):
        names = {fold(item["name"]), *map(fold, item.get("aliases", []))}
        hits = [e for e in hanoi.entities if e.type == item["type"] and fold(e.name) in names]
        assert hits, item["name"]
        assert hits[0].country == item["country"], item["name"]
    trump = next(e for e in hanoi.entities if e.name == "Donald Trump")
    mentions = {fold(m.text) for m in trump.mentions}
    assert {"presidenten", "den amerikanske presidenten", "han"} <= mentions
    kim = next(e for e in hanoi.entities if e.name == "Kim Jong-un")
    assert "den nordkoreanske lederen" in {fold(m.text) for m in kim.mentions}


def test_police_of_a_city_takes_the_city_country():
    # Politiet i Oslo pågrep ham. Russiske myndigheter protesterte.
    rows = [
        ("Politiet", 3, "nsubj", "O"), ("i", 2, "case", "O"), ("Oslo", 0, "nmod", "B-GPE_LOC"),
        ("pågrep", None, "", "O"), ("ham", 3, "obj", "O"), (".", 3, "punct", "O"),
        ("Russiske", 7, "amod", "O"), ("myndigheter", 8, "nsubj", "O"), ("protesterte", None, "", "O"),
        (".", 8, "punct", "O"),
    ]
    _, found = entities(rows)
    police = next(e for e in found if e.sector == "COP")
    assert (texts(police), police.code, police.type) == (["Politiet i Oslo"], "NORCOP", "ORG")
    assert by_name(found, "Russlands regjering").code == "RUSGOV"
    assert by_name(found, "Oslo").country == "NOR"


def flat(sentence: str, tags: dict[str, str] | None = None):
    """Rows for a sentence whose words all hang on the first one; ``tags`` maps a word (its
    first occurrence) to an IOB tag ("B-PER")."""
    tags = dict(tags or {})
    rows = []
    for i, word in enumerate(sentence.split()):
        rows.append((word, None if i == 0 else 0, "dep", tags.pop(word, "O")))
    assert not tags, f"words not in the sentence: {tags}"
    return rows


def test_region_beats_a_same_named_town_and_home_places_win():
    # "Norden" is also a town in Germany; "Bergen" also one in the Netherlands
    _, found = entities(flat("Ministrene fra Norden møttes i Bergen tirsdag .",
                             {"Norden": "B-GPE_LOC", "Bergen": "B-GPE_LOC"}))
    norden, bergen = by_name(found, "Norden"), by_name(found, "Bergen")
    assert (norden.type, norden.country, norden.geo.feature) == ("LOC", None, "region")
    assert (bergen.country, bergen.geo.country) == ("NOR", "NOR")
    assert not any(e.type == "PER" for e in found)  # "Ministrene" is no one person


def test_plural_role_nouns_never_join_a_person():
    # Ulf Kristersson møtte statsministeren . Regjeringssjefene ble enige .
    rows = [("Ulf", 1, "flat", "B-PER"), ("Kristersson", 2, "nsubj", "I-PER"), ("møtte", None, "", "O"),
            ("Mette", 4, "flat", "B-PER"), ("Frederiksen", 2, "obj", "I-PER"), (".", 2, "punct", "O"),
            ("Regjeringssjefene", 7, "nsubj", "O"), ("ble", None, "", "O"), ("enige", 7, "xcomp", "O"),
            (".", 7, "punct", "O")]
    _, found = entities(rows, published="2023-05-02")
    assert texts(by_name(found, "Ulf Kristersson")) == ["Ulf Kristersson"]
    assert not any("Regjeringssjefene" in texts(e) for e in found)


def test_group_actors_take_country_and_sector_from_adjective_and_noun():
    sentence = ("Russiske styrker rykket fram , og russiske soldater skjøt mot byen . "
                "Russlands forsvarsdepartement nekter . Zelenskyj ba vestlige land om hjelp .")
    _, found = entities(flat(sentence, {"Zelenskyj": "B-PER"}))
    forces = next(e for e in found if "Russiske styrker" in texts(e))
    assert texts(forces) == ["Russiske styrker", "russiske soldater"]
    assert (forces.type, forces.code) == ("ORG", "RUSMIL")
    ministry = next(e for e in found if "Russlands forsvarsdepartement" in texts(e))
    assert ministry is not forces  # a group is not the body that commands it
    west = next(e for e in found if texts(e) == ["vestlige land"])
    assert (west.type, west.country, west.sector) == ("ORG", None, None)


def test_unqualified_groups_and_bodies_take_the_one_country_the_article_is_in():
    _, found = entities(flat("Demonstrantene samlet seg i Tromsø . Politiet fulgte med .",
                             {"Tromsø": "B-GPE_LOC"}))
    crowd = next(e for e in found if texts(e) == ["Demonstrantene"])
    police = next(e for e in found if texts(e) == ["Politiet"])
    assert (crowd.type, crowd.code) == ("ORG", "NORCVL")
    assert police.code == "NORCOP"


def test_bodies_stay_open_when_the_article_spans_countries():
    _, found = entities(flat("Kongen besøkte Sverige og Danmark . Regjeringen sier lite .",
                             {"Sverige": "B-GPE_LOC", "Danmark": "B-GPE_LOC"}))
    assert next(e for e in found if texts(e) == ["Regjeringen"]).country is None


def test_norwegian_courts_by_pattern_replace_the_models_place():
    # the model tagged only "Bergen"; "X tingrett" is a Norwegian court
    _, found = entities(flat("Saken går fra Bergen tingrett til Frostating lagmannsrett .",
                             {"Bergen": "B-GPE_LOC"}))
    court = by_name(found, "Bergen tingrett")
    assert (court.type, court.code) == ("ORG", "NORJUD")
    assert by_name(found, "Frostating lagmannsrett").code == "NORJUD"
    assert not any(e.name == "Bergen" for e in found)


def test_known_longer_name_replaces_the_models_shorter_one():
    _, found = entities(flat("Rentemøtet i Norges Bank endte uten endring .", {"Norges": "B-GPE_ORG"}))
    assert by_name(found, "Norges Bank").code == "NORGOV"
    assert not any(e.name == "Norge" for e in found)


def test_leader_of_a_known_organisation_takes_its_country_and_sector():
    _, found = entities(flat("– Nei , sa leder i Fagforbundet Siri Nesheim .",
                             {"Fagforbundet": "B-ORG", "Siri": "B-PER", "Nesheim": "I-PER"}))
    person = by_name(found, "Siri Nesheim")
    assert (person.country, person.sector) == ("NOR", "LAB")
    assert by_name(found, "Fagforbundet").code == "NORLAB"


def test_lowercase_common_words_tagged_by_the_model_are_dropped():
    _, found = entities(flat("Rakettene traff militære mål ved Telegram-kontoret .", {"militære": "B-ORG"}))
    assert not any(e.name == "militære" for e in found)


def test_platform_name_is_an_organisation_not_a_place():
    _, found = entities(flat("Presidenten skrev på Telegram at angrepet var brutalt .", {"Telegram": "B-GPE_LOC"}))
    telegram = by_name(found, "Telegram")
    assert (telegram.type, telegram.sector, telegram.geo) == ("ORG", "BUS", None)


def test_unnamed_person_without_country_or_antecedent_is_left_out():
    _, found = entities(flat("Meddommeren sa at dommen var streng .", {}))
    assert found == []


def test_role_at_a_known_institution_gives_a_person_its_country_and_sector():
    _, found = entities(flat("Det sier Økokrims direktør , Kari Holm .",
                             {"Økokrims": "O", "Kari": "B-PER", "Holm": "I-PER"}))
    person = by_name(found, "Kari Holm")
    assert (person.country, person.sector) == ("NOR", "COP")


def test_model_span_running_a_known_name_into_a_person_is_split():
    _, found = entities(flat("Det skriver Aftenposten Ola Nordmann i dag .",
                             {"Aftenposten": "B-ORG", "Ola": "I-ORG", "Nordmann": "I-ORG"}))
    assert by_name(found, "Aftenposten").code == "NORJRN"
    assert by_name(found, "Ola Nordmann").type == "PER"


def test_model_span_loses_edge_words_that_are_no_name():
    _, found = entities(flat("I 2007. Kari Holm hadde sagt nei .",
                             {"2007.": "B-PER", "Kari": "I-PER", "Holm": "I-PER", "hadde": "I-PER"}))
    assert [e.name for e in found if e.type == "PER"] == ["Kari Holm"]
    _, found = entities(flat("Saken gjelder Statens pensjonskasse .", {"Statens": "B-ORG", "pensjonskasse": "I-ORG"}))
    assert [e.name for e in found] == ["Statens pensjonskasse"]  # a lowercase noun may end a name


def test_a_full_name_joins_the_clusters_of_its_parts():
    # flat() tags first occurrences only: the full name is tagged by hand
    rows = flat("Kari kom tidlig . Holm var sliten . Kari Holm gikk hjem .", {"Kari": "B-PER", "Holm": "B-PER"})
    rows[8], rows[9] = ("Kari", 0, "dep", "B-PER"), ("Holm", 0, "dep", "I-PER")
    _, found = entities(rows)
    people = [e for e in found if e.type == "PER"]
    assert [(e.name, texts(e)) for e in people] == [("Kari Holm", ["Kari", "Holm", "Kari Holm"])]


def test_one_word_person_that_is_a_large_city_is_the_city():
    _, found = entities(flat("Hun flyttet fra Seattle til Kari Holm i fjor .",
                             {"Seattle": "B-PER", "Kari": "B-PER", "Holm": "I-PER"}))
    seattle = by_name(found, "Seattle")
    assert (seattle.type, seattle.country) == ("GPE", "USA")
    rows = flat("Michael Jackson sang . Jackson smilte .", {"Michael": "B-PER", "Jackson": "I-PER"})
    rows[4] = ("Jackson", 0, "dep", "B-PER")
    _, found = entities(rows)
    assert [e.type for e in found] == ["PER"]  # the singer, not the city in Mississippi


def test_a_surname_that_is_a_village_does_not_split_a_name():
    _, found = entities(flat("Det sa Per Olav Moen til NTB .", {"Per": "B-PER", "Olav": "I-PER", "Moen": "I-PER"}))
    assert by_name(found, "Per Olav Moen").type == "PER"
    assert not any(e.name == "Moen" for e in found)


def test_bare_prime_minister_in_norwegian_text_is_the_norwegian_one_at_that_date():
    _, found = entities(flat("Statsministeren lovet mer penger til forsvaret .", {}), published="2023-03-01")
    assert [(e.name, e.code) for e in found if e.type == "PER"] == [("Jonas Gahr Støre", "NORGOV")]
    _, found = entities(flat("Statsministeren lovet mer penger til forsvaret .", {}), published="2016-03-01")
    assert [e.name for e in found if e.type == "PER"] == ["Erna Solberg"]
    _, found = entities(flat("Presidenten lovet mer penger til forsvaret .", {}), published="2023-03-01")
    assert not any(e.type == "PER" for e in found)  # Norway has no president


def test_names_never_keep_a_line_break_or_a_leading_title(extract):
    a = extract("Ministrene møttes i Oslo\n\nForbundsleder Kari Lunde sier at Fagforbundet vil streike. "
                "Lunde møter KS fredag.")
    names = {e.name for e in a.entities}
    assert "Oslo" in names and "Kari Lunde" in names
    assert all(e.name == e.name.strip() and "\n" not in e.name for e in a.entities)
    lunde = next(e for e in a.entities if e.name == "Kari Lunde")
    assert "Forbundsleder" in [m.text for m in lunde.mentions]


def test_home_town_after_locative_preposition_is_a_place():
    from eventwire.coref import Mention
    from eventwire.entities import _retype_cities

    text = "Hun var leder for Senterpartiet i Kristiansund, sa Kristiansund-mannen Molde ."
    start = text.index("Kristiansund")
    after_i = Mention(start, start + len("Kristiansund"), "Kristiansund", "name", label="ORG")
    other = text.index("Molde")
    no_prep = Mention(other, other + len("Molde"), "Molde", "name", label="ORG")
    _retype_cities([after_i, no_prep], text, frozenset({"NOR"}), "nb")
    assert after_i.label == "GPE_LOC"
    assert no_prep.label == "ORG"  # a mid-size town without a locative stays as the model said


@pytest.mark.parametrize("text, name, country", [
    ("Den albanske ambassadøren Aleksander Sallabanda kom til møtet i Brussel.", "Aleksander Sallabanda", "ALB"),
    ("Tysklands utenriksminister Heiko Maas kritiserte Russland.", "Heiko Maas", "DEU"),
])
def test_people_take_the_country_of_their_noun_phrase(extract, text, name, country):
    a = extract(text)
    assert next(e for e in a.entities if e.name == name).country == country


def test_people_without_a_country_take_the_focus_country_only_when_there_is_one(extract):
    home = extract("Kari Nordmann møtte Jens Stoltenberg i Oslo. Etterpå reiste Stoltenberg og Nordmann til Bergen.")
    assert next(e for e in home.entities if e.name == "Kari Nordmann").country == "NOR"
    mixed = extract("Mario Rossi møtte folk fra Sverige, Danmark og Tyskland i Brussel. Rossi var fornøyd.")
    assert next(e for e in mixed.entities if e.name == "Mario Rossi").country is None


def test_model_span_running_a_name_into_a_person_tagged_alone_elsewhere_is_split():
    from eventwire.entities import _split_name

    text = "sier kritiker i Ostavisen Jon Helt Haarder"
    start = text.index("Ostavisen")
    spans = _split_name(text, start, len(text), "ORG", frozenset({"NOR"}), {"Jon Helt Haarder"})
    assert [(text[s:e], label) for s, e, label in spans] == [("Ostavisen", "ORG"), ("Jon Helt Haarder", "PER")]
    assert _split_name(text, start, len(text), "ORG", frozenset({"NOR"})) == [(start, len(text), "ORG")]


def test_a_body_takes_the_country_its_own_name_gives_it(extract):
    a = extract("Norges Idrettsforbund kritiserte Tyskland og Frankrike i Berlin. Tyskland svarte ikke.")
    assert next(e for e in a.entities if e.name == "Norges Idrettsforbund").country == "NOR"


@pytest.mark.parametrize("text, countries", [
    # a body named once takes the home focus country, a person named once does not
    ("Jens Stoltenberg møtte Kari Nordmann i Oslo. Stoltenberg sa at Hafslund og Karl Marx var tema i "
     "Bergen og Trondheim.", {"Hafslund": "NOR", "Karl Marx": None}),
    # a person with a Nordic name belongs home in a story about somewhere else ...
    ("Kari Nordmann kom til Kabul i Afghanistan fredag. Afghanistan har hatt krig i mange år, og Kabul er "
     "preget av det. Nordmann besøkte en skole i Kabul.", {"Kari Nordmann": "NOR"}),
    # ... and to the focus country when that is another Nordic one
    ("Lars Hansen talte i København. Danmark skal ha valg, og danske velgere i Aarhus og København er delt. "
     "Hansen er optimist.", {"Lars Hansen": "DNK"}),
    # a foreign person named twice takes a foreign focus country, one named once does not
    ("Mario Rossi talte i Washington. USA og amerikanske velgere i Texas og Ohio er delt foran valget. "
     "Rossi mener det blir jevnt. Også Maria Bianchi var der.", {"Mario Rossi": "USA", "Maria Bianchi": None}),

    # a country or a known person before the hyphen of a body's compound name
    ("Obama-administrasjonen la fram en ny plan for Midtøsten mandag. Planen ble kritisert.",
     {"Obama-administrasjonen": "USA"}),
    # states that no longer exist keep their own codes
    ("Sovjetunionen invaderte Tsjekkoslovakia i 1968. Sovjetunionens ledere forsvarte invasjonen.",
     {"Sovjetunionen": "SUN", "Tsjekkoslovakia": "CSK"}),
])
def test_people_and_bodies_without_a_country_take_one_from_the_article(extract, text, countries):
    found = {e.name: e.country for e in extract(text).entities}
    assert {name: found.get(name) for name in countries} == countries


def test_a_country_the_article_suggests_is_marked_inferred(extract):
    a = extract("Kari Nordmann kom til Kabul i Afghanistan fredag. Afghanistan har hatt krig i mange år, og "
                "Kabul er preget av det. Nordmann besøkte Tysklands utenriksminister Heiko Maas i Kabul.")
    inferred = {e.name: e.country_inferred for e in a.entities if e.country}
    assert inferred["Kari Nordmann"] is True
    assert inferred["Heiko Maas"] is False


def test_a_bare_surname_the_model_missed_joins_its_person_unless_shared():
    from eventwire.entities import _surnames
    from eventwire.records import Entity, Span

    text = "Jon Helt Haarder skriver i avisen. Etterpå svarte Haarder kritikerne. Kari Haarder lo."
    jon = Entity(id="e1", name="Jon Helt Haarder", type="PER", mentions=[Span.of(text, 0, 16)])
    _surnames([jon], text)
    assert [m.text for m in jon.mentions] == ["Jon Helt Haarder", "Haarder", "Haarder"]
    jon = Entity(id="e1", name="Jon Helt Haarder", type="PER", mentions=[Span.of(text, 0, 16)])
    k = text.index("Kari Haarder")
    kari = Entity(id="e2", name="Kari Haarder", type="PER", mentions=[Span.of(text, k, k + len("Kari Haarder"))])
    _surnames([jon, kari], text)
    assert len(jon.mentions) == 1 and len(kari.mentions) == 1  # two people share it: nobody gets it
