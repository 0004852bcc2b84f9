"""The quotes stage: data files, the pure-text patterns, and the real pipeline on sentences
written for these tests (Norwegian news style, invented events)."""
from __future__ import annotations

import json

import pytest

from eventwire.quotes import find_quotes, lexicon
from eventwire.resources import load

STAGES = ("language", "nlp", "entities", "quotes")


def texts(text: str, found) -> list[tuple[str, str, str | None]]:
    """(kind, quote text, speaker words) of each quote found in ``text``."""
    return [(f.kind, text[f.start:f.end], text[f.speaker[0]:f.speaker[1]] if f.speaker else None)
            for f in sorted(found, key=lambda f: f.start)]


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_speech_lexicon_is_well_formed(lang):
    data = load(f"{lang}/speech.yaml")
    assert data["version"] == 1
    for v in data["verbs"]:
        assert set(v) <= {"lemma", "kind", "forms", "particle"}, v
        assert v["kind"] in ("speech", "cognition", "manner"), v
        assert v["forms"] and all(f == f.lower() for f in v["forms"]), v
    for key in ("according", "complementizers", "addressee", "speaker_stops", "pronouns"):
        assert data[key], f"{lang}/speech.yaml lacks {key}"
    for tag in data.get("impersonal_tags", []):
        assert set(tag) == {"lemma", "forms"} and all(f == f.lower() for f in tag["forms"]), tag
    for key, value in data.items():
        if isinstance(value, list) and key not in ("verbs", "impersonal_tags"):
            assert all(isinstance(w, str) for w in value), f"{lang}/speech.yaml {key}: quote YAML words like 'on'"
    marks = load("quote_marks.yaml")[lang]
    assert all(len(p) == 2 for p in marks["pairs"])
    assert lexicon(lang).verb(data["verbs"][0]["forms"][0]).lemma == data["verbs"][0]["lemma"]


def test_a_new_speech_verb_is_one_data_line():
    lex = lexicon("nb")
    assert lex.verb("understreket").lemma == "understreke"
    assert lex.verb("Sa").lemma == "si"
    assert lex.verb("huset") is None


# --------------------------------------------------------------------------- pure text (no model)


def test_dash_quote_with_tag_after_and_addressee():
    text = "– Vi kommer ikke til å gi oss, sier fylkesleder Kari Holm til NTB."
    [(kind, quote, speaker)] = texts(text, find_quotes(text, "nb"))
    assert (kind, quote, speaker) == ("direct", "Vi kommer ikke til å gi oss", "fylkesleder Kari Holm")
    [f] = find_quotes(text, "nb")
    assert text[f.addressee[0]:f.addressee[1]] == "NTB" and f.cue == "si"


def test_hyphen_dash_tag_inside_and_continuation():
    text = "- Dette er en trist dag, sa hun. - Vi må likevel se framover."
    found = texts(text, find_quotes(text, "nb"))
    assert found == [("direct", "Dette er en trist dag", "hun"), ("direct", "Vi må likevel se framover.", "hun")]


def test_quote_runs_over_paragraphs_until_the_tag():
    text = ("Ordføreren var tydelig på møtet.\n\n– Budsjettet holder ikke.\n\n"
            "– Vi må kutte i administrasjonen, sa Per Lunde.")
    found = texts(text, find_quotes(text, "nb"))
    assert [q for _, q, _ in found] == ["Budsjettet holder ikke.", "Vi må kutte i administrasjonen"]
    assert {s for _, _, s in found} == {"Per Lunde"}


def test_untagged_dash_paragraph_continues_the_previous_speaker():
    text = "– Vi har ventet lenge, sier Lise Berg.\n\n– Nå er tålmodigheten slutt."
    found = texts(text, find_quotes(text, "nb"))
    assert found[1] == ("direct", "Nå er tålmodigheten slutt.", "Lise Berg")


def test_subheadings_questions_and_mid_sentence_dashes_are_not_quotes():
    text = ("– Godt samarbeid\n\n– Hva mener du om avtalen?\n\n– Den er god, svarer statsråden.\n\n"
            "Partiet ville ha kutt i skatten – noe regjeringen avviste.")
    found = texts(text, find_quotes(text, "nb"))
    assert found == [("direct", "Den er god", "statsråden")]


def test_guillemets_with_tag_after_and_before():
    text = ("«Dette er et angrep på lokaldemokratiet», sa Ola Dahl på møtet.\n\n"
            "Hun sa til avisen: «Vi gir oss aldri.»")
    found = texts(text, find_quotes(text, "nb"))
    assert found[0] == ("direct", "Dette er et angrep på lokaldemokratiet", "Ola Dahl")
    assert found[1] == ("direct", "Vi gir oss aldri.", "Hun")


def test_scare_quotes_and_titles_are_not_quotes():
    text = ("Kritikerne bruker ord som «katastrofe» om planen. Rapporten «Veien videre for norsk "
            "landbruk» kom i fjor.")
    assert find_quotes(text, "nb") == []


def test_english_quotes_without_a_model():
    text = ('"We will not back down," the minister said on Monday. '
            "She told Reuters that the talks would resume next week. "
            "According to the ministry, the deal is almost done.")
    found = texts(text, find_quotes(text, "en"))
    assert ("direct", "We will not back down", "the minister") in found
    assert ("indirect", "the talks would resume next week", "She") in found
    assert ("indirect", "the deal is almost done", "the ministry") in found


# --------------------------------------------------------------------------- the real pipeline


@pytest.fixture(scope="module")
def quotes_of(nlp):
    """``quotes_of(text)`` -> the article record, through the real language, nlp, entities and
    quotes stages."""
    import eventwire
    from eventwire.pipeline import Pipeline, PipelineConfig

    pipe = Pipeline(PipelineConfig(stages=STAGES))

    def run(text, language="nb", published="2024-03-14"):
        return eventwire.extract(text, published=published, language=language, pipeline=pipe)

    return run


def speaker_name(article, quote) -> str | None:
    entity = article.entity(quote.speaker)
    return entity.name if entity else None


def test_pipeline_direct_quote_is_attributed_to_the_named_person(quotes_of):
    a = quotes_of("Statsminister Jonas Gahr Støre møtte pressen i Oslo.\n\n"
                  "– Vi skal bruke mer penger på beredskap, sa Støre på pressekonferansen.")
    [q] = a.quotes
    assert q.kind == "direct" and q.text == "Vi skal bruke mer penger på beredskap" and q.cue == "si"
    assert q.speaker_span.text == "Støre" and "Støre" in speaker_name(a, q)
    assert a.check_spans() == []


def test_pipeline_indirect_quotes_with_and_without_at(quotes_of):
    a = quotes_of("Erna Solberg sa at partiet vil stemme mot forslaget. "
                  "Solberg sier hun tror regjeringen vil tape avstemningen.")
    found = {(q.kind, q.text) for q in a.quotes}
    assert ("indirect", "partiet vil stemme mot forslaget") in found
    assert ("indirect", "hun tror regjeringen vil tape avstemningen") in found
    assert all("Solberg" in (speaker_name(a, q) or "") for q in a.quotes)


def test_pipeline_according_to(quotes_of):
    a = quotes_of("Ifølge politiet ble tre personer pågrepet etter ranet i Bergen.")
    [q] = a.quotes
    assert q.kind == "indirect" and q.cue == "ifølge"
    assert q.text == "ble tre personer pågrepet etter ranet i Bergen" and q.speaker_span.text == "politiet"


def test_pipeline_unattributed_quote_keeps_speaker_null(quotes_of):
    a = quotes_of("Det var full stemning i salen.\n\n– Dette har vi ventet på i mange år.")
    [q] = a.quotes
    assert q.speaker is None and q.speaker_span is None


def test_pipeline_english_article(quotes_of):
    a = quotes_of('"The deal is dead," said Mark Evans. Evans added that talks could resume.', language="en")
    kinds = sorted((q.kind, q.text) for q in a.quotes)
    assert kinds == [("direct", "The deal is dead"), ("indirect", "talks could resume")]
    assert a.quotes[0].speaker_span.text == "Mark Evans"


def test_hanoi_example_meets_the_bar(shared, quotes_of):
    from eventwire.reader import read

    [article] = list(read([shared / "examples" / "hanoi-2019-02.txt"]))
    gold = json.loads((shared / "examples" / "hanoi-2019-02.expected.json").read_text(encoding="utf-8"))
    a = quotes_of(article.text, published=article.published)  # "presidenten" depends on the date
    direct = [q for q in a.quotes if q.kind == "direct"]
    assert len(direct) == len([g for g in gold["quotes"] if g["kind"] == "direct"]) == 5
    trump = [q for q in direct if speaker_name(a, q) and "Trump" in speaker_name(a, q)]
    assert len(trump) >= 4  # 3 of them through "presidenten" / "han"
    assert {q.speaker_span.text for q in trump} >= {"han", "presidenten", "den amerikanske presidenten"}
    assert len([q for q in a.quotes if q.kind == "indirect"]) >= 6
    for not_quote in gold["not_quotes"]:
        assert all(not_quote not in q.text for q in a.quotes), not_quote
    assert a.check_spans() == []


# --------------------------------------------------------------------------- issue 6


def test_words_of_the_speaker_patterns_are_data():
    for lang in ("nb", "en"):
        lex = lexicon(lang)
        assert lex.person_pronouns and lex.person_pronouns <= lex.pronouns
        assert lex.speaker_determiners and lex.title_links
    assert "de" not in lexicon("nb").person_pronouns and "den" in lexicon("nb").speaker_determiners
    assert lexicon("en").speaker_determiners == {"the"}


def test_plain_sentence_closing_with_a_tag_is_an_indirect_quote():
    text = ("Brannen startet i et lagerbygg på Lierstranda, sier politiet til NTB.\n\n"
            "Statsministeren besøker Tromsø fredag, skriver Nordlys. Besøket varer i to dager.\n\n"
            "– Vi gir oss ikke, sier Kari Holm.")
    found = texts(text, find_quotes(text, "nb"))
    assert found == [("indirect", "Brannen startet i et lagerbygg på Lierstranda", "politiet"),
                     ("indirect", "Statsministeren besøker Tromsø fredag", "Nordlys"),
                     ("direct", "Vi gir oss ikke", "Kari Holm")]  # the dash quote's tag only once


def test_closing_tag_needs_a_speech_verb_near_the_end():
    text = ("Hun kom hjem sent, smiler hun. Han gikk, sier hun, og legger til at det regnet. "
            "Ja vel, sa han.")
    found = texts(text, find_quotes(text, "nb"))
    assert found == []  # a manner verb; a tag with more after it; too short to report


def test_title_link_and_name_form_one_speaker_phrase():
    text = "– Dette er en skam, sa leder i Natur og Ungdom Ingrid Holm fra scenen."
    [(_, quote, speaker)] = texts(text, find_quotes(text, "nb"))
    assert (quote, speaker) == ("Dette er en skam", "leder i Natur og Ungdom Ingrid Holm")
    text = "– Vi er klare, sier lederen i Bodø."
    assert texts(text, find_quotes(text, "nb"))[0][2] == "lederen i Bodø"
    text = "– Boka er viktig, sier kritiker i danske Politiken Ole Hansen når vi ringer."
    assert texts(text, find_quotes(text, "nb"))[0][2] == "kritiker i danske Politiken Ole Hansen"


def test_pipeline_according_to_a_titled_name_and_after_the_clause(quotes_of):
    a = quotes_of("Ifølge guvernør Oleksandr Petrenko ble to arbeidere skadet i angrepet.\n\n"
                  "Over tusen husstander mistet strømmen, ifølge energiselskapet.")
    first, second = a.quotes
    assert first.text == "ble to arbeidere skadet i angrepet"
    assert first.speaker_span.text == "guvernør Oleksandr Petrenko" and "Petrenko" in speaker_name(a, first)
    assert second.text == "Over tusen husstander mistet strømmen" and second.speaker_span.text == "energiselskapet"


def test_pipeline_closing_tag_is_attributed_to_the_entity(quotes_of):
    a = quotes_of("Russiske styrker angrep natt til søndag et kraftverk i Kharkiv, melder nyhetsbyrået Reuters.")
    [q] = a.quotes
    assert (q.kind, q.cue) == ("indirect", "melde")
    assert q.text == "Russiske styrker angrep natt til søndag et kraftverk i Kharkiv"
    assert q.speaker_span.text == "nyhetsbyrået Reuters" and speaker_name(a, q) == "Reuters"


def test_pipeline_place_after_a_preposition_is_not_the_speaker(quotes_of):
    a = quotes_of("– Vi trenger flere lærere, sier Ingrid Holm.\n\n"
                  "– Skolene i Tromsø må få mer penger, sier rektorene i Tromsø.")
    q = a.quotes[-1]
    assert q.speaker_span.text == "rektorene i Tromsø" and q.speaker is None


# --------------------------------------------------------------------------- impersonal tags


def test_impersonal_tags_after_a_closing_comma():
    text = ("– Tiltalte forsto hva pengene skulle brukes til, heter det i dommen.\n\n"
            "«Tilsynet med ordningen har vært for svakt», sto det i rapporten fra Riksrevisjonen.\n\n"
            "– Vi ber om unnskyldning, het det i en uttalelse fra kommunen onsdag.\n\n"
            "– Avtalen er ikke godkjent, heter det.")
    found = find_quotes(text, "nb")
    assert texts(text, found) == [
        ("direct", "Tiltalte forsto hva pengene skulle brukes til", "dommen"),
        ("direct", "Tilsynet med ordningen har vært for svakt", "rapporten fra Riksrevisjonen"),
        ("direct", "Vi ber om unnskyldning", "en uttalelse fra kommunen"),
        ("direct", "Avtalen er ikke godkjent", None)]
    assert [f.cue for f in sorted(found, key=lambda f: f.start)] == ["hete", "stå", "hete", "hete"]


def test_impersonal_words_in_narrative_are_no_tags():
    text = ("Da politiet kom fram, sto det en mann utenfor huset. Gutten er fire år, og det heter Ola.\n\n"
            "– Han ringte oss i natt, står det en kvinne og forteller.")
    found = texts(text, find_quotes(text, "nb"))
    assert found == [("direct", "Han ringte oss i natt, står det en kvinne og forteller.", None)]


def test_english_it_says_in():
    text = '"The budget does not add up," it says in the report from the auditors.'
    assert texts(text, find_quotes(text, "en")) == [
        ("direct", "The budget does not add up", "the report from the auditors")]


def test_pipeline_impersonal_tag_speaker_is_the_source_entity(quotes_of):
    a = quotes_of("Riksrevisjonen la fram sin årlige rapport tirsdag.\n\n"
                  "– Departementet har ikke fulgt opp tidligere merknader, står det i rapporten fra "
                  "Riksrevisjonen.\n\n"
                  "– Tiltalte handlet med vilje, heter det i dommen.")
    first, second = a.quotes
    assert (first.text, first.cue) == ("Departementet har ikke fulgt opp tidligere merknader", "stå")
    assert first.speaker_span.text == "rapporten fra Riksrevisjonen" and speaker_name(a, first) == "Riksrevisjonen"
    assert (second.text, second.cue) == ("Tiltalte handlet med vilje", "hete")
    assert second.speaker_span.text == "dommen"
    source = a.entity(second.speaker)  # a writing with no author named is a source of its own
    assert source is not None and source.unnamed and source.name == "dommen" and source.type == "ORG"


def test_a_described_speaker_is_the_person_named_beside_the_same_noun_before(quotes_of):
    a = quotes_of("– Boka er viktig for mange lesere, sier litteraturkritiker Kari Holm i Vårt Land.\n\n"
                  "Holm har lest boka to ganger.\n\n"
                  "– Den er også modig og godt skrevet, sier litteraturkritikeren.")
    first, second = a.quotes
    assert speaker_name(a, first) == "Kari Holm" and second.speaker == first.speaker


# --------------------------------------------------------------------------- described speakers


def test_pipeline_an_unnamed_speaker_is_named_by_its_whole_phrase(quotes_of):
    a = quotes_of("Pasientforeningen krever et nytt sykehus i Bodø.\n\n"
                  "– Ventetidene er altfor lange, sier en talsmann for pasientforeningen.\n\n"
                  "Hver tredje lærer sier at de vurderer å slutte i jobben.")
    first, second = a.quotes
    assert speaker_name(a, first) == "en talsmann for pasientforeningen"
    assert speaker_name(a, second) == "Hver tredje lærer"


def test_pipeline_a_possessor_after_a_quantity_is_not_the_speaker(quotes_of):
    a = quotes_of("Ordfører Kari Hansen avlyste møtet i går. "
                  "Ifølge en av Hansens naboer ble det bråk utenfor huset. "
                  "Nesten 60 prosent av Venstres velgere mener at partiet bør gå ut av regjeringen.")
    first, second = a.quotes
    assert speaker_name(a, first) == "en av Hansens naboer" and a.entity(first.speaker).unnamed
    assert speaker_name(a, second) == "Nesten 60 prosent av Venstres velgere"


def test_an_addressee_hung_on_the_speaker_phrase_is_left_out():
    import spacy
    from spacy.tokens import Doc

    from eventwire.quotes.attribution import _without_addressee

    words = ["sier", "flere", "økonomer", "til", "Finansavisen", "at"]
    doc = Doc(spacy.blank("nb").vocab, words=words, heads=[0, 2, 0, 4, 2, 0], deps=["ROOT", "amod", "nsubj", "case", "nmod", "mark"],
              pos=["VERB", "ADJ", "NOUN", "ADP", "PROPN", "SCONJ"])
    assert _without_addressee(doc[1:5], lexicon("nb")).text == "flere økonomer"
    assert _without_addressee(doc[1:3], lexicon("nb")).text == "flere økonomer"


def test_pipeline_a_pronoun_tag_is_not_the_person_the_quote_speaks_of(quotes_of):
    a = quotes_of("Ola Berg tar imot oss på verkstedet i Molde.\n\n"
                  "– Samferdselsminister Per Olsen bryr seg ikke om oss. Han har aldri vært her, sier han.")
    [q] = a.quotes
    assert q.speaker_span.text == "han" and speaker_name(a, q) == "Ola Berg"


def test_a_name_right_before_the_colon_speaks_the_quote_in_marks():
    text = ("Planen får støtte av fylkets direktør, Marte Lie: «Vi har ventet lenge på en slik plan. "
            "Nå må den gjennomføres.»\n\n"
            "Han sendte en hilsen til Marte Lie: «Lykke til med den nye jobben i Tromsø i høst.»\n\n"
            "Det ble klare ord: «Denne planen kommer altfor sent for oss som bor her.»")
    assert texts(text, find_quotes(text, "nb")) == [
        ("direct", "Vi har ventet lenge på en slik plan. Nå må den gjennomføres.", "Marte Lie"),
        ("direct", "Lykke til med den nye jobben i Tromsø i høst.", None),
        ("direct", "Denne planen kommer altfor sent for oss som bor her.", None)]


def test_more_reporting_verbs_tag_dash_quotes():
    text = ("– Det blir for dyrt for kommunen, innvender Kari Holm.\n\n"
            "– Vi har ikke fått noe varsel, påstår naboene.\n\n"
            "– Vi burde ha sagt fra tidligere, medgir rektor Per Lie.")
    assert [(q, s) for _, q, s in texts(text, find_quotes(text, "nb"))] == [
        ("Det blir for dyrt for kommunen", "Kari Holm"), ("Vi har ikke fått noe varsel", "naboene"),
        ("Vi burde ha sagt fra tidligere", "rektor Per Lie")]
